/* The book era's map of maps: 7-field struct bpf_map_def, where
 * inner_map_idx names the map (by its place in SEC("maps")) that the
 * outer one's inner maps must look like (samples/bpf/bpf_load.c passed its
 * fd as inner_map_fd). The outer map starts empty: the program looks an
 * inner map up and counts in it, and finds none. Key 0 of `misses` counts
 * the driver's getppid calls that found slot 0 empty. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct bpf_map_def_7 {
	unsigned int type, key_size, value_size, max_entries, map_flags;
	unsigned int inner_map_idx, numa_node;
};

struct bpf_map_def_7 SEC("maps") model = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

struct bpf_map_def_7 SEC("maps") outer = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 4,
	.inner_map_idx = 0, /* model */
};

struct bpf_map_def_7 SEC("maps") misses = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 zero = 0;
	__u64 *value;
	void *inner;

	if (!current_is_rbdriver())
		return 0;
	inner = bpf_map_lookup_elem(&outer, &zero);
	value = bpf_map_lookup_elem(inner ? inner : (void *)&misses, &zero);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
