/* rawbpf test-run: programs run by BPF_PROG_TEST_RUN on packets built here
 * by hand (Ethernet + IPv4 + TCP or UDP), their verdicts and output bytes
 * checked; raw tracepoints and syscall programs on a ctx; --repeat; the
 * JSON line; and every error, exit 2 with its message. A test run touches
 * no interface (the kernel builds the packet on the namespace's loopback
 * device and sends it nowhere), so no network namespace is needed. The
 * rawbpf() helper checks after each run that nothing stayed loaded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define ETH_HLEN 14
#define IP_HLEN 20

/* A packet: 02:00:00:00:00:01 -> 02:00:00:00:00:02, 10.0.0.1:12345 ->
 * 10.0.0.2:dport, a TCP header (20 bytes) or UDP header (8) and 6 bytes
 * of payload. The IPv4 checksum is right, so that a program that checks
 * could pass it; the transport checksum is left 0 (nothing checks it). */
struct packet {
	uint8_t b[128];
	size_t len;
	char hex[257];
};

static void put16(uint8_t *p, uint16_t v) /* network order */
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void to_hex(const uint8_t *b, size_t len, char *hex)
{
	for (size_t i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", b[i]);
	hex[2 * len] = '\0';
}

static void build_packet(struct packet *p, uint8_t proto, uint16_t dport)
{
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 2 }, src[6] = { 2, 0, 0, 0, 0, 1 };
	uint8_t *ip = p->b + ETH_HLEN, *l4 = ip + IP_HLEN;
	size_t l4_len = proto == IPPROTO_TCP ? 20 : 8;
	uint32_t sum = 0;

	memset(p, 0, sizeof(*p));
	memcpy(p->b, dst, 6);
	memcpy(p->b + 6, src, 6);
	put16(p->b + 12, 0x0800); /* ETH_P_IP */
	ip[0] = 0x45;             /* version 4, 5 words */
	put16(ip + 2, (uint16_t)(IP_HLEN + l4_len + 6));
	put16(ip + 4, 0x1234);    /* id */
	put16(ip + 6, 0x4000);    /* don't fragment */
	ip[8] = 64;               /* ttl */
	ip[9] = proto;
	memcpy(ip + 12, (uint8_t[]){ 10, 0, 0, 1 }, 4);
	memcpy(ip + 16, (uint8_t[]){ 10, 0, 0, 2 }, 4);
	for (int i = 0; i < IP_HLEN; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ip + 10, (uint16_t)~sum);
	put16(l4, 12345);
	put16(l4 + 2, dport);
	if (proto == IPPROTO_TCP) {
		l4[12] = 5 << 4; /* data offset: 5 words */
		l4[13] = 0x02;   /* SYN */
	} else {
		put16(l4 + 4, (uint16_t)(l4_len + 6));
	}
	memcpy(l4 + l4_len, "hello!", 6);
	p->len = ETH_HLEN + IP_HLEN + l4_len + 6;
	to_hex(p->b, p->len, p->hex);
}

/* The test_run line of r's JSON output, whose field `key` is a number. */
static long long json_number(const struct result *r, const char *key)
{
	char pattern[64];
	const char *line = strstr(r->out, "{\"type\":\"test_run\"");
	const char *p;

	if (!line)
		fail_run(r, "no test_run line");
	snprintf(pattern, sizeof(pattern), "\"%s\":", key);
	p = strstr(line, pattern);
	if (!p || p > strchr(line, '\n'))
		fail_run(r, "the test_run line has no number %s", key);
	return strtoll(p + strlen(pattern), NULL, 10);
}

static void json_string(const struct result *r, const char *key, char *buf, size_t size)
{
	const char *line = strstr(r->out, "{\"type\":\"test_run\"");

	if (!line || json_field(line, key, buf, size))
		fail_run(r, "the test_run line has no string %s", key);
}

/* The book's chapter 7 test, in our own program: TCP is dropped and UDP
 * passes, and the packet comes back as it went in. */
