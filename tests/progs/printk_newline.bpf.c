/* bpf_printk("...\n"), as most examples write it. The kernel ends every
 * trace event's text with a newline of its own, so trace_pipe holds an
 * empty line after each message: rawbpf run must not turn it into a
 * printk record of its own. One message per getppid call of the driver. */
#include <linux/bpf.h>
#include "rbdriver.h"

SEC("tracepoint/syscalls/sys_enter_getppid")
int say(void *ctx)
{
	if (current_is_rbdriver())
		bpf_printk("rb newline\n");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
