/* XDP programs for `rawbpf test-run` (tests/kernel/kernel/test_run.c),
 * run on packets the test builds by hand:
 *   xdp_verdict  drops TCP and passes UDP (and anything else), as the
 *                book's chapter 7 test does; counts each verdict in
 *                `verdicts`, so --repeat N shows N
 *   xdp_rewrite  sends the packet back (XDP_TX) with the Ethernet and IPv4
 *                addresses swapped: bytes 0-11 and 26-33 change, and the
 *                IPv4 checksum (a sum) stays right
 *   xdp_grow     grows the packet by 300 bytes at the tail, more than the
 *                XDP headroom, and counts XDP_PASS: once per run, which
 *                shows the command ran it once */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5); /* XDP_ABORTED .. XDP_REDIRECT */
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

/* The IPv4 header after the Ethernet header, or NULL. */
static __always_inline struct iphdr *ipv4(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	return ip;
}

static __always_inline int count(__u32 verdict)
{
	__u64 *n = bpf_map_lookup_elem(&verdicts, &verdict);

	if (n)
		__sync_fetch_and_add(n, 1);
	return verdict;
}

SEC("xdp")
int xdp_verdict(struct xdp_md *ctx)
{
	struct iphdr *ip = ipv4((void *)(long)ctx->data, (void *)(long)ctx->data_end);

	if (ip && ip->protocol == IPPROTO_TCP)
		return count(XDP_DROP);
	return count(XDP_PASS);
}

SEC("xdp")
int xdp_rewrite(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = ipv4(data, data_end);
	unsigned char mac[ETH_ALEN];
	__be32 addr;

	if (!ip)
		return XDP_PASS;
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	addr = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = addr;
	return XDP_TX;
}

SEC("xdp")
int xdp_grow(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_tail(ctx, 300))
		return XDP_ABORTED;
	return count(XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
