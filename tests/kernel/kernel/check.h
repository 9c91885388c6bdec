/* Running rawbpf under the tests, and assertions about what it did. Each
 * assertion that fails prints the command, its exit status, stdout and
 * stderr, and is reported at the line of the test that made it. */
#ifndef KERNEL_CHECK_H
#define KERNEL_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "support.h"

#define DRIVER build_path("tests/tools/rbdriver")
#define PROG(name) build_path("progs/" name ".bpf.o")
#define TPROG(name) build_path("tests/progs/" name ".bpf.o")

/* rawbpf ARGS...: runs build/rawbpf to completion, then checks that the
 * kernel holds no program, map or link that it did not hold before. */
#define rawbpf(r, ...) rawbpf_at(__FILE__, __LINE__, r, __VA_ARGS__, (char *)NULL)
void rawbpf_at(const char *file, int line, struct result *r, ...);
/* The same, under the limits `lim` (support.h: open files, memory, a
 * watchdog). */
#define rawbpf_limited(r, lim, ...) \
	rawbpf_limited_at(__FILE__, __LINE__, r, lim, __VA_ARGS__, (char *)NULL)
void rawbpf_limited_at(const char *file, int line, struct result *r,
		       const struct run_limits *lim, ...);

/* Fail the test with r's command and output, and a message. */
#define fail_run(r, ...) fail_run_at(__FILE__, __LINE__, r, __VA_ARGS__)
void fail_run_at(const char *file, int line, const struct result *r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));

#define expect_status(r, status) expect_status_at(__FILE__, __LINE__, r, status)
void expect_status_at(const char *file, int line, const struct result *r, int status);

/* stdout (or stderr) contains needle. */
#define expect_out(r, needle) expect_in_at(__FILE__, __LINE__, r, (r)->out, "stdout", needle)
#define expect_err(r, needle) expect_in_at(__FILE__, __LINE__, r, (r)->err, "stderr", needle)
void expect_in_at(const char *file, int line, const struct result *r, const char *text,
		  const char *name, const char *needle);

/* Some line of stdout (or stderr) contains every one of the needles. */
#define expect_out_line(r, ...) \
	expect_line_at(__FILE__, __LINE__, r, (r)->out, "stdout", (const char *const[]){ __VA_ARGS__, NULL })
#define expect_err_line(r, ...) \
	expect_line_at(__FILE__, __LINE__, r, (r)->err, "stderr", (const char *const[]){ __VA_ARGS__, NULL })
void expect_line_at(const char *file, int line, const struct result *r, const char *text,
		    const char *name, const char *const needles[]);

/* From run --json output: map MAP has exactly one entry with key KEY (hex),
 * and its value, read as a little-endian integer, is `want`. */
#define expect_map_u64(r, map, key, want) expect_map_u64_at(__FILE__, __LINE__, r, map, key, want)
void expect_map_u64_at(const char *file, int line, const struct result *r, const char *map,
		       const char *key, uint64_t want);

/* From run --json output: the "values" of MAP's entry KEY (a per-CPU map),
 * decoded into out[i] as little-endian integers. Returns how many. */
#define map_percpu_u64(r, map, key, out, max) \
	map_percpu_u64_at(__FILE__, __LINE__, r, map, key, out, max)
int map_percpu_u64_at(const char *file, int line, const struct result *r, const char *map,
		      const char *key, uint64_t *out, int max);

/* Calls fn with the decoded data of every "event" line of MAP, in output
 * order; `cpu` is -1 for events without one (ring buffers). Returns how
 * many there were. */
typedef void (*event_fn)(void *ctx, const struct result *r, int cpu, const uint8_t *data,
			 size_t size);
#define each_event(r, map, fn, ctx) each_event_at(__FILE__, __LINE__, r, map, fn, ctx)
int each_event_at(const char *file, int line, const struct result *r, const char *map,
		  event_fn fn, void *ctx);

#endif
