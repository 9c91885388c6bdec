/* A map of maps whose initial inner map does not look like the inner
 * definition (2 entries, not 1): the kernel refuses the slot (EINVAL),
 * after every map exists, and the run must leave nothing behind. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} bigger SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_ARRAY);
		__uint(max_entries, 1);
		__type(key, __u32);
		__type(value, __u64);
	});
} outer SEC(".maps") = {
	.values = { (void *)&bigger },
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&outer, &zero) != 0;
}

char LICENSE[] SEC("license") = "GPL";
