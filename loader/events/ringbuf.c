/* Setting up a BPF ring buffer reader: the mappings and the epoll fd. The
 * record walk, and the memory ordering it follows, is in ringbuf_records.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ringbuf.h"
#include "uapi/linux/bpf.h"

struct rb_ringbuf {
	struct rb_ringbuf_area area;
	char name[64];
	int epfd;
	size_t page_size;
	unsigned long *consumer;  /* the read-write consumer page */
	void *producer_area;      /* producer page + data twice, read-only */
	size_t producer_len;
	rb_ring_sample_fn on_sample;
	void *ctx;
	struct rb_narrator narrator; /* for the teardown's line */
};

int rb_ringbuf_open(struct rb_ringbuf **out, const struct rb_map *map,
		    rb_ring_sample_fn on_sample, void *ctx, const struct rb_narrator *narrator,
		    struct rb_error *err)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct epoll_event ev = { .events = EPOLLIN };
	struct rb_ringbuf *rb;
	void *p;

	*out = NULL;
	if (map->type != BPF_MAP_TYPE_RINGBUF)
		return rb_fail(err, RB_ERR_INPUT, "map %s is not a ring buffer", map->name);
	/* The kernel sizes the data area as a power of two of whole pages. */
	if (map->max_entries < page || (map->max_entries & (map->max_entries - 1)))
		return rb_fail(err, RB_ERR_INPUT,
			       "ring buffer %s: max_entries %u must be a power of two multiple "
			       "of the page size (%zu)",
			       map->name, map->max_entries, page);
	if (map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "ring buffer %s: the map is not created",
			       map->name);
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	snprintf(rb->name, sizeof(rb->name), "%s", map->name);
	rb->on_sample = on_sample;
	rb->ctx = ctx;
	if (narrator)
		rb->narrator = *narrator;
	rb->page_size = page;
	rb->epfd = epoll_create1(EPOLL_CLOEXEC);
	/* Each failure saves errno first: rb_ringbuf_free() closes and unmaps,
	 * which may change it. */
	if (rb->epfd < 0 || epoll_ctl(rb->epfd, EPOLL_CTL_ADD, map->fd, &ev) != 0) {
		int e = errno;
		rb_ringbuf_free(rb);
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "ring buffer %s: epoll", map->name);
	}
	p = mmap(NULL, rb->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, map->fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;
		rb_ringbuf_free(rb);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "ring buffer %s: mmap of the consumer page failed", map->name);
	}
	rb->consumer = p;
	rb->producer_len = rb->page_size + 2 * (size_t)map->max_entries;
	p = mmap(NULL, rb->producer_len, PROT_READ, MAP_SHARED, map->fd, (off_t)rb->page_size);
	if (p == MAP_FAILED) {
		int e = errno;
		rb->producer_area = NULL;
		rb_ringbuf_free(rb);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "ring buffer %s: mmap of the producer page and data failed",
				     map->name);
	}
	rb->producer_area = p;
	rb->area = (struct rb_ringbuf_area){
		.consumer_pos = rb->consumer,
		.producer_pos = p,
		.data = (const uint8_t *)p + page,
		.size = map->max_entries,
		.name = rb->name,
	};
	rb_narrate(narrator, "ring buffer %s: mmap consumer page (rw), producer page + 2 x %u data (ro)",
		 map->name, map->max_entries);
	*out = rb;
	return 0;
}

int rb_ringbuf_fd(const struct rb_ringbuf *rb)
{
	return rb->epfd;
}

int rb_ringbuf_consume(struct rb_ringbuf *rb, struct rb_error *err)
{
	return rb_ringbuf_walk(&rb->area, rb->on_sample, rb->ctx, err);
}

void rb_ringbuf_free(struct rb_ringbuf *rb)
{
	if (!rb)
		return;
	if (rb->consumer)
		munmap(rb->consumer, rb->page_size);
	if (rb->producer_area)
		munmap(rb->producer_area, rb->producer_len);
	if (rb->epfd >= 0)
		close(rb->epfd);
	rb_narrate(&rb->narrator, "ring buffer %s: munmap%s%s, close(epoll fd %d)", rb->name,
		   rb->consumer ? " consumer page" : "",
		   rb->producer_area ? ", producer page + data" : "", rb->epfd);
	free(rb);
}
