/* Helper function names by id, for the disassembler. The numbers are the
 * kernel's (enum bpf_func_id, include/uapi/linux/bpf.h); they never change
 * once released. */
#include <stddef.h>

#include "disasm.h"

static const char *const names[] = {
	[1] = "map_lookup_elem", [2] = "map_update_elem", [3] = "map_delete_elem",
	[4] = "probe_read", [5] = "ktime_get_ns", [6] = "trace_printk",
	[7] = "get_prandom_u32", [8] = "get_smp_processor_id", [9] = "skb_store_bytes",
	[10] = "l3_csum_replace", [11] = "l4_csum_replace", [12] = "tail_call",
	[13] = "clone_redirect", [14] = "get_current_pid_tgid",
	[15] = "get_current_uid_gid", [16] = "get_current_comm",
	[17] = "get_cgroup_classid", [18] = "skb_vlan_push", [19] = "skb_vlan_pop",
	[20] = "skb_get_tunnel_key", [21] = "skb_set_tunnel_key",
	[22] = "perf_event_read", [23] = "redirect", [24] = "get_route_realm",
	[25] = "perf_event_output", [26] = "skb_load_bytes", [27] = "get_stackid",
	[28] = "csum_diff", [29] = "skb_get_tunnel_opt", [30] = "skb_set_tunnel_opt",
	[31] = "skb_change_proto", [32] = "skb_change_type",
	[33] = "skb_under_cgroup", [34] = "get_hash_recalc",
	[35] = "get_current_task", [36] = "probe_write_user",
	[37] = "current_task_under_cgroup", [38] = "skb_change_tail",
	[39] = "skb_pull_data", [40] = "csum_update", [41] = "set_hash_invalid",
	[42] = "get_numa_node_id", [43] = "skb_change_head",
	[44] = "xdp_adjust_head", [45] = "probe_read_str",
	[46] = "get_socket_cookie", [47] = "get_socket_uid", [48] = "set_hash",
	[49] = "setsockopt", [50] = "skb_adjust_room", [51] = "redirect_map",
	[52] = "sk_redirect_map", [53] = "sock_map_update",
	[54] = "xdp_adjust_meta", [55] = "perf_event_read_value",
	[56] = "perf_prog_read_value", [57] = "getsockopt",
	[58] = "override_return", [59] = "sock_ops_cb_flags_set",
	[60] = "msg_redirect_map", [61] = "msg_apply_bytes",
	[62] = "msg_cork_bytes", [63] = "msg_pull_data", [64] = "bind",
	[65] = "xdp_adjust_tail", [66] = "skb_get_xfrm_state", [67] = "get_stack",
	[80] = "get_current_cgroup_id", [81] = "get_local_storage",
	[87] = "map_push_elem", [88] = "map_pop_elem", [89] = "map_peek_elem",
	[93] = "spin_lock", [94] = "spin_unlock", [109] = "send_signal",
	[112] = "probe_read_user", [113] = "probe_read_kernel",
	[114] = "probe_read_user_str", [115] = "probe_read_kernel_str",
	[125] = "ktime_get_boot_ns", [130] = "ringbuf_output",
	[131] = "ringbuf_reserve", [132] = "ringbuf_submit",
	[133] = "ringbuf_discard", [134] = "ringbuf_query",
	[158] = "get_current_task_btf", [160] = "ktime_get_coarse_ns",
	[164] = "for_each_map_elem", [165] = "snprintf", [173] = "get_func_ip",
	[177] = "trace_vprintk", [181] = "loop", [183] = "get_func_arg",
	[184] = "get_func_ret", [185] = "get_func_arg_cnt",
};

const char *rb_helper_name(int32_t id)
{
	if (id <= 0 || (size_t)id >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[id];
}
