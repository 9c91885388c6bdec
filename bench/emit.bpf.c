/* Benchmark 3's event source: every getppid(2) of the driver (process
 * name "rbdriver") emits one SIZE-byte event, through a perf event array
 * (RING=0) or a BPF ring buffer (RING=1). Built once per SIZE and mode by
 * bench/run.sh; the same object is read by rawbpf and by libbpf. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef SIZE
#define SIZE 16
#endif

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[SIZE]);
} scratch SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int emit(void *ctx)
{
	char comm[16];
	__u32 zero = 0;
	char *buf;

	bpf_get_current_comm(comm, sizeof(comm));
	if (comm[0] != 'r' || comm[1] != 'b' || comm[2] != 'd' || comm[3] != 'r')
		return 0;
	buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!buf)
		return 0;
#if RING
	bpf_ringbuf_output(&ring, buf, SIZE, 0);
#else
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, buf, SIZE);
#endif
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
