/* Perf buffers: where bpf_perf_event_output() sends its samples.
 *
 * A PERF_EVENT_ARRAY map holds one perf event per CPU. The program calls
 * bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU, data, size), and the
 * kernel (__bpf_perf_event_output() in kernel/trace/bpf_trace.c) writes a
 * PERF_RECORD_SAMPLE into the ring of the event stored at the current CPU's
 * index, provided that event is a PERF_COUNT_SW_BPF_OUTPUT event active on
 * that very CPU (else -EINVAL or -EOPNOTSUPP). So for each CPU i we:
 *   1. open a BPF_OUTPUT software event bound to CPU i, created disabled,
 *   2. mmap its ring: one metadata page + 2^n data pages,
 *   3. store its fd in the map at key i (the map takes its own reference),
 *   4. enable it, and add it to our epoll set (wakeup_events = 1: every
 *      sample makes the fd readable).
 * perf_ring.c reads the rings; this file only sets them up and tears them
 * down. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader/kernel/bpf_syscall.h"
#include "loader/kernel/perf_event.h"
#include "perf_ring.h"

struct cpu_ring {
	int fd;                   /* the event; -1 unopened or the CPU offline */
	int in_map;               /* fd stored in the map at this CPU's index */
	struct rb_perf_ring ring; /* ring.meta is NULL until mapped */
};

struct rb_perf_buffer {
	int epfd;
	int map_fd;               /* not ours: only to undo a failed open */
	size_t page_size;
	size_t mmap_size;         /* (1 + data pages) * page_size */
	rb_sample_fn on_sample;
	rb_lost_fn on_lost;
	void *ctx;
	struct cpu_ring *cpus;
	size_t cpu_count;
	struct rb_narrator narrator; /* for the teardown's lines */
	char name[64];               /* the map's, for the same */
};

static int open_output_event(int cpu)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW; /* a sample is: u32 size, the bytes */
	attr.sample_period = 1;             /* every output is a sample */
	attr.wakeup_events = 1;             /* wake epoll at every sample */
	attr.disabled = 1;                  /* enabled once everything is ready */
	return rb_perf_event_open(&attr, cpu); /* every task, on that CPU only */
}

static int map_update(int map_fd, uint32_t key, uint32_t value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map_fd;
	attr.key = rb_ptr(&key);
	attr.value = rb_ptr(&value);
	attr.flags = BPF_ANY;
	return rb_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static void map_delete(int map_fd, uint32_t key)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map_fd;
	attr.key = rb_ptr(&key);
	rb_bpf(BPF_MAP_DELETE_ELEM, &attr);
}

/* Steps 1-4 for one CPU. On failure what was made stays recorded in *c,
 * for rb_perf_buffer_free() to undo. */
static int open_cpu(struct rb_perf_buffer *pb, const struct rb_map *map, int cpu,
		    const struct rb_narrator *narrator, struct rb_error *err)
{
	struct cpu_ring *c = &pb->cpus[cpu];
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)cpu };
	void *base;

	c->fd = open_output_event(cpu);
	if (c->fd < 0 && errno == ENODEV) {
		/* possible but offline: no program runs there now. The map
		 * slot stays empty; an output there would fail with -ENOENT. */
		rb_narrate(narrator, "perf buffer %s: cpu %d is offline, skipped", map->name, cpu);
		return 0;
	}
	if (c->fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: perf_event_open(BPF_OUTPUT, cpu %d)",
				     map->name, cpu);
	/* PROT_WRITE: we move data_tail, and the kernel then never
	 * overwrites unread records (see perf_ring.c). */
	base = mmap(NULL, pb->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (base == MAP_FAILED)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: mmap of %zu bytes for cpu %d (try fewer pages)",
				     map->name, pb->mmap_size, cpu);
	c->ring.meta = base;
	c->ring.data = (uint8_t *)base + pb->page_size;
	c->ring.data_size = pb->mmap_size - pb->page_size;
	c->ring.cpu = cpu;
	c->ring.scratch = malloc(c->ring.data_size);
	if (!c->ring.scratch)
		return rb_fail(err, RB_ERR_SYSTEM, "perf buffer %s: out of memory", map->name);
	if (map_update(pb->map_fd, (uint32_t)cpu, (uint32_t)c->fd) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: BPF_MAP_UPDATE_ELEM(map[%d] = fd %d)",
				     map->name, cpu, c->fd);
	c->in_map = 1;
	if (ioctl(c->fd, PERF_EVENT_IOC_ENABLE, 0) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: PERF_EVENT_IOC_ENABLE on cpu %d",
				     map->name, cpu);
	if (epoll_ctl(pb->epfd, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno,
				     "perf buffer %s: epoll_ctl(ADD, cpu %d)", map->name, cpu);
	rb_narrate(narrator, "perf buffer %s: cpu %d: perf_event_open(BPF_OUTPUT) = fd %d, "
		 "mmap %zu pages, map[%d] = fd %d, enabled",
		 map->name, cpu, c->fd, pb->mmap_size / pb->page_size, cpu, c->fd);
	return 0;
}

