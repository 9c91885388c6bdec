/* book_xdp: an XDP program in the style of "Linux Observability with BPF",
 * chapter 7 (own code, not the book's): it drops every TCP packet and
 * passes everything else (UDP, ICMP, ARP, ...), which is what the book's
 * BPF_PROG_TEST_RUN example checks: XDP_DROP for a TCP packet, XDP_PASS
 * for a UDP one.
 *
 * The constructs of the book it reproduces, compiled with -Iuapi alone:
 *  - <linux/bpf.h> (rawbpf's: struct xdp_md, enum xdp_action) with the
 *    system's <linux/if_ether.h>, <linux/in.h> and <linux/ip.h>;
 *  - its own SEC() macro, and the program in a section whose name says
 *    nothing, SEC("mysection"): the book's loader (ip link set dev ...
 *    xdp obj ... sec mysection) gives the type, and so must rawbpf:
 *        rawbpf run --type xdp --iface lo OBJ
 *        rawbpf test-run --type xdp OBJ drop_tcp --data HEX
 *  - direct packet access through ctx->data and ctx->data_end. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>

#define SEC(NAME) __attribute__((section(NAME), used))

SEC("mysection")
int drop_tcp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == __constant_htons(ETH_P_IP) && ip->protocol == IPPROTO_TCP)
		return XDP_DROP;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
