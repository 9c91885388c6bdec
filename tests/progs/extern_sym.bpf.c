/* Refers to a variable the object does not define: rawbpf cannot resolve
 * it and must say which symbol and which instruction. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int some_kernel_thing;

SEC("tracepoint/syscalls/sys_enter_getppid")
int use_extern(void *ctx)
{
	return some_kernel_thing;
}

char LICENSE[] SEC("license") = "GPL";
