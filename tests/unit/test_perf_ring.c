/* The perf ring reader on fake rings: records written by hand into memory
 * laid out as the kernel lays out a perf mmap. The data area and the
 * scratch buffer are separate allocations of exactly their size, so that a
 * sanitizer build (make test SANITIZE=1) catches any read past them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/events/perf_ring.h"

#define DATA_SIZE 256
#define MAX_SEEN 16

struct fake {
	struct perf_event_mmap_page meta;
	uint8_t *data;
	uint8_t *scratch;
	struct rb_perf_ring ring;
	/* what the callbacks saw */
	uint8_t samples[MAX_SEEN][DATA_SIZE];
	uint32_t sizes[MAX_SEEN];
	const void *where[MAX_SEEN];
	int sample_count;
	uint64_t lost;
	int lost_records;
};

/* An empty ring whose head and tail are at `start`. */
static struct fake *fake_new(uint64_t start)
{
	struct fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->data = calloc(1, DATA_SIZE);
	f->scratch = calloc(1, DATA_SIZE);
	assert_true(f->data && f->scratch);
	f->ring = (struct rb_perf_ring){ &f->meta, f->data, DATA_SIZE, f->scratch, 1 };
	f->meta.data_head = f->meta.data_tail = start;
	return f;
}

static void fake_free(struct fake *f)
{
	free(f->data);
	free(f->scratch);
	free(f);
}

/* Write bytes at the ring's head, wrapping, and publish them. */
static void put(struct fake *f, const void *src, size_t len)
{
	const uint8_t *p = src;

	for (size_t i = 0; i < len; i++)
		f->data[(f->meta.data_head + i) % DATA_SIZE] = p[i];
	f->meta.data_head += len;
}

/* The raw size the kernel reports for `len` bytes of output: rounded up so
 * that 4 + size is a multiple of 8. */
static uint32_t padded(uint32_t len)
{
	return ((4 + len + 7) / 8) * 8 - 4;
}

/* A PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW, as the kernel writes it. Like
 * the kernel, it does not write the padding: those bytes keep what the
 * ring held. */
static void put_sample(struct fake *f, const void *data, uint32_t len)
{
	uint32_t raw = padded(len);
	struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, (uint16_t)(8 + 4 + raw) };

	put(f, &h, sizeof(h));
	put(f, &raw, 4);
	put(f, data, len);
	f->meta.data_head += raw - len;
}

static void put_lost(struct fake *f, uint64_t lost)
{
	struct perf_event_header h = { PERF_RECORD_LOST, 0, 24 };
	uint64_t id = 7;

	put(f, &h, sizeof(h));
	put(f, &id, 8);
	put(f, &lost, 8);
}

/* A header of any type and size, followed by zeros up to `published`. */
static void put_raw_header(struct fake *f, uint32_t type, uint16_t size, size_t published)
{
	struct perf_event_header h = { type, 0, size };
	uint8_t zeros[DATA_SIZE] = { 0 };

	put(f, &h, sizeof(h));
	put(f, zeros, published - sizeof(h));
}

static void on_sample(void *ctx, int cpu, const void *data, uint32_t size)
{
	struct fake *f = ctx;

	assert_int_equal(cpu, 1);
	assert_true(f->sample_count < MAX_SEEN);
	assert_true(size <= DATA_SIZE);
	memcpy(f->samples[f->sample_count], data, size);
	f->where[f->sample_count] = data;
	f->sizes[f->sample_count++] = size;
}

static void on_lost(void *ctx, int cpu, uint64_t lost)
{
	struct fake *f = ctx;

	assert_int_equal(cpu, 1);
	f->lost += lost;
	f->lost_records++;
}

static int consume(struct fake *f, struct rb_error *err)
{
	return rb_perf_ring_consume(&f->ring, on_sample, on_lost, f, err);
}

static void empty_ring_delivers_nothing(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(consume(f, &err), 0);
	assert_int_equal(f->meta.data_tail, 0);
	assert_int_equal(f->sample_count, 0);
	fake_free(f);
}

static void single_sample(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[12] = "hello world";

	(void)state;
	put_sample(f, a, sizeof(a)); /* 4 + 12 = 16: no padding */
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->sizes[0], 12);
	assert_memory_equal(f->samples[0], a, sizeof(a));
	/* header 8 + size 4 + data 12 */
	assert_int_equal(f->meta.data_tail, 24);
	fake_free(f);
}

static void several_samples_arrive_in_order(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[20];

	(void)state;
	for (uint8_t i = 0; i < 5; i++) {
		memset(a, 'a' + i, sizeof(a));
		put_sample(f, a, 4 + 4 * i); /* 4, 8, ... 20 bytes */
	}
	assert_int_equal(consume(f, &err), 5);
	assert_int_equal(f->sample_count, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(f->sizes[i], padded(4 + 4 * (uint32_t)i));
		assert_int_equal(f->samples[i][0], 'a' + i);
	}
	assert_int_equal(f->meta.data_tail, f->meta.data_head);
	fake_free(f);
}

