/* Splitting trace_pipe's bytes into lines, whatever the read boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/events/trace_pipe.h"

#define PIECE (sizeof(((struct rb_line_buffer *)0)->buf) - 1) /* 4095 */

struct lines {
	char got[8][5000];
	int count;
};

static void on_line(void *ctx, const char *line)
{
	struct lines *l = ctx;

	assert_true(l->count < 8);
	assert_true(strlen(line) <= PIECE);
	strcpy(l->got[l->count++], line);
}

static void lines_split_across_chunks(void **state)
{
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	rb_line_buffer_feed(&lb, "first li", 8, on_line, &l);
	assert_int_equal(l.count, 0);
	rb_line_buffer_feed(&lb, "ne\nsecond\nthi", 13, on_line, &l);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.got[0], "first line");
	assert_string_equal(l.got[1], "second");
	rb_line_buffer_feed(&lb, "rd\n", 3, on_line, &l);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.got[2], "third");
}

static void several_lines_in_one_chunk(void **state)
{
	static const char chunk[] = "a: one\nb: two\nc: three\n";
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	rb_line_buffer_feed(&lb, chunk, strlen(chunk), on_line, &l);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.got[0], "a: one");
	assert_string_equal(l.got[1], "b: two");
	assert_string_equal(l.got[2], "c: three");
	assert_int_equal(lb.len, 0);
}

/* One byte per read: the worst boundaries give the same lines. */
static void byte_by_byte(void **state)
{
	static const char text[] = "x 1\n\ny 22\nz";
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	for (size_t i = 0; i < strlen(text); i++)
		rb_line_buffer_feed(&lb, text + i, 1, on_line, &l);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.got[0], "x 1");
	assert_string_equal(l.got[1], "y 22");
	rb_line_buffer_flush(&lb, on_line, &l);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.got[2], "z");
}

/* A last line without its newline stays until flushed; flushing an empty
 * buffer delivers nothing. An empty chunk changes nothing. */
static void no_newline_at_end(void **state)
{
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	rb_line_buffer_flush(&lb, on_line, &l);
	assert_int_equal(l.count, 0);
	rb_line_buffer_feed(&lb, "tail", 4, on_line, &l);
	rb_line_buffer_feed(&lb, "", 0, on_line, &l);
	assert_int_equal(l.count, 0);
	rb_line_buffer_flush(&lb, on_line, &l);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.got[0], "tail");
	rb_line_buffer_flush(&lb, on_line, &l);
	assert_int_equal(l.count, 1);
}

/* What trace_pipe gives for bpf_printk("line\n"), bpf_printk("a\n\nb") and
 * bpf_printk("  \n  ") (seen on 6.18): the kernel adds a newline to each
 * message, so a message's own newline makes an empty line, and a message
 * of several lines continues without the task, CPU and time. No empty or
 * blank line reaches the caller (run --json printed {"text":""} for them);
 * the lines with text, leading spaces included, all do. */
static void blank_lines_are_not_delivered(void **state)
{
	static const char pipe[] =
		"   rbdriver-42  [001] ...21  10.000001: bpf_trace_printk: line\n"
		"\n"
		"   rbdriver-42  [001] ...21  10.000002: bpf_trace_printk: a\n"
		"\n"
		"b\n"
		"   rbdriver-42  [001] ...21  10.000003: bpf_trace_printk:   \n"
		"  \n"
		" \t\r\n"
		"  c\n";
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	rb_line_buffer_feed(&lb, pipe, strlen(pipe), on_line, &l);
	assert_int_equal(l.count, 5);
	assert_non_null(strstr(l.got[0], "bpf_trace_printk: line"));
	assert_non_null(strstr(l.got[1], "bpf_trace_printk: a"));
	assert_string_equal(l.got[2], "b");
	assert_non_null(strstr(l.got[3], "bpf_trace_printk:   "));
	assert_string_equal(l.got[4], "  c");
	rb_line_buffer_feed(&lb, "\n\n  ", 4, on_line, &l);
	rb_line_buffer_flush(&lb, on_line, &l); /* a blank last piece too */
	assert_int_equal(l.count, 5);
	assert_int_equal(lb.len, 0);
}

/* 5999 bytes then a newline: a 4095-byte piece, then the other 1904; the
 * next line is whole again. */
static void overlong_lines_come_in_pieces(void **state)
{
	static char big[6000];
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\n';
	rb_line_buffer_feed(&lb, big, sizeof(big), on_line, &l);
	rb_line_buffer_feed(&lb, "next\n", 5, on_line, &l);
	assert_int_equal(l.count, 3);
	assert_int_equal(strlen(l.got[0]), PIECE);
	assert_int_equal(strlen(l.got[1]), sizeof(big) - 1 - PIECE);
	assert_string_equal(l.got[2], "next");
}

/* A line that exactly fills the buffer is one line, not a piece followed
 * by an empty line. */
static void line_exactly_buffer_size(void **state)
{
	static char line[PIECE + 1];
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	memset(line, 'b', PIECE);
	line[PIECE] = '\n';
	rb_line_buffer_feed(&lb, line, PIECE, on_line, &l);
	assert_int_equal(l.count, 0);
	rb_line_buffer_feed(&lb, line + PIECE, 1, on_line, &l);
	assert_int_equal(l.count, 1);
	assert_int_equal(strlen(l.got[0]), PIECE);
}

struct counted {
	size_t lines, bytes;
	char last[64];
};

static void count_line(void *ctx, const char *line)
{
	struct counted *c = ctx;

	c->lines++;
	c->bytes += strlen(line);
	snprintf(c->last, sizeof(c->last), "%s", line);
}

/* The final drain reads to the end, past what one rb_trace_pipe_read()
 * takes (64 reads of 4 KiB: 256 KiB), and delivers the last line even
 * without its newline: it once read 256 KiB at most and kept the rest. */
static void drain_reads_everything_and_the_last_line(void **state)
{
	enum { LINES = 10000 }; /* 40 bytes each: 400000 bytes, past 256 KiB */
	struct rb_line_buffer lb = { .len = 0 };
	struct rb_error err = { 0 };
	struct counted c = { 0 };
	char line[64];
	int fd = memfd_create("trace_pipe", MFD_CLOEXEC);

	(void)state;
	assert_true(fd >= 0);
	for (int i = 0; i < LINES; i++) {
		snprintf(line, sizeof(line), "rbdriver-1 [000] 1.0: printk %010d\n", i);
		assert_int_equal(strlen(line), 40);
		assert_int_equal(write(fd, line, 40), 40);
	}
	assert_int_equal(write(fd, "cut short", 9), 9);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(rb_trace_pipe_drain_fd(fd, &lb, count_line, &c, &err), 0);
	close(fd);
	assert_int_equal(c.lines, LINES + 1);
	assert_int_equal(c.bytes, (size_t)LINES * 39 + 9);
	assert_string_equal(c.last, "cut short");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_split_across_chunks),
		cmocka_unit_test(several_lines_in_one_chunk),
		cmocka_unit_test(byte_by_byte),
		cmocka_unit_test(no_newline_at_end),
		cmocka_unit_test(blank_lines_are_not_delivered),
		cmocka_unit_test(overlong_lines_come_in_pieces),
		cmocka_unit_test(line_exactly_buffer_size),
		cmocka_unit_test(drain_reads_everything_and_the_last_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