static void xdp_drops_tcp_and_passes_udp(void **state)
{
	struct packet tcp, udp;
	struct result r;
	char data[300];

	(void)state;
	build_packet(&tcp, IPPROTO_TCP, 80);
	build_packet(&udp, IPPROTO_UDP, 53);
	rawbpf(&r, "test-run", "--json", TPROG("trun_xdp"), "xdp_verdict", "--data", tcp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "{\"type\":\"test_run\",\"prog\":\"xdp_verdict\",\"retval\":1,",
			"\"retval_name\":\"XDP_DROP\"", "\"changed\":[]");
	assert_true(json_number(&r, "duration_ns") >= 0);
	json_string(&r, "data", data, sizeof(data));
	assert_string_equal(data, tcp.hex);
	expect_map_u64(&r, "verdicts", "01000000", 1);
	expect_map_u64(&r, "verdicts", "02000000", 0);
	result_free(&r);

	rawbpf(&r, "test-run", "--json", TPROG("trun_xdp"), "xdp_verdict", "--data", udp.hex);
	expect_status(&r, 0);
	assert_int_equal(json_number(&r, "retval"), 2);
	expect_out_line(&r, "\"retval_name\":\"XDP_PASS\"");
	expect_map_u64(&r, "verdicts", "02000000", 1);
	result_free(&r);

	/* an empty --ctx is no ctx (a pointer with size 0 was EINVAL) */
	rawbpf(&r, "test-run", "--json", TPROG("trun_xdp"), "xdp_verdict", "--data", tcp.hex,
	       "--ctx", "");
	expect_status(&r, 0);
	expect_out_line(&r, "\"retval_name\":\"XDP_DROP\"");
	result_free(&r);

	/* for people: the verdict by name, the time, the packet unchanged */
	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--data", tcp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "program xdp_verdict (section xdp, xdp): 1 run");
	expect_out_line(&r, "retval 1 (XDP_DROP)");
	expect_out_line(&r, "duration ", " ns (mean of 1 run)");
	expect_out_line(&r, "data out: 60 bytes, unchanged");
	expect_out_line(&r, "  0000  02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00");
	expect_out_line(&r, "map verdicts (array");
	result_free(&r);
}

/* The book's chapter 7 test-run example, on the book-style object
 * (tests/progs/book_xdp.bpf.c: SEC("mysection"), so --type xdp): DROP for
 * a TCP packet, PASS for a UDP one. */
static void book_xdp_example_drops_tcp_passes_udp(void **state)
{
	struct packet tcp, udp;
	struct result r;

	(void)state;
	build_packet(&tcp, IPPROTO_TCP, 80);
	build_packet(&udp, IPPROTO_UDP, 53);
	rawbpf(&r, "test-run", "--json", "--type", "xdp", TPROG("book_xdp"), "drop_tcp", "--data",
	       tcp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "\"prog\":\"drop_tcp\",\"retval\":1,\"retval_name\":\"XDP_DROP\"");
	result_free(&r);
	rawbpf(&r, "test-run", "--json", "--type", "xdp", TPROG("book_xdp"), "drop_tcp", "--data",
	       udp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "\"prog\":\"drop_tcp\",\"retval\":2,\"retval_name\":\"XDP_PASS\"");
	result_free(&r);
	/* without --type the section says no type: exit 2, naming the option */
	rawbpf(&r, "test-run", TPROG("book_xdp"), "drop_tcp", "--data", udp.hex);
	expect_status(&r, 2);
	expect_err_line(&r, "section name 'mysection' implies no program type; pass --type TYPE");
	result_free(&r);
}

/* --repeat N runs the program N times in one call: the counter says N,
 * and the duration is the mean of them. */
static void repeat_runs_the_program_n_times(void **state)
{
	struct packet udp;
	struct result r;

	(void)state;
	build_packet(&udp, IPPROTO_UDP, 53);
	rawbpf(&r, "test-run", "--json", TPROG("trun_xdp"), "xdp_verdict", "--data", udp.hex,
	       "--repeat", "1000");
	expect_status(&r, 0);
	assert_int_equal(json_number(&r, "repeat"), 1000);
	expect_map_u64(&r, "verdicts", "02000000", 1000);
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--repeat", "7", "--data",
	       udp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "xdp): 7 runs");
	expect_out_line(&r, " ns (mean of 7 runs)");
	expect_out(&r, "  key 2  value 7\n");
	result_free(&r);
}

/* xdp_rewrite swaps the MAC and IPv4 addresses and says XDP_TX: exactly
 * those bytes change, and the output is the packet built swapped. */
