/* A map pinned by name, rawbpf_test_pin_reject, and a program the
 * verifier refuses (the lookup of a hash map dereferenced without the NULL
 * check, as in reject_null.bpf.c): the load fails after the map was
 * created and pinned, and the pin must go with it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LIBBPF_PIN_BY_NAME 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rawbpf_test_pin_reject SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lookups SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int bad(void *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&lookups, &key);
	__u64 *count = bpf_map_lookup_elem(&rawbpf_test_pin_reject, &key);

	if (count)
		*count += 1;
	*value += 1; /* no NULL check: refused */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
