/* A weak kfunc the kernel lacks, called without bpf_ksym_exists(): the
 * poisoned call is reachable, so the verifier refuses the program, and
 * rawbpf's error names the kfunc. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void rawbpf_no_such_kfunc(void) __ksym __weak;

SEC("tp_btf/sys_enter")
int unguarded(__u64 *args)
{
	rawbpf_no_such_kfunc();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
