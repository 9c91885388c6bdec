/* Events to be read while `rawbpf run` runs: every getppid of the driver
 * sends one 256-byte event to a perf event array ("events") and the same to
 * a ring buffer ("ring"). Each starts with seq (0, 1, 2, ... counted in map
 * "sent") and the magic 0x6d61657274730000 ("stream" read backwards), so a
 * test can tell every event apart and check each arrives once. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct event {
	__u64 seq;
	__u64 magic;
	__u8 pad[240];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sent SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int emit(void *ctx)
{
	struct event e = { .magic = 0x6d61657274730000ULL };
	__u32 zero = 0;
	__u64 *count;

	if (!current_is_rbdriver())
		return 0;
	count = bpf_map_lookup_elem(&sent, &zero);
	if (!count)
		return 0;
	e.seq = __sync_fetch_and_add(count, 1);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	bpf_ringbuf_output(&ring, &e, sizeof(e), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
