/* A raw tracepoint: sys_enter's raw arguments are (struct pt_regs *regs,
 * long id). Counts the driver's getppid calls (110 on x86-64). */
#include <linux/bpf.h>
#include "rbdriver.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("raw_tp/sys_enter")
int on_enter(__u64 *args)
{
	__u32 key = 0;
	__u64 *value;

	if (args[1] != 110 || !current_is_rbdriver())
		return 0;
	value = bpf_map_lookup_elem(&counts, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