static void xdp_rewrite_changes_the_bytes_it_says(void **state)
{
	struct packet in, want;
	struct result r;
	char data[300];
	uint8_t tmp[6];

	(void)state;
	build_packet(&in, IPPROTO_UDP, 53);
	want = in;
	memcpy(tmp, want.b, 6);
	memcpy(want.b, want.b + 6, 6);
	memcpy(want.b + 6, tmp, 6);
	memcpy(tmp, want.b + 26, 4);
	memcpy(want.b + 26, want.b + 30, 4);
	memcpy(want.b + 30, tmp, 4);
	to_hex(want.b, want.len, want.hex);

	rawbpf(&r, "test-run", "--json", TPROG("trun_xdp"), "xdp_rewrite", "--data", in.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "\"retval\":3,\"retval_name\":\"XDP_TX\"");
	json_string(&r, "data", data, sizeof(data));
	assert_string_equal(data, want.hex);
	/* the addresses differ in one byte each: 05 (02 vs 01) and 11, 29, 33 */
	expect_out_line(&r, "\"changed\":[5,11,29,33]");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_rewrite", "--data", in.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "retval 3 (XDP_TX)");
	expect_out_line(&r, "data out: 48 bytes, 4 changed at offsets 5, 11, 29, 33");
	/* a marker row under each row with changes: 7 columns, then 3 a byte */
	expect_out(&r, "  0000  02 00 00 00 00 01 02 00 00 00 00 02 08 00 45 00  ..............E.\n"
		       "       " "               " " ^^" "               " " ^^\n");
	result_free(&r);
}

/* xdp_grow adds 300 bytes, more than the input and the 256 bytes of XDP
 * headroom: the command's first buffer (64 KiB) holds it, so the program
 * runs once (no ENOSPC, no second run to count twice in the maps: its
 * verdict XDP_PASS is counted once). The library's ENOSPC is checked in
 * library_reports_enospc_and_unloaded_programs. */
static void a_grown_output_fits_the_first_buffer(void **state)
{
	static const char *const test_run_call[] = { "bpf(BPF_PROG_TEST_RUN, prog xdp_grow", NULL };
	struct packet in;
	struct result r;
	static char data[2048];

	(void)state;
	build_packet(&in, IPPROTO_TCP, 80);
	rawbpf(&r, "test-run", "--json", "--verbose", TPROG("trun_xdp"), "xdp_grow", "--data",
	       in.hex);
	expect_status(&r, 0);
	if (strstr(r.err, "did not fit") || count_lines_with(r.err, test_run_call) != 1)
		fail_run(&r, "the program ran more than once (BPF_PROG_TEST_RUN twice)");
	expect_map_u64(&r, "verdicts", "02000000", 1);
	json_string(&r, "data", data, sizeof(data));
	assert_int_equal(strlen(data), 2 * 360);
	assert_memory_equal(data, in.hex, strlen(in.hex));
	expect_out_line(&r, "\"changed\":[60,61,62,");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_grow", "--data", in.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "data out: 360 bytes (60 went in: grown by 300), 300 changed at offsets "
			"60-359");
	expect_out_line(&r, " ++ ++ ++");
	result_free(&r);
}

/* A 3800-byte packet: more than a tc program's runner takes in its page
 * (bpf_test_init()); the message says the limit and where it comes from. */
static void a_packet_bigger_than_a_page_is_explained(void **state)
{
	static char hex[2 * 3800 + 1];
	struct packet in;
	struct result r;

	(void)state;
	build_packet(&in, IPPROTO_UDP, 53);
	memset(hex, '0', sizeof(hex) - 1);
	memcpy(hex, in.hex, strlen(in.hex));
	rawbpf(&r, "test-run", TPROG("trun_tc"), "tc_http_drop", "--data", hex);
	expect_status(&r, 2);
	expect_err_line(&r, "program tc_http_drop (section tc, type sched_cls): the kernel "
			"refused a packet of 3800 bytes: it takes at most about a page of "
			"packet data", "bpf_test_init() in net/bpf/test_run.c");
	result_free(&r);
}

/* The library alone: a buffer too small is ENOSPC with the size needed
 * and every result filled; a program not loaded is refused. */
