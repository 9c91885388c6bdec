/* iter/bpf_map_elem walks the elements of the map `run --iter-map` names:
 * here .data, an array of one element (the section), whose first 8 bytes
 * are `answer`. (Linux 5.9; the 6.18 test machine refuses this target with
 * EPERM, to libbpf as well: the VMs run it.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 session_id;
	__u64 seq_num;
} __attribute__((preserve_access_index));

struct bpf_map {
	char name[16];
} __attribute__((preserve_access_index));

struct bpf_iter__bpf_map_elem {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
	void *key;
	void *value;
} __attribute__((preserve_access_index));

__u64 answer = 42;

SEC("iter/bpf_map_elem")
int list_elems(struct bpf_iter__bpf_map_elem *ctx)
{
	__u32 *key = ctx->key;
	__u64 *value = ctx->value;

	if (!key || !value)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "elem %s[%u] = %llu\n", ctx->map->name, *key, *value);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
