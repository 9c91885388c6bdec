/* BPF LSM: counts the driver's getpgid(pid) calls (rbdriver getpgid N),
 * each of which asks the LSM hook task_getpgid (kernel/sys.c,
 * do_getpgid(): only for a pid other than 0). Returns 0: allowed. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

SEC("lsm/task_getpgid")
int count_getpgid(unsigned long long *ctx)
{
	__u32 key = 0;
	__u64 *n;

	if (!current_is_rbdriver())
		return 0;
	n = bpf_map_lookup_elem(&calls, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
