/* tc_http: a traffic-control classifier that spots HTTP responses going
 * by (the second half of "Linux Observability with BPF", chapter 6, in
 * libbpf style): it counts them per server port and prints a line for
 * each, and lets every packet through.
 *
 *     build/rawbpf run --iface lo build/progs/tc_http.bpf.o -- build/tests/tools/rbnet http 3
 *     build/rawbpf run --iface eth0 build/progs/tc_http.bpf.o    # browse, then Ctrl-C
 *
 * (rbnet, built by `make test`, serves and fetches N times "HTTP/1.1 200
 * OK" on 127.0.0.1; any HTTP server and client will do: python3 -m
 * http.server 8080 & curl http://127.0.0.1:8080/.) rawbpf prints the
 * program's bpf_printk lines, "HTTP response from port 8080", and at the
 * end the map: the server port and how many responses came from it.
 *
 * What to notice:
 *  - SEC("tc") is a tc program (BPF_PROG_TYPE_SCHED_CLS) on the
 *    interface's ingress: through a tcx link on Linux 6.6 and later, and
 *    before that a "clsact" qdisc and a "bpf" filter in direct-action mode
 *    made by netlink, as `tc filter add dev lo ingress bpf da obj ...`
 *    would (rawbpf removes both when it ends);
 *  - its return value is the verdict: TC_ACT_OK lets the packet go on
 *    (TC_ACT_SHOT would drop it), from the system's <linux/pkt_cls.h>;
 *  - tc programs read the packet directly between skb->data and
 *    skb->data_end, but only after proving to the verifier that each
 *    header ends before data_end; the IP and TCP headers have variable
 *    lengths (ihl, doff, in 4-byte words), so the payload's offset is
 *    computed and its first bytes copied with bpf_skb_load_bytes();
 *  - ports are in network byte order: bpf_ntohs() (bpf/bpf_endian.h)
 *    turns them around for printing and for the map's key. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);   /* the server's port */
	__type(value, __u64); /* HTTP responses seen from it */
} responses SEC(".maps");

/* The start of every HTTP/1.x response: "HTTP/1.1 200 OK", ... */
static const char status_line[7] = "HTTP/1.";

SEC("tc")
int spot_http(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp;
	char start[sizeof(status_line)];
	__u64 one = 1, *count;
	__u32 payload, port;

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_TCP)
		return TC_ACT_OK;
	tcp = (void *)ip + ip->ihl * 4;
	if ((void *)(tcp + 1) > data_end)
		return TC_ACT_OK;
	payload = sizeof(*eth) + ip->ihl * 4 + tcp->doff * 4;
	if (bpf_skb_load_bytes(skb, payload, start, sizeof(start)))
		return TC_ACT_OK; /* fewer bytes than that: no status line */
	for (int i = 0; i < (int)sizeof(start); i++)
		if (start[i] != status_line[i])
			return TC_ACT_OK;

	port = bpf_ntohs(tcp->source);
	bpf_printk("HTTP response from port %u", port);
	count = bpf_map_lookup_elem(&responses, &port);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&responses, &port, &one, BPF_NOEXIST);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
