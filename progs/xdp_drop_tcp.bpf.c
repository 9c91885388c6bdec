/* xdp_drop_tcp: an XDP program that drops every TCP packet and lets ICMP
 * and everything else through, counting what it dropped and what it
 * passed ("Linux Observability with BPF", chapter 7, in libbpf style).
 *
 *     build/rawbpf run --iface lo build/progs/xdp_drop_tcp.bpf.o -- build/tests/tools/rbnet tcp 3 --timeout 300
 *     build/rawbpf run --iface lo build/progs/xdp_drop_tcp.bpf.o -- ping -c 3 127.0.0.1
 *     build/rawbpf run --iface eth0 --xdp-mode native build/progs/xdp_drop_tcp.bpf.o   # Ctrl-C to stop
 *
 * While it runs, TCP connections on the interface fail (the first command
 * exits 1: no SYN gets through) and pings work; when rawbpf ends the
 * program is gone and TCP works again. The map at the end says how many
 * packets met each fate: key 0 TCP dropped, 1 ICMP passed, 2 anything
 * else passed (IPv6 is looked at too: ICMPv6 counts as ICMP). To try one
 * packet at a time without any network, use BPF_PROG_TEST_RUN: an
 * Ethernet header and an IPv4 header whose protocol (byte 23) is 06, TCP,
 * gives XDP_DROP; with 11, UDP, XDP_PASS:
 *
 *     build/rawbpf test-run build/progs/xdp_drop_tcp.bpf.o xdp_drop_tcp --data 02000000000202000000000108004500001400010000400600000a0000010a000002
 *     build/rawbpf test-run build/progs/xdp_drop_tcp.bpf.o xdp_drop_tcp --data 02000000000202000000000108004500001400010000401100000a0000010a000002
 *
 * What to notice:
 *  - XDP runs in the driver's receive path, before the kernel makes an
 *    sk_buff of the packet: the fastest place to drop. --xdp-mode skb
 *    (generic XDP, any interface, what lo gets) or native (the driver's
 *    own, where it has one). Attached through a bpf link on Linux 5.9 and
 *    later, else by netlink (RTM_SETLINK, IFLA_XDP), as
 *    `ip link set dev lo xdp obj ...` does; gone when rawbpf ends;
 *  - the verdict is the return value: XDP_DROP or XDP_PASS (<linux/bpf.h>
 *    enum xdp_action);
 *  - every header is checked against ctx->data_end before it is read;
 *    without the checks the verifier refuses the program ("invalid access
 *    to packet");
 *  - the counters are a per-CPU array: each CPU adds to its own copy
 *    without atomics, and rawbpf prints each CPU's values. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum fate { TCP_DROPPED, ICMP_PASSED, OTHER_PASSED, FATES };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FATES);
	__type(key, __u32);
	__type(value, __u64);
} fates SEC(".maps");

static __always_inline int count(__u32 fate, int verdict)
{
	__u64 *n = bpf_map_lookup_elem(&fates, &fate);

	if (n)
		*n += 1;
	return verdict;
}

/* The IP protocol of the packet (IPPROTO_*), or -1 when it is not IP or
 * too short to say. */
static __always_inline int ip_protocol(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct ipv6hdr *ip6 = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end)
		return -1;
	if (eth->h_proto == bpf_htons(ETH_P_IP) && (void *)(ip + 1) <= data_end)
		return ip->protocol;
	if (eth->h_proto == bpf_htons(ETH_P_IPV6) && (void *)(ip6 + 1) <= data_end)
		return ip6->nexthdr; /* the first header after IPv6's own */
	return -1;
}

SEC("xdp")
int xdp_drop_tcp(struct xdp_md *ctx)
{
	int protocol = ip_protocol((void *)(long)ctx->data, (void *)(long)ctx->data_end);

	if (protocol == IPPROTO_TCP)
		return count(TCP_DROPPED, XDP_DROP);
	if (protocol == IPPROTO_ICMP || protocol == IPPROTO_ICMPV6)
		return count(ICMP_PASSED, XDP_PASS);
	return count(OTHER_PASSED, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
