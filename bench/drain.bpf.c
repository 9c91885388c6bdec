/* Benchmark 3b's event source (drain and flood): each getppid(2) of a
 * process named "rbdrain" emits records of SIZE bytes in a bpf_loop.
 * PER=0 (drain): emit until the ring refuses one, so one call per CPU fills
 * it while nobody reads; PER=n (flood): n records per call, and every
 * refused ring-buffer record is counted in "drops" (the perf ring counts
 * its own losses). Built per SIZE, mode and PER by bench/run.sh; the same
 * object is read by rawbpf (bench/rawbpf_drain.c) and libbpf
 * (bench/libbpf_drain.c). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef SIZE
#define SIZE 16
#endif
#ifndef PER
#define PER 0
#endif
#ifndef RINGSZ
#define RINGSZ (16 << 20)
#endif

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, RINGSZ);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[SIZE]);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

struct loop_ctx {
	void *ctx;
	char *buf;
};

static long emit_one(__u64 i, void *data)
{
	struct loop_ctx *l = data;
	long err;

#if RING
	(void)l->ctx;
	err = bpf_ringbuf_output(&ring, l->buf, SIZE, 0);
#else
	err = bpf_perf_event_output(l->ctx, &events, BPF_F_CURRENT_CPU, l->buf, SIZE);
#endif
	if (err && RING) {
		__u32 zero = 0;
		__u64 *d = bpf_map_lookup_elem(&drops, &zero);

		if (d)
			__sync_fetch_and_add(d, 1);
	}
	/* drain mode stops at the first refusal: the ring is full */
	return err && PER == 0 ? 1 : 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int emit(void *ctx)
{
	char comm[16];
	__u32 zero = 0;
	struct loop_ctx l = { .ctx = ctx };

	bpf_get_current_comm(comm, sizeof(comm));
	/* "rbdrain" only: not bench/emit.bpf.c's "rbdriver", which other
	 * benchmarks and the tests run, maybe at the same time */
	if (comm[0] != 'r' || comm[1] != 'b' || comm[2] != 'd' || comm[3] != 'r' || comm[4] != 'a' ||
	    comm[5] != 'i' || comm[6] != 'n' || comm[7])
		return 0;
	l.buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!l.buf)
		return 0;
	bpf_loop(PER ? PER : 1 << 23, emit_one, &l, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
