/* The perf ring reader on fake rings: records written by hand into memory
 * laid out as the kernel lays out a perf mmap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/perf_ring.h"

#define DATA_SIZE 256

struct fake {
	struct perf_event_mmap_page meta;
	uint8_t data[DATA_SIZE];
	uint8_t scratch[DATA_SIZE];
	struct rb_perf_ring ring;
	/* what the callbacks saw */
	uint8_t samples[16][128];
	uint32_t sizes[16];
	int sample_count;
	uint64_t lost;
	int lost_records;
};

static struct fake *fake_new(uint64_t start)
{
	struct fake *f = calloc(1, sizeof(*f));

	f->ring = (struct rb_perf_ring){ &f->meta, f->data, DATA_SIZE, f->scratch, 1 };
	f->meta.data_head = f->meta.data_tail = start;
	return f;
}

/* Write bytes at the ring's head, wrapping, as the kernel does. */
static void put(struct fake *f, const void *src, size_t len)
{
	const uint8_t *p = src;

	for (size_t i = 0; i < len; i++)
		f->data[(f->meta.data_head + i) % DATA_SIZE] = p[i];
	f->meta.data_head += len;
}

/* A PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW, padded like the kernel pads it:
 * 4 + raw size is a multiple of 8. */
static void put_sample(struct fake *f, const void *data, uint32_t len)
{
	uint32_t raw = ((4 + len + 7) / 8) * 8 - 4;
	struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, (uint16_t)(8 + 4 + raw) };
	uint8_t pad[8] = { 0 };

	put(f, &h, sizeof(h));
	put(f, &raw, 4);
	put(f, data, len);
	put(f, pad, raw - len);
}

static void put_lost(struct fake *f, uint64_t lost)
{
	struct perf_event_header h = { PERF_RECORD_LOST, 0, 24 };
	uint64_t id = 7;

	put(f, &h, sizeof(h));
	put(f, &id, 8);
	put(f, &lost, 8);
}

static void on_sample(void *ctx, int cpu, const void *data, uint32_t size)
{
	struct fake *f = ctx;

	assert_int_equal(cpu, 1);
	assert_true(size <= sizeof(f->samples[0]));
	memcpy(f->samples[f->sample_count], data, size);
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
	free(f);
}

static void samples_arrive_in_order_with_padding(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	uint8_t a[24], b[4];

	(void)state;
	memset(a, 0xaa, sizeof(a));
	memset(b, 0xbb, sizeof(b));
	put_sample(f, a, sizeof(a));
	put_sample(f, b, sizeof(b));
	assert_int_equal(consume(f, &err), 2);
	/* 24 bytes come back as 28: the kernel's padding to 8-byte records */
	assert_int_equal(f->sizes[0], 28);
	assert_memory_equal(f->samples[0], a, sizeof(a));
	assert_int_equal(f->samples[0][24], 0);
	assert_int_equal(f->sizes[1], 4);
	assert_memory_equal(f->samples[1], b, sizeof(b));
	assert_int_equal(f->meta.data_tail, f->meta.data_head);
	free(f);
}

static void record_wrapping_the_end_is_reassembled(void **state)
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
	assert_int_equal(f->meta.data_tail, DATA_SIZE - 16 + 48);
	free(f);
}

static void header_wrapping_the_end_is_reassembled(void **state)
{
	/* start 4 bytes before the end: the header itself is split */
	struct fake *f = fake_new(3 * DATA_SIZE - 4);
	struct rb_error err = { 0 };
	uint8_t a[12] = "abcdefghijk";

	(void)state;
	put_sample(f, a, sizeof(a));
	assert_int_equal(consume(f, &err), 1);
	assert_memory_equal(f->samples[0], a, sizeof(a));
	free(f);
}

static void lost_records_are_counted(void **state)
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
	free(f);
}

static void unknown_records_are_skipped(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	struct perf_event_header other = { 3 /* PERF_RECORD_COMM */, 0, 16 };
	uint8_t body[8] = { 0 }, a[4] = { 9, 9, 9, 9 };

	(void)state;
	put(f, &other, sizeof(other));
	put(f, body, sizeof(body));
	put_sample(f, a, sizeof(a));
	assert_int_equal(consume(f, &err), 1);
	assert_int_equal(f->samples[0][0], 9);
	free(f);
}

static void malformed_sizes_are_refused(void **state)
{
	struct rb_error err = { 0 };
	struct perf_event_header bad[] = {
		{ PERF_RECORD_SAMPLE, 0, 4 },   /* smaller than its header */
		{ PERF_RECORD_SAMPLE, 0, 12 },  /* not a multiple of 8 */
		{ PERF_RECORD_SAMPLE, 0, 64 },  /* longer than what was written */
		{ PERF_RECORD_SAMPLE, 0, 8 },   /* a sample with no room for its size */
		{ PERF_RECORD_LOST, 0, 16 },    /* a lost record too short */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fake *f = fake_new(0);
		uint8_t zeros[8] = { 0 };
		put(f, &bad[i], sizeof(bad[i]));
		put(f, zeros, sizeof(zeros));
		assert_int_equal(consume(f, &err), -1);
		assert_non_null(strstr(err.msg, "cpu 1"));
		free(f);
	}
}

static void raw_size_past_the_record_is_refused(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };
	struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, 16 };
	uint32_t raw = 100;
	uint8_t zeros[4] = { 0 };

	(void)state;
	put(f, &h, sizeof(h));
	put(f, &raw, 4);
	put(f, zeros, 4);
	assert_int_equal(consume(f, &err), -1);
	free(f);
}

static void head_too_far_ahead_is_refused(void **state)
{
	struct fake *f = fake_new(0);
	struct rb_error err = { 0 };

	(void)state;
	f->meta.data_head = DATA_SIZE + 8;
	assert_int_equal(consume(f, &err), -1);
	assert_non_null(strstr(err.msg, "ahead"));
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_ring_delivers_nothing),
		cmocka_unit_test(samples_arrive_in_order_with_padding),
		cmocka_unit_test(record_wrapping_the_end_is_reassembled),
		cmocka_unit_test(header_wrapping_the_end_is_reassembled),
		cmocka_unit_test(lost_records_are_counted),
		cmocka_unit_test(unknown_records_are_skipped),
		cmocka_unit_test(malformed_sizes_are_refused),
		cmocka_unit_test(raw_size_past_the_record_is_refused),
		cmocka_unit_test(head_too_far_ahead_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
