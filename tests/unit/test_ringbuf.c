/* The ring buffer record walk on fake rings.
 *
 * The fake mirrors the real mapping: the data area is a memfd mapped twice
 * back to back, as bpf_ringbuf_area_alloc() maps the data pages, so a
 * record written across the end appears whole and also at the start. The
 * tests write records as __bpf_ringbuf_reserve() and bpf_ringbuf_commit()
 * do: header {len | flags, pg_off}, sample, padding to 8 bytes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/events/ringbuf.h"
#include "uapi/linux/bpf.h"

#define MAX_SAMPLES 16

struct fake {
	unsigned long consumer_pos;
	unsigned long producer_pos;
	uint8_t *data;          /* DATA_SIZE bytes, then the same bytes again */
	unsigned long size;
	struct rb_ringbuf_area area;
	/* what the callback saw */
	uint8_t samples[MAX_SAMPLES][64];
	uint32_t sizes[MAX_SAMPLES];
	unsigned long consumer_seen[MAX_SAMPLES]; /* consumer_pos at delivery */
	int count;
};

static struct fake *fake_new(unsigned long start)
{
	struct fake *f = calloc(1, sizeof(*f));
	size_t size = (size_t)sysconf(_SC_PAGESIZE);
	int fd = memfd_create("fake-ringbuf", MFD_CLOEXEC);
	uint8_t *base;

	assert_non_null(f);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	/* Reserve 2 x size of address space, then put the memfd in both halves. */
	base = mmap(NULL, 2 * size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(base != MAP_FAILED);
	assert_true(mmap(base, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 fd, 0) != MAP_FAILED);
	assert_true(mmap(base + size, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 fd, 0) != MAP_FAILED);
	close(fd);
	f->data = base;
	f->size = size;
	f->consumer_pos = f->producer_pos = start;
	f->area = (struct rb_ringbuf_area){ &f->consumer_pos, &f->producer_pos,
					    f->data, f->size, "events" };
	return f;
}

static void fake_free(struct fake *f)
{
	munmap(f->data, 2 * f->size);
	free(f);
}

/* Reserve and fill one record at producer_pos; returns its header. Written
 * in one piece even across the end, as the kernel writes: the mirror
 * carries the tail to the start of the ring. */
static struct rb_ringbuf_hdr *put(struct fake *f, const void *sample, uint32_t size,
				  uint32_t flags)
{
	uint8_t *rec = f->data + (f->producer_pos & (f->size - 1));
	struct rb_ringbuf_hdr *hdr = (void *)rec;
	uint32_t span = (size + RB_RINGBUF_HDR_SZ + 7) & ~7U;

	memset(rec, 0, span);
	hdr->len = size | flags;
	hdr->pg_off = 0;
	memcpy(rec + RB_RINGBUF_HDR_SZ, sample, size);
	f->producer_pos += span;
	return hdr;
}

static void on_sample(void *ctx, const void *data, uint32_t size)
{
	struct fake *f = ctx;

	assert_true(f->count < MAX_SAMPLES);
	assert_true(size <= sizeof(f->samples[0]));
	memcpy(f->samples[f->count], data, size);
	f->sizes[f->count] = size;
	f->consumer_seen[f->count] = f->consumer_pos;
	f->count++;
}

static int consume(struct fake *f, struct rb_error *err)
{
	return rb_ringbuf_walk(&f->area, on_sample, f, err);
}

static void empty_ring_delivers_nothing(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(consume(f, &err), 0);
	assert_int_equal(f->consumer_pos, 0);
	fake_free(f);
}

static void one_record(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	put(f, "hello", 5, 0);
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->sizes[0], 5);
	assert_memory_equal(f->samples[0], "hello", 5);
	/* 8 header + 5 sample, rounded up to 8 */
	assert_int_equal(f->consumer_pos, 16);
	assert_int_equal(consume(f, &err), 0);
	fake_free(f);
}

static void several_records_advance_one_by_one(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t big[20];

	(void)state;
	memset(big, 0x5a, sizeof(big));
	put(f, "a", 1, 0);
	put(f, "12345678", 8, 0);
	put(f, big, sizeof(big), 0);
	put(f, "", 0, 0); /* an empty sample is still a record */
	assert_int_equal(consume(f, &err), 4);
	assert_memory_equal(f->samples[0], "a", 1);
	assert_memory_equal(f->samples[1], "12345678", 8);
	assert_memory_equal(f->samples[2], big, sizeof(big));
	assert_int_equal(f->sizes[3], 0);
	/* consumer_pos is released after each record, not once at the end:
	 * when a sample is delivered it still points at that sample's record */
	assert_int_equal(f->consumer_seen[0], 0);
	assert_int_equal(f->consumer_seen[1], 16);
	assert_int_equal(f->consumer_seen[2], 32);
	assert_int_equal(f->consumer_seen[3], 64);
	assert_int_equal(f->consumer_pos, 72);
	assert_int_equal(f->consumer_pos, f->producer_pos);
	fake_free(f);
}

static void wrapping_record_is_read_in_place(void **state)
{
	/* Positions far along (the ring went round 3 times), 16 bytes before
	 * the end: a 48-byte record wraps. */
	struct fake *f = fake_new(0);
	unsigned long start = 3 * f->size + f->size - 16;
	struct rb_error err = { 0 };
	uint8_t a[40];

	(void)state;
	f->consumer_pos = f->producer_pos = start;
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i + 1);
	put(f, a, sizeof(a), 0);
	/* header and a[0..7] fill the last 16 bytes; the mirror put a[8..39]
	 * at the start of the data area */
	assert_memory_equal(f->data, a + 8, 32);
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->sizes[0], sizeof(a));
	assert_memory_equal(f->samples[0], a, sizeof(a));
	assert_int_equal(f->consumer_pos, start + 48);
	fake_free(f);
}

