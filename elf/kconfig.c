/* Reading a value out of a kernel .config. See kconfig.h. */
#include "kconfig.h"
#include "hex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NOT_SET " is not set"

/* "SOURCE: line N: CONFIG_X=VALUE: what" (a long line cut) */
static int __attribute__((format(printf, 5, 6)))
line_fail(struct rb_error *err, const char *source, const struct kconfig_value *v,
	  const char *line, const char *fmt, ...)
{
	size_t len = (size_t)(v->text + v->text_len - line);
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rb_fail(err, RB_ERR_INPUT, "%s: line %u: %.*s%s: %s", source, v->line,
		       (int)(len > 200 ? 200 : len), line, len > 200 ? "..." : "", what);
}

/* An int or hex symbol's value: [-]DIGITS or [-]0xHEX (kconfig writes
 * hex with its 0x). NULL when it is one, else why not. */
static const char *parse_number(struct kconfig_value *v)
{
	const char *p = v->text;
	size_t n = v->text_len, i = 0;
	unsigned base = 10;
	uint64_t value = 0;

	if (p[0] == '-') {
		v->negative = 1;
		i = 1;
	}
	if (n - i >= 2 && p[i] == '0' && (p[i + 1] == 'x' || p[i + 1] == 'X')) {
		base = 16;
		v->hex = 1;
		i += 2;
	}
	if (i == n)
		return "a number without digits";
	for (; i < n; i++) {
		/* not a digit (-1) is as large as unsigned goes: >= base */
		unsigned d = (unsigned)rb_hex_digit(p[i]);

		if (d >= base)
			return "is not y, m, n, a number or a quoted string";
		if (value > (UINT64_MAX - d) / base)
			return "a number too large for 64 bits";
		value = value * base + d;
	}
	if (v->negative && value > (uint64_t)INT64_MAX + 1)
		return "a number too small for 64 bits";
	v->number = v->negative ? 0 - value : value;
	return NULL;
}

/* A string symbol's value: "...", where only \" and \\ may stand for a
 * quote and a backslash (confdata.c escapes both). */
static const char *check_string(const struct kconfig_value *v)
{
	const char *p = v->text;
	size_t n = v->text_len;

	if (n < 2 || p[n - 1] != '"')
		return "a string without its closing quote";
	for (size_t i = 1; i < n - 1; i++) {
		if (p[i] == '\\' && i + 1 == n - 1)
			return "a string whose last backslash escapes its closing quote";
		if (p[i] == '\\')
			i++;
		else if (p[i] == '"')
			return "a quote inside the string that is not escaped (\\\")";
	}
	return NULL;
}

/* The value after "NAME=", in v->text: which kind, and is it well-formed. */
static int parse_value(const char *source, const char *line, struct kconfig_value *v,
		       struct rb_error *err)
{
	const char *p = v->text, *why = NULL;

	if (v->text_len == 0)
		return line_fail(err, source, v, line, "no value after the '='");
	if (v->text_len == 1 && (p[0] == 'y' || p[0] == 'm' || p[0] == 'n')) {
		v->kind = KCONFIG_TRISTATE;
		v->tristate = p[0];
		return 0;
	}
	if (p[0] == '"') {
		v->kind = KCONFIG_STRING;
		why = check_string(v);
	} else if (p[0] == '-' || (p[0] >= '0' && p[0] <= '9')) {
		v->kind = KCONFIG_NUMBER;
		why = parse_number(v);
	} else {
		why = "is not y, m, n, a number or a quoted string";
	}
	return why ? line_fail(err, source, v, line, "%s", why) : 0;
}

int kconfig_find(const char *source, const char *text, size_t size, const char *name,
		 struct kconfig_value *v, struct rb_error *err)
{
	size_t name_len = strlen(name), pos = 0;
	unsigned line_no = 0;

	*v = (struct kconfig_value){ 0 };
	if (name_len == 0)
		return 0;
	while (pos < size) {
		const char *line = text + pos, *nl = memchr(line, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - line) : size - pos;

		pos += len + 1;
		line_no++;
		if (len && line[len - 1] == '\r')
			len--;
		/* CONFIG_X=VALUE: the value is all that follows the first '=' */
		if (len > name_len && line[name_len] == '=' && memcmp(line, name, name_len) == 0) {
			v->line = line_no;
			v->text = line + name_len + 1;
			v->text_len = len - name_len - 1;
			return parse_value(source, line, v, err) ? -1 : 1;
		}
		/* # CONFIG_X is not set */
		if (len == 2 + name_len + strlen(NOT_SET) && memcmp(line, "# ", 2) == 0 &&
		    memcmp(line + 2, name, name_len) == 0 &&
		    memcmp(line + 2 + name_len, NOT_SET, strlen(NOT_SET)) == 0) {
			v->line = line_no;
			v->kind = KCONFIG_TRISTATE;
			v->tristate = 'n';
			v->not_set = 1;
			v->text = line;
			v->text_len = len;
			return 1;
		}
	}
	return 0;
}

size_t kconfig_string(const struct kconfig_value *v, char *buf, size_t size)
{
	size_t out = 0;

	if (v->kind == KCONFIG_STRING) {
		/* between the quotes; kconfig_find() checked the escapes pair up */
		for (size_t i = 1; i + 1 < v->text_len; i++, out++) {
			char c = v->text[i] == '\\' ? v->text[++i] : v->text[i];

			if (out + 1 < size)
				buf[out] = c;
		}
	}
	if (size)
		buf[out < size ? out : size - 1] = '\0';
	return out;
}
