/* Values and events for BTF-formatted output (tests/kernel/kernel/
 * formatting.c). Each getppid of rbdriver (seq 0, 1, ...) writes:
 *   values[{ .pid = seq, .kind = 7 }]: a struct fmt_value of every kind
 *     the formatter knows, set from seq and constants the test checks;
 *   per_cpu[0]: a struct inner on the CPU that ran it;
 *   typed_ring: a struct fmt_event (the ring declares its type);
 *   plain_ring: the same event, then its first 8 bytes alone (shorter
 *     than the type: printed as hex);
 *   perf_events: the same event through the perf buffer. */
#include <linux/bpf.h>
#include "rbdriver.h"

enum color { RED = 1, GREEN = 2, BLUE = 7 };

struct inner {
	__u16 port;
	__s8 delta;
	char tag[4];
};

struct fmt_value {
	__u8 u8;
	__s8 s8;
	__u16 u16;
	__s16 s16;
	__u32 u32;
	__s32 s32;
	__u64 u64;
	__s64 s64;
	char comm[16];
	enum color color;
	struct inner inner;
	__u32 arr[3];
	unsigned int flag : 1, level : 3, code : 12;
	int neg : 5;
};

struct fmt_key {
	__u32 pid;
	__u16 kind;
};

struct fmt_event {
	__u64 seq;
	char comm[16];
	enum color color;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct fmt_key);
	__type(value, struct fmt_value);
} values SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct inner);
} per_cpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
	__type(value, struct fmt_event); /* rawbpf prints the events as this */
} typed_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} plain_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

__u64 seq_next;

SEC("tracepoint/syscalls/sys_enter_getppid")
int fill(void *ctx)
{
	struct fmt_value v = {};
	struct fmt_key k = {};
	struct fmt_event e = {};
	struct inner *pc;
	__u32 zero = 0;
	__u64 seq;

	if (!current_is_rbdriver())
		return 0;
	seq = __sync_fetch_and_add(&seq_next, 1);
	v.u8 = 200 + seq;
	v.s8 = -5;
	v.u16 = 60000;
	v.s16 = -300;
	v.u32 = 4000000000u;
	v.s32 = -70000;
	v.u64 = (1ull << 40) + seq;
	v.s64 = -5000000000ll;
	bpf_get_current_comm(v.comm, sizeof(v.comm));
	v.color = BLUE;
	v.inner.port = 8080;
	v.inner.delta = -1;
	v.inner.tag[0] = 'a';
	v.inner.tag[1] = 'b';
	v.arr[0] = seq;
	v.arr[1] = seq * 2;
	v.arr[2] = 3;
	v.flag = 1;
	v.level = 5;
	v.code = 0xabc;
	v.neg = -3;
	k.pid = seq;
	k.kind = 7;
	bpf_map_update_elem(&values, &k, &v, BPF_ANY);

	pc = bpf_map_lookup_elem(&per_cpu, &zero);
	if (pc) {
		pc->port = 443;
		pc->delta = 2;
		pc->tag[0] = 'x';
	}

	e.seq = seq;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	e.color = GREEN;
	bpf_ringbuf_output(&typed_ring, &e, sizeof(e), 0);
	bpf_ringbuf_output(&plain_ring, &e, sizeof(e), 0);
	bpf_ringbuf_output(&plain_ring, &e, 8, 0);
	bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