/* The raw size is the program's byte count rounded so that 4 + size is a
 * multiple of 8, and the padding holds stale ring bytes, not zeros. */
static void raw_size_includes_the_padding(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t one = 0x11, a[24], b[92];

	(void)state;
	memset(f->data, 0xee, DATA_SIZE); /* what earlier records left */
	memset(a, 0xaa, sizeof(a));
	memset(b, 0xbb, sizeof(b));
	put_sample(f, &one, 1);
	put_sample(f, a, sizeof(a));
	put_sample(f, b, sizeof(b));
	assert_int_equal(consume(f, &err), 3);
	assert_int_equal(f->sizes[0], 4);
	assert_int_equal(f->samples[0][0], 0x11);
	assert_int_equal(f->samples[0][1], 0xee); /* padding: not written */
	assert_int_equal(f->sizes[1], 28);
	assert_memory_equal(f->samples[1], a, sizeof(a));
	assert_int_equal(f->sizes[2], 92); /* 4 + 92 = 96: no padding */
	assert_memory_equal(f->samples[2], b, sizeof(b));
	/* every record a multiple of 8: 16 + 40 + 104 */
	assert_int_equal(f->meta.data_tail, 160);
	fake_free(f);
}

static void sample_wrapping_the_end_is_reassembled(void **state)
{
	/* start 16 bytes before the end: the 48-byte record wraps */
	struct fake *f = fake_new(DATA_SIZE - 16);
	struct rb_error err = { 0 };
	uint8_t a[36];

	(void)state;
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)i;
	put_sample(f, a, sizeof(a));
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->sizes[0], 36);
	assert_memory_equal(f->samples[0], a, sizeof(a));
	assert_ptr_equal(f->where[0], f->scratch + 12); /* put together in scratch */
	assert_int_equal(f->meta.data_tail, DATA_SIZE - 16 + 48);
	fake_free(f);
}

/* The kernel's records are 8-byte aligned, so its headers never wrap; the
 * reader does not rely on that. */
static void header_wrapping_the_end_is_reassembled(void **state)
{
	struct fake *f = fake_new(3 * DATA_SIZE - 4);
	struct rb_error err = { 0 };
	uint8_t a[12] = "abcdefghijk";

	(void)state;
	put_sample(f, a, sizeof(a));
	assert_int_equal(consume(f, &err), 1);
	assert_memory_equal(f->samples[0], a, sizeof(a));
	assert_int_equal(f->meta.data_tail, 3 * DATA_SIZE - 4 + 24);
	fake_free(f);
}

static void record_ending_at_the_end_is_read_in_place(void **state)
{
	struct fake *f = fake_new(DATA_SIZE - 24);
	struct rb_error err = { 0 };
	uint8_t a[12] = "in place";

	(void)state;
	put_sample(f, a, sizeof(a)); /* 24 bytes: exactly up to the end */
	put_sample(f, a, sizeof(a)); /* the next one starts at offset 0 */
	assert_int_equal(consume(f, &err), 2);
	assert_ptr_equal(f->where[0], f->data + DATA_SIZE - 12);
	assert_ptr_equal(f->where[1], f->data + 12);
	fake_free(f);
}

static void lost_records_are_reported(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[8] = { 1 };

	(void)state;
	put_lost(f, 5);
	put_sample(f, a, sizeof(a));
	put_lost(f, 2);
	assert_int_equal(consume(f, &err), 3);
	assert_int_equal(f->lost, 7);
	assert_int_equal(f->lost_records, 2);
	assert_int_equal(f->sample_count, 1);
	assert_int_equal(f->meta.data_tail, 24 + 24 + 24);
	fake_free(f);
}

static void unknown_records_are_skipped(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[4] = { 9, 9, 9, 9 };

	(void)state;
	put_raw_header(f, 3 /* PERF_RECORD_COMM */, 16, 16);
	put_raw_header(f, 12345, 8, 8); /* a header alone is a whole record */
	put_sample(f, a, sizeof(a));
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->sample_count, 1);
	assert_int_equal(f->samples[0][0], 9);
	assert_int_equal(f->meta.data_tail, 16 + 8 + 16);
	fake_free(f);
}

static void null_callbacks_skip_their_records(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[4] = { 1, 2, 3, 4 };

	(void)state;
	put_sample(f, a, sizeof(a));
	put_lost(f, 3);
	assert_int_equal(rb_perf_ring_consume(&f->ring, NULL, NULL, f, &err), 2);
	assert_int_equal(f->meta.data_tail, f->meta.data_head);
	fake_free(f);
}

static void tail_carries_over_between_calls(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[4] = { 1 }, b[4] = { 2 };

	(void)state;
	put_sample(f, a, sizeof(a));
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->meta.data_tail, 16);
	assert_int_equal(consume(f, &err), 0); /* nothing new */
	put_sample(f, b, sizeof(b));
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->sample_count, 2);
	assert_int_equal(f->samples[1][0], 2);
	assert_int_equal(f->meta.data_tail, 32);
	fake_free(f);
}

