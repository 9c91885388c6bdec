/* Benchmark 3b, libbpf side: bench/rawbpf_drain.c with libbpf's
 * ring_buffer__consume() / perf_buffer__consume() (drain) and
 * ring_buffer__poll() / perf_buffer__poll() with 10 ms (flood). Same
 * object, same PAGES, same sink (bench/drain.h). Built only by make bench.
 * Usage: libbpf_drain OBJ perf|ring PAGES drain|flood [ROUNDS|CALLS] */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench/drain.h"

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	(void)ctx, (void)cpu;
	take(data, size);
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	(void)ctx, (void)cpu;
	lost += n;
}

static int on_ring(void *ctx, void *data, size_t size)
{
	(void)ctx;
	take(data, (unsigned)size);
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct perf_buffer *pb = NULL;
	struct ring_buffer *rb = NULL;
	struct bpf_program *prog;
	int ring, flood;
	size_t pages;
	double t;

	if (argc < 5)
		return 2;
	ring = strcmp(argv[2], "ring") == 0;
	flood = strcmp(argv[4], "flood") == 0;
	pages = strtoul(argv[3], NULL, 0);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		return 1;
	if (ring)
		rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "ring"), on_ring, NULL, NULL);
	else
		pb = perf_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), pages, on_sample,
				      on_lost, NULL, NULL);
	if (!rb && !pb)
		return 1;
	bpf_object__for_each_program(prog, obj)
		if (!bpf_program__attach(prog))
			return 1;
	if (flood) {
		pid_t pid = flood_start(argc > 5 ? atol(argv[5]) : 10000);
		__u32 zero = 0;
		__u64 drops = 0;

		t = now();
		for (;;) {
			int done = flood_done(pid);
			if ((ring ? ring_buffer__poll(rb, 10) : perf_buffer__poll(pb, 10)) < 0)
				return 1;
			if (done)
				break;
		}
		if ((ring ? ring_buffer__consume(rb) : perf_buffer__consume(pb)) < 0)
			return 1;
		t = now() - t;
		bpf_map_lookup_elem(bpf_object__find_map_fd_by_name(obj, "drops"), &zero, &drops);
		printf("%ld %llu %.4f\n", records, lost + drops, t);
		return 0;
	}
	/* round 0 is untimed: it faults the mapping in and warms the code */
	for (long round = 0, rounds = argc > 5 ? atol(argv[5]) : 1; round <= rounds; round++) {
		fill(!ring);
		records = 0, bytes = 0;
		t = now();
		if ((ring ? ring_buffer__consume(rb) : perf_buffer__consume(pb)) < 0)
			return 1;
		t = now() - t;
		if (round)
			printf("%ld %llu %.6f %.6f %llu\n", records, bytes, t,
			       memcpy_seconds(ring ? (16u << 20) : pages * 4096 * sysconf(_SC_NPROCESSORS_ONLN)),
			       lost);
	}
	return 0;
}
