/* BTF-defined maps and a ring buffer, with reserve/submit and discard.
 * After `rbdriver getppid N`: map "seen" key 0 == N; the ring carries the
 * events whose seq % 4 != 3 (the others are reserved, then discarded), each
 * 16 bytes: seq, then the magic 0x72617762 ("bwar"). */
#include <linux/bpf.h>
#include "rbdriver.h"

struct event {
	__u64 seq;
	__u64 magic;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int emit(void *ctx)
{
	__u32 zero = 0;
	__u64 *count, seq;
	struct event *e;

	if (!current_is_rbdriver())
		return 0;
	count = bpf_map_lookup_elem(&seen, &zero);
	if (!count)
		return 0;
	seq = __sync_fetch_and_add(count, 1);
	e = bpf_ringbuf_reserve(&ring, sizeof(*e), 0);
	if (!e)
		return 0;
	e->seq = seq;
	e->magic = 0x72617762;
	if (seq % 4 == 3)
		bpf_ringbuf_discard(e, 0);
	else
		bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
