/* Two pinned maps whose names are 300 characters long (valid C identifiers:
 * "rawbpf_test_long_", 281 x's, then "_a" or "_b") and differ only in their
 * last character. A pin name is one file name in /sys/fs/bpf, at most 255
 * bytes (NAME_MAX): rawbpf must refuse these names, not cut them, or the two
 * maps would become one pin. The program counts the driver's getppid calls
 * in both maps. */
#include <linux/bpf.h>
#include "rbdriver.h"

#define LIBBPF_PIN_BY_NAME 1
#define LONG_A rawbpf_test_long_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_a
#define LONG_B rawbpf_test_long_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_b

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} LONG_A SEC(".maps"), LONG_B SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 key = 0;
	__u64 *value;

	if (!current_is_rbdriver())
		return 0;
	value = bpf_map_lookup_elem(&LONG_A, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	value = bpf_map_lookup_elem(&LONG_B, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
