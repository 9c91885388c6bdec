/* A typeless __ksym of a variable: only /proc/kallsyms has its address,
 * and a kernel built without CONFIG_KALLSYMS_ALL lists no variables there.
 * Where it does (the VMs' Debian kernels), seen == its address. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern const void bpf_prog_active __ksym;

__u64 seen;

SEC("tracepoint/syscalls/sys_enter_getppid")
int typeless(void *ctx)
{
	seen = (__u64)&bpf_prog_active;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
