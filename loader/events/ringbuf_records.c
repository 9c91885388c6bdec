/* Walking the records of a BPF ring buffer, on memory we are given.
 *
 * The two positions only grow; a byte's place in the data area is its
 * position modulo the (power of two) size. The kernel keeps
 *     producer_pos - consumer_pos <= size - 1
 * (__bpf_ringbuf_reserve() refuses a record that would break it), and
 * every record starts 8-byte aligned because its length is rounded up to 8.
 *
 * Ordering: three pairs of barriers, each matching one in
 * kernel/bpf/ringbuf.c.
 *  1. The kernel writes a record's header (with the busy bit), then moves
 *     producer_pos with smp_store_release() ("pairs with consumer's
 *     smp_load_acquire()"). We load producer_pos with acquire: every header
 *     below it is then visible.
 *  2. bpf_ringbuf_commit() writes the sample, then replaces the header's
 *     len with xchg(), a full barrier, clearing the busy bit. We load len
 *     with acquire: once the busy bit is clear, the sample bytes are there.
 *  3. We read the sample, then store consumer_pos with release.
 *     __bpf_ringbuf_reserve() loads it with smp_load_acquire(): the kernel
 *     cannot reuse the space before our reads are done.
 * Documentation/bpf/ringbuf.rst ("Design and Implementation") describes the
 * protocol: records become visible in reservation order, a busy record
 * holds back the ones after it, a discarded one is skipped. */
#include "ringbuf.h"

/* The header plus the sample, rounded up to 8, as __bpf_ringbuf_reserve()
 * computes it: how far the record moves the positions. */
static uint64_t record_span(uint32_t sample_size)
{
	return ((uint64_t)sample_size + RB_RINGBUF_HDR_SZ + 7) & ~(uint64_t)7;
}

int rb_ringbuf_walk(struct rb_ringbuf_area *area, rb_ring_sample_fn on_sample,
		    void *ctx, struct rb_error *err)
{
	unsigned long prod = __atomic_load_n(area->producer_pos, __ATOMIC_ACQUIRE);
	/* Only we write consumer_pos: a plain read of our own last store. */
	unsigned long cons = *area->consumer_pos;
	unsigned long mask = area->size - 1;
	int delivered = 0;

	/* Subtraction of unsigned positions is right even after they wrap
	 * (on 32-bit machines, where unsigned long is 32 bits). */
	if (prod - cons > mask || (prod | cons) % 8)
		return rb_fail(err, RB_ERR_KERNEL,
			       "ring buffer %s: producer position %lu and consumer "
			       "position %lu are impossible for a %lu-byte ring",
			       area->name, prod, cons, area->size);
	while (cons != prod) {
		const uint8_t *rec = area->data + (cons & mask);
		const struct rb_ringbuf_hdr *hdr = (const void *)rec;
		uint32_t len = __atomic_load_n(&hdr->len, __ATOMIC_ACQUIRE);
		uint32_t size = len & ~(RB_RINGBUF_BUSY_BIT | RB_RINGBUF_DISCARD_BIT);
		uint64_t span = record_span(size);

		if (len & RB_RINGBUF_BUSY_BIT)
			break; /* reserved, not submitted: later records wait */
		/* The record must lie inside what the kernel reserved. Then it
		 * is shorter than the ring, and from any offset in the first
		 * copy it ends inside the second: we never read past the
		 * mapping, wrapping or not. */
		if (span > prod - cons)
			return rb_fail(err, RB_ERR_KERNEL,
				       "ring buffer %s: record at position %lu says %u "
				       "bytes, more than the %lu written",
				       area->name, cons, size, prod - cons);
		if (!(len & RB_RINGBUF_DISCARD_BIT)) {
			on_sample(ctx, rec + RB_RINGBUF_HDR_SZ, size);
			delivered++;
		}
		cons += (unsigned long)span;
		/* Record by record, so the kernel gets the space back now. */
		__atomic_store_n(area->consumer_pos, cons, __ATOMIC_RELEASE);
	}
	return delivered;
}
