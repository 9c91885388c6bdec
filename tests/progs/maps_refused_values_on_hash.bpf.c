/* __array(values, ...) on a map that holds neither maps nor programs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} one SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} not_outer SEC(".maps") = {
	.values = { &one },
};

char LICENSE[] SEC("license") = "GPL";
