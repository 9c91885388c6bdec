/* fentry and fexit on the kernel function behind getppid(2): __do_sys_getppid,
 * which this kernel's BTF describes (the __x64_sys_ alias is not in it).
 * Counts the driver's calls in key 0 (entries) and key 1 (exits). */
#include <linux/bpf.h>
#include "rbdriver.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void bump(__u32 key)
{
	__u64 *value;

	if (!current_is_rbdriver())
		return;
	value = bpf_map_lookup_elem(&counts, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
}

SEC("fentry/__do_sys_getppid")
int on_entry(__u64 *ctx)
{
	bump(0);
	return 0;
}

SEC("fexit/__do_sys_getppid")
int on_exit(__u64 *ctx)
{
	bump(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
