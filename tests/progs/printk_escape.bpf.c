/* bpf_printk of a string holding a terminal command: ESC [ 2 J clears the
 * screen. The kernel refuses such bytes in the format itself
 * (bpf_bprintf_prepare() wants printable ASCII there) but copies a %s
 * argument as it is, so trace_pipe hands the ESC on and rawbpf run must
 * escape it. One line per getppid call of the test driver. */
#include <linux/bpf.h>
#include "rbdriver.h"

SEC("tracepoint/syscalls/sys_enter_getppid")
int say(void *ctx)
{
	char text[] = "\x1b[2J\\";

	if (current_is_rbdriver())
		bpf_printk("text %s end", text);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
