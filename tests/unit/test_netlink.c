/* The rtnetlink client's builder and parser (loader/attach/netlink.c),
 * on bytes only: requests laid out as the kernel reads them (nested
 * attributes, padding, a write that does not fit), and replies as the
 * kernel writes them (net/netlink/af_netlink.c netlink_ack()): a plain
 * ack, an error ack with the extended ack message, echoed messages, and
 * replies cut short or with lengths that lie. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "loader/attach/netlink.h"
#include "uapi/linux/if_link.h"
#include "uapi/linux/rtnetlink.h"

/* Byte `off` of the request, as u16/u32 (the host's order, as netlink's). */
static uint16_t u16_at(const uint8_t *p, size_t off)
{
	uint16_t v;
	memcpy(&v, p + off, sizeof(v));
	return v;
}

static uint32_t u32_at(const uint8_t *p, size_t off)
{
	uint32_t v;
	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* RTM_SETLINK lo IFLA_XDP { IFLA_XDP_FD 7, IFLA_XDP_FLAGS 3 }, byte by byte:
 * header 16, ifinfomsg 16, IFLA_XDP nest 4 + two u32 attributes of 8. */
static void builds_a_nested_request(void **state)
{
	struct ifinfomsg ifi = { .ifi_index = 1 };
	struct rb_nl_req req;
	const uint8_t *b = req.msg.buf;
	size_t nest;

	(void)state;
	rb_nl_req_init(&req, RTM_SETLINK, 0, &ifi, sizeof(ifi));
	nest = rb_nl_nest_begin(&req, IFLA_XDP);
	assert_int_equal(nest, 32);
	assert_int_equal(rb_nl_put_s32(&req, IFLA_XDP_FD, 7), 0);
	assert_int_equal(rb_nl_put_u32(&req, IFLA_XDP_FLAGS, 3), 0);
	rb_nl_nest_end(&req, nest);
	assert_false(req.overflow);
	assert_int_equal(req.len, 16 + 16 + 4 + 8 + 8);
	assert_int_equal(req.msg.hdr.nlmsg_type, RTM_SETLINK);
	assert_int_equal(req.msg.hdr.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(u32_at(b, 20), 1);                        /* ifi_index */
	assert_int_equal(u16_at(b, 32), 20);                       /* the nest's length */
	assert_int_equal(u16_at(b, 34), IFLA_XDP | NLA_F_NESTED);
	assert_int_equal(u16_at(b, 36), 8);
	assert_int_equal(u16_at(b, 38), IFLA_XDP_FD);
	assert_int_equal(u32_at(b, 40), 7);
	assert_int_equal(u16_at(b, 44), 8);
	assert_int_equal(u16_at(b, 46), IFLA_XDP_FLAGS);
	assert_int_equal(u32_at(b, 48), 3);
}

/* A string of 2 bytes and its NUL takes 4 + 3, padded to 8 with zeros;
 * the next attribute starts after the padding. */
static void pads_attributes_to_four_bytes(void **state)
{
	struct tcmsg t = { 0 };
	struct rb_nl_req req;

	(void)state;
	rb_nl_req_init(&req, RTM_NEWTFILTER, NLM_F_CREATE, &t, sizeof(t));
	assert_int_equal(req.len, 16 + 20);
	rb_nl_put_str(&req, TCA_KIND, "ab");
	assert_int_equal(u16_at(req.msg.buf, 36), 7);
	assert_memory_equal(req.msg.buf + 40, "ab\0\0", 4);
	assert_int_equal(req.len, 36 + 8);
	rb_nl_put_u32(&req, TCA_OPTIONS, 9);
	assert_int_equal(u16_at(req.msg.buf, 46), TCA_OPTIONS);
	assert_int_equal(req.msg.hdr.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE);
}

/* A write past the buffer is refused and marks the request, and so does
 * every later one: a cut request is never sent (rb_nl_talk refuses it
 * before opening a socket). */
static void a_request_that_does_not_fit_is_marked(void **state)
{
	static char big[RB_NL_REQ_SIZE];
	struct rb_nl_reply reply = { 0 };
	struct tcmsg t = { 0 };
	struct rb_nl_req req;
	struct rb_error err;
	size_t len;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	rb_nl_req_init(&req, RTM_NEWTFILTER, 0, &t, sizeof(t));
	len = req.len;
	assert_int_equal(rb_nl_put_str(&req, TCA_KIND, big), -1);
	assert_true(req.overflow);
	assert_int_equal(req.len, len); /* nothing half-written */
	assert_int_equal(rb_nl_put_u32(&req, TCA_OPTIONS, 1), -1);
	assert_int_equal(rb_nl_talk(NULL, &req, "a test request", &reply, &err), -1);
	assert_non_null(strstr(err.msg, "does not fit"));
	assert_non_null(strstr(err.msg, "a test request"));
}

/* An acknowledgment as netlink_ack() writes it: header, struct nlmsgerr,
 * then (NLM_F_ACK_TLVS) attributes; with NLM_F_CAPPED no copy of the
 * request comes between. Returns its length. */
static size_t make_ack(uint8_t *buf, uint32_t seq, int error, const char *msg, int capped)
{
	struct nlmsghdr h = { .nlmsg_type = NLMSG_ERROR, .nlmsg_seq = seq };
	struct nlmsgerr e = { .error = error };
	size_t len = sizeof(h) + sizeof(e), copy = capped ? 0 : 8;

	e.msg.nlmsg_len = (uint32_t)(sizeof(struct nlmsghdr) + copy);
	e.msg.nlmsg_seq = seq;
	memcpy(buf + sizeof(h), &e, sizeof(e));
	memset(buf + len, 0xee, copy); /* the request's payload, skipped */
	len += copy;
	if (capped)
		h.nlmsg_flags |= NLM_F_CAPPED;
	if (msg) {
		struct nlattr a = { .nla_len = (uint16_t)(4 + strlen(msg) + 1),
				    .nla_type = NLMSGERR_ATTR_MSG };
		h.nlmsg_flags |= NLM_F_ACK_TLVS;
		memcpy(buf + len, &a, sizeof(a));
		memcpy(buf + len + 4, msg, strlen(msg) + 1);
		len += NLA_ALIGN(a.nla_len);
	}
	h.nlmsg_len = (uint32_t)len;
	memcpy(buf, &h, sizeof(h));
	return len;
}

static void reads_a_plain_ack(void **state)
{
	uint8_t buf[256];
	struct rb_nl_reply reply = { 0 };
	struct rb_error err;
	size_t len = make_ack(buf, 1, 0, NULL, 1);

	(void)state;
	assert_int_equal(rb_nl_parse_reply(buf, len, 1, &reply, &err), 0);
	assert_true(reply.acked);
	assert_int_equal(reply.error, 0);
	assert_string_equal(reply.msg, "");
}

/* EBUSY with the kernel's words, with and without the request's copy. */
static void reads_an_error_ack_with_its_message(void **state)
{
	uint8_t buf[256];
	struct rb_error err;
	char said[300];

	(void)state;
	for (int capped = 0; capped <= 1; capped++) {
		struct rb_nl_reply reply = { 0 };
		size_t len = make_ack(buf, 1, -16, "XDP program already attached", capped);

		assert_int_equal(rb_nl_parse_reply(buf, len, 1, &reply, &err), 0);
		assert_true(reply.acked);
		assert_int_equal(reply.error, 16);
		assert_string_equal(reply.msg, "XDP program already attached");
		assert_string_equal(rb_nl_said(&reply, said, sizeof(said)),
				    ": the kernel says: XDP program already attached");
	}
}

/* The message is the kernel's bytes: one without its NUL stops at the
 * attribute's end, and a control character is shown as '?'. */
static void a_message_is_read_within_its_attribute(void **state)
{
	uint8_t buf[256];
	struct rb_nl_reply reply = { 0 };
	struct rb_error err;
	size_t len = make_ack(buf, 1, -22, "bad\033value", 1);
	struct nlattr a;

	(void)state;
	memcpy(&a, buf + 36, sizeof(a));
	a.nla_len -= 1; /* drop the NUL from the attribute */
	memcpy(buf + 36, &a, sizeof(a));
	buf[36 + 4 + 9] = 'Z'; /* where the NUL was: outside the attribute now */
	assert_int_equal(rb_nl_parse_reply(buf, len, 1, &reply, &err), 0);
	assert_string_equal(reply.msg, "bad?value");
}

/* A message for another request is skipped; an echo of the wanted type is
 * kept; then the ack. */
static void keeps_an_echo_and_skips_other_requests(void **state)
{
	uint8_t buf[512];
	struct nlmsghdr h = { .nlmsg_len = sizeof(h) + sizeof(struct tcmsg),
			      .nlmsg_type = RTM_NEWTFILTER, .nlmsg_seq = 1 };
	struct tcmsg echoed = { .tcm_handle = 0x1, .tcm_info = 0xc0000300 }, got = { 0 };
	struct rb_nl_reply reply = { .echo_type = RTM_NEWTFILTER, .echo = &got,
				     .echo_size = sizeof(got) };
	struct rb_error err;
	size_t len = make_ack(buf, 7, -1, NULL, 1); /* seq 7: not ours */

	(void)state;
	memcpy(buf + len, &h, sizeof(h));
	memcpy(buf + len + sizeof(h), &echoed, sizeof(echoed));
	len += h.nlmsg_len;
	len += make_ack(buf + len, 1, 0, NULL, 1);
	assert_int_equal(rb_nl_parse_reply(buf, len, 1, &reply, &err), 0);
	assert_true(reply.echoed);
	assert_int_equal(got.tcm_handle, 1);
	assert_int_equal(got.tcm_info, 0xc0000300);
	assert_true(reply.acked);
	assert_int_equal(reply.error, 0); /* the other request's EPERM is not ours */
}

/* The answer to RTM_GETQDISC: a tcmsg, then TCA_KIND "ingress" (after
 * another attribute), kept as echo_str; an attribute that claims more
 * than its message has is refused. */
static void keeps_a_string_attribute_of_an_echo(void **state)
{
	uint8_t buf[512];
	struct nlmsghdr h = { .nlmsg_type = RTM_NEWQDISC, .nlmsg_seq = 1 };
	struct tcmsg t = { .tcm_ifindex = 1 }, got;
	struct nlattr other = { .nla_len = 8, .nla_type = TCA_OPTIONS };
	struct nlattr kind = { .nla_len = NLA_HDRLEN + 8, .nla_type = TCA_KIND };
	struct rb_nl_reply reply;
	struct rb_error err;
	size_t len, at = sizeof(h);

	(void)state;
	memset(buf, 0, sizeof(buf));
	memcpy(buf + at, &t, sizeof(t));
	at += sizeof(t);
	memcpy(buf + at, &other, sizeof(other));
	at += 8;
	memcpy(buf + at, &kind, sizeof(kind));
	memcpy(buf + at + NLA_HDRLEN, "ingress", 8);
	at += NLA_HDRLEN + 8;
	h.nlmsg_len = (uint32_t)at;
	memcpy(buf, &h, sizeof(h));
	len = at + make_ack(buf + at, 1, 0, NULL, 1);
	reply = (struct rb_nl_reply){ .echo_type = RTM_NEWQDISC, .echo = &got,
				      .echo_size = sizeof(got), .echo_attr = TCA_KIND };
	assert_int_equal(rb_nl_parse_reply(buf, len, 1, &reply, &err), 0);
	assert_true(reply.echoed);
	assert_int_equal(got.tcm_ifindex, 1);
	assert_string_equal(reply.echo_str, "ingress");
	assert_true(reply.acked);
	/* TCA_KIND claiming 200 bytes */
	kind.nla_len = 200;
	memcpy(buf + sizeof(h) + sizeof(t) + 8, &kind, sizeof(kind));
	reply = (struct rb_nl_reply){ .echo_type = RTM_NEWQDISC, .echo = &got,
				      .echo_size = sizeof(got), .echo_attr = TCA_KIND };
	assert_int_equal(rb_nl_parse_reply(buf, len, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "an attribute of 200 bytes"));
}

/* Replies the parser must refuse, each with the reason. */
static void refuses_truncated_and_lying_replies(void **state)
{
	uint8_t buf[256], bad[256];
	struct rb_error err;
	size_t len = make_ack(buf, 1, -16, "busy", 1);
	struct nlmsghdr h;
	struct nlattr a;
	struct rb_nl_reply reply;

	(void)state;
	/* cut inside the header */
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(buf, 10, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "less than a message header"));
	/* the header claims more than the datagram has */
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(buf, len - 4, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "says it is"));
	/* a length smaller than the header itself */
	memcpy(bad, buf, len);
	memcpy(&h, bad, sizeof(h));
	h.nlmsg_len = 8;
	memcpy(bad, &h, sizeof(h));
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(bad, len, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "says it is 8 bytes"));
	/* an ack too short for its struct nlmsgerr */
	memcpy(&h, buf, sizeof(h));
	h.nlmsg_len = 24;
	memcpy(bad, &h, sizeof(h));
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(bad, 24, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "struct nlmsgerr"));
	/* an attribute longer than what is left of the ack */
	memcpy(bad, buf, len);
	memcpy(&a, bad + 36, sizeof(a));
	a.nla_len = 200;
	memcpy(bad + 36, &a, sizeof(a));
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(bad, len, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "attribute of 200 bytes"));
	/* an attribute shorter than its own header */
	a.nla_len = 2;
	memcpy(bad + 36, &a, sizeof(a));
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(bad, len, 1, &reply, &err), -1);
	/* a positive error is no errno */
	len = make_ack(bad, 1, 5, NULL, 1);
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(bad, len, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "negative errno"));
	/* not capped, but the copied request is bigger than the ack */
	len = make_ack(bad, 1, -16, NULL, 0);
	memcpy(&h, bad, sizeof(h));
	h.nlmsg_flags |= NLM_F_ACK_TLVS;
	memcpy(bad, &h, sizeof(h));
	{
		struct nlmsgerr e;
		memcpy(&e, bad + 16, sizeof(e));
		e.msg.nlmsg_len = 1000;
		memcpy(bad + 16, &e, sizeof(e));
	}
	reply = (struct rb_nl_reply){ 0 };
	assert_int_equal(rb_nl_parse_reply(bad, len, 1, &reply, &err), -1);
	assert_non_null(strstr(err.msg, "copies a request of 1000 bytes"));
	/* an echo shorter than the struct asked for */
	{
		struct tcmsg got;
		struct nlmsghdr e = { .nlmsg_len = sizeof(e) + 4, .nlmsg_type = RTM_NEWTFILTER,
				      .nlmsg_seq = 1 };
		memset(bad, 0, sizeof(bad));
		memcpy(bad, &e, sizeof(e));
		reply = (struct rb_nl_reply){ .echo_type = RTM_NEWTFILTER, .echo = &got,
					      .echo_size = sizeof(got) };
		assert_int_equal(rb_nl_parse_reply(bad, e.nlmsg_len, 1, &reply, &err), -1);
		assert_non_null(strstr(err.msg, "expected at least 20"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builds_a_nested_request),
		cmocka_unit_test(pads_attributes_to_four_bytes),
		cmocka_unit_test(a_request_that_does_not_fit_is_marked),
		cmocka_unit_test(reads_a_plain_ack),
		cmocka_unit_test(reads_an_error_ack_with_its_message),
		cmocka_unit_test(a_message_is_read_within_its_attribute),
		cmocka_unit_test(keeps_an_echo_and_skips_other_requests),
		cmocka_unit_test(keeps_a_string_attribute_of_an_echo),
		cmocka_unit_test(refuses_truncated_and_lying_replies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
