/* The rtnetlink client (netlink.h says what netlink messages look like).
 *
 * One socket per request: open, send, read up to the acknowledgment,
 * close. rawbpf sends a handful of requests per run (attach, detach), so
 * nothing is gained by keeping a socket, and a link then needs nothing of
 * the object or of other links to undo itself. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netlink.h"

#define REPLY_TIMEOUT_MS 5000 /* the kernel answers at once: this is a safety net */

void rb_nl_req_init(struct rb_nl_req *req, uint16_t type, uint16_t flags, const void *fixed,
		    size_t size)
{
	memset(req, 0, sizeof(*req));
	req->msg.hdr.nlmsg_type = type;
	req->msg.hdr.nlmsg_flags = flags | NLM_F_REQUEST | NLM_F_ACK;
	req->len = NLMSG_HDRLEN;
	if (req->len + NLMSG_ALIGN(size) > sizeof(req->msg.buf)) {
		req->overflow = 1;
		return;
	}
	memcpy(req->msg.buf + req->len, fixed, size);
	req->len += NLMSG_ALIGN(size);
}

int rb_nl_put(struct rb_nl_req *req, uint16_t type, const void *value, size_t size)
{
	struct nlattr nla;

	/* nla_len is 16 bits, and the attribute must fit in what is left */
	if (req->overflow || size > 0xffff - NLA_HDRLEN ||
	    NLA_HDRLEN + NLA_ALIGN(size) > sizeof(req->msg.buf) - req->len) {
		req->overflow = 1;
		return -1;
	}
	nla.nla_len = (uint16_t)(NLA_HDRLEN + size);
	nla.nla_type = type;
	memcpy(req->msg.buf + req->len, &nla, sizeof(nla));
	if (size)
		memcpy(req->msg.buf + req->len + NLA_HDRLEN, value, size);
	/* the padding is already zero (rb_nl_req_init cleared the buffer) */
	req->len += NLA_HDRLEN + NLA_ALIGN(size);
	return 0;
}

int rb_nl_put_u32(struct rb_nl_req *req, uint16_t type, uint32_t value)
{
	return rb_nl_put(req, type, &value, sizeof(value));
}

int rb_nl_put_s32(struct rb_nl_req *req, uint16_t type, int32_t value)
{
	return rb_nl_put(req, type, &value, sizeof(value));
}

int rb_nl_put_str(struct rb_nl_req *req, uint16_t type, const char *s)
{
	return rb_nl_put(req, type, s, strlen(s) + 1);
}

size_t rb_nl_nest_begin(struct rb_nl_req *req, uint16_t type)
{
	size_t at = req->len;

	/* an empty attribute now; rb_nl_nest_end() sets its length */
	if (rb_nl_put(req, type | NLA_F_NESTED, NULL, 0))
		return 0;
	return at;
}

void rb_nl_nest_end(struct rb_nl_req *req, size_t at)
{
	struct nlattr nla;

	if (req->overflow || at == 0 || req->len - at > 0xffff) {
		req->overflow = 1;
		return;
	}
	memcpy(&nla, req->msg.buf + at, sizeof(nla));
	nla.nla_len = (uint16_t)(req->len - at);
	memcpy(req->msg.buf + at, &nla, sizeof(nla));
}

/* The kernel's message for people, copied up to its NUL or the end of the
 * attribute, whichever comes first (a message without a NUL is cut, not
 * read past), with anything unprintable made '?'. */
static void copy_message(char *out, size_t size, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size && p[i]; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[i] = '\0';
}

/* The attributes after an acknowledgment's struct nlmsgerr (and the copy
 * of the request, unless NLM_F_CAPPED): bytes [at, end) of the message. */
