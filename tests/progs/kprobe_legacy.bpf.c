/* A kprobe program: on a kernel without CONFIG_KPROBES, attaching must fail
 * with exit 1 and a message that says the kernel has no kprobes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/__x64_sys_getppid")
int on_entry(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