/* Checks that need no system call, so a bad request changes nothing. */
static int check_request(const struct rb_map *map, size_t page_count, size_t page_size,
			 struct rb_error *err)
{
	if (map->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return rb_fail(err, RB_ERR_INPUT, "perf buffer %s: the map is of type %u, "
			       "not BPF_MAP_TYPE_PERF_EVENT_ARRAY", map->name, map->type);
	if (map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "perf buffer %s: the map is not loaded",
			       map->name);
	/* The kernel's perf_mmap() refuses a data area that is not 2^n pages. */
	if (page_count == 0 || (page_count & (page_count - 1)))
		return rb_fail(err, RB_ERR_INPUT,
			       "perf buffer %s: %zu data pages: the kernel needs a power of two",
			       map->name, page_count);
	if (page_count > SIZE_MAX / page_size - 1)
		return rb_fail(err, RB_ERR_INPUT, "perf buffer %s: %zu data pages is too many",
			       map->name, page_count);
	return 0;
}

/* After a failed open: empty the map slots we filled, so the map holds no
 * reference to events that are about to be closed. The map is still open
 * here; rb_perf_buffer_free() cannot know that, so it leaves the entries
 * to go away with the map. */
static void undo_map_entries(struct rb_perf_buffer *pb)
{
	for (size_t i = 0; i < pb->cpu_count; i++)
		if (pb->cpus[i].in_map)
			map_delete(pb->map_fd, (uint32_t)i);
}

int rb_perf_buffer_open(struct rb_perf_buffer **out, const struct rb_map *map,
			size_t page_count, rb_sample_fn on_sample, rb_lost_fn on_lost,
			void *ctx, const struct rb_narrator *narrator, struct rb_error *err)
{
	struct rb_perf_buffer *pb;
	size_t page_size = (size_t)sysconf(_SC_PAGESIZE);
	int cpus;

	*out = NULL;
	if (check_request(map, page_count, page_size, err) || rb_possible_cpus(&cpus, err))
		return -1;
	/* CPUs past the map's size have no slot to output to. */
	if ((uint32_t)cpus > map->max_entries)
		cpus = (int)map->max_entries;
	pb = calloc(1, sizeof(*pb));
	if (!pb)
		return rb_fail(err, RB_ERR_SYSTEM, "perf buffer %s: out of memory", map->name);
	pb->map_fd = map->fd;
	if (narrator)
		pb->narrator = *narrator;
	snprintf(pb->name, sizeof(pb->name), "%s", map->name);
	pb->page_size = page_size;
	pb->mmap_size = page_size * (1 + page_count);
	pb->on_sample = on_sample;
	pb->on_lost = on_lost;
	pb->ctx = ctx;
	pb->cpu_count = (size_t)cpus;
	pb->cpus = calloc(pb->cpu_count ? pb->cpu_count : 1, sizeof(*pb->cpus));
	for (size_t i = 0; pb->cpus && i < pb->cpu_count; i++)
		pb->cpus[i].fd = -1;
	pb->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!pb->cpus || pb->epfd < 0) {
		rb_fail_errno(err, RB_ERR_SYSTEM, errno, "perf buffer %s: setup", map->name);
		rb_perf_buffer_free(pb);
		return -1;
	}
	rb_narrate(narrator, "perf buffer %s: %d CPUs, %zu data pages each, epoll fd %d",
		 map->name, cpus, page_count, pb->epfd);
	for (int cpu = 0; cpu < cpus; cpu++) {
		if (open_cpu(pb, map, cpu, narrator, err)) {
			undo_map_entries(pb);
			rb_perf_buffer_free(pb);
			return -1;
		}
	}
	*out = pb;
	return 0;
}

