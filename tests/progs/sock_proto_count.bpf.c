/* A socket filter counting the packets it sees per IP protocol, as the
 * book's chapter 6 loader does: on a packet socket (SOCK_RAW) the filter
 * sees the frame from the Ethernet header on (lo has one too, of zeros),
 * so the IPv4 protocol byte is at 14 + 9. Returns 0: the socket keeps
 * nothing (its queue never fills); everyone else still gets the packet. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");

#define ETH_HLEN 14
#define ETH_P_IP 0x0800

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} protocols SEC(".maps");

SEC("socket")
int count_protocols(void *skb)
{
	__u32 key;
	__u64 *n;

	if (load_half(skb, 12) != ETH_P_IP) /* the EtherType, in host order */
		return 0;
	key = (__u32)load_byte(skb, ETH_HLEN + 9);
	n = bpf_map_lookup_elem(&protocols, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
