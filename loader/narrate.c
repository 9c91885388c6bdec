/* The narration: one line per loading step (a section found, a map created,
 * a relocation applied, a system call made), sent to the callback the user
 * set. `rawbpf --verbose` prints the lines on stderr; read them beside the
 * code that says them. */
#include <stdarg.h>
#include <stdio.h>

#include "rawbpf.h"

void rb_narrate(const struct rb_narrator *narrator, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!narrator || !narrator->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	narrator->fn(narrator->ctx, line);
}
