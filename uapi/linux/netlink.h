/* The part of the kernel's netlink ABI (include/uapi/linux/netlink.h) that
 * rawbpf's rtnetlink client uses (loader/attach/netlink.c), to attach XDP
 * and tc programs on kernels without bpf links for them.
 *
 * Netlink is a socket family for talking to the kernel in messages: each
 * message is a header (struct nlmsghdr) and a payload; the payload of a
 * routing request is a fixed struct (rtnetlink.h) followed by attributes,
 * each a struct nlattr and its value, padded to 4 bytes. Names and numbers
 * are the kernel's; tests/unit/test_uapi.c compares them with the system's
 * headers. */
#ifndef RAWBPF_UAPI_LINUX_NETLINK_H
#define RAWBPF_UAPI_LINUX_NETLINK_H

/* A BPF program built with -Iuapi that includes <linux/netlink.h>,
 * directly or through a system header, gets the system's whole header when
 * there is one; the subset below is the loader's (uapi/linux/types.h
 * explains). */
#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/netlink.h>) && __has_include(<asm/types.h>)
#define RAWBPF_SYSTEM_NETLINK 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_NETLINK
#include_next <linux/netlink.h>
#else

#include "types.h"

/* The protocol of socket(AF_NETLINK, SOCK_RAW, ...) for links, addresses,
 * routes, qdiscs and filters: rtnetlink. */
#define NETLINK_ROUTE 0

/* A netlink address. nl_pid 0 is the kernel; a socket bound with 0 gets a
 * port id the kernel chooses. */
struct sockaddr_nl {
	__u16 nl_family;      /* AF_NETLINK (__kernel_sa_family_t) */
	unsigned short nl_pad;
	__u32 nl_pid;         /* port id */
	__u32 nl_groups;      /* multicast groups */
};

struct nlmsghdr {
	__u32 nlmsg_len;   /* the whole message: header, payload (not the padding after) */
	__u16 nlmsg_type;  /* RTM_* of rtnetlink.h, or NLMSG_ERROR, NLMSG_DONE */
	__u16 nlmsg_flags; /* NLM_F_* */
	__u32 nlmsg_seq;   /* echoed in the reply, to pair it with the request */
	__u32 nlmsg_pid;   /* the sender's port id */
};

/* Flags of every request */
#define NLM_F_REQUEST 0x01 /* a request (to the kernel) */
#define NLM_F_MULTI 0x02   /* one of several replies, NLMSG_DONE ends them */
#define NLM_F_ACK 0x04     /* answer with an NLMSG_ERROR, error 0 on success */
#define NLM_F_ECHO 0x08    /* send the request's result back to the sender */
/* Flags of a NEW request */
#define NLM_F_REPLACE 0x100 /* replace what exists */
#define NLM_F_EXCL 0x200    /* fail (EEXIST) when it exists */
#define NLM_F_CREATE 0x400  /* create it when it does not exist */
/* Flags of an acknowledgment (NLMSG_ERROR) */
#define NLM_F_CAPPED 0x100   /* the request's payload is not copied into the ack */
#define NLM_F_ACK_TLVS 0x200 /* extended ack attributes follow (NLMSGERR_ATTR_*) */

/* Messages and their headers are padded to 4 bytes. */
#define NLMSG_ALIGNTO 4U
#define NLMSG_ALIGN(len) (((len) + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1))
#define NLMSG_HDRLEN ((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))

/* Message types every netlink family shares */
#define NLMSG_NOOP 0x1
#define NLMSG_ERROR 0x2 /* an acknowledgment: struct nlmsgerr */
#define NLMSG_DONE 0x3

/* The payload of NLMSG_ERROR: the error (0 or a negative errno) and the
 * header of the request it answers; then, unless NLM_F_CAPPED, the
 * request's payload; then, with NLM_F_ACK_TLVS, attributes. */
struct nlmsgerr {
	int error;
	struct nlmsghdr msg;
};

/* The attributes after an acknowledgment (Linux 4.12, with the socket
 * option NETLINK_EXT_ACK): what the kernel has to say about the error. */
enum nlmsgerr_attrs {
	NLMSGERR_ATTR_UNUSED,
	NLMSGERR_ATTR_MSG,    /* a NUL-terminated message for people */
	NLMSGERR_ATTR_OFFS,   /* u32: the offset in the request of the attribute at fault */
	NLMSGERR_ATTR_COOKIE,
};

/* setsockopt(fd, SOL_NETLINK, ...) options */
#define NETLINK_CAP_ACK 10 /* acks carry no copy of the request (NLM_F_CAPPED) */
#define NETLINK_EXT_ACK 11 /* acks carry the kernel's message (NLM_F_ACK_TLVS) */

/* An attribute: its header, then nla_len - NLA_HDRLEN bytes of value,
 * padded to 4 bytes. A nested attribute's value is more attributes. */
struct nlattr {
	__u16 nla_len;  /* header and value, not the padding */
	__u16 nla_type;
};

#define NLA_F_NESTED (1 << 15)        /* the value is attributes */
#define NLA_F_NET_BYTEORDER (1 << 14) /* the value is in network byte order */
#define NLA_TYPE_MASK ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)

#define NLA_ALIGNTO 4
#define NLA_ALIGN(len) (((len) + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1))
#define NLA_HDRLEN ((int)NLA_ALIGN(sizeof(struct nlattr)))

#endif /* RAWBPF_SYSTEM_NETLINK */

#endif
