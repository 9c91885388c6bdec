#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

int rb_errno_is_resource(int errnum)
{
	return errnum == EMFILE || errnum == ENFILE || errnum == ENOMEM;
}

/* errnum's text; for the open-file limits also which limit and its value,
 * since "Too many open files" alone does not say what to raise. EMFILE is
 * this process's RLIMIT_NOFILE (open(2), "EMFILE"): getrlimit() is the one
 * system call in elf/, made only on this error path. */
static void errno_text(int errnum, char *out, size_t size)
{
	struct rlimit lim;

	if (errnum == EMFILE && getrlimit(RLIMIT_NOFILE, &lim) == 0 &&
	    lim.rlim_cur != RLIM_INFINITY)
		snprintf(out, size, "too many open files: the limit is %llu (ulimit -n)",
			 (unsigned long long)lim.rlim_cur);
	else if (errnum == EMFILE)
		snprintf(out, size, "too many open files (ulimit -n)");
	else if (errnum == ENFILE)
		snprintf(out, size, "too many open files in the whole system "
			 "(the limit is /proc/sys/fs/file-max)");
	else
		snprintf(out, size, "%s", strerror(errnum));
}

static int fill(struct rb_error *err, enum rb_error_kind kind, int errnum,
		const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->kind = kind == RB_ERR_INPUT && rb_errno_is_resource(errnum) ? RB_ERR_SYSTEM : kind;
	err->errnum = errnum;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	if (errnum) {
		size_t used = strlen(err->msg);
		char text[160];

		errno_text(errnum, text, sizeof(text));
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", text);
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
