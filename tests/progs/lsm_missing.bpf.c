/* An LSM program for a hook no kernel has: the load fails, naming it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lsm/no_such_hook")
int on_nothing(unsigned long long *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
