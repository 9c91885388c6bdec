/* The part of include/uapi/linux/pkt_sched.h that rawbpf uses: traffic
 * control handles. A handle is 32 bits, major:minor (16 each); a filter
 * hangs on a parent qdisc's handle. The clsact qdisc (Linux 4.5) has no
 * queue: it is where filters on ingress and egress go, under the parents
 * TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS) and ... TC_H_MIN_EGRESS (what
 * `tc filter add dev X ingress|egress` means). Checked against the system's
 * headers by tests/unit/test_uapi.c. */
#ifndef RAWBPF_UAPI_LINUX_PKT_SCHED_H
#define RAWBPF_UAPI_LINUX_PKT_SCHED_H

/* A BPF program built with -Iuapi that includes <linux/pkt_sched.h>,
 * directly or through a system header, gets the system's whole header when
 * there is one; the subset below is the loader's (uapi/linux/types.h
 * explains). */
#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/pkt_sched.h>) && __has_include(<asm/types.h>)
#define RAWBPF_SYSTEM_PKT_SCHED 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_PKT_SCHED
#include_next <linux/pkt_sched.h>
#else

#define TC_H_MAJ_MASK (0xFFFF0000U)
#define TC_H_MIN_MASK (0x0000FFFFU)
#define TC_H_MAJ(h) ((h) & TC_H_MAJ_MASK)
#define TC_H_MIN(h) ((h) & TC_H_MIN_MASK)
#define TC_H_MAKE(maj, min) (((maj) & TC_H_MAJ_MASK) | ((min) & TC_H_MIN_MASK))

#define TC_H_UNSPEC (0U)
#define TC_H_ROOT (0xFFFFFFFFU)
#define TC_H_INGRESS (0xFFFFFFF1U)
#define TC_H_CLSACT TC_H_INGRESS /* clsact takes ingress's place */

#define TC_H_MIN_PRIORITY 0xFFE0U
#define TC_H_MIN_INGRESS 0xFFF2U
#define TC_H_MIN_EGRESS 0xFFF3U

#endif /* RAWBPF_SYSTEM_PKT_SCHED */

#endif