int rb_perf_buffer_fd(const struct rb_perf_buffer *pb)
{
	return pb->epfd;
}

int rb_perf_buffer_consume(struct rb_perf_buffer *pb, struct rb_error *err)
{
	int total = 0;

	for (size_t i = 0; i < pb->cpu_count; i++) {
		int n;

		if (!pb->cpus[i].ring.meta)
			continue; /* offline CPU */
		n = rb_perf_ring_consume(&pb->cpus[i].ring, pb->on_sample, pb->on_lost,
					 pb->ctx, err);
		if (n < 0)
			return -1;
		total += n;
	}
	return total;
}

/* Why every ring is read, not only those epoll names: the readiness of a
 * perf event fd is consumed by whoever polls it first. perf_poll() in
 * kernel/events/core.c returns atomic_xchg(&rb->poll, 0): the wake-up state
 * is cleared by the poll itself. When the caller's own epoll watches our
 * epoll fd (nested, as rawbpf run does), its epoll_wait() polls our fd,
 * which polls each ready event and so clears its state; our epoll_wait()
 * then finds nothing, and the records would wait in the ring until the
 * final drain. The ring's data_head is the only truth: comparing it with
 * data_tail costs one load per CPU, so reading all rings is cheap. */
int rb_perf_buffer_poll(struct rb_perf_buffer *pb, int timeout_ms, struct rb_error *err)
{
	struct epoll_event ready[64];

	/* Only to sleep until a ring has data; what it reports is not used. */
	if (timeout_ms != 0 && epoll_wait(pb->epfd, ready, 64, timeout_ms) < 0 && errno != EINTR)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "epoll_wait");
	return rb_perf_buffer_consume(pb, err);
}

/* Disable first: a program that outputs to a disabled event gets
 * -EOPNOTSUPP at once, while the map (which holds its own reference to the
 * event until the map is closed) would otherwise keep it filling a ring
 * nobody reads. Then unmap and close; closing an fd also removes it from
 * the epoll set. */
void rb_perf_buffer_free(struct rb_perf_buffer *pb)
{
	if (!pb)
		return;
	for (size_t i = 0; pb->cpus && i < pb->cpu_count; i++) {
		struct cpu_ring *c = &pb->cpus[i];

		if (c->fd >= 0)
			ioctl(c->fd, PERF_EVENT_IOC_DISABLE, 0);
		if (c->ring.meta)
			munmap(c->ring.meta, pb->mmap_size);
		free(c->ring.scratch);
		if (c->fd >= 0) {
			close(c->fd);
			rb_narrate(&pb->narrator, "perf buffer %s: cpu %zu: ioctl(fd %d, "
				   "PERF_EVENT_IOC_DISABLE)%s, close(fd %d)", pb->name, i, c->fd,
				   c->ring.meta ? ", munmap" : "", c->fd);
		}
	}
	if (pb->epfd >= 0) {
		close(pb->epfd);
		rb_narrate(&pb->narrator, "perf buffer %s: close(epoll fd %d)", pb->name, pb->epfd);
	}
	free(pb->cpus);
	free(pb);
}
