/* A small rtnetlink client: the requests that attach XDP and tc programs
 * on kernels without bpf links for them (xdp.c, tc.c).
 *
 * A request is one netlink message built in a fixed buffer: the header
 * (struct nlmsghdr), the message type's fixed struct (ifinfomsg, tcmsg),
 * then attributes, each a struct nlattr, its value and padding to 4 bytes;
 * a nested attribute's value is more attributes. Every write checks that it
 * fits; one that does not marks the request, which is then never sent.
 * The reply is read the same way, through bounds checks: the kernel sends
 * an acknowledgment (NLMSG_ERROR, error 0 on success) for each request
 * that asks for one (NLM_F_ACK), and with the socket option
 * NETLINK_EXT_ACK (Linux 4.12) a message for people when it refuses
 * (NLMSGERR_ATTR_MSG: "XDP program already attached").
 *
 * The builder and the parser are pure code on bytes (tests/unit/
 * test_netlink.c drives them); only rb_nl_talk() makes system calls. */
#ifndef RAWBPF_NETLINK_H
#define RAWBPF_NETLINK_H

#include <stddef.h>
#include <stdint.h>

#include "loader/rawbpf.h"
#include "uapi/linux/netlink.h"

/* Ample for what rawbpf sends: a tc filter with a program name is ~100 bytes. */
#define RB_NL_REQ_SIZE 512

struct rb_nl_req {
	union {
		struct nlmsghdr hdr;
		uint8_t buf[RB_NL_REQ_SIZE];
	} msg;
	size_t len;   /* bytes used; msg.hdr.nlmsg_len once rb_nl_req_end()ed */
	int overflow; /* a write did not fit: the request is not sent */
};

/* Start a request of `type` (RTM_*) with `flags` (NLM_F_*; NLM_F_REQUEST
 * and NLM_F_ACK are always added) and the fixed struct `fixed` of `size`
 * bytes. */
void rb_nl_req_init(struct rb_nl_req *req, uint16_t type, uint16_t flags, const void *fixed,
		    size_t size);
/* Append attribute `type` with `size` bytes of value: 0, or -1 when it
 * does not fit (req->overflow is set). */
int rb_nl_put(struct rb_nl_req *req, uint16_t type, const void *value, size_t size);
int rb_nl_put_u32(struct rb_nl_req *req, uint16_t type, uint32_t value);
int rb_nl_put_s32(struct rb_nl_req *req, uint16_t type, int32_t value);
int rb_nl_put_str(struct rb_nl_req *req, uint16_t type, const char *s); /* with its NUL */
/* Open a nested attribute: the offset to give rb_nl_nest_end(), which sets
 * its length once its attributes are written (NLA_F_NESTED is set in its
 * type, as the kernel's strict parsers require of nests since 5.2). */
size_t rb_nl_nest_begin(struct rb_nl_req *req, uint16_t type);
void rb_nl_nest_end(struct rb_nl_req *req, size_t at);

/* What the reply to one request said. Set echo_type (and echo, echo_size)
 * before reading to keep the fixed struct of a message of that type that
 * comes back (NLM_F_ECHO: the filter as the kernel made it; the answer to
 * an RTM_GET* request), and echo_attr to keep one string attribute of it
 * too (TCA_KIND: what kind of qdisc it is). */
struct rb_nl_reply {
	uint16_t echo_type; /* in: RTM_* to keep, 0 for none */
	void *echo;         /* in: where its first echo_size bytes go */
	size_t echo_size;
	uint16_t echo_attr; /* in: a string attribute of that message to keep, 0 none */
	char echo_str[32];  /* out: its value (cut to fit), "" when it had none */
	int echoed;         /* out: one came */
	int acked;          /* out: the acknowledgment came */
	int error;          /* out: its error, a positive errno; 0 on success */
	char msg[256];      /* out: the kernel's extended ack message, or "" */
};

/* Read one datagram of replies (buf, len) to request `seq`: 0 (reply
 * updated; acked says whether the ack was in it), or -1 when the bytes are
 * not well-formed netlink, with err saying where and what was expected. */
int rb_nl_parse_reply(const void *buf, size_t len, uint32_t seq, struct rb_nl_reply *reply,
		      struct rb_error *err);

/* Send `req` on a new NETLINK_ROUTE socket in the caller's network
 * namespace and read replies until its ack. `what` describes the request
 * for the narration ("RTM_SETLINK lo IFLA_XDP {fd 5}"). 0 when the kernel
 * said yes; 1 when it refused (reply->error, reply->msg; err untouched,
 * for the caller to name what was refused); -1 when the socket failed or
 * the reply was malformed (err says so). */
int rb_nl_talk(const struct rb_narrator *narrator, struct rb_nl_req *req, const char *what,
	       struct rb_nl_reply *reply, struct rb_error *err);

/* ": the kernel says: MSG" when the ack carried one, else "": for messages. */
const char *rb_nl_said(const struct rb_nl_reply *reply, char *buf, size_t size);

#endif
