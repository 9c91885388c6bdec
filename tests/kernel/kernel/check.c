#include "check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define MAX_ARGS 32

void fail_run_at(const char *file, int line, const struct result *r, const char *fmt, ...)
{
	va_list ap;

	result_dump(r);
	va_start(ap, fmt);
	vprint_error(fmt, ap);
	va_end(ap);
	print_error("\n");
	_fail(file, line);
	abort(); /* not reached: _fail leaves the test */
}

static void rawbpf_va(const char *file, int line, struct result *r,
		      const struct run_limits *lim, va_list ap)
{
	/* static: thousands of ids, too big for a test's stack */
	static struct kernel_ids before;
	char *argv[MAX_ARGS] = { (char *)build_path("rawbpf") };
	char left[512];
	int n = 1;

	while (n < MAX_ARGS - 1 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	argv[n] = NULL;
	kernel_ids(&before);
	run_argv_limited(r, argv, lim);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_run_at(file, line, r, "left in the kernel after rawbpf exited:%s", left);
}

void rawbpf_at(const char *file, int line, struct result *r, ...)
{
	va_list ap;

	va_start(ap, r);
	rawbpf_va(file, line, r, NULL, ap);
	va_end(ap);
}

void rawbpf_limited_at(const char *file, int line, struct result *r,
		       const struct run_limits *lim, ...)
{
	va_list ap;

	va_start(ap, lim);
	rawbpf_va(file, line, r, lim, ap);
	va_end(ap);
}

void expect_status_at(const char *file, int line, const struct result *r, int status)
{
	if (r->status != status)
		fail_run_at(file, line, r, "exit status %d, expected %d", r->status, status);
}

void expect_in_at(const char *file, int line, const struct result *r, const char *text,
		  const char *name, const char *needle)
{
	if (!text || !strstr(text, needle))
		fail_run_at(file, line, r, "expected %s to contain \"%s\"", name, needle);
}

void expect_line_at(const char *file, int line, const struct result *r, const char *text,
		    const char *name, const char *const needles[])
{
	char all[512] = "";

	if (count_lines_with(text, needles) > 0)
		return;
	for (int i = 0; needles[i]; i++) {
		size_t used = strlen(all);
		snprintf(all + used, sizeof(all) - used, " \"%s\"", needles[i]);
	}
	fail_run_at(file, line, r, "expected a line of %s containing all of%s", name, all);
}

/* The one --json line of map `map` with key `key`, copied into buf. */
static void map_line(const char *file, int line, const struct result *r, const char *map,
		     const char *key, char *buf, size_t size)
{
	char want_map[96], want_key[200];
	const char *needles[] = { "\"type\":\"map\"", want_map, want_key, NULL };
	int n;

	snprintf(want_map, sizeof(want_map), "\"map\":\"%s\"", map);
	snprintf(want_key, sizeof(want_key), "\"key\":\"%s\"", key);
	n = count_lines_with(r->out, needles);
	if (n != 1 || find_line(r->out, needles, buf, size))
		fail_run_at(file, line, r, "expected exactly one entry of map %s with key %s, found %d",
			    map, key, n);
}

void expect_map_u64_at(const char *file, int line, const struct result *r, const char *map,
		       const char *key, uint64_t want)
{
	char text[4096], hex[64];
	uint8_t bytes[8];
	int n;

	map_line(file, line, r, map, key, text, sizeof(text));
	if (json_field(text, "value", hex, sizeof(hex)) ||
	    (n = hex_decode(hex, bytes, sizeof(bytes))) <= 0)
		fail_run_at(file, line, r, "map %s key %s: no integer value in: %s", map, key, text);
	if (le_u64(bytes, (size_t)n) != want)
		fail_run_at(file, line, r, "map %s key %s holds %llu, expected %llu", map, key,
			    (unsigned long long)le_u64(bytes, (size_t)n), (unsigned long long)want);
}

int map_percpu_u64_at(const char *file, int line, const struct result *r, const char *map,
		      const char *key, uint64_t *out, int max)
{
	char text[4096];
	const char *p;
	int count = 0;

	map_line(file, line, r, map, key, text, sizeof(text));
	p = strstr(text, "\"values\":[");
	if (!p)
		fail_run_at(file, line, r, "map %s key %s: no \"values\" list in: %s", map, key, text);
	p += strlen("\"values\":[");
	while (*p == '"') {
		const char *end = strchr(p + 1, '"');
		char hex[64];
		uint8_t bytes[8];
		int n;

		if (!end || end - p - 1 >= (long)sizeof(hex) || count == max)
			fail_run_at(file, line, r, "map %s key %s: malformed values in: %s", map,
				    key, text);
		snprintf(hex, sizeof(hex), "%.*s", (int)(end - p - 1), p + 1);
		n = hex_decode(hex, bytes, sizeof(bytes));
		if (n <= 0)
			fail_run_at(file, line, r, "map %s key %s: bad hex \"%s\"", map, key, hex);
		out[count++] = le_u64(bytes, (size_t)n);
		p = end + 1;
		if (*p == ',')
			p++;
	}
	return count;
}

int each_event_at(const char *file, int line, const struct result *r, const char *map,
		  event_fn fn, void *ctx)
{
	char want_map[96];
	const char *text = r->out;
	int count = 0;

	snprintf(want_map, sizeof(want_map), "\"map\":\"%s\"", map);
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *one = strndup(text, len), *hex = malloc(len + 1);
		uint8_t *data = malloc(len / 2 + 1);
		const char *cpu;
		int n;

		if (!one || !hex || !data)
			fail_run_at(file, line, r, "out of memory");
		if (strstr(one, "\"type\":\"event\"") && strstr(one, want_map)) {
			if (json_field(one, "data", hex, len + 1) ||
			    (n = hex_decode(hex, data, len / 2 + 1)) < 0)
				fail_run_at(file, line, r, "event without valid hex data: %s", one);
			cpu = strstr(one, "\"cpu\":");
			fn(ctx, r, cpu ? atoi(cpu + strlen("\"cpu\":")) : -1, data, (size_t)n);
			count++;
		}
		free(one);
		free(hex);
		free(data);
		text += len + (nl ? 1 : 0);
	}
	return count;
}
