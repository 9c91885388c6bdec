/* Dereferences a hash map lookup without the NULL check: every kernel's
 * verifier refuses it ("invalid mem access 'map_value_or_null'"). A hash
 * map, because for an array with a constant in-range key, Linux 6.14 and
 * later prove the lookup cannot fail and accept the same code. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def SEC("maps") counts = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 4,
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int bad(void *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&counts, &key);

	*value += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
