/* A perf_event program, then a tracepoint program whose tracepoint does
 * not exist. rawbpf attaches in the object's order, so the per-CPU perf
 * events of on_sample are open (and the program set on them) when
 * on_missing's attach fails: the run must undo them all
 * (tests/kernel/kernel/sampling.c, attach_fails_after_perf_events_opened). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} samples SEC(".maps");

SEC("perf_event")
int on_sample(void *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&samples, &key);

	(void)ctx;
	if (value)
		__sync_fetch_and_add(value, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_no_such_call")
int on_missing(void *ctx)
{
	(void)ctx;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