static void busy_record_stops_the_walk(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	struct rb_ringbuf_hdr *busy;

	(void)state;
	put(f, "first", 5, 0);
	busy = put(f, "second", 6, RB_RINGBUF_BUSY_BIT);
	put(f, "third", 5, 0); /* submitted, but reserved after the busy one */
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->consumer_pos, 16);
	/* still busy: nothing more, and the position stays */
	assert_int_equal(consume(f, &err), 0);
	assert_int_equal(f->consumer_pos, 16);
	/* bpf_ringbuf_commit() clears the bit: both come now, in order */
	busy->len &= ~RB_RINGBUF_BUSY_BIT;
	assert_int_equal(consume(f, &err), 2);
	assert_memory_equal(f->samples[1], "second", 6);
	assert_memory_equal(f->samples[2], "third", 5);
	assert_int_equal(f->consumer_pos, f->producer_pos);
	fake_free(f);
}

static void discarded_record_is_skipped(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	put(f, "keep", 4, 0);
	put(f, "drop me", 7, RB_RINGBUF_DISCARD_BIT);
	put(f, "keep too", 8, 0);
	assert_int_equal(consume(f, &err), 2);
	assert_memory_equal(f->samples[0], "keep", 4);
	assert_memory_equal(f->samples[1], "keep too", 8);
	/* the discarded record's space is consumed all the same */
	assert_int_equal(f->consumer_pos, 16 + 16 + 16);
	fake_free(f);
}

static void record_longer_than_written_is_refused(void **state)
{
	struct rb_error err = { 0 };
	const uint32_t lens[] = {
		9,                 /* 24 bytes with its header; 16 were written */
		0x3fffffffU,       /* the largest length the flag bits leave */
		0x3fffffffU | RB_RINGBUF_DISCARD_BIT, /* discarded, still bounded */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct fake *f = fake_new(0);
		struct rb_ringbuf_hdr *hdr = put(f, "12345678", 8, 0);

		hdr->len = lens[i];
		assert_int_equal(consume(f, &err), -1);
		assert_non_null(strstr(err.msg, "events"));
		assert_int_equal(f->count, 0);
		assert_int_equal(f->consumer_pos, 0);
		fake_free(f);
	}
}

static void impossible_positions_are_refused(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	f->producer_pos = f->size; /* a full ring: the kernel stops at size - 8 */
	assert_int_equal(consume(f, &err), -1);
	assert_non_null(strstr(err.msg, "impossible"));
	f->producer_pos = 12;      /* records are 8-byte aligned */
	assert_int_equal(consume(f, &err), -1);
	f->producer_pos = 0;
	f->consumer_pos = 8;       /* the consumer ahead of the producer */
	assert_int_equal(consume(f, &err), -1);
	fake_free(f);
}

static void open_refuses_a_map_that_is_no_ring(void **state)
{
	struct rb_map map = { .name = "counts", .type = BPF_MAP_TYPE_HASH,
			      .max_entries = 4096, .fd = 3 };
	struct rb_ringbuf *rb = (void *)&map;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(rb_ringbuf_open(&rb, &map, on_sample, NULL, NULL, &err), -1);
	assert_null(rb);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	map.type = BPF_MAP_TYPE_RINGBUF;
	map.max_entries = 3 * 4096;
	assert_int_equal(rb_ringbuf_open(&rb, &map, on_sample, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "power of two"));
	map.max_entries = 4096;
	map.fd = -1;
	assert_int_equal(rb_ringbuf_open(&rb, &map, on_sample, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "not created"));
}

/* A narrator that changes errno, as printing may. */
static void clobber_errno(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
	errno = ENOENT;
}

/* The error names the call that failed with its own errno, not what the
 * cleanup after it (close, munmap, the narrated line) left in errno. */
static void open_failure_keeps_its_errno(void **state)
{
	struct rb_narrator narrator = { clobber_errno, NULL };
	struct rb_map map = { .name = "events", .type = BPF_MAP_TYPE_RINGBUF,
			      .max_entries = (uint32_t)sysconf(_SC_PAGESIZE) };
	struct rb_ringbuf *rb;
	struct rb_error err = { 0 };

	(void)state;
	/* epoll refuses a memfd (regular files cannot be polled): EPERM */
	map.fd = memfd_create("not-a-ring", MFD_CLOEXEC);
	assert_true(map.fd >= 0);
	assert_int_equal(rb_ringbuf_open(&rb, &map, on_sample, NULL, &narrator, &err), -1);
	assert_non_null(strstr(err.msg, strerror(EPERM)));
	close(map.fd);
	/* an eventfd can be polled, not mapped: ENODEV from mmap */
	map.fd = eventfd(0, EFD_CLOEXEC);
	assert_true(map.fd >= 0);
	assert_int_equal(rb_ringbuf_open(&rb, &map, on_sample, NULL, &narrator, &err), -1);
	assert_non_null(strstr(err.msg, "consumer page"));
	assert_non_null(strstr(err.msg, strerror(ENODEV)));
	close(map.fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_ring_delivers_nothing),
		cmocka_unit_test(one_record),
		cmocka_unit_test(several_records_advance_one_by_one),
		cmocka_unit_test(wrapping_record_is_read_in_place),
		cmocka_unit_test(busy_record_stops_the_walk),
		cmocka_unit_test(discarded_record_is_skipped),
		cmocka_unit_test(record_longer_than_written_is_refused),
		cmocka_unit_test(impossible_positions_are_refused),
		cmocka_unit_test(open_refuses_a_map_that_is_no_ring),
		cmocka_unit_test(open_failure_keeps_its_errno),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
