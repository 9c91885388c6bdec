/* book_socket: a socket filter in the style of "Linux Observability with
 * BPF", chapter 6 (written anew, not the book's code): it counts the
 * packets of each IP protocol in an array map keyed by the protocol
 * number, an int per protocol as the book's loader reads them. As in the
 * book, every packet the socket sees counts: on lo each one twice, leaving
 * and arriving. Returning 0 keeps no bytes of the packet for the socket:
 * it is only there to count. tests/compat/book_socket.c (the book's loader
 * through rawbpf's bpf_load.h) and `rawbpf run --iface` load it.
 *
 * The constructs of the book it reproduces, which rawbpf's headers must
 * compile with -Iuapi alone (tests/progs/flags.mk adds nothing):
 *  - <linux/bpf.h> (rawbpf's uapi/linux/bpf.h: struct __sk_buff,
 *    BPF_FUNC_*, BPF_ANY) next to the system's <linux/if_ether.h>,
 *    <linux/if_packet.h>, <linux/ip.h> and <linux/in.h>, which include
 *    <linux/types.h> and <asm/byteorder.h> (uapi/linux/types.h, uapi/asm/);
 *  - its own SEC() macro and its own 5-field struct bpf_map_def in
 *    SEC("maps"), the legacy map definition libbpf 1.x refuses;
 *  - helpers declared as function pointers whose value is BPF_FUNC_*;
 *  - load_byte() as the LLVM intrinsic llvm.bpf.load.byte (the classic
 *    BPF_LD | BPF_ABS load of a packet byte; socket filters may not read
 *    skb->data directly);
 *  - SEC("socket"). */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/in.h>

#define SEC(NAME) __attribute__((section(NAME), used))

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

static void *(*bpf_map_lookup_elem)(void *map, void *key) = (void *)BPF_FUNC_map_lookup_elem;
static int (*bpf_map_update_elem)(void *map, void *key, void *value,
				  unsigned long long flags) = (void *)BPF_FUNC_map_update_elem;

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");

struct bpf_map_def SEC("maps") packets_by_protocol = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(int),
	.value_size = sizeof(int),
	.max_entries = 256,
};

SEC("socket")
int socket_counter(struct __sk_buff *skb)
{
	int protocol, one = 1, *count;

	if (skb->protocol != __constant_htons(ETH_P_IP))
		return 0;
	protocol = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol));
	count = bpf_map_lookup_elem(&packets_by_protocol, &protocol);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&packets_by_protocol, &protocol, &one, BPF_ANY);
	return 0;
}

char _license[] SEC("license") = "GPL";
