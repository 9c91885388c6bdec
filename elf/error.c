#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fill(struct rb_error *err, enum rb_error_kind kind, int errnum,
		const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->kind = kind;
	err->errnum = errnum;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	if (errnum) {
		size_t used = strlen(err->msg);
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %s",
			 strerror(errnum));
	}
	return -1;
}

int rb_fail(struct rb_error *err, enum rb_error_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, kind, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int rb_fail_errno(struct rb_error *err, enum rb_error_kind kind, int errnum,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, kind, errnum, fmt, ap);
	va_end(ap);
	return -1;
}
