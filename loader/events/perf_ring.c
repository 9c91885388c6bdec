/* Consuming the records of one perf ring.
 *
 * Ordering. The kernel and the reader share two counters in the metadata
 * page. kernel/events/ring_buffer.c (perf_output_put_handle()) names the
 * four orderings that make sharing them safe:
 *
 *     kernel                              reader (this file)
 *     if (LOAD data_tail) {      (A)      LOAD data_head, acquire    (C)
 *         STORE record bytes              LOAD record bytes
 *         smp_wmb()              (B)      (release)                  (D)
 *         STORE data_head                 STORE data_tail, release
 *     }
 *
 *  - B pairs with C: the kernel writes a record's bytes before it publishes
 *    the data_head that covers them. We load data_head with acquire, so
 *    every byte below it is visible to the loads that follow.
 *  - D pairs with A: our reads of the records are done before the release
 *    store of data_tail, and the kernel writes a record only after loading
 *    data_tail and finding room below data_tail + size (a control
 *    dependency). So it never overwrites bytes we are still reading.
 * The kernel honours data_tail only because perf_buffer.c maps the ring
 * with PROT_WRITE; a read-only mapping is an "overwrite" ring where the
 * kernel ignores data_tail.
 *
 * data_head and data_tail only grow (64 bits: they do not wrap in
 * practice, and the subtractions below stay right even if they did). A
 * byte's place in the data area is its counter modulo the power-of-two
 * size. Every kernel record is a multiple of 8 bytes starting at a multiple
 * of 8, so a header never straddles the end; a record's body may. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "perf_ring.h"

/* The body of a PERF_RECORD_LOST (kernel/events/ring_buffer.c,
 * perf_output_begin()): the event's id and how many samples were dropped
 * because the ring was full. It is written at the next record that fits. */
struct lost_body {
	uint64_t id;
	uint64_t lost;
};

/* The u32 in front of raw sample data (PERF_SAMPLE_RAW). */
#define RAW_SIZE_LEN sizeof(uint32_t)

__attribute__((format(printf, 4, 5)))
static int malformed(const struct rb_perf_ring *ring, uint64_t pos, struct rb_error *err,
		     const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rb_fail(err, RB_ERR_KERNEL, "perf ring of cpu %d: record at position 0x%" PRIx64
		       ": %s", ring->cpu, pos, what);
}

/* Copy `len` bytes from ring position `pos`, in two pieces if they wrap:
 * the part up to the end of the data area, then the rest from its start.
 * len is at most data_size, so the second piece stays inside too. */
static void ring_copy(const struct rb_perf_ring *ring, uint64_t pos, void *dst, size_t len)
{
	uint64_t off = pos & (ring->data_size - 1);
	size_t first = len < ring->data_size - off ? len : (size_t)(ring->data_size - off);

	memcpy(dst, ring->data + off, first);
	memcpy((uint8_t *)dst + first, ring->data, len - first);
}

/* Read the header at `tail` and check its size against everything the
 * kernel guarantees, before anything trusts it. */
static int read_header(const struct rb_perf_ring *ring, uint64_t tail, uint64_t head,
		       struct perf_event_header *hdr, struct rb_error *err)
{
	uint64_t published = head - tail;

	if (published < sizeof(*hdr))
		return malformed(ring, tail, err, "only %" PRIu64 " bytes before data_head, "
				 "less than a record header", published);
	/* The kernel's records are 8-byte aligned, so its headers never wrap
	 * the end of the data area; then one fixed-size copy, which the
	 * compiler inlines, reads it in place (this runs once per record, and
	 * for small records it is most of the work). A header that does wrap
	 * (the reader does not rely on the kernel here) is put together. */
	uint64_t off = tail & (ring->data_size - 1);
	if (off <= ring->data_size - sizeof(*hdr))
		memcpy(hdr, ring->data + off, sizeof(*hdr));
	else
		ring_copy(ring, tail, hdr, sizeof(*hdr));
	if (hdr->size < sizeof(*hdr))
		return malformed(ring, tail, err, "size %u is smaller than the %zu-byte header",
				 hdr->size, sizeof(*hdr));
	if (hdr->size % 8)
		return malformed(ring, tail, err, "size %u is not a multiple of 8", hdr->size);
	/* This check is what makes the scratch buffer big enough. */
	if (hdr->size > ring->data_size)
		return malformed(ring, tail, err, "size %u is larger than the %" PRIu64
				 "-byte ring", hdr->size, ring->data_size);
	if (hdr->size > published)
		return malformed(ring, tail, err, "size %u runs past data_head (%" PRIu64
				 " bytes published)", hdr->size, published);
	return 0;
}

