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

/* JSON output is UTF-8: well-formed sequences go through, and every byte
 * of an ill-formed one is \u00XX (README, the JSON section). */
static void json_strings_are_valid_utf8(void **state)
{
	char *s;

	(void)state;
	CAPTURE(s, print_json_string(out, "a\"b\\c\n\t\x01\x7f"));
	assert_string_equal(s, "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\"");
	free(s);
	/* é (2 bytes), € (3), U+1F600 (4), U+10FFFF, U+D7FF: as they are */
	CAPTURE(s, print_json_string(out, "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 "
				     "\xf4\x8f\xbf\xbf \xed\x9f\xbf"));
	assert_string_equal(s, "\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf "
			       "\xed\x9f\xbf\"");
	free(s);
	/* a lone byte past ASCII (Latin-1 é), a lone continuation byte */
	CAPTURE(s, print_json_string(out, "\xe9t\xe9\x80"));
	assert_string_equal(s, "\"\\u00e9t\\u00e9\\u0080\"");
	free(s);
	/* a sequence cut short, by the end or by another byte: each byte */
	CAPTURE(s, print_json_string(out, "\xe2\x82"));
	assert_string_equal(s, "\"\\u00e2\\u0082\"");
	free(s);
	CAPTURE(s, print_json_string(out, "\xe2\x82x"));
	assert_string_equal(s, "\"\\u00e2\\u0082x\"");
	free(s);
	/* overlong (C0 80 is NUL, E0 80 80 too), a surrogate (U+D800), above
	 * U+10FFFF (F4 90), and bytes that never start one (F5, FF) */
	CAPTURE(s, print_json_string(out, "\xc0\x80\xe0\x80\x80\xed\xa0\x80\xf4\x90\x80\x80"
				     "\xf5\xff"));
	assert_string_equal(s, "\"\\u00c0\\u0080\\u00e0\\u0080\\u0080\\u00ed\\u00a0\\u0080"
			       "\\u00f4\\u0090\\u0080\\u0080\\u00f5\\u00ff\"");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_escapes_every_non_printable_byte),
		cmocka_unit_test(text_pads_like_printf),
		cmocka_unit_test(lines_keep_line_breaks_only),
		cmocka_unit_test(hexdump_shows_only_printable_ascii),
		cmocka_unit_test(json_strings_are_valid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
