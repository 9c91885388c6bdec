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

#define TRACEPOINT &rb_provider_tracepoint
#define KPROBE &rb_provider_kprobe
#define UPROBE &rb_provider_uprobe
#define RAW_TP &rb_provider_raw_tp
#define BTF_TRACING &rb_provider_btf_tracing
#define RETURN RB_SEC_RETURN_PROBE
#define BTF RB_SEC_ATTACH_BTF

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
	{ "raw_tracepoint/", "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RAW_TP, 0, NULL },
	{ "raw_tp/", "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RAW_TP, 0, NULL },
	{ "tp_btf/", "tp_btf", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, BTF_TRACING, BTF, NULL },
	{ "fentry/", "fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, BTF_TRACING, BTF, NULL },
	{ "fexit/", "fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, BTF_TRACING, BTF, NULL },
	{ "perf_event", "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, NULL, 0, NOT_YET },
	{ "socket", "socket", BPF_PROG_TYPE_SOCKET_FILTER, 0, NULL, 0, NO_HOOK },
	{ "xdp", "xdp", BPF_PROG_TYPE_XDP, 0, NULL, 0, NO_HOOK },
	{ "classifier", "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, NULL, 0, NO_HOOK },
	{ "tc", "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, NULL, 0, NO_HOOK },
	{ "action", "action", BPF_PROG_TYPE_SCHED_ACT, 0, NULL, 0, NO_HOOK },
	{ "cgroup/skb", "cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB, 0, NULL, 0, NO_HOOK },
	{ "cgroup_skb/", "cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB, 0, NULL, 0, NO_HOOK },
	{ "sk_skb", "sk_skb", BPF_PROG_TYPE_SK_SKB, 0, NULL, 0, NO_HOOK },
	{ "sk_msg", "sk_msg", BPF_PROG_TYPE_SK_MSG, 0, NULL, 0, NO_HOOK },
	{ "sockops", "sockops", BPF_PROG_TYPE_SOCK_OPS, 0, NULL, 0, NO_HOOK },
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
