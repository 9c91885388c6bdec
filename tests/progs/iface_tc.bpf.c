/* tc programs for the interface tests (tests/kernel/kernel/iface.c): each
 * counts the UDP datagrams to port 7777 (rbnet udp's) that pass its
 * direction of an interface and lets every packet through (TC_ACT_OK).
 * On lo a datagram leaves (egress) and comes back in (ingress) once, so
 * `rbnet udp N` counts N in each: `counts` key 0 ingress, key 1 egress.
 * Two section spellings, libbpf's: tc/ingress (an alias of tcx/ingress)
 * and tcx/egress. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline int count_udp_7777(struct __sk_buff *skb, __u32 key)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = (void *)(ip + 1);
	__u64 *n;

	if ((void *)(udp + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP || udp->dest != bpf_htons(7777))
		return TC_ACT_OK;
	n = bpf_map_lookup_elem(&counts, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

SEC("tc/ingress")
int tc_in(struct __sk_buff *skb)
{
	return count_udp_7777(skb, 0);
}

SEC("tcx/egress")
int tc_out(struct __sk_buff *skb)
{
	return count_udp_7777(skb, 1);
}

char LICENSE[] SEC("license") = "GPL";
