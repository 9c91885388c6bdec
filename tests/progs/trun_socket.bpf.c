/* A socket filter for `rawbpf test-run`: counts packets per IP protocol
 * (the book's chapter 6 idea) and keeps UDP (returns its length: the bytes
 * the socket gets) but drops the rest (returns 0). A socket filter sees
 * the packet from the network header on: the kernel took the Ethernet
 * header off (bpf_prog_test_run_skb(), as on a real socket), so the
 * protocol is at offset 9 of what bpf_skb_load_bytes() reads. */
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH); /* only the protocols seen are printed */
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} protocols SEC(".maps");

SEC("socket")
int socket_udp_only(struct __sk_buff *skb)
{
	__u8 protocol;
	__u32 key;
	__u64 *n;

	if (bpf_skb_load_bytes(skb, __builtin_offsetof(struct iphdr, protocol), &protocol, 1))
		return 0;
	key = protocol;
	n = bpf_map_lookup_elem(&protocols, &key);
	if (n) {
		__sync_fetch_and_add(n, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&protocols, &key, &one, BPF_NOEXIST);
	}
	return protocol == IPPROTO_UDP ? skb->len : 0;
}

char LICENSE[] SEC("license") = "GPL";
