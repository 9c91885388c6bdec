/* A map of maps without __array(values, ...): nothing says what its inner
 * maps look like, which the kernel needs to create it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__uint(value_size, sizeof(__u32));
} outer SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
