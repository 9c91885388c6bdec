/* Section name → program type and attach point: the one table.
 *
 * clang puts each SEC("...") function into an ELF section of that name. The
 * name is the only place an object says what kind of program it holds, so
 * loaders agree on a convention (libbpf's, which rawbpf follows): a prefix
 * gives the type, the rest is the attach target,
 *   tracepoint/syscalls/sys_enter_execve → TRACEPOINT at syscalls:sys_enter_execve
 * The first matching entry wins. A prefix ending in '/' must be followed by
 * a target; one without names a whole word ("xdp" or "xdp/..."), so that
 * "tp/" does not match "tp_btf/x" and "tc" does not match "tcx". */
#include <string.h>

#include "rawbpf.h"
#include "uapi/linux/bpf.h"
/* The table sits at loader/ top level, beside no stage: the open stage
 * reads it for the program type, the kernel stage for RB_SEC_ATTACH_BTF,
 * the attach stage for the provider. It names the providers through
 * attach/providers.h, which declares them and nothing else, so open/ never
 * includes an attach/ header and there is no include circle. */
#include "loader/attach/providers.h"

#define NOT_YET "rawbpf does not attach these yet"
#define NO_HOOK "it needs a socket, interface or cgroup that rawbpf run does not choose"
#define NO_TARGET "its section names no tracepoint (e.g. a tail call's target)"
#define GIVE_KPROBE "its section names no function: give one, run --attach PROG=FUNC"
#define GIVE_UPROBE "its section names no target: give one, run --attach PROG=PATH:FUNC"
#define GIVE_USDT "its section names no probe: give one, run --attach PROG=PATH:PROVIDER:NAME"
#define TEST_RUN_ONLY "it runs when user space calls it: rawbpf test-run"
#define FROM_A_MAP "it runs from a devmap or cpumap entry (on the frames redirected " \
	"there), not attached: put its fd in the map's entry"

#define TRACEPOINT &rb_provider_tracepoint
#define KPROBE &rb_provider_kprobe
#define UPROBE &rb_provider_uprobe
#define USDT &rb_provider_usdt
#define RAW_TP &rb_provider_raw_tp
#define BTF_TRACING &rb_provider_btf_tracing
#define RETURN RB_SEC_RETURN_PROBE
#define BTF RB_SEC_ATTACH_BTF
#define SOCKET_FILTER &rb_provider_socket_filter
#define CGROUP &rb_provider_cgroup
#define NETNS &rb_provider_netns
#define LSM &rb_provider_lsm
#define ITER &rb_provider_iter
#define XDP &rb_provider_xdp
#define TC &rb_provider_tc
#define PERF_SAMPLE &rb_provider_perf_sample
#define SLEEPABLE RB_SEC_SLEEPABLE
#define FRAGS RB_SEC_XDP_FRAGS
#define NO_DIRECTION "libbpf's legacy name says no direction, so libbpf attaches it nowhere " \
	"either: name the section cgroup_skb/ingress or cgroup_skb/egress"

