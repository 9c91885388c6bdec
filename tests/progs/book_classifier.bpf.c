/* book_classifier: a tc classifier in the style of "Linux Observability
 * with BPF", chapter 6 (own code, not the book's): it looks at TCP
 * segments and says so in the trace buffer when one starts an HTTP
 * response ("HTTP/1."), and lets every packet through.
 *
 * The constructs of the book it reproduces, compiled with -Iuapi alone:
 *  - <linux/bpf.h> (rawbpf's) with the system's <linux/if_ether.h>,
 *    <linux/if_packet.h>, <linux/ip.h>, <linux/in.h>, <linux/tcp.h>,
 *    <linux/pkt_cls.h> (TC_ACT_OK) and glibc's <bits/types.h> (__uint32_t;
 *    uapi/bits/types.h, since clang -target bpf has no multiarch path);
 *  - its own SEC() macro, bpf_trace_printk as a function pointer from
 *    BPF_FUNC_trace_printk behind a trace_printk() macro, and load_byte()
 *    as llvm.bpf.load.byte (here at a computed offset: BPF_LD | BPF_IND);
 *  - the program a `static inline` function in SEC("classifier"): with the
 *    `used` of SEC() clang keeps it, a local symbol alone in its section,
 *    which rawbpf loads as a program (libbpf 1.x does not);
 *  - direct packet access through skb->data and skb->data_end, checked
 *    before each read as the verifier requires. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bits/types.h>

#define SEC(NAME) __attribute__((section(NAME), used))

static int (*bpf_trace_printk)(const char *fmt, int fmt_size,
			       ...) = (void *)BPF_FUNC_trace_printk;

#define trace_printk(fmt, ...)                                              \
	({                                                                  \
		char ____fmt[] = fmt;                                       \
		bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__); \
	})

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");

SEC("classifier")
static inline int http_spotter(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp;
	__uint32_t payload;

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != __constant_htons(ETH_P_IP) || ip->protocol != IPPROTO_TCP)
		return TC_ACT_OK;
	tcp = (void *)ip + ip->ihl * 4;
	if ((void *)(tcp + 1) > data_end)
		return TC_ACT_OK;
	payload = sizeof(*eth) + ip->ihl * 4 + tcp->doff * 4;
	if (load_byte(skb, payload) == 'H' && load_byte(skb, payload + 1) == 'T' &&
	    load_byte(skb, payload + 2) == 'T' && load_byte(skb, payload + 3) == 'P' &&
	    load_byte(skb, payload + 4) == '/' && load_byte(skb, payload + 5) == '1' &&
	    load_byte(skb, payload + 6) == '.')
		trace_printk("HTTP response from port %d\n", __constant_ntohs(tcp->source));
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
