/* The part of include/uapi/linux/if_link.h that rawbpf uses: a link's XDP
 * attribute (RTM_SETLINK, net/core/rtnetlink.c do_setlink()) and the XDP
 * flags, which BPF_LINK_CREATE takes too (link_create.flags). Checked
 * against the system's headers by tests/unit/test_uapi.c. */
#ifndef RAWBPF_UAPI_LINUX_IF_LINK_H
#define RAWBPF_UAPI_LINUX_IF_LINK_H

/* A BPF program built with -Iuapi that includes <linux/if_link.h>,
 * directly or through a system header, gets the system's whole header when
 * there is one; the subset below is the loader's (uapi/linux/types.h
 * explains). */
#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/if_link.h>) && __has_include(<asm/types.h>)
#define RAWBPF_SYSTEM_IF_LINK 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_IF_LINK
#include_next <linux/if_link.h>
#else

/* The link attribute that holds the XDP attributes below (nested). In the
 * kernel one of an enum of IFLA_* attributes. */
#define IFLA_XDP 43

/* Inside IFLA_XDP */
enum {
	IFLA_XDP_UNSPEC,
	IFLA_XDP_FD,          /* s32: the program to attach, -1 to detach */
	IFLA_XDP_ATTACHED,    /* u8 in replies: XDP_ATTACHED_* */
	IFLA_XDP_FLAGS,       /* u32: XDP_FLAGS_* */
	IFLA_XDP_PROG_ID,     /* u32 in replies */
	IFLA_XDP_DRV_PROG_ID,
	IFLA_XDP_SKB_PROG_ID,
	IFLA_XDP_HW_PROG_ID,
	IFLA_XDP_EXPECTED_FD, /* s32, with XDP_FLAGS_REPLACE (Linux 5.7): change
				 the program only if this one is attached */
};

/* Fail (EBUSY) when a program is attached already, instead of replacing it */
#define XDP_FLAGS_UPDATE_IF_NOEXIST (1U << 0)
#define XDP_FLAGS_SKB_MODE (1U << 1) /* generic XDP, on the skb: any interface */
#define XDP_FLAGS_DRV_MODE (1U << 2) /* native XDP, in the driver */
#define XDP_FLAGS_HW_MODE (1U << 3)  /* offloaded to the NIC */
#define XDP_FLAGS_REPLACE (1U << 4)  /* IFLA_XDP_EXPECTED_FD is given */

#endif /* RAWBPF_SYSTEM_IF_LINK */

#endif
