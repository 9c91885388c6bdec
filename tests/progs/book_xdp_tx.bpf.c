/* book_xdp_tx: XDP_TX in the style of "Linux Observability with BPF",
 * chapter 7 (own code, not the book's): a UDP packet to port 7 (echo) is
 * sent back out of the interface it came in on, with its Ethernet
 * addresses swapped; everything else passes. Meant for BPF_PROG_TEST_RUN,
 * whose output packet shows the swap:
 *     rawbpf test-run OBJ udp_echo --data HEX
 *
 * The constructs of the book it reproduces, compiled with -Iuapi alone:
 * its own SEC() macro, <linux/bpf.h> (rawbpf's) with the system's
 * <linux/if_ether.h>, <linux/ip.h>, <linux/udp.h> and <linux/in.h>, the
 * XDP_TX verdict, and a packet written in place through ctx->data. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>

#define SEC(NAME) __attribute__((section(NAME), used))

SEC("xdp")
int udp_echo(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = data + sizeof(*eth) + sizeof(*ip);
	unsigned char mac[ETH_ALEN];

	if ((void *)(udp + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != __constant_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP ||
	    ip->ihl != 5 || udp->dest != __constant_htons(7))
		return XDP_PASS;
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
