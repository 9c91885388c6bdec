/* The other unit of twin_statics.bpf.o (see one.c): a static x of 16
 * bytes in .bss, and a static y of 8 bytes in .data. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "../rbdriver.h"

static volatile char x[16];
static volatile __u64 y = 9;

SEC("tracepoint/syscalls/sys_enter_getppid")
int twin_two(void *ctx)
{
	if (current_is_rbdriver()) {
		x[1] = 0x5a;
		y += 3;
	}
	return 0;
}
