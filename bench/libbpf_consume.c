/* Benchmark 3, libbpf side: the same as rawbpf_consume.c with libbpf's
 * perf_buffer (64 pages per CPU, as rawbpf run's default) and ring_buffer.
 * Built only by make bench, against the distribution's libbpf-dev.
 * Usage: libbpf_consume OBJ perf|ring DRIVER COUNT */
#include <bpf/libbpf.h>
#include <string.h>

#include "bench/consume.h"

static long delivered;
static unsigned long long lost;

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	(void)ctx, (void)cpu, (void)data, (void)size;
	delivered++;
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	(void)ctx, (void)cpu;
	lost += n;
}

static int on_ring(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)data, (void)size;
	delivered++;
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct perf_buffer *pb = NULL;
	struct ring_buffer *rb = NULL;
	struct bpf_program *prog;
	int ring = argc == 5 && strcmp(argv[2], "ring") == 0;
	double start;
	pid_t pid;

	if (argc != 5)
		return 2;
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		return 1;
	if (ring)
		rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "ring"), on_ring, NULL, NULL);
	else
		pb = perf_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), 64, on_sample,
				      on_lost, NULL, NULL);
	if (!rb && !pb)
		return 1;
	bpf_object__for_each_program(prog, obj)
		if (!bpf_program__attach(prog))
			return 1;
	start = seconds_now();
	pid = start_driver(argv[3], argv[4]);
	for (;;) {
		int done = driver_done(pid);
		if ((ring ? ring_buffer__poll(rb, 10) : perf_buffer__poll(pb, 10)) < 0)
			return 1;
		if (done) {
			if (ring)
				ring_buffer__consume(rb);
			else
				perf_buffer__consume(pb);
			break;
		}
	}
	report(delivered, lost, start);
	return 0;
}
