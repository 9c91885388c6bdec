/* What libbpf-tools objects leave to their user space, done from the
 * command line: two alternative programs for one hook (only one is meant
 * to run: `run --skip`), a map with max_entries 0 and one with
 * value_size 0 (user space sizes them: `run --map-size`,
 * `--map-value-size`). Each program counts the driver's getppid calls in
 * `seen` under its own key: 1 for first, 2 for second. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps"); /* max_entries: given by user space */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 0); /* given by user space */
	__uint(max_entries, 1);
} scratch SEC(".maps");

static __always_inline void count(__u32 key)
{
	__u64 one = 1, *n;

	if (!current_is_rbdriver())
		return;
	n = bpf_map_lookup_elem(&seen, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&seen, &key, &one, BPF_NOEXIST);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int first(void *ctx)
{
	count(1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int second(void *ctx)
{
	count(2);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
