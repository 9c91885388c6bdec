/* Reading one perf ring: the pure part of the perf buffer, no syscalls.
 *
 * A perf event's mmap is one metadata page (struct perf_event_mmap_page)
 * followed by 2^n data pages used as a ring. The kernel writes records and
 * advances data_head; the reader consumes them and advances data_tail.
 * perf_buffer.c maps the real rings; the unit tests and the fuzzer build
 * fake ones in ordinary memory. */
#ifndef RAWBPF_PERF_RING_H
#define RAWBPF_PERF_RING_H

#include <stddef.h>
#include <stdint.h>

#include "uapi/linux/perf_event.h"
#include "loader/rawbpf.h"

struct rb_perf_ring {
	struct perf_event_mmap_page *meta; /* data_head, data_tail */
	uint8_t *data;       /* the data area: the pages after meta */
	uint64_t data_size;  /* its size, a power of two */
	uint8_t *scratch;    /* data_size bytes: where a record that wraps the
				end of the data area is put back together */
	int cpu;             /* for the callbacks and the error messages */
};

/* Deliver every record between data_tail and data_head, in order:
 *   PERF_RECORD_SAMPLE (PERF_SAMPLE_RAW)  on_sample(ctx, cpu, data, size)
 *   PERF_RECORD_LOST                      on_lost(ctx, cpu, lost)
 *   anything else                         skipped
 * A NULL callback skips its records too. `data` points into the ring or
 * into scratch: it is valid only during the call.
 * Then data_tail is advanced past what was delivered, giving the space back
 * to the kernel. Returns the number of samples and lost records delivered,
 * or -1 (err says which CPU and what is wrong) when the ring holds
 * something no kernel writes; the records before the bad one are delivered
 * and consumed all the same. */
int rb_perf_ring_consume(struct rb_perf_ring *ring, rb_sample_fn on_sample,
			 rb_lost_fn on_lost, void *ctx, struct rb_error *err);

#endif
