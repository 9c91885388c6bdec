/* Two maps pinned by name, rawbpf_test_pin_a and rawbpf_test_pin_b, in this
 * order: when b's pin is refused, a must not have been pinned already.
 * Counts the driver's getppid calls in both. */
#include <linux/bpf.h>
#include "rbdriver.h"

#define LIBBPF_PIN_BY_NAME 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rawbpf_test_pin_a SEC(".maps"), rawbpf_test_pin_b SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 key = 0;
	__u64 *value;

	if (!current_is_rbdriver())
		return 0;
	value = bpf_map_lookup_elem(&rawbpf_test_pin_a, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	value = bpf_map_lookup_elem(&rawbpf_test_pin_b, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
