/* An iterator of a target no kernel has: bpf_iter_no_such_target. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("iter/no_such_target")
int iter_nothing(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
