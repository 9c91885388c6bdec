/* No license section, and a GPL-only helper: the kernel refuses the program,
 * and rawbpf must say that the license is the cause. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_getppid")
int read_kernel(void *ctx)
{
	long value = 0;

	bpf_probe_read_kernel(&value, sizeof(value), ctx);
	return 0;
}
