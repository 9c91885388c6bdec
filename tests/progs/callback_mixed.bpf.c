/* A callback (bpf_loop calls a static function through a BPF_PSEUDO_FUNC
 * address) and a legacy map beside a BTF-defined one in the same object.
 * After `rbdriver getppid N`: "loops" key 0 == 4*N (the callback ran four
 * times per call), legacy "calls" key 0 == N. */
#include <linux/bpf.h>
#include "rbdriver.h"

static long (*bpf_loop_helper)(__u32 nr_loops, void *callback_fn, void *callback_ctx,
			       __u64 flags) = (void *)181; /* bpf_loop */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} loops SEC(".maps");

struct bpf_map_def SEC("maps") calls = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

static long one_iteration(__u32 index, void *ctx)
{
	__u32 zero = 0;
	__u64 *value = bpf_map_lookup_elem(&loops, &zero);

	if (value)
		__sync_fetch_and_add(value, 1);
	return 0; /* 0: go on */
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int run_loops(void *ctx)
{
	__u32 zero = 0;
	__u64 *value;

	if (!current_is_rbdriver())
		return 0;
	bpf_loop_helper(4, one_iteration, (void *)0, 0);
	value = bpf_map_lookup_elem(&calls, &zero);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
