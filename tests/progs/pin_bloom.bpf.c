/* A bloom filter pinned by name, with 3 hash functions (map_extra): a pin
 * of the same type and sizes but another number of hashes is not this
 * map, and must not be reused (libbpf's map_is_reuse_compat checks it). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LIBBPF_PIN_BY_NAME 1

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, __u32);
	__uint(map_extra, 3);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rawbpf_test_bloom SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
