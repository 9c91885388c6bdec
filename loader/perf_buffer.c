/* Perf buffers: where bpf_perf_event_output() sends its samples.
 *
 * A PERF_EVENT_ARRAY map holds one perf event fd per CPU. The program calls
 * bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU, data, size), and the
 * kernel writes a PERF_RECORD_SAMPLE into the ring of the event stored at
 * the current CPU's index. So for each CPU we:
 *   1. open a PERF_COUNT_SW_BPF_OUTPUT software event on that CPU,
 *   2. mmap its ring: one metadata page + 2^n data pages,
 *   3. store its fd in the map at the CPU's index,
 *   4. enable it, and add it to an epoll set (wakeup_events = 1: every
 *      sample makes the fd readable). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "perf_ring.h"

struct rb_perf_buffer {
	int epfd;
	size_t page_size;
	size_t mmap_size;
	rb_sample_fn on_sample;
	rb_lost_fn on_lost;
	void *ctx;
	int *fds;                  /* per CPU; -1 where the CPU is offline */
	struct rb_perf_ring *rings;
	size_t cpu_count;
};

static int open_output_event(int cpu)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return (int)syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

static int store_fd(const struct rb_map *map, int cpu, int fd)
{
	union bpf_attr attr;
	__u32 key = (__u32)cpu, value = (__u32)fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map->fd;
	attr.key = rb_ptr(&key);
	attr.value = rb_ptr(&value);
	attr.flags = BPF_ANY;
	return rb_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static int open_cpu(struct rb_perf_buffer *pb, const struct rb_map *map, int cpu,
		    const struct rb_log *log, struct rb_error *err)
{
	struct rb_perf_ring *ring = &pb->rings[cpu];
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)cpu };
	void *base;
	int fd = open_output_event(cpu);

	if (fd < 0 && errno == ENODEV) {
		/* possible but offline: nothing can run there now */
		rb_trace(log, "perf buffer %s: cpu %d is offline, skipped", map->name, cpu);
		return 0;
	}
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: perf_event_open(BPF_OUTPUT, cpu %d) failed",
				     map->name, cpu);
	pb->fds[cpu] = fd;
	base = mmap(NULL, pb->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: mmap of %zu bytes for cpu %d failed "
				     "(try fewer --pages)",
				     map->name, pb->mmap_size, cpu);
	ring->meta = base;
	ring->data = (uint8_t *)base + pb->page_size;
	ring->data_size = pb->mmap_size - pb->page_size;
	ring->cpu = cpu;
	ring->scratch = malloc(ring->data_size);
	if (!ring->scratch)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	if (store_fd(map, cpu, fd) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: storing the cpu %d event in the map failed",
				     map->name, cpu);
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "perf buffer %s: PERF_EVENT_IOC_ENABLE on cpu %d failed",
				     map->name, cpu);
	if (epoll_ctl(pb->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "epoll_ctl");
	rb_trace(log, "perf buffer %s: cpu %d: perf_event_open(BPF_OUTPUT) = fd %d, mmap %zu pages, "
		 "map[%d] = fd %d", map->name, cpu, fd, pb->mmap_size / pb->page_size, cpu, fd);
	return 0;
}

int rb_perf_buffer_open(struct rb_perf_buffer **out, const struct rb_map *map,
			size_t page_count, rb_sample_fn on_sample, rb_lost_fn on_lost,
			void *ctx, const struct rb_log *log, struct rb_error *err)
{
	struct rb_perf_buffer *pb;
	int cpus;

	*out = NULL;
	if (page_count == 0 || (page_count & (page_count - 1)))
		return rb_fail(err, RB_ERR_INPUT,
			       "perf buffer %s: %zu data pages: the kernel needs a power of two",
			       map->name, page_count);
	if (rb_possible_cpus(&cpus, err))
		return -1;
	if ((uint32_t)cpus > map->max_entries)
		cpus = (int)map->max_entries; /* CPUs past the map's size cannot output */
	pb = calloc(1, sizeof(*pb));
	if (!pb)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	pb->epfd = -1;
	pb->on_sample = on_sample;
	pb->on_lost = on_lost;
	pb->ctx = ctx;
	pb->cpu_count = (size_t)cpus;
	pb->page_size = (size_t)sysconf(_SC_PAGESIZE);
	pb->mmap_size = pb->page_size * (1 + page_count);
	pb->fds = malloc(pb->cpu_count * sizeof(*pb->fds) + 1);
	pb->rings = calloc(pb->cpu_count + 1, sizeof(*pb->rings));
	for (size_t i = 0; pb->fds && i < pb->cpu_count; i++)
		pb->fds[i] = -1;
	pb->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!pb->fds || !pb->rings || pb->epfd < 0) {
		rb_perf_buffer_free(pb);
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "perf buffer %s: setup", map->name);
	}
	for (int cpu = 0; cpu < cpus; cpu++) {
		if (open_cpu(pb, map, cpu, log, err)) {
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
		if (!pb->rings[i].meta)
			continue;
		n = rb_perf_ring_consume(&pb->rings[i], pb->on_sample, pb->on_lost, pb->ctx, err);
		if (n < 0)
			return -1;
		total += n;
	}
	return total;
}

int rb_perf_buffer_poll(struct rb_perf_buffer *pb, int timeout_ms, struct rb_error *err)
{
	struct epoll_event ready[64];
	int n = epoll_wait(pb->epfd, ready, 64, timeout_ms), total = 0;

	if (n < 0)
		return errno == EINTR ? 0 : rb_fail_errno(err, RB_ERR_SYSTEM, errno, "epoll_wait");
	for (int i = 0; i < n; i++) {
		/* each CPU's event was added with its CPU number as epoll data */
		int got = rb_perf_ring_consume(&pb->rings[ready[i].data.u32], pb->on_sample,
					       pb->on_lost, pb->ctx, err);
		if (got < 0)
			return -1;
		total += got;
	}
	return total;
}

void rb_perf_buffer_free(struct rb_perf_buffer *pb)
{
	if (!pb)
		return;
	for (size_t i = 0; pb->rings && pb->fds && i < pb->cpu_count; i++) {
		if (pb->fds[i] >= 0)
			ioctl(pb->fds[i], PERF_EVENT_IOC_DISABLE, 0);
		if (pb->rings[i].meta)
			munmap(pb->rings[i].meta, pb->mmap_size);
		free(pb->rings[i].scratch);
		if (pb->fds[i] >= 0)
			close(pb->fds[i]);
	}
	if (pb->epfd >= 0)
		close(pb->epfd);
	free(pb->fds);
	free(pb->rings);
	free(pb);
}
