/* The networking examples of progs/ and the book-style objects of
 * tests/progs/book_*.bpf.c, run for real: each does what its header
 * comment promises, on rbnet's traffic in a network namespace of the
 * test's own (netns.h), or on a packet given to `rawbpf test-run`. The
 * book objects are built with -Iuapi alone, so that they build at all is
 * the test of rawbpf's BPF-side headers (uapi/linux/types.h, uapi/asm/,
 * uapi/bits/types.h); here they must also behave. After every run
 * iproute2's view of lo (net_snapshot) and the kernel's BPF ids (the
 * rawbpf() helper) must be as before. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "check.h"
#include "netns.h"

/* Lines of stdout that contain `needle`. */
static int count_lines(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The sum over CPUs of a per-CPU u64 map entry of run --json output. */
static uint64_t percpu_sum(const struct result *r, const char *map, const char *key)
{
	uint64_t v[64], sum = 0;
	int n = map_percpu_u64(r, map, key, v, 64);

	for (int i = 0; i < n; i++)
		sum += v[i];
	return sum;
}

/* 3 pings on lo: 3 requests and 3 replies arrive (PACKET_HOST), and a
 * packet socket on lo sees each one leave too (PACKET_OUTGOING), which
 * sockfilter_protocols skips and the book's program counts. */
static void socket_filter_counts(const char *obj, const char *map, uint64_t icmp)
{
	struct net_snapshot before;
	struct result r;

	net_snapshot(&before);
	rawbpf(&r, "run", "--json", "--iface", "lo", obj, "--", RBNET, "ping", "3");
	expect_status(&r, 0);
	expect_out(&r, "rbnet ping: sent 3, received 3");
	expect_map_u64(&r, map, "01000000", icmp); /* IPPROTO_ICMP */
	expect_map_u64(&r, map, "06000000", 0);    /* IPPROTO_TCP */
	result_free(&r);
	expect_net_unchanged(&before);
}

static void sockfilter_protocols_counts_pings(void **state)
{
	(void)state;
	socket_filter_counts(PROG("sockfilter_protocols"), "packets", 6);
}

static void book_socket_filter_counts_pings(void **state)
{
	(void)state;
	socket_filter_counts(TPROG("book_socket"), "packets_by_protocol", 12);
}

/* rbnet http 3: three "HTTP/1.1 200 OK" responses from port 8080, each
 * one TCP segment through lo's ingress. */
static void tc_http_counts_responses(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	rawbpf(&r, "run", "--json", "--iface", "lo", PROG("tc_http"), "--", RBNET, "http", "3");
	expect_status(&r, 0);
	expect_out(&r, "rbnet http: 3 requests, 3 answered 200 OK");
	expect_map_u64(&r, "responses", "901f0000", 3); /* key 8080 */
	if (count_lines(r.out, "HTTP response from port 8080") != 3)
		fail_run(&r, "expected 3 printk lines \"HTTP response from port 8080\"");
	result_free(&r);
	expect_net_unchanged(&before);
}

/* The book's classifier: a static inline function in SEC("classifier"),
 * bpf_trace_printk through a BPF_FUNC_ pointer. */
static void book_classifier_spots_http(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	rawbpf(&r, "run", "--json", "--iface", "lo", TPROG("book_classifier"), "--", RBNET, "http",
	       "2");
	expect_status(&r, 0);
	if (count_lines(r.out, "HTTP response from port 8080") != 2)
		fail_run(&r, "expected 2 printk lines \"HTTP response from port 8080\"");
	result_free(&r);
	expect_net_unchanged(&before);
}

/* TCP fails while the program is attached (3 SYNs, each dropped; 300 ms is
 * under TCP's first retransmission, 1 s), pings pass, and TCP works again
 * after. */
static void xdp_drop_tcp_drops_tcp_passes_icmp(void **state)
{
	char *tcp[] = { (char *)RBNET, "tcp", "2", NULL };
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	rawbpf(&r, "run", "--json", "--iface", "lo", PROG("xdp_drop_tcp"), "--", RBNET, "tcp", "3",
	       "--timeout", "300");
	expect_status(&r, 1); /* rbnet's: no connection */
	expect_out(&r, "rbnet tcp: 3 tried, 0 connected");
	assert_int_equal(percpu_sum(&r, "fates", "00000000"), 3); /* TCP_DROPPED */
	assert_int_equal(percpu_sum(&r, "fates", "01000000"), 0);
	result_free(&r);

	rawbpf(&r, "run", "--json", "--iface", "lo", PROG("xdp_drop_tcp"), "--", RBNET, "ping", "2");
	expect_status(&r, 0);
	assert_int_equal(percpu_sum(&r, "fates", "00000000"), 0);
	assert_int_equal(percpu_sum(&r, "fates", "01000000"), 4); /* ICMP_PASSED */
	result_free(&r);

	run_argv(&r, tcp);
	if (r.status != 0)
		fail_run(&r, "TCP does not work after rawbpf ended");
	result_free(&r);
	expect_net_unchanged(&before);
}

/* The book's XDP program, in SEC("mysection"): --type xdp gives its type,
 * and without it the error says to. */
static void book_xdp_needs_type_and_drops_tcp(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	rawbpf(&r, "run", "--iface", "lo", TPROG("book_xdp"), "--", RBNET, "tcp", "1");
	expect_status(&r, 2);
	expect_err(&r, "section name 'mysection' implies no program type; pass --type TYPE");
	result_free(&r);
	rawbpf(&r, "run", "--iface", "lo", "--type", "xdp", TPROG("book_xdp"), "--", RBNET, "tcp",
	       "2", "--timeout", "300");
	expect_status(&r, 1);
	expect_out(&r, "rbnet tcp: 2 tried, 0 connected");
	result_free(&r);
	rawbpf(&r, "run", "--iface", "lo", "--type", "xdp", TPROG("book_xdp"), "--", RBNET, "udp",
	       "2");
	expect_status(&r, 0);
	result_free(&r);
	expect_net_unchanged(&before);
}

/* Ethernet + IPv4 headers, protocol PROTO (2 hex digits), for test-run. */
#define IPV4_PACKET(proto) \
	"0200000000020200000000010800450000140001000040" proto "00000a0000010a000002"

static void test_run_verdict(const char *obj, const char *type, const char *prog,
			     const char *data, int retval, const char *name)
{
	char want[64];
	struct result r;

	if (type)
		rawbpf(&r, "test-run", "--json", "--type", type, obj, prog, "--data", data);
	else
		rawbpf(&r, "test-run", "--json", obj, prog, "--data", data);
	expect_status(&r, 0);
	snprintf(want, sizeof(want), "\"retval\":%d,\"retval_name\":\"%s\"", retval, name);
	expect_out(&r, want);
	result_free(&r);
}

/* The book's prog-test-run example: DROP for TCP, PASS for UDP; and
 * progs/xdp_drop_tcp the same, with the commands of its comment. */
static void test_run_drops_tcp_passes_udp(void **state)
{
	(void)state;
	test_run_verdict(TPROG("book_xdp"), "xdp", "drop_tcp", IPV4_PACKET("06"), 1, "XDP_DROP");
	test_run_verdict(TPROG("book_xdp"), "xdp", "drop_tcp", IPV4_PACKET("11"), 2, "XDP_PASS");
	test_run_verdict(PROG("xdp_drop_tcp"), NULL, "xdp_drop_tcp", IPV4_PACKET("06"), 1,
			 "XDP_DROP");
	test_run_verdict(PROG("xdp_drop_tcp"), NULL, "xdp_drop_tcp", IPV4_PACKET("11"), 2,
			 "XDP_PASS");
}

/* progs/xdp_rewrite's own example: addresses swapped, TTL 64 -> 63, the
 * header checksum 0x66ca -> 0x67ca (computed with the whole header summed
 * again, by hand: RFC 791). */
static void xdp_rewrite_rewrites_the_packet(void **state)
{
	/* the MACs differ in every byte: the swap changes all twelve */
	static const char in[] = "0a112233445502aabbccddee080045000020000100004011"
				 "66ca0a0000010a000002d431003500080000";
	static const char out[] = "\"data\":\"02aabbccddee0a1122334455080045000020000100003f11"
				  "67ca0a0000010a000002d431003500080000\"";
	struct result r;

	(void)state;
	rawbpf(&r, "test-run", "--json", PROG("xdp_rewrite"), "xdp_rewrite", "--data", in);
	expect_status(&r, 0);
	expect_out(&r, "\"retval\":3,\"retval_name\":\"XDP_TX\"");
	expect_out(&r, out);
	expect_out(&r, "\"changed\":[0,1,2,3,4,5,6,7,8,9,10,11,22,24]");
	result_free(&r);
	rawbpf(&r, "test-run", PROG("xdp_rewrite"), "xdp_rewrite", "--data", in);
	expect_status(&r, 0);
	expect_out_line(&r, "data out: 42 bytes, 14 changed at offsets 0-11, 22, 24");
	result_free(&r);
	/* TTL 1: passed unchanged */
	rawbpf(&r, "test-run", "--json", PROG("xdp_rewrite"), "xdp_rewrite", "--data",
	       "02000000000202000000000108004500002000010000011166ca0a0000010a000002");
	expect_status(&r, 0);
	expect_out(&r, "\"retval\":2,\"retval_name\":\"XDP_PASS\"");
	expect_out(&r, "\"changed\":[]");
	result_free(&r);
}

/* book_xdp_tx: a UDP packet to port 7 comes back with its addresses
 * swapped (XDP_TX); to another port (53) it passes unchanged. */
static void book_xdp_tx_bounces_udp_echo(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "test-run", "--json", TPROG("book_xdp_tx"), "udp_echo", "--data",
	       "02000000000202000000000108004500002000010000401166ca0a0000010a000002"
	       "d431000700080000");
	expect_status(&r, 0);
	expect_out(&r, "\"retval\":3,\"retval_name\":\"XDP_TX\"");
	expect_out(&r, "\"data\":\"020000000001020000000002080045");
	expect_out(&r, "\"changed\":[5,11]");
	result_free(&r);
	test_run_verdict(TPROG("book_xdp_tx"), NULL, "udp_echo",
			 "02000000000202000000000108004500002000010000401166ca0a0000010a000002"
			 "d431003500080000",
			 2, "XDP_PASS");
}

const struct CMUnitTest net_example_tests[] = {
	cmocka_unit_test_setup_teardown(sockfilter_protocols_counts_pings, netns_fresh, netns_restore),
	cmocka_unit_test_setup_teardown(book_socket_filter_counts_pings, netns_fresh, netns_restore),
	cmocka_unit_test_setup_teardown(tc_http_counts_responses, netns_fresh, netns_restore),
	cmocka_unit_test_setup_teardown(book_classifier_spots_http, netns_fresh, netns_restore),
	cmocka_unit_test_setup_teardown(xdp_drop_tcp_drops_tcp_passes_icmp, netns_fresh,
					netns_restore),
	cmocka_unit_test_setup_teardown(book_xdp_needs_type_and_drops_tcp, netns_fresh,
					netns_restore),
	cmocka_unit_test(test_run_drops_tcp_passes_udp),
	cmocka_unit_test(xdp_rewrite_rewrites_the_packet),
	cmocka_unit_test(book_xdp_tx_bounces_udp_echo),
};
DEFINE_COUNT(net_example);
