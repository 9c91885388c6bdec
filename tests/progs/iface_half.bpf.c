/* An object whose second program cannot attach on lo when the test asks
 * for native XDP (lo's driver has none): the first, a tc classifier
 * (SEC("classifier"): ingress), attaches and must be removed again with
 * its clsact qdisc, so that the failed run leaves nothing
 * (tests/kernel/kernel/iface.c). Programs attach in section order. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("classifier")
int first_tc(struct __sk_buff *skb)
{
	(void)skb;
	return TC_ACT_OK;
}

SEC("xdp")
int second_xdp(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
