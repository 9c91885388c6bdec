/* Splitting trace_pipe's bytes into lines, whatever the read boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/trace_pipe.h"

struct lines {
	char got[8][5000];
	int count;
};

static void on_line(void *ctx, const char *line)
{
	struct lines *l = ctx;

	assert_true(l->count < 8);
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
	rb_line_buffer_flush(&lb, on_line, &l);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.got[2], "thi");
	rb_line_buffer_flush(&lb, on_line, &l); /* nothing left: nothing delivered */
	assert_int_equal(l.count, 3);
}

static void empty_lines_are_lines(void **state)
{
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	rb_line_buffer_feed(&lb, "\n\nx\n", 4, on_line, &l);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.got[0], "");
	assert_string_equal(l.got[2], "x");
}

static void overlong_lines_come_in_pieces(void **state)
{
	static char big[6000];
	struct rb_line_buffer lb = { .len = 0 };
	struct lines l = { .count = 0 };

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\n';
	rb_line_buffer_feed(&lb, big, sizeof(big), on_line, &l);
	assert_int_equal(l.count, 2);
	assert_int_equal(strlen(l.got[0]) + strlen(l.got[1]), sizeof(big) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_split_across_chunks),
		cmocka_unit_test(empty_lines_are_lines),
		cmocka_unit_test(overlong_lines_come_in_pieces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
