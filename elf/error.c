#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int rb_fail(struct rb_error *err, enum rb_error_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->kind = kind;
	err->errnum = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int rb_error_prefix(struct rb_error *err, int ret, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	size_t used;
	va_list ap;

	if (ret >= 0 || !err)
		return ret;
	memcpy(msg, err->msg, sizeof(msg)); /* kind and errnum stay */
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	used = strlen(err->msg);
	if (used + 2 < sizeof(err->msg))
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %.*s",
			 (int)(sizeof(err->msg) - used - 3), msg);
	return ret;
}
