/* Map, program and attach types by name, for people: the kernel's enum
 * names (BPF_MAP_TYPE_*, BPF_PROG_TYPE_* in include/uapi/linux/bpf.h)
 * without the prefix, lowercase, and enum bpf_attach_type's whole, indexed
 * by their numbers, which the kernel never
 * changes (tests/unit/test_uapi.c checks the pinned numbers). */
#include "rawbpf.h"

const char *rb_map_type_name(uint32_t type)
{
	static const char *names[] = {
		"unspec", "hash", "array", "prog_array", "perf_event_array",
		"percpu_hash", "percpu_array", "stack_trace", "cgroup_array",
		"lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
		"hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash",
		"cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage",
		"queue", "stack", "sk_storage", "devmap_hash", "struct_ops",
		"ringbuf", "inode_storage", "task_storage", "bloom_filter",
		"user_ringbuf", "cgrp_storage",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

const char *rb_prog_type_name(uint32_t type)
{
	static const char *names[] = {
		"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act",
		"tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock",
		"lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb",
		"cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr",
		"lwt_seg6local", "lirc_mode2", "sk_reuseport", "flow_dissector",
		"cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt",
		"tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

/* enum bpf_attach_type by its kernel name, whole ("BPF_CGROUP_INET_EGRESS"),
 * as the narration and messages say it. */
const char *rb_attach_type_name(uint32_t type)
{
	static const char *names[] = {
		"BPF_CGROUP_INET_INGRESS", "BPF_CGROUP_INET_EGRESS",
		"BPF_CGROUP_INET_SOCK_CREATE", "BPF_CGROUP_SOCK_OPS",
		"BPF_SK_SKB_STREAM_PARSER", "BPF_SK_SKB_STREAM_VERDICT", "BPF_CGROUP_DEVICE",
		"BPF_SK_MSG_VERDICT", "BPF_CGROUP_INET4_BIND", "BPF_CGROUP_INET6_BIND",
		"BPF_CGROUP_INET4_CONNECT", "BPF_CGROUP_INET6_CONNECT",
		"BPF_CGROUP_INET4_POST_BIND", "BPF_CGROUP_INET6_POST_BIND",
		"BPF_CGROUP_UDP4_SENDMSG", "BPF_CGROUP_UDP6_SENDMSG", "BPF_LIRC_MODE2",
		"BPF_FLOW_DISSECTOR", "BPF_CGROUP_SYSCTL", "BPF_CGROUP_UDP4_RECVMSG",
		"BPF_CGROUP_UDP6_RECVMSG", "BPF_CGROUP_GETSOCKOPT", "BPF_CGROUP_SETSOCKOPT",
		"BPF_TRACE_RAW_TP", "BPF_TRACE_FENTRY", "BPF_TRACE_FEXIT", "BPF_MODIFY_RETURN",
		"BPF_LSM_MAC", "BPF_TRACE_ITER", "BPF_CGROUP_INET4_GETPEERNAME",
		"BPF_CGROUP_INET6_GETPEERNAME", "BPF_CGROUP_INET4_GETSOCKNAME",
		"BPF_CGROUP_INET6_GETSOCKNAME", "BPF_XDP_DEVMAP", "BPF_CGROUP_INET_SOCK_RELEASE",
		"BPF_XDP_CPUMAP", "BPF_SK_LOOKUP", "BPF_XDP", "BPF_SK_SKB_VERDICT",
		"BPF_SK_REUSEPORT_SELECT", "BPF_SK_REUSEPORT_SELECT_OR_MIGRATE", "BPF_PERF_EVENT",
		"BPF_TRACE_KPROBE_MULTI", "BPF_LSM_CGROUP", "BPF_STRUCT_OPS", "BPF_NETFILTER",
		"BPF_TCX_INGRESS", "BPF_TCX_EGRESS", "BPF_TRACE_UPROBE_MULTI",
		"BPF_CGROUP_UNIX_CONNECT", "BPF_CGROUP_UNIX_SENDMSG", "BPF_CGROUP_UNIX_RECVMSG",
		"BPF_CGROUP_UNIX_GETPEERNAME", "BPF_CGROUP_UNIX_GETSOCKNAME",
		"BPF_NETKIT_PRIMARY", "BPF_NETKIT_PEER",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown attach type";
}