static void library_reports_enospc_and_unloaded_programs(void **state)
{
	struct rb_object *obj;
	struct rb_program *prog;
	struct rb_error err = { 0 };
	struct packet in;
	uint8_t out[20];
	struct rb_test_run run;

	(void)state;
	build_packet(&in, IPPROTO_TCP, 80);
	assert_int_equal(rb_object_open(&obj, TPROG("trun_xdp"), NULL, &err), 0);
	prog = rb_object_program_by_name(obj, "xdp_verdict");
	assert_non_null(prog);
	run = (struct rb_test_run){ .data_in = in.b, .data_size_in = in.len };
	assert_int_equal(rb_program_test_run(prog, &run, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "program xdp_verdict (section xdp) is not loaded"));

	assert_int_equal(rb_object_load(obj, &err), 0);
	run = (struct rb_test_run){ .data_in = in.b, .data_size_in = in.len, .data_out = out,
				    .data_capacity = sizeof(out) };
	assert_int_equal(rb_program_test_run(prog, &run, &err), -1);
	assert_int_equal(err.errnum, ENOSPC);
	assert_int_equal(run.data_size_out, in.len);
	assert_int_equal(run.retval, 1); /* XDP_DROP: the run itself went through */
	assert_memory_equal(out, in.b, sizeof(out));
	assert_non_null(strstr(err.msg, "its output packet is 60 bytes and the buffer holds 20"));

	run = (struct rb_test_run){ .data_in = in.b, .data_size_in = 10 };
	assert_int_equal(rb_program_test_run(prog, &run, &err), -1);
	assert_non_null(strstr(err.msg, "give at least 14 bytes of data"));
	assert_string_equal(rb_test_run_retval_name(BPF_PROG_TYPE_XDP, 1), "XDP_DROP");
	assert_string_equal(rb_test_run_retval_name(BPF_PROG_TYPE_SCHED_CLS, 2), "TC_ACT_SHOT");
	assert_string_equal(rb_test_run_retval_name(BPF_PROG_TYPE_SCHED_CLS, UINT32_MAX),
			    "TC_ACT_UNSPEC");
	assert_null(rb_test_run_retval_name(BPF_PROG_TYPE_SOCKET_FILTER, 0));
	rb_object_close(obj);
}

/* tc: TCP to port 80 is TC_ACT_SHOT, UDP TC_ACT_OK; given a __sk_buff
 * (--ctx, 192 zero bytes), it comes back with the mark the program set. */
static void tc_verdicts_and_the_skb_ctx(void **state)
{
	struct packet http, udp;
	struct result r;
	char ctx[2 * 192 + 1], out_ctx[1100];

	(void)state;
	build_packet(&http, IPPROTO_TCP, 80);
	build_packet(&udp, IPPROTO_UDP, 80);
	rawbpf(&r, "test-run", "--json", TPROG("trun_tc"), "tc_http_drop", "--data", http.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "\"retval\":2,\"retval_name\":\"TC_ACT_SHOT\"");
	result_free(&r);

	memset(ctx, '0', sizeof(ctx) - 1);
	ctx[sizeof(ctx) - 1] = '\0';
	rawbpf(&r, "test-run", "--json", TPROG("trun_tc"), "tc_http_drop", "--data", udp.hex,
	       "--ctx", ctx);
	expect_status(&r, 0);
	expect_out_line(&r, "\"retval\":0,\"retval_name\":\"TC_ACT_OK\"");
	json_string(&r, "ctx", out_ctx, sizeof(out_ctx));
	/* struct __sk_buff: len at 0, pkt_type 4, mark 8 */
	assert_memory_equal(out_ctx + 2 * 8, "2a000000", 8);
	assert_int_equal(strlen(out_ctx), 2 * 192);
	expect_out_line(&r, "\"ctx_changed\":[8,"); /* and ifindex (lo), wire_len */
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_tc"), "tc_http_drop", "--data", udp.hex, "--ctx", ctx);
	expect_status(&r, 0);
	expect_out_line(&r, "retval 0 (TC_ACT_OK)");
	expect_out_line(&r, "ctx out: 192 bytes, ");
	result_free(&r);
}

/* A socket filter returns how many bytes the socket keeps: the whole
 * packet past its Ethernet header for UDP, 0 for TCP; it counts each
 * protocol. The kernel gives the frame back with that header zeroed. */
