/* Reading one perf ring: the pure part of the perf buffer, no syscalls.
 *
 * A perf event's mmap is one metadata page (struct perf_event_mmap_page)
 * followed by 2^n data pages used as a ring. The kernel writes records and
 * advances data_head; the reader consumes them and advances data_tail.
 * perf_buffer.c maps the real rings; tests build fake ones. */
#ifndef RAWBPF_PERF_RING_H
#define RAWBPF_PERF_RING_H

#include <stddef.h>
#include <stdint.h>

#include "../uapi/linux/perf_event.h"
#include "rawbpf.h"

struct rb_perf_ring {
	struct perf_event_mmap_page *meta;
	uint8_t *data;       /* the data area */
	uint64_t data_size;  /* a power of two */
	uint8_t *scratch;    /* data_size bytes, for records that wrap */
	int cpu;
};

/* Deliver every record between data_tail and data_head, then advance
 * data_tail. Returns the number of samples and lost records delivered, or
 * -1 when the ring holds something no kernel writes. */
int rb_perf_ring_consume(struct rb_perf_ring *ring, rb_sample_fn on_sample,
			 rb_lost_fn on_lost, void *ctx, struct rb_error *err);

#endif