static const struct rb_section_def defs[] = {
	/* prefix, --type name, program type, expected attach type, provider, flags, note */
	{ "tracepoint/", "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, TRACEPOINT, 0, NULL },
	{ "tp/", "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, TRACEPOINT, 0, NULL },
	/* libbpf's convention for a program that is loaded but not attached,
	 * as the target of a tail call (which must have its caller's type) */
	{ "tracepoint", "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, NULL, 0, NO_TARGET },
	{ "tp", "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, NULL, 0, NO_TARGET },
	{ "kprobe/", "kprobe", BPF_PROG_TYPE_KPROBE, 0, KPROBE, 0, NULL },
	{ "kretprobe/", "kretprobe", BPF_PROG_TYPE_KPROBE, 0, KPROBE, RETURN, NULL },
	{ "uprobe/", "uprobe", BPF_PROG_TYPE_KPROBE, 0, UPROBE, 0, NULL },
	{ "uretprobe/", "uretprobe", BPF_PROG_TYPE_KPROBE, 0, UPROBE, RETURN, NULL },
	/* Bare names (libbpf-tools' bashreadline, gethostlatency): the target
	 * is user space's to give, rb_attach_opts.targets (run --attach). */
	{ "kprobe", "kprobe", BPF_PROG_TYPE_KPROBE, 0, KPROBE, 0, GIVE_KPROBE },
	{ "kretprobe", "kretprobe", BPF_PROG_TYPE_KPROBE, 0, KPROBE, RETURN, GIVE_KPROBE },
	{ "uprobe", "uprobe", BPF_PROG_TYPE_KPROBE, 0, UPROBE, 0, GIVE_UPROBE },
	{ "uretprobe", "uretprobe", BPF_PROG_TYPE_KPROBE, 0, UPROBE, RETURN, GIVE_UPROBE },
	/* USDT probes (attach/usdt.c): uprobes on a probe's sites; bare
	 * "usdt" takes the probe from run --attach, as libbpf's does */
	{ "usdt/", "usdt", BPF_PROG_TYPE_KPROBE, 0, USDT, 0, NULL },
	{ "usdt", "usdt", BPF_PROG_TYPE_KPROBE, 0, USDT, 0, GIVE_USDT },
	{ "raw_tracepoint/", "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RAW_TP, 0, NULL },
	{ "raw_tp/", "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RAW_TP, 0, NULL },
	{ "tp_btf/", "tp_btf", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, BTF_TRACING, BTF, NULL },
	{ "fentry/", "fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, BTF_TRACING, BTF, NULL },
	{ "fexit/", "fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, BTF_TRACING, BTF, NULL },
	/* on one perf event per CPU: cpu-clock, or --event (attach/perf_sample.c) */
	{ "perf_event", "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, PERF_SAMPLE, 0, NULL },
	/* on a packet socket bound to --iface (attach/socket_filter.c) */
	{ "socket", "socket", BPF_PROG_TYPE_SOCKET_FILTER, 0, SOCKET_FILTER, 0, NULL },
	/* on an interface (--iface): loaded with BPF_XDP as libbpf does; tc
	 * programs by the expected attach type libbpf gives each section,
	 * which tc.c reads for the direction (0: ingress) */
	/* libbpf's names for XDP programs a devmap or cpumap entry runs
	 * (bpf_devmap_val.bpf_prog.fd, bpf_cpumap_val), loaded with their own
	 * attach type; and xdp.frags, multi-buffer XDP (FRAGS, at load) */
	{ "xdp/devmap", "xdp/devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, NULL, 0, FROM_A_MAP },
	{ "xdp/cpumap", "xdp/cpumap", BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, NULL, 0, FROM_A_MAP },
	{ "xdp.frags/devmap", "xdp.frags/devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, NULL, FRAGS,
	  FROM_A_MAP },
	{ "xdp.frags/cpumap", "xdp.frags/cpumap", BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, NULL, FRAGS,
	  FROM_A_MAP },
	{ "xdp.frags", "xdp.frags", BPF_PROG_TYPE_XDP, BPF_XDP, XDP, FRAGS, NULL },
	{ "xdp", "xdp", BPF_PROG_TYPE_XDP, BPF_XDP, XDP, 0, NULL },
	{ "classifier", "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, TC, 0, NULL },
	{ "tc/ingress", "classifier", BPF_PROG_TYPE_SCHED_CLS, BPF_TCX_INGRESS, TC, 0, NULL },
	{ "tc/egress", "classifier", BPF_PROG_TYPE_SCHED_CLS, BPF_TCX_EGRESS, TC, 0, NULL },
	{ "tcx/ingress", "classifier", BPF_PROG_TYPE_SCHED_CLS, BPF_TCX_INGRESS, TC, 0, NULL },
	{ "tcx/egress", "classifier", BPF_PROG_TYPE_SCHED_CLS, BPF_TCX_EGRESS, TC, 0, NULL },
	{ "tc", "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, TC, 0, NULL },
	{ "action", "action", BPF_PROG_TYPE_SCHED_ACT, 0, NULL, 0, NO_HOOK },
	/* On a cgroup v2 directory (--cgroup; attach/cgroup.c), as libbpf names
	 * them (tools/lib/bpf/libbpf.c, section_defs): the expected attach type
	 * at load is also the link's attach type. */
	{ "cgroup_skb/ingress", "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB,
	  BPF_CGROUP_INET_INGRESS, CGROUP, 0, NULL },
	{ "cgroup_skb/egress", "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB,
	  BPF_CGROUP_INET_EGRESS, CGROUP, 0, NULL },
	{ "cgroup/skb", "cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB, 0, NULL, 0, NO_DIRECTION },
	{ "cgroup/sock_create", "cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK,
	  BPF_CGROUP_INET_SOCK_CREATE, CGROUP, 0, NULL },
	{ "cgroup/sock_release", "cgroup/sock_release", BPF_PROG_TYPE_CGROUP_SOCK,
	  BPF_CGROUP_INET_SOCK_RELEASE, CGROUP, 0, NULL },
	/* libbpf's older name of sock_create */
	{ "cgroup/sock", "cgroup/sock", BPF_PROG_TYPE_CGROUP_SOCK,
	  BPF_CGROUP_INET_SOCK_CREATE, CGROUP, 0, NULL },
	{ "cgroup/post_bind4", "cgroup/post_bind4", BPF_PROG_TYPE_CGROUP_SOCK,
	  BPF_CGROUP_INET4_POST_BIND, CGROUP, 0, NULL },
	{ "cgroup/post_bind6", "cgroup/post_bind6", BPF_PROG_TYPE_CGROUP_SOCK,
	  BPF_CGROUP_INET6_POST_BIND, CGROUP, 0, NULL },
	{ "cgroup/bind4", "cgroup/bind4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_INET4_BIND, CGROUP, 0, NULL },
	{ "cgroup/bind6", "cgroup/bind6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_INET6_BIND, CGROUP, 0, NULL },
	{ "cgroup/connect4", "cgroup/connect4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_INET4_CONNECT, CGROUP, 0, NULL },
	{ "cgroup/connect6", "cgroup/connect6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_INET6_CONNECT, CGROUP, 0, NULL },
	{ "cgroup/sendmsg4", "cgroup/sendmsg4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_UDP4_SENDMSG, CGROUP, 0, NULL },
	{ "cgroup/sendmsg6", "cgroup/sendmsg6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_UDP6_SENDMSG, CGROUP, 0, NULL },
	{ "cgroup/recvmsg4", "cgroup/recvmsg4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_UDP4_RECVMSG, CGROUP, 0, NULL },
	{ "cgroup/recvmsg6", "cgroup/recvmsg6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	  BPF_CGROUP_UDP6_RECVMSG, CGROUP, 0, NULL },
	{ "cgroup/getsockopt", "cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT,
	  BPF_CGROUP_GETSOCKOPT, CGROUP, 0, NULL },
	{ "cgroup/setsockopt", "cgroup/setsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT,
	  BPF_CGROUP_SETSOCKOPT, CGROUP, 0, NULL },
	{ "cgroup/sysctl", "cgroup/sysctl", BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL,
	  CGROUP, 0, NULL },
	{ "cgroup/dev", "cgroup/dev", BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, CGROUP, 0,
	  NULL },
	/* on a network namespace (--netns; attach/netns.c) */
	{ "sk_lookup", "sk_lookup", BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, NETNS, 0, NULL },
	{ "flow_dissector", "flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR,
	  NETNS, 0, NULL },
	/* BPF LSM: lsm/HOOK by the BTF id of bpf_lsm_HOOK (attach/lsm.c) */
	{ "lsm/", "lsm", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, LSM, BTF, NULL },
	{ "lsm.s/", "lsm.s", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, LSM, BTF | SLEEPABLE, NULL },
	/* BPF iterators: iter/TARGET by the BTF id of bpf_iter_TARGET
	 * (kernel/iter_targets.c); run reads what they write (attach/iter.c) */
	{ "iter/", "iter", BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, ITER, BTF, NULL },
	{ "iter.s/", "iter.s", BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, ITER, BTF | SLEEPABLE, NULL },
	{ "sk_skb", "sk_skb", BPF_PROG_TYPE_SK_SKB, 0, NULL, 0, NO_HOOK },
	{ "sk_msg", "sk_msg", BPF_PROG_TYPE_SK_MSG, 0, NULL, 0, NO_HOOK },
	{ "sockops", "sockops", BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, CGROUP, 0, NULL },
	/* run only by BPF_PROG_TEST_RUN (rawbpf test-run), from user space */
	{ "syscall", "syscall", BPF_PROG_TYPE_SYSCALL, 0, NULL, RB_SEC_SLEEPABLE, TEST_RUN_ONLY },
};

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

/* "tracepoint/" matches by prefix; "xdp" matches "xdp" and "xdp/...", but not
 * "xdpfoo": a prefix without a slash names a whole word. */
static int matches(const char *prefix, const char *section)
{
	size_t n = strlen(prefix);

	if (strncmp(prefix, section, n) != 0)
		return 0;
	if (prefix[n - 1] == '/')
		return 1;
	return section[n] == '\0' || section[n] == '/';
}

const struct rb_section_def *rb_section_def_find(const char *section)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (matches(defs[i].prefix, section))
			return &defs[i];
	return NULL;
}

const struct rb_section_def *rb_section_def_by_type_name(const char *type_name)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strcmp(defs[i].type_name, type_name) == 0)
			return &defs[i];
	return NULL;
}

const struct rb_section_def *rb_section_defs(size_t *count)
{
	*count = NDEFS;
	return defs;
}
