/* A pinned map whose name is exactly 255 characters, NAME_MAX, the longest
 * file name there is ("rawbpf_test_max_" and 239 x's): it is pinned under
 * its whole name. Counts the driver's getppid calls. */
#include <linux/bpf.h>
#include "rbdriver.h"

#define LIBBPF_PIN_BY_NAME 1
#define NAME_255 rawbpf_test_max_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} NAME_255 SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 key = 0;
	__u64 *value;

	if (!current_is_rbdriver())
		return 0;
	value = bpf_map_lookup_elem(&NAME_255, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