static void socket_filter_keeps_udp(void **state)
{
	struct packet tcp, udp;
	struct result r;
	char data[300];

	(void)state;
	build_packet(&tcp, IPPROTO_TCP, 80);
	build_packet(&udp, IPPROTO_UDP, 53);
	rawbpf(&r, "test-run", "--json", TPROG("trun_socket"), "socket_udp_only", "--data",
	       udp.hex, "--repeat", "3");
	expect_status(&r, 0);
	assert_int_equal(json_number(&r, "retval"), (long long)(udp.len - ETH_HLEN));
	expect_map_u64(&r, "protocols", "11000000", 3);
	json_string(&r, "data", data, sizeof(data));
	assert_string_equal(data + 2 * ETH_HLEN, udp.hex + 2 * ETH_HLEN);
	assert_memory_equal(data, "0000000000000000000000000000", 2 * ETH_HLEN);
	result_free(&r);

	rawbpf(&r, "test-run", "--json", TPROG("trun_socket"), "socket_udp_only", "--data",
	       tcp.hex);
	expect_status(&r, 0);
	assert_int_equal(json_number(&r, "retval"), 0);
	expect_map_u64(&r, "protocols", "06000000", 1);
	result_free(&r);
}

/* A raw tracepoint gets its u64 arguments from --ctx; it takes no packet
 * and runs once, untimed. */
static void raw_tracepoint_runs_on_its_arguments(void **state)
{
	struct result r;
	/* args[0] = 0x1234, args[1] = 0x5678, little-endian */
	const char *args = "3412000000000000" "7856000000000000";

	(void)state;
	rawbpf(&r, "test-run", "--json", TPROG("trun_raw_tp"), "rawtp_sum", "--ctx", args);
	expect_status(&r, 0);
	assert_int_equal(json_number(&r, "retval"), 0x1234 + 0x5678);
	expect_out_line(&r, "\"duration_ns\":0", "\"data\":\"\"");
	expect_map_u64(&r, "seen", "00000000", 0x5678);
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_raw_tp"), "rawtp_sum", "--ctx", args);
	expect_status(&r, 0);
	expect_out_line(&r, "retval 26796");
	expect_out_line(&r, "duration not measured (the kernel does not time raw_tracepoint "
			"programs)");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_raw_tp"), "rawtp_sum", "--ctx", args, "--data",
	       "00112233445566778899aabbccdd");
	expect_status(&r, 2);
	expect_err_line(&r, "--data: program rawtp_sum is a raw tracepoint, which takes no packet: "
			"give its u64 arguments with --ctx");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_raw_tp"), "rawtp_sum", "--ctx", args, "--repeat", "2");
	expect_status(&r, 2);
	expect_err_line(&r, "--repeat: the kernel runs raw_tracepoint programs once per test run");
	result_free(&r);

	/* the program reads args[1]: 8 bytes of ctx are too few */
	rawbpf(&r, "test-run", TPROG("trun_raw_tp"), "rawtp_sum", "--ctx", "3412000000000000");
	expect_status(&r, 2);
	expect_err_line(&r, "program rawtp_sum (type raw_tracepoint): the kernel refused the test "
			"run: is the ctx (8 bytes) at least as big as what the program reads");
	result_free(&r);
}

/* SEC("syscall") loads sleepable and writes its ctx, which comes back. */
static void syscall_program_writes_its_ctx(void **state)
{
	struct result r;
	char ctx[100];

	(void)state;
	rawbpf(&r, "test-run", "--json", "--verbose", TPROG("trun_syscall"), "syscall_double",
	       "--ctx", "1500000000000000" "0000000000000000"); /* in = 21 */
	expect_status(&r, 0);
	assert_int_equal(json_number(&r, "retval"), 7);
	json_string(&r, "ctx", ctx, sizeof(ctx));
	assert_string_equal(ctx, "1500000000000000" "2a00000000000000");
	expect_out_line(&r, "\"ctx_changed\":[8]");
	expect_err_line(&r, "bpf(BPF_PROG_LOAD, name=syscall_double type=31 ",
			"(prog_flags BPF_F_SLEEPABLE)");
	expect_err_line(&r, "bpf(BPF_PROG_TEST_RUN, prog syscall_double fd ", "ctx 16 B, repeat 1) "
			"= 0: retval 7");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_syscall"), "syscall_double", "--ctx",
	       "0100000000000000" "0000000000000000");
	expect_status(&r, 0);
	expect_out_line(&r, "ctx out: 16 bytes, 1 changed at offset 8");
	expect_out(&r, "  0000  01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00  ................\n"
		       "       " "                        " " ^^\n");
	result_free(&r);
}

/* A flow dissector (tests/progs/trun_flow.bpf.c) run on the hand-built
 * packets: what comes back as data is the struct bpf_flow_keys it filled
 * in (bpf_prog_test_run_flow_dissector()), checked byte by byte and as
 * rawbpf prints it. The kernel sets nhoff (14, after the Ethernet header),
 * n_proto (0x0800) and the ctx's flags before the program runs. */
