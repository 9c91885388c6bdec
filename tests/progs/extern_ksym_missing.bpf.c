/* Strong __ksym externs the kernel does not have: a variable and a kfunc.
 * Loading must be refused (exit 2) before anything is created, naming both. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern const int rawbpf_no_such_var __ksym;
extern void rawbpf_no_such_kfunc(void) __ksym;

__u64 seen;

SEC("tp_btf/sys_enter")
int strong_missing(__u64 *args)
{
	const int *v = bpf_this_cpu_ptr(&rawbpf_no_such_var);

	rawbpf_no_such_kfunc();
	seen = *v;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
