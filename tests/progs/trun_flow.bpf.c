/* A flow dissector for `rawbpf test-run` and for traffic: an IPv4 packet's
 * addresses, protocol and ports into the struct bpf_flow_keys the kernel
 * hands it (__sk_buff.flow_keys), as the kernel's own dissector would
 * (net/core/flow_dissector.c, __skb_flow_dissect()). The kernel sets
 * n_proto (the Ethernet type), nhoff and thoff (both the network header's
 * offset) and flags before the program runs (bpf_flow_dissect()); the
 * program fills in the rest and returns BPF_OK, or BPF_DROP for what it
 * cannot parse (anything but IPv4 here). `dissected` counts the packets
 * it parsed, by IP protocol. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

/* packets parsed: key 0 TCP, 1 UDP, 2 any other IPv4 protocol */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} dissected SEC(".maps");

/* `size` bytes of the packet at `off`, or none (0). The packet is read
 * directly (data, data_end), as the kernel's own example does
 * (tools/testing/selftests/bpf/progs/bpf_flow.c): in a test run there is
 * no skb behind the context, so bpf_skb_load_bytes() fails
 * (bpf_flow_dissector_load_bytes(): ctx->skb is NULL). The verifier keeps
 * a variable offset's range only while offset + size stays within
 * MAX_PACKET_OFF (0xffff), hence the first check. */
static __always_inline void *header(struct __sk_buff *skb, __u32 off, __u32 size)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;

	if (off > 0xffff - size || data + off + size > data_end)
		return (void *)0;
	return data + off;
}

SEC("flow_dissector")
int dissect_ipv4(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	struct iphdr *ip = header(skb, keys->nhoff, sizeof(*ip));
	__be16 *ports;
	__u32 key = 2;
	__u64 *n;

	if (keys->n_proto != bpf_htons(ETH_P_IP) || !ip || ip->ihl < 5)
		return BPF_DROP;
	keys->addr_proto = ETH_P_IP; /* host byte order, as the kernel's dissector */
	keys->ipv4_src = ip->saddr;
	keys->ipv4_dst = ip->daddr;
	keys->ip_proto = ip->protocol;
	keys->thoff = keys->nhoff + ip->ihl * 4;
	if (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) {
		key = ip->protocol == IPPROTO_TCP ? 0 : 1;
		ports = header(skb, keys->thoff, 2 * sizeof(*ports));
		if (!ports)
			return BPF_DROP;
		keys->sport = ports[0];
		keys->dport = ports[1];
	}
	n = bpf_map_lookup_elem(&dissected, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
