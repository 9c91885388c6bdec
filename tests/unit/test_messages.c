/* The command's escaping of text for people (loader/cli/output.c): names,
 * strings and sections from an object, lines from the kernel, error
 * messages. Only printable ASCII may reach a terminal as it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* the command's output helpers themselves (the CLI is not in the library) */
#include "loader/cli/output.c"

/* What `call` printed into `out`, as a string in buf (malloc'd). */
#define CAPTURE(buf, call)                                           \
	do {                                                         \
		size_t size_;                                        \
		FILE *out = open_memstream(&(buf), &size_);          \
		assert_non_null(out);                                \
		call;                                                \
		assert_int_equal(fclose(out), 0);                    \
	} while (0)

static void text_escapes_every_non_printable_byte(void **state)
{
	char *s;

	(void)state;
	CAPTURE(s, print_text(out, "counts", 0));
	assert_string_equal(s, "counts");
	free(s);
	/* ESC [ 2 J: clears the screen when printed as it is */
	CAPTURE(s, print_text(out, "\x1b[2J", 0));
	assert_string_equal(s, "\\x1b[2J");
	free(s);
	/* the backslash doubled: a name spelled \x1b is not an ESC */
	CAPTURE(s, print_text(out, "\\x1b", 0));
	assert_string_equal(s, "\\\\x1b");
	free(s);
	/* line breaks, tabs, CR, DEL, C1 controls and other bytes past ASCII */
	CAPTURE(s, print_text(out, "a\nb\tc\rd\x7f\x80\x9b\xff ~", 0));
	assert_string_equal(s, "a\\x0ab\\x09c\\x0dd\\x7f\\x80\\x9b\\xff ~");
	free(s);
}

static void text_pads_like_printf(void **state)
{
	char *s;

	(void)state;
	CAPTURE(s, print_text(out, "ab", 5));
	assert_string_equal(s, "ab   ");
	free(s);
	/* columns are counted as printed: "\x1b" takes 4 */
	CAPTURE(s, print_text(out, "\x1b" "a", 6));
	assert_string_equal(s, "\\x1ba ");
	free(s);
	CAPTURE(s, print_text(out, "longer", 3));
	assert_string_equal(s, "longer");
	free(s);
}

static void lines_keep_line_breaks_only(void **state)
{
	char *s;

	(void)state;
	CAPTURE(s, print_text_lines(out, "0: r1 = 0\n1: exit\x1b[2J\n"));
	assert_string_equal(s, "0: r1 = 0\n1: exit\\x1b[2J\n");
	free(s);
	/* the last line ended even when the text does not end one */
	CAPTURE(s, print_text_lines(out, "one\n\ttwo"));
	assert_string_equal(s, "one\n\\x09two\n");
	free(s);
	CAPTURE(s, print_text_lines(out, "a\n\nb\n"));
	assert_string_equal(s, "a\n\nb\n");
	free(s);
}

/* The hex dump's text column: the same bytes printable as print_text(). */
static void hexdump_shows_only_printable_ascii(void **state)
{
	char *s;

	(void)state;
	CAPTURE(s, print_hexdump(out, "A\x1b\x9b~", 4, ""));
	assert_string_equal(s, "0000  41 1b 9b 7e                                      A..~\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_escapes_every_non_printable_byte),
		cmocka_unit_test(text_pads_like_printf),
		cmocka_unit_test(lines_keep_line_breaks_only),
		cmocka_unit_test(hexdump_shows_only_printable_ascii),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
