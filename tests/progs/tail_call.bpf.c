/* A program array initialised with two programs (__array(values, ...) of
 * function pointers: the slots are relocations in .rel.maps naming the
 * programs), and a dispatcher on getppid that tail-calls one of them by a
 * key: slot 0 on odd calls, slot 1 on even ones. Each callee counts its
 * calls in `counts` (key 0 and key 1), and the dispatcher counts in key 2
 * the calls where the tail call fell through (it never should). The
 * callees' SEC("tracepoint") names no tracepoint, libbpf's convention for a
 * program that is loaded but not attached: they run only through the tail
 * call (a tail call's target must have the caller's program type). */
#include <linux/bpf.h>
#include "rbdriver.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

static __always_inline void bump(__u32 key)
{
	__u64 *value = bpf_map_lookup_elem(&counts, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
}

SEC("tracepoint")
int odd(void *ctx)
{
	bump(0);
	return 0;
}

SEC("tracepoint")
int even(void *ctx)
{
	bump(1);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (void *));
} jump SEC(".maps") = {
	.values = { [0] = (void *)&odd, [1] = (void *)&even },
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int dispatch(void *ctx)
{
	__u32 zero = 0;
	__u64 *n;

	if (!current_is_rbdriver())
		return 0;
	n = bpf_map_lookup_elem(&calls, &zero);
	if (!n)
		return 0;
	bpf_tail_call(ctx, &jump, (__sync_fetch_and_add(n, 1) + 1) % 2 ? 0 : 1);
	bump(2);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
