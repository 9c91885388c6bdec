/* An object with maps and no program: a pinned one (a map other objects
 * share through bpffs) and a plain one. Loading it creates both and pins
 * the first as /sys/fs/bpf/rawbpf_test_maps_only. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LIBBPF_PIN_BY_NAME 1

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rawbpf_test_maps_only SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} plain SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
