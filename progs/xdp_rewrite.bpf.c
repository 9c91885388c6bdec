/* xdp_rewrite: an XDP program that rewrites a packet in place and sends
 * it back where it came from, as a router or a reflector would: it swaps
 * the Ethernet addresses, decrements the IPv4 time to live and patches
 * the header checksum to match, and returns XDP_TX. Made to be watched
 * with BPF_PROG_TEST_RUN, which runs the program once on a packet you give
 * and shows the packet it left (chapter 7 of "Linux Observability with
 * BPF" tests XDP programs that way):
 *
 *     build/rawbpf test-run build/progs/xdp_rewrite.bpf.o xdp_rewrite --data 0a112233445502aabbccddee08004500002000010000401166ca0a0000010a000002d431003500080000
 *     build/rawbpf test-run --json build/progs/xdp_rewrite.bpf.o xdp_rewrite --data 0a112233445502aabbccddee08004500002000010000401166ca0a0000010a000002d431003500080000
 *
 * The packet: Ethernet 02:aa:bb:cc:dd:ee -> 0a:11:22:33:44:55 (they differ
 * in every byte, so every byte of the swap shows), IPv4 10.0.0.1 ->
 * 10.0.0.2, TTL 64 (0x40), checksum 0x66ca, UDP 54321 -> 53. The verdict
 * is XDP_TX, and the output says "14 changed at offsets 0-11, 22, 24":
 * bytes 0-5 and 6-11 have changed places, byte 22 (TTL) is 0x3f and
 * bytes 24-25 (checksum) are 0x67ca (only the first of them changed). A packet that is not IPv4, or whose TTL is 1 or less, passes
 * unchanged (XDP_PASS); try the same bytes with TTL 01 (and any
 * checksum).
 *
 * What to notice:
 *  - an XDP program may write the packet between ctx->data and
 *    ctx->data_end, once it has checked the bounds: what it leaves there
 *    is what the driver sends (XDP_TX) or the kernel receives (XDP_PASS);
 *  - the IPv4 header checksum is the ones' complement of the ones'
 *    complement sum of the header's 16-bit words. Changing one word can
 *    update it without summing again (RFC 1624): the TTL is the high byte
 *    of word 4, so TTL - 1 lowers the sum by 0x0100 and raises the stored
 *    complement by as much, with the carry folded back in. This is the
 *    kernel's own ip_decrease_ttl() (include/net/ip.h);
 *  - the checksum is stored in network byte order and the arithmetic is
 *    done on the stored value: bpf_htons(0x0100) is what to add, whatever
 *    the CPU's byte order (bpf/bpf_endian.h). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_rewrite(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	unsigned char mac[ETH_ALEN];
	__u32 check;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ttl <= 1)
		return XDP_PASS;

	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);

	check = ip->check;
	check += bpf_htons(0x0100);
	ip->check = (__u16)(check + (check >= 0xffff));
	ip->ttl--;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
