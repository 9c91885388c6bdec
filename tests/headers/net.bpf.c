/* Networking programs as libbpf users write them: the system's packet
 * headers (<linux/if_ether.h>, <linux/ip.h>, ...), bpf/bpf_endian.h, and
 * the context structs and verdicts of <linux/bpf.h> and <linux/pkt_cls.h>.
 * Built against rawbpf's headers (-Iuapi: its linux/bpf.h, bpf_endian.h,
 * and the system's packet headers through uapi/linux/types.h and
 * uapi/asm/) and against libbpf's with the system's <linux/bpf.h>; the
 * objects must be the same (tests/unit/test_headers.c): a context member at
 * another offset, or a byte swap that differs, changes an instruction.
 * Compiled, never loaded. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

/* a constant swap in a static initializer and in case labels */
static const __u16 ip_in_network_order = bpf_htons(ETH_P_IP);

static __always_inline void count(__u32 key)
{
	__u64 *n = bpf_map_lookup_elem(&counts, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

/* every member of __sk_buff a socket filter or tc program may read */
SEC("socket")
int skb_members(struct __sk_buff *skb)
{
	__u8 proto = 0;

	bpf_skb_load_bytes(skb, ETH_HLEN + __builtin_offsetof(struct iphdr, protocol), &proto, 1);
	count(proto);
	count(skb->len + skb->pkt_type + skb->mark + skb->queue_mapping + skb->protocol);
	count(skb->vlan_present + skb->vlan_tci + skb->vlan_proto + skb->priority);
	count(skb->ingress_ifindex + skb->ifindex + skb->tc_index + skb->cb[0] + skb->cb[4]);
	count(skb->hash + skb->napi_id);
	return skb->protocol == ip_in_network_order ? -1 : 0;
}

SEC("tc")
int tc_parse(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);
	struct udphdr *udp = (void *)(ip + 1);

	count(skb->tc_classid + skb->data_meta + skb->wire_len + skb->gso_segs + skb->gso_size);
	count((__u32)skb->tstamp + skb->tstamp_type + (__u32)skb->hwtstamp);
	if ((void *)(tcp + 1) > data_end)
		return TC_ACT_OK;
	switch (eth->h_proto) {
	case bpf_htons(ETH_P_IP):
		break;
	case bpf_htons(ETH_P_IPV6):
		return TC_ACT_PIPE;
	default:
		return TC_ACT_UNSPEC;
	}
	if (ip->protocol == IPPROTO_TCP && tcp->dest == bpf_htons(80)) {
		count(bpf_ntohs(tcp->source));
		count(bpf_ntohl(tcp->seq));
		count(bpf_ntohl(ip->saddr) >> 24);
		return TC_ACT_SHOT;
	}
	if (ip->protocol == IPPROTO_UDP && udp->dest == bpf_htons(53))
		return TC_ACT_REDIRECT;
	if (skb->sk)
		count(skb->sk->family + skb->sk->dst_port + skb->sk->src_port);
	return bpf_htonl(ip->daddr) == 0x7f000001 ? TC_ACT_STOLEN : TC_ACT_OK;
}

SEC("xdp")
int xdp_parse(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	__u64 stamp;

	count(ctx->data_meta + ctx->ingress_ifindex + ctx->rx_queue_index + ctx->egress_ifindex);
	if ((void *)(ip6 + 1) > data_end)
		return XDP_ABORTED;
	if (eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	__builtin_memcpy(&stamp, &ip6->saddr, sizeof(stamp));
	count((__u32)bpf_be64_to_cpu(stamp));
	count((__u32)(bpf_cpu_to_be64(0x0102030405060708ULL) >> 8));
	return ip6->nexthdr == IPPROTO_TCP ? XDP_DROP : ip6->hop_limit < 2 ? XDP_TX : XDP_REDIRECT;
}

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
	if (ctx->user_port == bpf_htons(8080))
		ctx->user_ip4 = bpf_htonl(0x7f000001);
	count(ctx->user_family + ctx->family + ctx->type + ctx->protocol + ctx->msg_src_ip4);
	count(ctx->user_ip6[3] + ctx->msg_src_ip6[1]);
	if (ctx->sk)
		count(ctx->sk->bound_dev_if + ctx->sk->mark + ctx->sk->priority + ctx->sk->state);
	return 1;
}

SEC("cgroup/sock_create")
int sock_create(struct bpf_sock *sk)
{
	count(sk->family + sk->type + sk->protocol + sk->src_ip4 + sk->src_ip6[2]);
	count(sk->dst_ip4 + sk->dst_ip6[1] + sk->rx_queue_mapping);
	return 1;
}

SEC("sk_lookup")
int lookup(struct bpf_sk_lookup *ctx)
{
	count(ctx->family + ctx->protocol + ctx->remote_ip4 + ctx->remote_ip6[1]);
	count(ctx->remote_port + ctx->local_ip4 + ctx->local_ip6[2] + ctx->local_port);
	count(ctx->ingress_ifindex);
	return ctx->local_port == 80 ? SK_DROP : SK_PASS;
}

SEC("flow_dissector")
int dissect(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;

	keys->nhoff = ETH_HLEN;
	keys->thoff = ETH_HLEN + sizeof(struct iphdr);
	keys->addr_proto = ETH_P_IP;
	keys->ip_proto = IPPROTO_UDP;
	keys->n_proto = bpf_htons(ETH_P_IP);
	keys->sport = bpf_htons(1);
	keys->dport = bpf_htons(2);
	keys->ipv4_src = bpf_htonl(0x0a000001);
	keys->ipv6_dst[3] = 7;
	keys->is_frag = keys->is_first_frag = keys->is_encap = 0;
	keys->flags = 0;
	keys->flow_label = bpf_htonl(5);
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
