/* A program that is a static function alone in its section, as older code
 * wrote them. Counts the driver's getppid calls. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct bpf_map_def SEC("maps") counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

SEC("tracepoint/syscalls/sys_enter_getppid")
static int count_static(void *ctx)
{
	__u32 key = 0;
	__u64 *value;

	if (!current_is_rbdriver())
		return 0;
	value = bpf_map_lookup_elem(&counts, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
