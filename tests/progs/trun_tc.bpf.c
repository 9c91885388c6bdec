/* A tc classifier for `rawbpf test-run`: TCP to port 80 is dropped
 * (TC_ACT_SHOT), everything else goes on (TC_ACT_OK); every packet it
 * sees gets skb->mark 42, which comes back in the __sk_buff ctx when the
 * test gives one (--ctx). tc programs see the packet from its Ethernet
 * header on, as XDP programs do. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int tc_http_drop(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	__be16 *ports = (void *)(ip + 1); /* no IP options in the tests' packets */

	skb->mark = 42;
	if ((void *)(ports + 2) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (ip->protocol == IPPROTO_TCP && ports[1] == bpf_htons(80))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