static int parse_ack_tlvs(const uint8_t *msg, size_t at, size_t end, size_t msg_off,
			  struct rb_nl_reply *reply, struct rb_error *err)
{
	while (end - at >= sizeof(struct nlattr)) {
		struct nlattr nla;

		memcpy(&nla, msg + at, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > end - at)
			return rb_fail(err, RB_ERR_KERNEL, "netlink reply: the acknowledgment at "
				       "offset %zu has an attribute of %u bytes at its byte %zu: "
				       "expected %d to %zu", msg_off, nla.nla_len, at, NLA_HDRLEN,
				       end - at);
		if ((nla.nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			copy_message(reply->msg, sizeof(reply->msg), msg + at + NLA_HDRLEN,
				     nla.nla_len - NLA_HDRLEN);
		at += NLA_ALIGN(nla.nla_len);
		if (at > end)
			break; /* the last attribute's padding may be missing */
	}
	return 0;
}

/* One NLMSG_ERROR message, `len` bytes from msg (msg_off in the datagram). */
static int parse_ack(const uint8_t *msg, size_t len, size_t msg_off, struct rb_nl_reply *reply,
		     struct rb_error *err)
{
	struct nlmsghdr hdr;
	struct nlmsgerr e;
	size_t tlvs;

	if (len < NLMSG_HDRLEN + sizeof(e))
		return rb_fail(err, RB_ERR_KERNEL, "netlink reply: the acknowledgment at offset "
			       "%zu is %zu bytes, less than its header and struct nlmsgerr (%zu)",
			       msg_off, len, NLMSG_HDRLEN + sizeof(e));
	memcpy(&hdr, msg, sizeof(hdr));
	memcpy(&e, msg + NLMSG_HDRLEN, sizeof(e));
	if (e.error > 0 || e.error < -4095)
		return rb_fail(err, RB_ERR_KERNEL, "netlink reply: the acknowledgment at offset "
			       "%zu has error %d: expected 0 or a negative errno", msg_off, e.error);
	reply->acked = 1;
	reply->error = -e.error;
	if (!(hdr.nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	tlvs = NLMSG_HDRLEN + sizeof(e);
	/* Without NLM_F_CAPPED the request's payload comes first (the kernel's
	 * netlink_ack(), net/netlink/af_netlink.c). */
	if (!(hdr.nlmsg_flags & NLM_F_CAPPED)) {
		if (e.msg.nlmsg_len < NLMSG_HDRLEN ||
		    NLMSG_ALIGN(e.msg.nlmsg_len - NLMSG_HDRLEN) > len - tlvs)
			return rb_fail(err, RB_ERR_KERNEL, "netlink reply: the acknowledgment at "
				       "offset %zu copies a request of %u bytes, which does not fit "
				       "in its %zu bytes", msg_off, e.msg.nlmsg_len, len);
		tlvs += NLMSG_ALIGN(e.msg.nlmsg_len - NLMSG_HDRLEN);
	}
	return parse_ack_tlvs(msg, tlvs, len, msg_off, reply, err);
}

/* The string attribute reply->echo_attr of an echoed message: its
 * attributes follow the fixed struct, bytes [at, end) of the datagram. */
static int parse_echo_attrs(const uint8_t *bytes, size_t at, size_t end, size_t msg_off,
			    struct rb_nl_reply *reply, struct rb_error *err)
{
	while (end > at && end - at >= sizeof(struct nlattr)) {
		struct nlattr nla;

		memcpy(&nla, bytes + at, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > end - at)
			return rb_fail(err, RB_ERR_KERNEL, "netlink reply: the message at offset %zu "
				       "has an attribute of %u bytes at byte %zu: expected %d to %zu",
				       msg_off, nla.nla_len, at - msg_off, NLA_HDRLEN, end - at);
		if ((nla.nla_type & NLA_TYPE_MASK) == reply->echo_attr)
			copy_message(reply->echo_str, sizeof(reply->echo_str),
				     bytes + at + NLA_HDRLEN, nla.nla_len - NLA_HDRLEN);
		if ((size_t)NLA_ALIGN(nla.nla_len) >= end - at)
			break; /* the last attribute's padding may be missing */
		at += NLA_ALIGN(nla.nla_len);
	}
	return 0;
}

int rb_nl_parse_reply(const void *buf, size_t len, uint32_t seq, struct rb_nl_reply *reply,
		      struct rb_error *err)
{
	const uint8_t *bytes = buf;
	size_t off = 0;

	while (off < len && !reply->acked) {
		struct nlmsghdr hdr;

		if (len - off < sizeof(hdr))
			return rb_fail(err, RB_ERR_KERNEL, "netlink reply: %zu bytes at offset %zu, "
				       "less than a message header (%zu)", len - off, off, sizeof(hdr));
		memcpy(&hdr, bytes + off, sizeof(hdr));
		if (hdr.nlmsg_len < sizeof(hdr) || hdr.nlmsg_len > len - off)
			return rb_fail(err, RB_ERR_KERNEL, "netlink reply: the message at offset %zu "
				       "says it is %u bytes: expected %zu to %zu", off, hdr.nlmsg_len,
				       sizeof(hdr), len - off);
		if (hdr.nlmsg_seq != seq) {
			/* not the answer to this request */
		} else if (hdr.nlmsg_type == NLMSG_ERROR) {
			if (parse_ack(bytes + off, hdr.nlmsg_len, off, reply, err))
				return -1;
		} else if (reply->echo_type && hdr.nlmsg_type == reply->echo_type) {
			if (hdr.nlmsg_len - NLMSG_HDRLEN < reply->echo_size)
				return rb_fail(err, RB_ERR_KERNEL, "netlink reply: the message of type "
					       "%u at offset %zu has %u bytes after its header: "
					       "expected at least %zu", hdr.nlmsg_type, off,
					       hdr.nlmsg_len - NLMSG_HDRLEN, reply->echo_size);
			memcpy(reply->echo, bytes + off + NLMSG_HDRLEN, reply->echo_size);
			reply->echoed = 1;
			if (reply->echo_attr &&
			    parse_echo_attrs(bytes, off + NLMSG_HDRLEN + NLMSG_ALIGN(reply->echo_size),
					     off + hdr.nlmsg_len, off, reply, err))
				return -1;
		}
		off += NLMSG_ALIGN(hdr.nlmsg_len);
	}
	return 0;
}

const char *rb_nl_said(const struct rb_nl_reply *reply, char *buf, size_t size)
{
	if (reply->msg[0])
		snprintf(buf, size, ": the kernel says: %s", reply->msg);
	else
		buf[0] = '\0';
	return buf;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read datagrams until the ack for `seq`. */
static int read_replies(int fd, uint32_t seq, struct rb_nl_reply *reply, struct rb_error *err)
{
	long long deadline = now_ms() + REPLY_TIMEOUT_MS;
	uint32_t buf[4096]; /* 16 KiB, aligned as the kernel aligns messages */

	while (!reply->acked) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		long long left = deadline - now_ms();
		ssize_t n;
		int ready;

		ready = left > 0 ? poll(&p, 1, (int)left) : 0;
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "netlink: poll");
		if (ready == 0)
			return rb_fail(err, RB_ERR_KERNEL, "netlink: no acknowledgment from the "
				       "kernel within %d ms", REPLY_TIMEOUT_MS);
		n = recvmsg(fd, &mh, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "netlink: recvmsg");
		if (mh.msg_flags & MSG_TRUNC)
			return rb_fail(err, RB_ERR_KERNEL, "netlink reply: a datagram larger than "
				       "rawbpf's %zu-byte buffer was cut", sizeof(buf));
		if (rb_nl_parse_reply(buf, (size_t)n, seq, reply, err))
			return -1;
	}
	return 0;
}

int rb_nl_talk(const struct rb_narrator *narrator, struct rb_nl_req *req, const char *what,
	       struct rb_nl_reply *reply, struct rb_error *err)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK }; /* nl_pid 0: the kernel */
	const uint32_t seq = 1; /* a socket of its own: any number pairs request and ack */
	int one = 1, fd, ret;
	char said[300];
	ssize_t n;

	if (req->overflow)
		return rb_fail(err, RB_ERR_SYSTEM, "netlink request %s does not fit in rawbpf's "
			       "%d-byte buffer", what, RB_NL_REQ_SIZE);
	req->msg.hdr.nlmsg_len = (uint32_t)req->len;
	req->msg.hdr.nlmsg_seq = seq;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		int e = errno;
		rb_narrate(narrator, "netlink(NETLINK_ROUTE, %s): socket(AF_NETLINK) = -1 (%s)",
			   what, strerror(e));
		return rb_fail_errno(err, RB_ERR_SYSTEM, e,
				     "socket(AF_NETLINK, NETLINK_ROUTE) for %s", what);
	}
	/* Both are optional: a kernel before 4.12 (EXT_ACK) or 4.3 (CAP_ACK)
	 * says ENOPROTOOPT, and its acks are only less informative. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	n = sendto(fd, req->msg.buf, req->len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
	if (n != (ssize_t)req->len) {
		int e = n < 0 ? errno : EMSGSIZE;
		close(fd);
		rb_narrate(narrator, "netlink(NETLINK_ROUTE, %s): sendto = -1 (%s)", what,
			   strerror(e));
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "netlink: sending %s", what);
	}
	ret = read_replies(fd, seq, reply, err);
	close(fd);
	if (ret) {
		/* a timeout, a failed read, a malformed reply: err says which */
		rb_narrate(narrator, "netlink(NETLINK_ROUTE, %s) = no usable answer: %s", what,
			   err ? err->msg : "(no error kept)");
		return -1;
	}
	if (reply->error) {
		rb_narrate(narrator, "netlink(NETLINK_ROUTE, %s) = error %s%s", what,
			   strerror(reply->error), rb_nl_said(reply, said, sizeof(said)));
		return 1;
	}
	rb_narrate(narrator, "netlink(NETLINK_ROUTE, %s) = ack", what);
	return 0;
}
