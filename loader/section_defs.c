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

#define NOT_YET "rawbpf does not attach these yet"
#define NO_HOOK "it needs a socket, interface or cgroup that rawbpf run does not choose"

static const struct rb_section_def defs[] = {
	{ "tracepoint/", "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, RB_ATTACH_TRACEPOINT, NULL },
	{ "tp/", "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, RB_ATTACH_TRACEPOINT, NULL },
	{ "kprobe/", "kprobe", BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KPROBE, NULL },
	{ "kretprobe/", "kretprobe", BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KRETPROBE, NULL },
	{ "uprobe/", "uprobe", BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_UPROBE, NULL },
	{ "uretprobe/", "uretprobe", BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_URETPROBE, NULL },
	{ "raw_tracepoint/", "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RB_ATTACH_RAW_TRACEPOINT, NULL },
	{ "raw_tp/", "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RB_ATTACH_RAW_TRACEPOINT, NULL },
	{ "tp_btf/", "tp_btf", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, RB_ATTACH_BTF_TRACING, NULL },
	{ "fentry/", "fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, RB_ATTACH_BTF_TRACING, NULL },
	{ "fexit/", "fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, RB_ATTACH_BTF_TRACING, NULL },
	{ "perf_event", "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, RB_ATTACH_NONE, NOT_YET },
	{ "socket", "socket", BPF_PROG_TYPE_SOCKET_FILTER, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "xdp", "xdp", BPF_PROG_TYPE_XDP, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "classifier", "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "tc", "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "action", "action", BPF_PROG_TYPE_SCHED_ACT, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "cgroup/skb", "cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "cgroup_skb/", "cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "sk_skb", "sk_skb", BPF_PROG_TYPE_SK_SKB, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "sk_msg", "sk_msg", BPF_PROG_TYPE_SK_MSG, 0, RB_ATTACH_NONE, NO_HOOK },
	{ "sockops", "sockops", BPF_PROG_TYPE_SOCK_OPS, 0, RB_ATTACH_NONE, NO_HOOK },
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
