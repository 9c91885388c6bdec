/* What a flow dissector's test run gives back: not the packet, but the
 * struct bpf_flow_keys the program filled in. bpf_prog_test_run_flow_
 * dissector() (net/bpf/test_run.c) returns it as the run's output data
 * (bpf_test_finish(kattr, uattr, &flow_keys, ...)), and the ctx, when one
 * was given, unchanged.
 *
 * The layout is the kernel's ABI (include/uapi/linux/bpf.h; rawbpf's copy
 * is uapi/linux/bpf.h), read here by offset because the command includes
 * only rawbpf.h:
 *    0 u16 nhoff, 2 u16 thoff, 4 u16 addr_proto (host order), 6 u8 is_frag,
 *    7 u8 is_first_frag, 8 u8 is_encap, 9 u8 ip_proto, 10 be16 n_proto,
 *   12 be16 sport, 14 be16 dport, 16 the addresses (IPv4: be32 src, be32
 *   dst; IPv6: 16 bytes each), 48 u32 flags, 52 be32 flow_label: 56 bytes. */
#include <arpa/inet.h>
#include <string.h>

#include "flow_keys.h"

#define FLOW_KEYS_SIZE 56
#define ETH_P_IP 0x0800   /* include/uapi/linux/if_ether.h */
#define ETH_P_IPV6 0x86DD

struct keys {
	unsigned nhoff, thoff, addr_proto, is_frag, is_first_frag, is_encap, ip_proto;
	unsigned n_proto, sport, dport, flags, flow_label;
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
};

static unsigned host16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

static unsigned net16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int decode(const uint8_t *b, size_t size, struct keys *k)
{
	uint32_t v;
	int family;

	if (size < FLOW_KEYS_SIZE)
		return -1;
	k->nhoff = host16(b);
	k->thoff = host16(b + 2);
	k->addr_proto = host16(b + 4);
	k->is_frag = b[6];
	k->is_first_frag = b[7];
	k->is_encap = b[8];
	k->ip_proto = b[9];
	k->n_proto = net16(b + 10);
	k->sport = net16(b + 12);
	k->dport = net16(b + 14);
	memcpy(&v, b + 48, 4);
	k->flags = v;
	memcpy(&v, b + 52, 4);
	k->flow_label = ntohl(v);
	k->src[0] = k->dst[0] = '\0';
	family = k->addr_proto == ETH_P_IP ? AF_INET : k->addr_proto == ETH_P_IPV6 ? AF_INET6 : 0;
	if (family) {
		inet_ntop(family, b + 16, k->src, sizeof(k->src));
		inet_ntop(family, b + (family == AF_INET ? 20 : 32), k->dst, sizeof(k->dst));
	}
	return 0;
}

int flow_keys_print(FILE *out, const void *data, size_t size, int json)
{
	struct keys k;

	if (decode(data, size, &k))
		return -1;
	if (json) {
		fprintf(out, "{\"nhoff\":%u,\"thoff\":%u,\"addr_proto\":%u,\"is_frag\":%u,"
			"\"is_first_frag\":%u,\"is_encap\":%u,\"ip_proto\":%u,\"n_proto\":%u,"
			"\"sport\":%u,\"dport\":%u", k.nhoff, k.thoff, k.addr_proto, k.is_frag,
			k.is_first_frag, k.is_encap, k.ip_proto, k.n_proto, k.sport, k.dport);
		if (k.src[0])
			fprintf(out, ",\"src\":\"%s\",\"dst\":\"%s\"", k.src, k.dst);
		fprintf(out, ",\"flags\":%u,\"flow_label\":%u}", k.flags, k.flow_label);
		return 0;
	}
	fprintf(out, "flow keys (struct bpf_flow_keys, %d bytes): network header at %u "
		"(n_proto 0x%04x), transport header at %u (ip_proto %u)\n", FLOW_KEYS_SIZE, k.nhoff,
		k.n_proto, k.thoff, k.ip_proto);
	if (k.src[0])
		fprintf(out, "  %s port %u -> %s port %u (addr_proto 0x%04x)\n", k.src, k.sport,
			k.dst, k.dport, k.addr_proto);
	else
		fprintf(out, "  ports %u -> %u, no addresses (addr_proto 0x%04x)\n", k.sport,
			k.dport, k.addr_proto);
	fprintf(out, "  is_frag %u, is_first_frag %u, is_encap %u, flags 0x%x, flow_label 0x%x\n",
		k.is_frag, k.is_first_frag, k.is_encap, k.flags, k.flow_label);
	return 0;
}
