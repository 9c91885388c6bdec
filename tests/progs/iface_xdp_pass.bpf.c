/* An XDP program with no maps, for iproute2 to attach as "someone else's"
 * (`ip link set dev lo xdpgeneric obj iface_xdp_pass.bpf.o sec xdp`):
 * rawbpf must not replace it (tests/kernel/kernel/iface.c). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int someone_elses(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