static void flow_dissector_fills_the_flow_keys(void **state)
{
	/* nhoff 14, thoff 34, addr_proto 0x0800 (host order), no fragment
	 * or encapsulation, ip_proto 6, n_proto 0x0800, ports 12345 -> 80
	 * (network order), 10.0.0.1 -> 10.0.0.2, then zeros to 56 bytes */
	static const char tcp_keys[] = "0e0022000008000000060800303900500a0000010a000002"
				       "0000000000000000000000000000000000000000000000000000000000000000";
	struct packet tcp, udp;
	struct result r;
	char data[200], ctx[200];

	(void)state;
	build_packet(&tcp, IPPROTO_TCP, 80);
	build_packet(&udp, IPPROTO_UDP, 53);
	rawbpf(&r, "test-run", "--json", TPROG("trun_flow"), "dissect_ipv4", "--data", tcp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "\"retval\":0,\"retval_name\":\"BPF_OK\"");
	json_string(&r, "data", data, sizeof(data));
	assert_string_equal(data, tcp_keys);
	expect_out_line(&r, "\"flow_keys\":{\"nhoff\":14,\"thoff\":34,\"addr_proto\":2048,"
			"\"is_frag\":0,\"is_first_frag\":0,\"is_encap\":0,\"ip_proto\":6,"
			"\"n_proto\":2048,\"sport\":12345,\"dport\":80,\"src\":\"10.0.0.1\","
			"\"dst\":\"10.0.0.2\",\"flags\":0,\"flow_label\":0}}");
	expect_map_u64(&r, "dissected", "00000000", 1); /* TCP */
	expect_map_u64(&r, "dissected", "01000000", 0);
	result_free(&r);

	/* the ctx's flags (BPF_FLOW_DISSECTOR_F_PARSE_1ST_FRAG, offset 48)
	 * reach the program in keys->flags; the ctx comes back unchanged */
	rawbpf(&r, "test-run", "--json", TPROG("trun_flow"), "dissect_ipv4", "--data", udp.hex,
	       "--ctx", "0000000000000000000000000000000000000000000000000000000000000000"
			"00000000000000000000000000000000" "01000000" "00000000");
	expect_status(&r, 0);
	expect_out_line(&r, "\"ip_proto\":17,", "\"sport\":12345,\"dport\":53,",
			"\"flags\":1,\"flow_label\":0}");
	json_string(&r, "ctx", ctx, sizeof(ctx));
	assert_string_equal(ctx, "0000000000000000000000000000000000000000000000000000000000000000"
				 "00000000000000000000000000000000" "01000000" "00000000");
	expect_map_u64(&r, "dissected", "01000000", 1); /* UDP */
	result_free(&r);

	/* for people */
	rawbpf(&r, "test-run", TPROG("trun_flow"), "dissect_ipv4", "--data", tcp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "retval 0 (BPF_OK)");
	expect_out_line(&r, "flow keys (struct bpf_flow_keys, 56 bytes): network header at 14 "
			"(n_proto 0x0800), transport header at 34 (ip_proto 6)");
	expect_out_line(&r, "  10.0.0.1 port 12345 -> 10.0.0.2 port 80 (addr_proto 0x0800)");
	expect_out_line(&r, "  0000  0e 00 22 00 00 08 00 00 00 06 08 00 30 39 00 50");
	result_free(&r);

	/* not IPv4 (an IPv6 Ethernet type): the program says BPF_DROP */
	tcp.hex[24] = '8', tcp.hex[25] = '6', tcp.hex[26] = 'd', tcp.hex[27] = 'd';
	rawbpf(&r, "test-run", "--json", TPROG("trun_flow"), "dissect_ipv4", "--data", tcp.hex);
	expect_status(&r, 0);
	expect_out_line(&r, "\"retval\":2,\"retval_name\":\"BPF_DROP\"", "\"n_proto\":34525,");
	result_free(&r);

	/* a ctx may set flags only (verify_user_bpf_flow_keys()), and is a
	 * whole bpf_flow_keys */
	rawbpf(&r, "test-run", TPROG("trun_flow"), "dissect_ipv4", "--data", udp.hex, "--ctx",
	       "0e00000000000000000000000000000000000000000000000000000000000000"
	       "000000000000000000000000000000000000000000000000");
	expect_status(&r, 2);
	expect_err_line(&r, "program dissect_ipv4 (type flow_dissector): the kernel refused the "
			"test run's ctx: a bpf_flow_keys may set only flags");
	result_free(&r);
	rawbpf(&r, "test-run", TPROG("trun_flow"), "dissect_ipv4", "--data", udp.hex, "--ctx",
	       "00000000");
	expect_status(&r, 2);
	expect_err_line(&r, "its ctx is a struct bpf_flow_keys, 56 bytes, with only flags set "
			"(4 bytes given)");
	result_free(&r);
}