/* Hand one checked record to its callback. Returns 1 when it was a sample
 * or a lost record, 0 for a type we skip, -1 when its body is malformed. */
static int deliver(const struct rb_perf_ring *ring, uint64_t pos,
		   const struct perf_event_header *hdr, const uint8_t *rec,
		   rb_sample_fn on_sample, rb_lost_fn on_lost, void *ctx, struct rb_error *err)
{
	const uint8_t *body = rec + sizeof(*hdr);
	size_t body_len = hdr->size - sizeof(*hdr);

	if (hdr->type == PERF_RECORD_SAMPLE) {
		/* With sample_type PERF_SAMPLE_RAW alone the body is u32 size,
		 * then size bytes. kernel/events/core.c rounds size up so that
		 * 4 + size is a multiple of 8, keeping the next record aligned:
		 * 1 byte from bpf_perf_event_output() arrives as 4, 24 as 28,
		 * 92 as 92. The padding is not written: it holds whatever the
		 * ring held before. The program's data is the start of it. */
		uint32_t raw_size;

		if (body_len < RAW_SIZE_LEN)
			return malformed(ring, pos, err, "a %u-byte sample has no room for its "
					 "raw data size", hdr->size);
		memcpy(&raw_size, body, RAW_SIZE_LEN);
		if (raw_size > body_len - RAW_SIZE_LEN)
			return malformed(ring, pos, err, "raw data size %" PRIu32 " is bigger than "
					 "the %zu bytes left in the %u-byte sample",
					 raw_size, body_len - RAW_SIZE_LEN, hdr->size);
		if (on_sample)
			on_sample(ctx, ring->cpu, body + RAW_SIZE_LEN, raw_size);
		return 1;
	}
	if (hdr->type == PERF_RECORD_LOST) {
		struct lost_body lost;

		if (body_len < sizeof(lost))
			return malformed(ring, pos, err, "a %u-byte lost record is shorter than "
					 "its id and count", hdr->size);
		memcpy(&lost, body, sizeof(lost));
		if (on_lost)
			on_lost(ctx, ring->cpu, lost.lost);
		return 1;
	}
	return 0; /* another record type: the caller skips it by its size */
}

int rb_perf_ring_consume(struct rb_perf_ring *ring, rb_sample_fn on_sample,
			 rb_lost_fn on_lost, void *ctx, struct rb_error *err)
{
	/* C: acquire, pairing with the kernel's B. */
	uint64_t head = __atomic_load_n(&ring->meta->data_head, __ATOMIC_ACQUIRE);
	/* Only we write data_tail: a plain read of our own last store. */
	uint64_t tail = ring->meta->data_tail;
	int delivered = 0, failed = 0;

	if (head - tail > ring->data_size)
		return rb_fail(err, RB_ERR_KERNEL,
			       "perf ring of cpu %d: data_head 0x%" PRIx64 " is more than the "
			       "%" PRIu64 "-byte ring ahead of data_tail 0x%" PRIx64,
			       ring->cpu, head, ring->data_size, tail);
	while (tail != head) {
		struct perf_event_header hdr;
		uint64_t off = tail & (ring->data_size - 1);
		const uint8_t *rec = ring->data + off;
		int n;

		if (read_header(ring, tail, head, &hdr, err)) {
			failed = 1;
			break;
		}
		if (off + hdr.size > ring->data_size) {
			/* The record wraps the end of the data area: put its two
			 * pieces together, so the callback sees it contiguous. */
			ring_copy(ring, tail, ring->scratch, hdr.size);
			rec = ring->scratch;
		}
		n = deliver(ring, tail, &hdr, rec, on_sample, on_lost, ctx, err);
		if (n < 0) {
			failed = 1;
			break;
		}
		delivered += n;
		tail += hdr.size;
	}
	/* D: release, pairing with the kernel's A. Also after an error: the
	 * records before the bad one were delivered and must not be again. */
	__atomic_store_n(&ring->meta->data_tail, tail, __ATOMIC_RELEASE);
	return failed ? -1 : delivered;
}
