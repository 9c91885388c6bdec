/* The part of rtnetlink (include/uapi/linux/rtnetlink.h) that rawbpf uses:
 * the message types that change a network interface (its XDP program) and
 * its traffic control (qdiscs and filters), and their fixed headers.
 * Checked against the system's headers by tests/unit/test_uapi.c. */
#ifndef RAWBPF_UAPI_LINUX_RTNETLINK_H
#define RAWBPF_UAPI_LINUX_RTNETLINK_H

/* A BPF program built with -Iuapi that includes <linux/rtnetlink.h>,
 * directly or through a system header, gets the system's whole header when
 * there is one; the subset below is the loader's (uapi/linux/types.h
 * explains). */
#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/rtnetlink.h>) && __has_include(<asm/types.h>)
#define RAWBPF_SYSTEM_RTNETLINK 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_RTNETLINK
#include_next <linux/rtnetlink.h>
#else

#include "types.h"
#include "netlink.h"

/* Message types: links (network interfaces), qdiscs, filters. In the
 * kernel an enum, each also a #define of the same name. */
#define RTM_NEWLINK 16
#define RTM_DELLINK 17
#define RTM_GETLINK 18
#define RTM_SETLINK 19   /* change a link: IFLA_* attributes, e.g. IFLA_XDP */
#define RTM_NEWQDISC 36
#define RTM_DELQDISC 37
#define RTM_GETQDISC 38
#define RTM_NEWTFILTER 44
#define RTM_DELTFILTER 45
#define RTM_GETTFILTER 46

/* The fixed header of RTM_*LINK: which interface. */
struct ifinfomsg {
	unsigned char ifi_family; /* AF_UNSPEC */
	unsigned char __ifi_pad;
	unsigned short ifi_type;  /* ARPHRD_* */
	int ifi_index;            /* the interface (if_nametoindex) */
	unsigned ifi_flags;       /* IFF_* */
	unsigned ifi_change;      /* which IFF_* flags to change */
};

/* The fixed header of RTM_*QDISC and RTM_*TFILTER: the interface, the
 * object's handle, its parent (where in the tree it hangs), and for a
 * filter tcm_info = TC_H_MAKE(priority << 16, protocol in network order). */
struct tcmsg {
	unsigned char tcm_family; /* AF_UNSPEC */
	unsigned char tcm__pad1;
	unsigned short tcm__pad2;
	int tcm_ifindex;
	__u32 tcm_handle;
	__u32 tcm_parent;
	__u32 tcm_info;
};

/* Attributes of a qdisc or filter message */
enum {
	TCA_UNSPEC,
	TCA_KIND,    /* string: "clsact", "bpf" */
	TCA_OPTIONS, /* nested: the kind's own attributes (TCA_BPF_* for "bpf") */
};

#endif /* RAWBPF_SYSTEM_RTNETLINK */

#endif
