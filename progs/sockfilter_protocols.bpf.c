/* sockfilter_protocols: how many packets of each IP protocol an interface
 * sees, counted by a socket filter (the first half of "Linux Observability
 * with BPF", chapter 6, in libbpf style).
 *
 *     build/rawbpf run --iface lo build/progs/sockfilter_protocols.bpf.o -- ping -c 3 127.0.0.1
 *     build/rawbpf run --json --iface eth0 build/progs/sockfilter_protocols.bpf.o   # Ctrl-C to stop
 *
 * At the end rawbpf prints the map: key 1 is ICMP, 6 TCP, 17 UDP (the
 * IPPROTO_* numbers of <linux/in.h>); the ping above gives key 1 value 6,
 * its three requests and three replies.
 *
 * What to notice:
 *  - a socket filter runs on a socket, for each packet the socket
 *    receives. rawbpf opens a raw AF_PACKET socket bound to the interface
 *    (--iface), which receives every packet the interface sends or
 *    receives, attaches the program with setsockopt(SO_ATTACH_BPF) and
 *    holds the socket open while it runs. The program's return value is
 *    how many bytes of the packet the socket keeps: 0 here, as the socket
 *    is only there to run the program, and dropping a packet from it
 *    takes nothing away from anyone else;
 *  - on lo each packet passes twice, leaving (PACKET_OUTGOING) and
 *    arriving (PACKET_HOST): the program counts arrivals only;
 *  - a socket filter may not read skb->data directly (the verifier says
 *    "invalid bpf_context access"): it copies bytes out with
 *    bpf_skb_load_bytes(), which checks the offset against the packet;
 *  - skb->protocol is the Ethernet type in network byte order, so the
 *    comparison is with bpf_htons(ETH_P_IP), folded by the compiler into
 *    a constant (bpf/bpf_endian.h);
 *  - the map is an array with one slot per protocol number: an array
 *    lookup of a key below max_entries never fails, and every slot starts
 *    at 0, so the program only adds. Two CPUs may count at once, hence
 *    the atomic add. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256); /* one per IP protocol number */
	__type(key, __u32);
	__type(value, __u64);
} packets SEC(".maps");

SEC("socket")
int count_protocols(struct __sk_buff *skb)
{
	__u8 protocol;
	__u32 key;
	__u64 *count;

	if (skb->pkt_type == PACKET_OUTGOING || skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + __builtin_offsetof(struct iphdr, protocol),
			       &protocol, sizeof(protocol)))
		return 0;
	key = protocol;
	count = bpf_map_lookup_elem(&packets, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
