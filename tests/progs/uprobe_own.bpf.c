/* A uprobe and a uretprobe on rbdriver_target() in the test driver, whose
 * absolute path the build passes as RBDRIVER (flags.mk). Key 0 counts
 * entries, key 1 returns. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void bump(__u32 key)
{
	__u64 *value = bpf_map_lookup_elem(&counts, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
}

SEC("uprobe/" RBDRIVER ":rbdriver_target")
int on_entry(void *ctx)
{
	bump(0);
	return 0;
}

SEC("uretprobe/" RBDRIVER ":rbdriver_target")
int on_return(void *ctx)
{
	bump(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
