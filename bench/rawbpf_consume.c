/* Benchmark 3, rawbpf side: load OBJ, attach, read its perf event array
 * ("events") or ring buffer ("ring") while the driver makes COUNT events;
 * print "delivered lost wall_seconds consumer_cpu_seconds".
 * Usage: rawbpf_consume OBJ perf|ring DRIVER COUNT */
#include <string.h>
#include <sys/epoll.h>

#include "bench/consume.h"
#include "loader/rawbpf.h"
#include "loader/events/ringbuf.h"

static long delivered;
static unsigned long long lost;

static void on_sample(void *ctx, int cpu, const void *data, uint32_t size)
{
	(void)ctx, (void)cpu, (void)data, (void)size;
	delivered++;
}

static void on_lost(void *ctx, int cpu, uint64_t n)
{
	(void)ctx, (void)cpu;
	lost += n;
}

static void on_ring(void *ctx, const void *data, uint32_t size)
{
	(void)ctx, (void)data, (void)size;
	delivered++;
}

int main(int argc, char **argv)
{
	struct rb_object *obj;
	struct rb_error err;
	struct rb_perf_buffer *pb = NULL;
	struct rb_ringbuf *rb = NULL;
	int ring = argc == 5 && strcmp(argv[2], "ring") == 0, fd;
	double start;
	pid_t pid;

	/* as `rawbpf run` does: a fresh machine has tracefs unmounted */
	struct rb_open_opts opts = { .policy = RB_MOUNT_TRACEFS | RB_RAISE_MEMLOCK };

	if (argc != 5)
		return 2;
	if (rb_object_open(&obj, argv[1], &opts, &err) || rb_object_load(obj, &err) ||
	    (ring ? rb_ringbuf_open(&rb, rb_object_map_by_name(obj, "ring"), on_ring, NULL, NULL, &err)
		  : rb_perf_buffer_open(&pb, rb_object_map_by_name(obj, "events"), 64, on_sample,
					on_lost, NULL, NULL, &err)) ||
	    rb_object_attach(obj, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	fd = ring ? rb_ringbuf_fd(rb) : rb_perf_buffer_fd(pb);
	start = seconds_now();
	pid = start_driver(argv[3], argv[4]);
	for (;;) {
		struct epoll_event ev;
		int done = driver_done(pid), got;
		if (ring) {
			epoll_wait(fd, &ev, 1, 10);
			got = rb_ringbuf_consume(rb, &err);
		} else {
			got = done ? rb_perf_buffer_consume(pb, &err) : rb_perf_buffer_poll(pb, 10, &err);
		}
		if (got < 0)
			return 1;
		if (done)
			break;
	}
	report(delivered, lost, start);
	rb_ringbuf_free(rb);
	rb_perf_buffer_free(pb);
	rb_object_close(obj);
	return 0;
}
