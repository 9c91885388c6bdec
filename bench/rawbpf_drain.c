/* Benchmark 3b, rawbpf side. drain: fill the ring buffer (or every CPU's
 * perf ring, PAGES pages each) while nobody reads, then time only
 * rb_ringbuf_consume() / rb_perf_buffer_consume() draining it; one untimed
 * round first (page faults of the mapping, caches). Prints, per round,
 * "records bytes drain_seconds memcpy_seconds lost".
 * flood: a child emits CALLS x PER records while this polls (10 ms);
 * prints "delivered lost wall_seconds" (lost: the perf ring's count, or
 * the program's "drops" count of refused ring-buffer records).
 * Usage: rawbpf_drain OBJ perf|ring PAGES drain|flood [ROUNDS|CALLS] */
#include <sys/epoll.h>

#include "bench/drain.h"
#include "loader/rawbpf.h"

static void on_sample(void *ctx, int cpu, const void *data, uint32_t size)
{
	(void)ctx, (void)cpu;
	take(data, size);
}

static void on_lost(void *ctx, int cpu, uint64_t n)
{
	(void)ctx, (void)cpu;
	lost += n;
}

static void on_ring(void *ctx, const void *data, uint32_t size)
{
	(void)ctx;
	take(data, size);
}

int main(int argc, char **argv)
{
	struct rb_object *obj;
	struct rb_error err;
	struct rb_perf_buffer *pb = NULL;
	struct rb_ringbuf *rb = NULL;
	struct rb_open_opts opts = { .policy = RB_MOUNT_TRACEFS | RB_RAISE_MEMLOCK };
	int ring, flood;
	size_t pages;
	double t;

	if (argc < 5)
		return 2;
	ring = strcmp(argv[2], "ring") == 0;
	flood = strcmp(argv[4], "flood") == 0;
	pages = strtoul(argv[3], NULL, 0);
	if (rb_object_open(&obj, argv[1], &opts, &err) || rb_object_load(obj, &err) ||
	    (ring ? rb_ringbuf_open(&rb, rb_object_map_by_name(obj, "ring"), on_ring, NULL, NULL, &err)
		  : rb_perf_buffer_open(&pb, rb_object_map_by_name(obj, "events"), pages, on_sample,
					on_lost, NULL, NULL, &err)) ||
	    rb_object_attach(obj, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	if (flood) {
		pid_t pid = flood_start(argc > 5 ? atol(argv[5]) : 10000);
		uint32_t zero = 0;
		uint64_t drops = 0;

		t = now();
		for (;;) {
			int done = flood_done(pid);
			struct epoll_event ev;

			if (ring)
				epoll_wait(rb_ringbuf_fd(rb), &ev, 1, 10);
			if ((ring ? rb_ringbuf_consume(rb, &err)
				  : rb_perf_buffer_poll(pb, 10, &err)) < 0)
				return 1;
			if (done)
				break;
		}
		if ((ring ? rb_ringbuf_consume(rb, &err) : rb_perf_buffer_consume(pb, &err)) < 0)
			return 1;
		t = now() - t;
		rb_map_lookup_elem(rb_object_map_by_name(obj, "drops"), &zero, 4, &drops, 8, &err);
		printf("%ld %llu %.4f\n", records, lost + drops, t);
		return 0;
	}
	/* round 0 is untimed: it faults the mapping in and warms the code */
	for (long round = 0, rounds = argc > 5 ? atol(argv[5]) : 1; round <= rounds; round++) {
		fill(!ring);
		records = 0, bytes = 0;
		t = now();
		if ((ring ? rb_ringbuf_consume(rb, &err) : rb_perf_buffer_consume(pb, &err)) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		t = now() - t;
		if (round)
			printf("%ld %llu %.6f %.6f %llu\n", records, bytes, t,
			       memcpy_seconds(ring ? (16u << 20) : pages * 4096 * sysconf(_SC_NPROCESSORS_ONLN)),
			       lost);
	}
	rb_ringbuf_free(rb);
	rb_perf_buffer_free(pb);
	rb_object_close(obj);
	return 0;
}
