/* Counts socket lookups in the network namespace (each UDP datagram
 * delivered to an unconnected socket, each TCP SYN) and lets the kernel
 * pick the socket as usual (SK_PASS without bpf_sk_assign). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lookups SEC(".maps");

SEC("sk_lookup")
int count_lookups(void *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&lookups, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
