/* Errors as values.
 *
 * Every fallible function in rawbpf returns 0 or -1 and, on -1, fills a
 * struct rb_error the caller passed in. The message is written for the
 * person running rawbpf: it names the file, the section, the offset, the
 * program or the symbol, and what to do when there is something to do.
 * The kind tells the command which exit status to use.
 * Names from the object are quoted as they are, whatever their bytes (a
 * hint may also span lines): whoever prints a message to a terminal
 * escapes it there, as rawbpf's report_error() does (loader/cli/main.c). */
#ifndef RAWBPF_ERROR_H
#define RAWBPF_ERROR_H

enum rb_error_kind {
	RB_ERR_NONE = 0,
	RB_ERR_KERNEL = 1, /* the kernel refused: verifier, map creation, attach */
	RB_ERR_INPUT = 2,  /* a bad object file or bad usage */
	RB_ERR_SYSTEM = 3, /* the machine: out of memory, unreadable file, ... */
};

struct rb_error {
	enum rb_error_kind kind;
	int errnum;     /* errno of the failing call, 0 when none */
	char msg[1024];
};

/* Fill *err (which may be NULL) and return -1, so that a caller can write
 *     return rb_fail(err, RB_ERR_INPUT, "%s: bad thing", path);  */
int rb_fail(struct rb_error *err, enum rb_error_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A failure (ret < 0) said again with "PREFIX: " before its message, its
 * kind and errnum kept: how a call names what it was working on around an
 * inner call's error ("map counters: ..."). Returns ret; nothing happens
 * for ret >= 0 or a NULL err. */
int rb_error_prefix(struct rb_error *err, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* rb_fail_errno(), which also reads the machine's limits, is the loader's:
 * loader/rawbpf.h. Nothing in elf/ makes a system call. */

#endif
