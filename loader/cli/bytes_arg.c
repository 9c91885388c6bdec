/* Bytes given on the command line: HEX, or @FILE for a file's raw bytes
 * (`rawbpf test-run --data 00112233... --ctx @ctx.bin`). The hex is what
 * --json prints (print_hex(): two digits a byte, in memory order), so
 * output can be fed back in; whitespace between digits is allowed, so that
 * `xxd -p` output (lines of 60 digits) works too. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_FILE_BYTES (1u << 20) /* the kernel takes a page or so of packet */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int parse_hex(const char *option, const char *text, uint8_t **out, size_t *size,
	      struct rb_error *err)
{
	size_t digits = 0, len = strlen(text);
	uint8_t *bytes;

	for (size_t i = 0; i < len; i++) {
		if (is_space(text[i]))
			continue;
		if (rb_hex_digit(text[i]) < 0) /* the byte as it is: report_error() escapes it */
			return rb_fail(err, RB_ERR_INPUT, "%s: '%c' at offset %zu is not a hex digit "
				       "(give bytes as hex, 2 digits each, or @FILE for a file's "
				       "bytes)", option, text[i], i);
		digits++;
	}
	if (digits % 2)
		return rb_fail(err, RB_ERR_INPUT, "%s: an odd number of hex digits (%zu): each byte "
			       "is two digits", option, digits);
	bytes = malloc(digits / 2 + 1); /* + 1: no malloc(0) */
	if (!bytes)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	digits = 0;
	for (size_t i = 0; i < len; i++) {
		if (is_space(text[i]))
			continue;
		if (digits % 2 == 0)
			bytes[digits / 2] = (uint8_t)(rb_hex_digit(text[i]) << 4);
		else
			bytes[digits / 2] |= (uint8_t)rb_hex_digit(text[i]);
		digits++;
	}
	*out = bytes;
	*size = digits / 2;
	return 0;
}

static int read_file_bytes(const char *option, const char *path, uint8_t **out, size_t *size,
			   struct rb_error *err)
{
	FILE *f = fopen(path, "rb");
	uint8_t *bytes;
	size_t n;

	if (!f)
		return rb_fail_errno(err, RB_ERR_INPUT, errno, "%s @%s: cannot open the file", option,
				     path);
	bytes = malloc(MAX_FILE_BYTES + 1);
	if (!bytes) {
		fclose(f);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	n = fread(bytes, 1, MAX_FILE_BYTES + 1, f);
	if (ferror(f)) {
		int errnum = errno;
		fclose(f);
		free(bytes);
		return rb_fail_errno(err, RB_ERR_INPUT, errnum, "%s @%s: cannot read the file",
				     option, path);
	}
	fclose(f);
	if (n > MAX_FILE_BYTES) {
		free(bytes);
		return rb_fail(err, RB_ERR_INPUT, "%s @%s: more than %u bytes", option, path,
			       MAX_FILE_BYTES);
	}
	*out = bytes;
	*size = n;
	return 0;
}

int parse_bytes_arg(const char *option, const char *arg, uint8_t **out, size_t *size,
		    struct rb_error *err)
{
	if (arg[0] == '@')
		return read_file_bytes(option, arg + 1, out, size, err);
	return parse_hex(option, arg, out, size, err);
}
