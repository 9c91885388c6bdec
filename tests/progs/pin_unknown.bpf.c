/* Two maps: rawbpf_test_pin_a pinned by name, then one whose pinning is 2,
 * a value rawbpf does not know. The second is refused before anything is
 * made: the first is neither created nor pinned. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LIBBPF_PIN_BY_NAME 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rawbpf_test_pin_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, 2);
} rawbpf_test_pin_odd SEC(".maps");

char LICENSE[] SEC("license") = "GPL";
