/* The book's 7-field struct bpf_map_def (with inner_map_idx and numa_node):
 * the loader must infer the definition size from the section. Counts the
 * driver's getppid calls in key 0. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct bpf_map_def_7 {
	unsigned int type, key_size, value_size, max_entries, map_flags;
	unsigned int inner_map_idx, numa_node;
};

struct bpf_map_def_7 SEC("maps") counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 2,
};

struct bpf_map_def_7 SEC("maps") unused = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 8,
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 key = 0;
	__u64 *value;

	if (!current_is_rbdriver())
		return 0;
	value = bpf_map_lookup_elem(&counts, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
