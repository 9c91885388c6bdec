/* Map and program types by name, for people: the kernel's enum names
 * (BPF_MAP_TYPE_*, BPF_PROG_TYPE_* in include/uapi/linux/bpf.h) without the
 * prefix, lowercase, indexed by their numbers, which the kernel never
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
