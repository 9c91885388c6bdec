/* BPF ring buffers (BPF_MAP_TYPE_RINGBUF): one ring shared by all CPUs.
 *
 * The map's fd is mmap'd in parts (kernel/bpf/ringbuf.c, ringbuf_map_mmap):
 *   offset 0:          the consumer page, read-write: consumer_pos, which we
 *                      advance as we read;
 *   offset page_size:  the producer page, read-only: producer_pos, which the
 *                      kernel advances as programs reserve records;
 *   offset 2*page:     the data area, read-only, mapped twice in a row so a
 *                      record that wraps the end reads as contiguous bytes.
 * Each record starts with an 8-byte header: u32 len (with the BUSY bit while
 * a program still writes it, the DISCARD bit if it gave it up) and u32
 * page offset (for the kernel). Records are 8-byte aligned. */
#ifndef RAWBPF_RINGBUF_H
#define RAWBPF_RINGBUF_H

#include <stdint.h>

#include "loader/rawbpf.h"

/* The kernel's BPF_RINGBUF_BUSY_BIT, _DISCARD_BIT and _HDR_SZ. */
#define RB_RINGBUF_BUSY_BIT (1U << 31)
#define RB_RINGBUF_DISCARD_BIT (1U << 30)
#define RB_RINGBUF_HDR_SZ 8

struct rb_ringbuf_hdr {
	uint32_t len;
	uint32_t pg_off;
};

/* rb_ringbuf_open() and the rest of the reader are public (rawbpf.h).
 * The pure part (ringbuf_records.c), for tests: the positions and the data
 * area (size bytes, mapped twice in a row). Positions are unsigned long,
 * as in the kernel's struct bpf_ringbuf. */
struct rb_ringbuf_area {
	unsigned long *consumer_pos;
	const unsigned long *producer_pos;
	const uint8_t *data;
	unsigned long size;
	const char *name;
};
int rb_ringbuf_walk(struct rb_ringbuf_area *area, rb_ring_sample_fn on_sample, void *ctx,
		    struct rb_error *err);

#endif
