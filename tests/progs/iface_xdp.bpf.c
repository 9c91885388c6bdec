/* An XDP program for the interface tests (tests/kernel/kernel/iface.c):
 * drops TCP over IPv4 and lets everything else pass, counting each kind
 * in `seen`: key 0 TCP (dropped), 1 ICMP (passed), 2 anything else
 * (passed). On lo every packet is received once, so `rbnet ping N` (N
 * requests, N replies) counts 2N at key 1, and `rbnet tcp N --timeout MS`
 * with MS under TCP's first retransmission (1 s) counts N SYNs at key 0. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static __always_inline void count(__u32 kind)
{
	__u64 *n = bpf_map_lookup_elem(&seen, &kind);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("xdp")
int xdp_drop_tcp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP)) {
		count(2);
		return XDP_PASS;
	}
	if (ip->protocol == IPPROTO_TCP) {
		count(0);
		return XDP_DROP;
	}
	count(ip->protocol == IPPROTO_ICMP ? 1 : 2);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