/* Only head - tail matters: right even where the 64-bit counters wrap. */
static void counters_wrapping_64_bits(void **state)
{
	struct fake *f = fake_new(UINT64_MAX - 7);
	struct rb_error err = { 0 };
	uint8_t a[12] = "across zero";

	(void)state;
	put_sample(f, a, sizeof(a));
	assert_int_equal(consume(f, &err), 1);
	assert_memory_equal(f->samples[0], a, sizeof(a));
	assert_int_equal(f->meta.data_tail, 16); /* UINT64_MAX - 7 + 24 */
	fake_free(f);
}

struct bad_case {
	uint32_t type;
	uint16_t size;
	size_t published; /* bytes between tail and head */
	const char *says;
};

static void malformed_records_are_refused(void **state)
{
	static const struct bad_case cases[] = {
		{ PERF_RECORD_SAMPLE, 4, 16, "smaller than the 8-byte header" },
		{ PERF_RECORD_SAMPLE, 0, 16, "smaller than the 8-byte header" },
		{ PERF_RECORD_SAMPLE, 12, 16, "not a multiple of 8" },
		{ PERF_RECORD_SAMPLE, 264, 256, "larger than the 256-byte ring" },
		{ PERF_RECORD_SAMPLE, 64, 16, "runs past data_head" },
		{ PERF_RECORD_SAMPLE, 8, 8, "no room for its raw data size" },
		{ PERF_RECORD_LOST, 16, 16, "shorter than its id and count" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake *f = fake_new(0);
		struct rb_error err = { 0 };

		put_raw_header(f, cases[i].type, cases[i].size, cases[i].published);
		assert_int_equal(consume(f, &err), -1);
		assert_non_null(strstr(err.msg, "cpu 1"));
		assert_non_null(strstr(err.msg, cases[i].says));
		assert_int_equal(f->meta.data_tail, 0);
		assert_int_equal(f->sample_count, 0);
		fake_free(f);
	}
}

static void fewer_bytes_than_a_header_are_refused(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	f->meta.data_head = 4;
	assert_int_equal(consume(f, &err), -1);
	assert_non_null(strstr(err.msg, "less than a record header"));
	fake_free(f);
}

static void raw_size_past_the_record_is_refused(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, 16 };
	uint32_t raw = 5; /* only 4 bytes follow it in a 16-byte record */
	uint8_t zeros[4] = { 0 };

	(void)state;
	put(f, &h, sizeof(h));
	put(f, &raw, 4);
	put(f, zeros, 4);
	assert_int_equal(consume(f, &err), -1);
	assert_non_null(strstr(err.msg, "raw data size 5 is bigger than the 4 bytes left"));
	assert_int_equal(f->sample_count, 0);
	fake_free(f);
}

static void head_too_far_ahead_is_refused(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	f->meta.data_head = DATA_SIZE + 8;
	assert_int_equal(consume(f, &err), -1);
	assert_non_null(strstr(err.msg, "cpu 1"));
	assert_non_null(strstr(err.msg, "more than the 256-byte ring ahead"));
	assert_int_equal(f->meta.data_tail, 0);
	fake_free(f);
}

/* Records before a bad one are delivered once: data_tail moves past them
 * and stops at the bad record. */
static void tail_stops_at_a_bad_record(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[4] = { 7 };

	(void)state;
	put_sample(f, a, sizeof(a));
	put_raw_header(f, PERF_RECORD_SAMPLE, 12, 16);
	assert_int_equal(consume(f, &err), -1);
	assert_int_equal(f->sample_count, 1);
	assert_int_equal(f->meta.data_tail, 16);
	assert_non_null(strstr(err.msg, "position 0x10"));
	assert_int_equal(consume(f, &err), -1);
	assert_int_equal(f->sample_count, 1); /* not delivered again */
	fake_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_ring_delivers_nothing),
		cmocka_unit_test(single_sample),
		cmocka_unit_test(several_samples_arrive_in_order),
		cmocka_unit_test(raw_size_includes_the_padding),
		cmocka_unit_test(sample_wrapping_the_end_is_reassembled),
		cmocka_unit_test(header_wrapping_the_end_is_reassembled),
		cmocka_unit_test(record_ending_at_the_end_is_read_in_place),
		cmocka_unit_test(lost_records_are_reported),
		cmocka_unit_test(unknown_records_are_skipped),
		cmocka_unit_test(null_callbacks_skip_their_records),
		cmocka_unit_test(tail_carries_over_between_calls),
		cmocka_unit_test(counters_wrapping_64_bits),
		cmocka_unit_test(malformed_records_are_refused),
		cmocka_unit_test(fewer_bytes_than_a_header_are_refused),
		cmocka_unit_test(raw_size_past_the_record_is_refused),
		cmocka_unit_test(head_too_far_ahead_is_refused),
		cmocka_unit_test(tail_stops_at_a_bad_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