/* Every refusal is exit 2 with a message saying what to fix. */
static void bad_input_exits_2_with_a_message(void **state)
{
	char file[] = "/tmp/rawbpf-test-packet-XXXXXX", at_file[64];
	struct packet tcp;
	struct result r;
	FILE *f;
	int fd;

	(void)state;
	build_packet(&tcp, IPPROTO_TCP, 80);
	/* a tracepoint program: the kernel has no test runner for it */
	rawbpf(&r, "test-run", PROG("hello"), "hello", "--data", tcp.hex);
	expect_status(&r, 2);
	expect_err_line(&r, "program hello (section tracepoint/syscalls/sys_enter_execve, type "
			"tracepoint): the kernel cannot test-run programs of this type "
			"(BPF_PROG_TEST_RUN: ENOTSUPP); it can run xdp, socket, tc");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--data", "0011223");
	expect_status(&r, 2);
	expect_err_line(&r, "--data: an odd number of hex digits (7): each byte is two digits");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--data", "00112g33");
	expect_status(&r, 2);
	expect_err_line(&r, "--data: 'g' at offset 5 is not a hex digit");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--ctx", "00\x1b");
	expect_status(&r, 2);
	expect_err_line(&r, "--ctx: '\\x1b' at offset 2 is not a hex digit");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--data",
	       "@/nonexistent/packet.bin");
	expect_status(&r, 2);
	expect_err_line(&r, "--data @/nonexistent/packet.bin: cannot open the file: No such file");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_nothing", "--data", tcp.hex);
	expect_status(&r, 2);
	expect_err_line(&r, "no program named xdp_nothing; its programs are: xdp_verdict, "
			"xdp_rewrite, xdp_grow");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--data", "00112233");
	expect_status(&r, 2);
	expect_err_line(&r, "program xdp_verdict (section xdp, type xdp) runs on a packet: give at "
			"least 14 bytes of data, an Ethernet header first (4 given)");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"), "xdp_verdict", "--repeat", "0");
	expect_status(&r, 2);
	expect_err_line(&r, "--repeat takes a number of runs, 1 to ");
	result_free(&r);

	rawbpf(&r, "test-run", TPROG("trun_xdp"));
	expect_status(&r, 2);
	expect_err_line(&r, "usage: rawbpf test-run");
	result_free(&r);

	/* @FILE: the file's bytes are the packet */
	fd = mkstemp(file);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(tcp.b, 1, tcp.len, f), tcp.len);
	fclose(f);
	snprintf(at_file, sizeof(at_file), "@%s", file);
	rawbpf(&r, "test-run", "--json", TPROG("trun_xdp"), "xdp_verdict", "--data", at_file);
	unlink(file);
	expect_status(&r, 0);
	expect_out_line(&r, "\"retval_name\":\"XDP_DROP\"");
	result_free(&r);
}

const struct CMUnitTest test_run_tests[] = {
	cmocka_unit_test(xdp_drops_tcp_and_passes_udp),
	cmocka_unit_test(book_xdp_example_drops_tcp_passes_udp),
	cmocka_unit_test(repeat_runs_the_program_n_times),
	cmocka_unit_test(xdp_rewrite_changes_the_bytes_it_says),
	cmocka_unit_test(a_grown_output_fits_the_first_buffer),
	cmocka_unit_test(a_packet_bigger_than_a_page_is_explained),
	cmocka_unit_test(library_reports_enospc_and_unloaded_programs),
	cmocka_unit_test(tc_verdicts_and_the_skb_ctx),
	cmocka_unit_test(socket_filter_keeps_udp),
	cmocka_unit_test(raw_tracepoint_runs_on_its_arguments),
	cmocka_unit_test(syscall_program_writes_its_ctx),
	cmocka_unit_test(flow_dissector_fills_the_flow_keys),
	cmocka_unit_test(bad_input_exits_2_with_a_message),
};
DEFINE_COUNT(test_run);
