/* Errors from system calls: rb_fail_errno().
 *
 * "Too many open files" alone does not say what to raise, so for the
 * resources a process runs out of the message names the resource and, for
 * open files, the limit in force. And a resource that ran out is the
 * machine's state, never the input's fault: RB_ERR_INPUT becomes
 * RB_ERR_SYSTEM (exit 1, not 2). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "rawbpf.h"

int rb_errno_is_resource(int errnum)
{
	return errnum == EMFILE || errnum == ENFILE || errnum == ENOMEM;
}

/* errnum's text. EMFILE is this process's RLIMIT_NOFILE (open(2)):
 * getrlimit() gives the value to quote. */
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

int rb_fail_errno(struct rb_error *err, enum rb_error_kind kind, int errnum,
		  const char *fmt, ...)
{
	char text[160];
	size_t used;
	va_list ap;

	if (!err)
		return -1;
	err->kind = kind == RB_ERR_INPUT && rb_errno_is_resource(errnum) ? RB_ERR_SYSTEM : kind;
	err->errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (errnum) {
		used = strlen(err->msg);
		errno_text(errnum, text, sizeof(text));
		snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", text);
	}
	return -1;
}
