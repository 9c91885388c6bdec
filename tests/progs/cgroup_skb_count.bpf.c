/* Counts the packets of the cgroup's sockets: key 0 egress, key 1
 * ingress. Returns 1: a cgroup_skb program that returns 0 drops. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} packets SEC(".maps");

static __always_inline void count(__u32 key)
{
	__u64 *n = bpf_map_lookup_elem(&packets, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("cgroup_skb/egress")
int count_egress(void *skb)
{
	count(0);
	return 1;
}

SEC("cgroup_skb/ingress")
int count_ingress(void *skb)
{
	count(1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
