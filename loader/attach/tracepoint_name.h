/* Tracepoint names: "CATEGORY/NAME", as the section name gives them.
 *
 * tracefs describes the tracepoint syscalls:sys_enter_execve in the
 * directory events/syscalls/sys_enter_execve/. Both parts become path
 * components, so they are checked before any path is built: a section named
 * "tracepoint/../../../etc/x" must not make rawbpf read a file outside
 * events/. Pure functions, unit-tested in tests/unit/test_tracepoint_name.c. */
#ifndef RAWBPF_TRACEPOINT_NAME_H
#define RAWBPF_TRACEPOINT_NAME_H

#include <stddef.h>

/* 1 when s can be one path component under events/: not empty, no '/',
 * not "." or "..". 0 otherwise. */
int rb_trace_name_valid(const char *s);

/* Split "CATEGORY/NAME" at its only '/': the category is copied into
 * category[size], *name points into target. 0, or -1 when target is not
 * two valid components or the category does not fit. */
int rb_tracepoint_split(const char *target, char *category, size_t size,
			const char **name);

#endif
