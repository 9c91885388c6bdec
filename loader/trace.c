/* The teaching trace: one line per loading step, sent to the callback the
 * user set (rawbpf --verbose prints them on stderr). */
#include <stdarg.h>
#include <stdio.h>

#include "rawbpf.h"

void rb_trace(const struct rb_log *log, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!log || !log->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log->fn(log->ctx, line);
}
