/* An XDP program for an interface and two that a devmap entry would run
 * (tests/kernel/kernel/iface.c): rawbpf run --iface attaches only the
 * first. The devmap ones read egress_ifindex, which the verifier lets only
 * a program loaded with BPF_XDP_DEVMAP read (xdp_is_valid_access(),
 * net/core/filter.c): that they load proves the section table gave them
 * that attach type; xdp.frags/devmap is loaded with BPF_F_XDP_HAS_FRAGS. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int on_the_interface(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

SEC("xdp/devmap")
int from_a_devmap(struct xdp_md *ctx)
{
	return ctx->egress_ifindex ? XDP_PASS : XDP_DROP;
}

SEC("xdp.frags/devmap")
int from_a_devmap_frags(struct xdp_md *ctx)
{
	return ctx->egress_ifindex ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
