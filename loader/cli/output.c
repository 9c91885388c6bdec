/* Formatting shared by inspect and run: hex, JSON strings, text for people,
 * hex dumps, names. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

void print_hex(FILE *out, const void *data, size_t size)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < size; i++)
		fprintf(out, "%02x", p[i]);
}

/* The length of the well-formed UTF-8 sequence of two to four bytes that
 * starts at s (RFC 3629: no overlong forms, no surrogates U+D800-DFFF,
 * nothing above U+10FFFF), or 0 when the bytes there, `avail` of them, are
 * not one. A NUL is never a continuation byte. */
static size_t utf8_sequence(const unsigned char *s, size_t avail)
{
	size_t len;
	unsigned min, max; /* the range of the second byte */

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, min = 0x80, max = 0xbf;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, min = s[0] == 0xe0 ? 0xa0 : 0x80, max = s[0] == 0xed ? 0x9f : 0xbf;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, min = s[0] == 0xf0 ? 0x90 : 0x80, max = s[0] == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (avail < len || s[1] < min || s[1] > max)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* JSON text is UTF-8 (RFC 8259), and names from the object are bytes:
 * well-formed UTF-8 goes through as it is, and each byte of anything else
 * becomes \u00XX, the code point of the same number (as Latin-1 would
 * read it), so the output always parses and no byte is lost. */
void print_json_string(FILE *out, const char *s)
{
	print_json_bytes(out, s, strlen(s));
}

void print_json_bytes(FILE *out, const char *s, size_t size)
{
	fputc('"', out);
	for (const char *end = s + size; s < end; s++) {
		unsigned char c = (unsigned char)*s;
		size_t len = c >= 0x80 ? utf8_sequence((const unsigned char *)s,
						       (size_t)(end - s)) : 0;
		if (len) {
			fwrite(s, 1, len, out);
			s += len - 1;
		} else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c >= 0x7f) /* a control, or not UTF-8 */
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* Text for people: names, strings and section names from the object,
 * lines from the kernel. They can hold any byte, and a terminal takes some
 * bytes as commands (ESC [ 2 J clears the screen; 0x9b starts a command on
 * terminals that read 8-bit controls), so only printable ASCII (0x20-0x7e)
 * goes out as it is: every other byte is written \xNN, and the backslash
 * itself \\, so that a name spelled "\x1b" can be told from an ESC byte.
 * The rule of the command: every text that comes from the object or the
 * kernel and is printed for people goes through here (JSON output through
 * print_json_string() instead); the library hands out its names and
 * messages as they are. */
static int print_escaped(FILE *out, const char *s, size_t len)
{
	int columns = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			fputs("\\\\", out);
			columns += 2;
		} else if (c < 0x20 || c > 0x7e) {
			fprintf(out, "\\x%02x", c);
			columns += 4;
		} else {
			fputc(c, out);
			columns++;
		}
	}
	return columns;
}

void print_text_bytes(FILE *out, const char *s, size_t size)
{
	print_escaped(out, s, size);
}

void print_text(FILE *out, const char *s, int width)
{
	for (int n = print_escaped(out, s, strlen(s)); n < width; n++)
		fputc(' ', out);
}

void print_text_lines(FILE *out, const char *s)
{
	while (*s) {
		size_t len = strcspn(s, "\n");
		print_escaped(out, s, len);
		fputc('\n', out);
		s += len + (s[len] == '\n');
	}
}

void print_hexdump(FILE *out, const void *data, size_t size, const char *indent)
{
	const uint8_t *p = data;

	for (size_t row = 0; row < size; row += 16) {
		fprintf(out, "%s%04zx ", indent, row);
		for (size_t i = row; i < row + 16; i++) {
			if (i < size)
				fprintf(out, " %02x", p[i]);
			else
				fputs("   ", out);
		}
		fputs("  ", out);
		for (size_t i = row; i < row + 16 && i < size; i++)
			fputc(p[i] >= 0x20 && p[i] <= 0x7e ? p[i] : '.', out); /* as print_text() */
		fputc('\n', out);
	}
}

void print_scalar(FILE *out, const void *data, size_t size)
{
	if (size == 1) {
		fprintf(out, "%u", *(const uint8_t *)data);
	} else if (size == 2) {
		uint16_t v;
		memcpy(&v, data, 2);
		fprintf(out, "%u", v);
	} else if (size == 4) {
		uint32_t v;
		memcpy(&v, data, 4);
		fprintf(out, "%" PRIu32, v);
	} else if (size == 8) {
		uint64_t v;
		memcpy(&v, data, 8);
		fprintf(out, "%" PRIu64, v);
	} else {
		fputs("0x", out);
		print_hex(out, data, size);
	}
}
