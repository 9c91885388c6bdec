/* Consuming the records of one perf ring.
 *
 * Ordering (the contract in include/uapi/linux/perf_event.h, "data_head"):
 *  - the kernel writes a record's bytes, then publishes data_head with a
 *    release barrier; we load data_head with acquire, so every byte before
 *    it is visible to us when we read it;
 *  - we read the records, then store data_tail with release, so our reads
 *    are complete before the kernel sees the space as free and overwrites it.
 * data_head and data_tail only grow; a position in the ring is the counter
 * modulo the (power of two) data size. */
#include <inttypes.h>
#include <string.h>

#include "perf_ring.h"

/* A PERF_RECORD_LOST body: the event id and how many samples were dropped. */
struct lost_body {
	uint64_t id;
	uint64_t lost;
};

/* Copy `len` bytes starting at ring position `pos`, across the wrap. */
static void ring_copy(const struct rb_perf_ring *ring, uint64_t pos, void *dst, size_t len)
{
	uint64_t off = pos & (ring->data_size - 1);
	size_t first = len < ring->data_size - off ? len : (size_t)(ring->data_size - off);

	memcpy(dst, ring->data + off, first);
	memcpy((uint8_t *)dst + first, ring->data, len - first);
}

static int deliver(const struct rb_perf_ring *ring, const struct perf_event_header *hdr,
		   const uint8_t *rec, rb_sample_fn on_sample, rb_lost_fn on_lost,
		   void *ctx, struct rb_error *err)
{
	if (hdr->type == PERF_RECORD_SAMPLE) {
		uint32_t raw_size;
		/* body: u32 size, then size bytes (PERF_SAMPLE_RAW only) */
		if (hdr->size < sizeof(*hdr) + sizeof(raw_size))
			goto bad;
		memcpy(&raw_size, rec + sizeof(*hdr), sizeof(raw_size));
		if (raw_size > hdr->size - sizeof(*hdr) - sizeof(raw_size))
			goto bad;
		on_sample(ctx, ring->cpu, rec + sizeof(*hdr) + sizeof(raw_size), raw_size);
		return 1;
	}
	if (hdr->type == PERF_RECORD_LOST) {
		struct lost_body body;
		if (hdr->size < sizeof(*hdr) + sizeof(body))
			goto bad;
		memcpy(&body, rec + sizeof(*hdr), sizeof(body));
		on_lost(ctx, ring->cpu, body.lost);
		return 1;
	}
	return 0; /* another record type: skip it by its size */
bad:
	return rb_fail(err, RB_ERR_KERNEL,
		       "perf ring of cpu %d: record of type %u is %u bytes, too short for its body",
		       ring->cpu, hdr->type, hdr->size);
}

int rb_perf_ring_consume(struct rb_perf_ring *ring, rb_sample_fn on_sample,
			 rb_lost_fn on_lost, void *ctx, struct rb_error *err)
{
	uint64_t head = __atomic_load_n(&ring->meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = ring->meta->data_tail; /* only we write it */
	int delivered = 0;

	if (head - tail > ring->data_size)
		return rb_fail(err, RB_ERR_KERNEL,
			       "perf ring of cpu %d: head 0x%" PRIx64 " is more than the ring "
			       "size ahead of tail 0x%" PRIx64,
			       ring->cpu, head, tail);
	while (tail < head) {
		struct perf_event_header hdr;
		uint64_t off = tail & (ring->data_size - 1);
		const uint8_t *rec;
		int n;

		if (head - tail < sizeof(hdr))
			goto bad_size;
		ring_copy(ring, tail, &hdr, sizeof(hdr));
		/* Every record is 8-byte aligned and fits in what was written. */
		if (hdr.size < sizeof(hdr) || hdr.size % 8 || hdr.size > head - tail)
			goto bad_size;
		if (off + hdr.size <= ring->data_size) {
			rec = ring->data + off;
		} else {
			/* The record wraps the end of the ring: reassemble it. */
			ring_copy(ring, tail, ring->scratch, hdr.size);
			rec = ring->scratch;
		}
		n = deliver(ring, &hdr, rec, on_sample, on_lost, ctx, err);
		if (n < 0)
			return -1;
		delivered += n;
		tail += hdr.size;
	}
	__atomic_store_n(&ring->meta->data_tail, tail, __ATOMIC_RELEASE);
	return delivered;
bad_size:
	return rb_fail(err, RB_ERR_KERNEL,
		       "perf ring of cpu %d: malformed record at 0x%" PRIx64
		       " (head 0x%" PRIx64 ")",
		       ring->cpu, tail, head);
}
