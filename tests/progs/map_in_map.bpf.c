/* An ARRAY_OF_MAPS whose two slots are initialised with the object's own
 * inner maps (__array(values, ...): clang writes the slots as relocations
 * in .rel.maps). The getppid program reaches each inner map through the
 * outer one, bpf_map_lookup_elem(&outer, &i), and adds 1 to slot 0's
 * counter and 2 to slot 1's, so N calls of the driver leave N in inner_a
 * and 2N in inner_b. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { &inner_a, &inner_b },
};

/* Written out for each slot, not as a loop: the verifiers of 6.1 and 6.12
 * cannot bound a loop whose counter lives on the stack. */
static __always_inline void add(__u32 slot, __u64 by)
{
	__u32 zero = 0;
	void *inner = bpf_map_lookup_elem(&outer, &slot);
	__u64 *value;

	if (!inner)
		return;
	value = bpf_map_lookup_elem(inner, &zero);
	if (value)
		__sync_fetch_and_add(value, by);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	add(0, 1);
	add(1, 2);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
