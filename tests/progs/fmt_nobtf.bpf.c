/* An object without BTF (built with -g0: tests/progs/flags.mk): its maps
 * print as numbers and hex, as before BTF formatting, and --event-type
 * has no types to name (tests/kernel/kernel/formatting.c). Each getppid
 * of rbdriver adds 1 to counts[0] and sends an 8-byte event. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct bpf_map_def SEC("maps") counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

struct bpf_map_def SEC("maps") events = {
	.type = BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 zero = 0;
	__u64 *c, seq;

	if (!current_is_rbdriver())
		return 0;
	c = bpf_map_lookup_elem(&counts, &zero);
	if (!c)
		return 0;
	seq = __sync_fetch_and_add(c, 1);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &seq, sizeof(seq));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
