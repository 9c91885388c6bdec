/* The part of the kernel's traffic-control classifier ABI
 * (include/uapi/linux/pkt_cls.h) that rawbpf and its BPF programs use:
 *  - what a tc program returns (TC_ACT_*), for BPF programs and for
 *    `rawbpf test-run`'s names of return values;
 *  - the attributes of a "bpf" filter (TCA_BPF_*), which the loader sends
 *    in an RTM_NEWTFILTER request's TCA_OPTIONS to attach a tc program on
 *    kernels without tcx links (before Linux 6.6).
 * Checked against the system's headers by tests/unit/test_uapi.c.
 *
 * A BPF program built with -Iuapi that says #include <linux/pkt_cls.h>
 * gets the system's whole header when there is one (it has much more:
 * u32 and flower filter structs, ...), as uapi/linux/types.h explains;
 * the subset below is for the loader, and for BPF programs on a machine
 * without kernel headers. */
#ifndef RAWBPF_UAPI_LINUX_PKT_CLS_H
#define RAWBPF_UAPI_LINUX_PKT_CLS_H

#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/pkt_cls.h>) && __has_include(<asm/types.h>)
#define RAWBPF_SYSTEM_PKT_CLS 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_PKT_CLS
#include_next <linux/pkt_cls.h>
#else

#include "types.h"
#include "pkt_sched.h"

/* A tc program's verdict on a packet (sch_handle_ingress() and
 * tcf_classify() in net/sched/; for a direct-action bpf filter or a tcx
 * link the program's return value is the action itself). */
#define TC_ACT_UNSPEC (-1)   /* the default of the filter or tcx chain */
#define TC_ACT_OK 0          /* let the packet through */
#define TC_ACT_RECLASSIFY 1
#define TC_ACT_SHOT 2        /* drop it */
#define TC_ACT_PIPE 3        /* go on with the next action */
#define TC_ACT_STOLEN 4      /* consumed: the program took the packet */
#define TC_ACT_QUEUED 5
#define TC_ACT_REPEAT 6
#define TC_ACT_REDIRECT 7    /* bpf_redirect() said where */
#define TC_ACT_TRAP 8
#define TC_ACT_VALUE_MAX TC_ACT_TRAP

/* Flags of any classifier (TCA_BPF_FLAGS_GEN for a bpf filter): where the
 * filter runs, hardware or software. */
#define TCA_CLS_FLAGS_SKIP_HW (1 << 0)
#define TCA_CLS_FLAGS_SKIP_SW (1 << 1)
#define TCA_CLS_FLAGS_IN_HW (1 << 2)
#define TCA_CLS_FLAGS_NOT_IN_HW (1 << 3)
#define TCA_CLS_FLAGS_VERBOSE (1 << 4)

/* TCA_BPF_FLAGS: direct action (Linux 4.4): the program's return value is
 * the verdict (TC_ACT_*), with no separate tc action; `tc filter add ...
 * bpf da` sets it, and libbpf's bpf_tc_attach() always does. */
#define TCA_BPF_FLAG_ACT_DIRECT (1 << 0)

/* The attributes inside a bpf filter's TCA_OPTIONS (net/sched/cls_bpf.c
 * bpf_policy[]). A filter of an eBPF program gives TCA_BPF_FD (u32: the
 * program's fd), TCA_BPF_NAME (string, shown by `tc filter show`) and
 * TCA_BPF_FLAGS; replies carry TCA_BPF_ID and TCA_BPF_TAG. */
enum {
	TCA_BPF_UNSPEC,
	TCA_BPF_ACT,
	TCA_BPF_POLICE,
	TCA_BPF_CLASSID,
	TCA_BPF_OPS_LEN,  /* classic BPF: the instruction count ... */
	TCA_BPF_OPS,      /* ... and the instructions */
	TCA_BPF_FD,
	TCA_BPF_NAME,
	TCA_BPF_FLAGS,
	TCA_BPF_FLAGS_GEN,
	TCA_BPF_TAG,
	TCA_BPF_ID,
	__TCA_BPF_MAX,
};
#define TCA_BPF_MAX (__TCA_BPF_MAX - 1)

#endif /* RAWBPF_SYSTEM_PKT_CLS */

#endif
