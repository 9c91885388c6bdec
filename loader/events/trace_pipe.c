/* Reading trace_pipe, and splitting what it gives into lines.
 *
 * What the kernel does with trace_pipe (checked on 6.18):
 *  - a read consumes what it returns, and there is one reader at a time:
 *    recent kernels (6.6 on) refuse a second open of trace_pipe with EBUSY;
 *  - opened O_NONBLOCK, a read with nothing to read fails with EAGAIN
 *    instead of waiting;
 *  - epoll reports it readable as soon as one line is there, even though
 *    buffer_percent (the fill level that wakes trace_pipe_raw readers)
 *    is 50;
 *  - a read returns whole lines when the reader's buffer holds at least
 *    one, and part of a line when it does not: the line assembler copes
 *    with any boundary. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_pipe.h"
#include "loader/attach/tracefs.h"
#include "loader/open/read_file.h"
#include "loader/open/object.h"

struct rb_trace_pipe {
	int fd;
	struct rb_line_buffer lines;
};

/* trace_pipe holds every printk of the machine, and reading consumes it
 * (recent kernels allow one reader only): open it only for objects that
 * print. */
int rb_object_uses_trace_pipe(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->program_count; i++)
		if (rb_program_calls_helper(&obj->programs[i], BPF_FUNC_trace_printk) ||
		    rb_program_calls_helper(&obj->programs[i], BPF_FUNC_trace_vprintk))
			return 1;
	return 0;
}

/* The line so far goes to on_line, unless it is blank: the kernel prints
 * each bpf_trace_printk message with its own newline after it (the event,
 * kernel/trace/bpf_trace.h, has the format "%s", and TP_printk() appends
 * "\n" to every event's: include/trace/stages/stage3_trace_output.h), and
 * programs end their messages with "\n" too, as bpf_printk("...\n")
 * examples do.
 * Each such message gives its line and then an empty one. A blank line
 * carries nothing (a message's text comes after the task, CPU and time
 * that begin its first line), so none is delivered. */
static void deliver(struct rb_line_buffer *lb, rb_line_fn on_line, void *ctx)
{
	size_t n = lb->len;

	lb->buf[n] = '\0';
	lb->len = 0;
	while (n && (lb->buf[n - 1] == ' ' || lb->buf[n - 1] == '\t' || lb->buf[n - 1] == '\r'))
		n--;
	if (n)
		on_line(ctx, lb->buf);
}

void rb_line_buffer_feed(struct rb_line_buffer *lb, const char *data, size_t size,
			 rb_line_fn on_line, void *ctx)
{
	for (size_t i = 0; i < size; i++) {
		if (data[i] == '\n') {
			deliver(lb, on_line, ctx);
			continue;
		}
		/* Full (one byte stays free for the NUL) and the line goes on:
		 * deliver this piece. Waiting for a byte that is not the
		 * newline means a line that fits exactly is one line, not a
		 * piece and an empty line. */
		if (lb->len == sizeof(lb->buf) - 1)
			deliver(lb, on_line, ctx);
		lb->buf[lb->len++] = data[i];
	}
}

void rb_line_buffer_flush(struct rb_line_buffer *lb, rb_line_fn on_line, void *ctx)
{
	if (lb->len)
		deliver(lb, on_line, ctx);
}

/* Whether bpf_trace_printk output reaches trace_pipe whole. Since Linux
 * 5.10 the helper writes a trace event of its own, bpf_trace/
 * bpf_trace_printk, which the kernel enables when it loads a program that
 * calls the helper (bpf_get_trace_printk_proto() in kernel/trace/
 * bpf_trace.c); if someone disabled it since (0 in its enable file), every
 * line is dropped. And the kernel's enabling does not grow the trace
 * buffer, which stays at its boot size (a few KiB per CPU: buffer_size_kb
 * reads "7 (expanded: 1408)") until tracefs first enables an event, so a
 * burst of lines may overwrite each other before they are read. Writing 1
 * to the enable file does both; it changes the machine for everyone, and
 * stays after rawbpf exits, so only with RB_TRACEFS_SETUP. Without it, a
 * disabled event is an error that says so, a small buffer a narrated line. */
static int check_printk_event(struct rb_object *obj, const char *tracefs, struct rb_error *err)
{
	char enable[320], size_path[320], state[16], size[64];
	int disabled, small, fd;

	snprintf(enable, sizeof(enable), "%s/events/bpf_trace/bpf_trace_printk/enable", tracefs);
	if (rb_read_small_file(enable, state, sizeof(state)) <= 0)
		return 0; /* before 5.10 there is no such event: printk goes to the buffer */
	disabled = state[0] == '0';
	snprintf(size_path, sizeof(size_path), "%s/buffer_size_kb", tracefs);
	small = rb_read_small_file(size_path, size, sizeof(size)) > 0 && strstr(size, "expanded");
	size[strcspn(size, "\n")] = '\0';
	if (!disabled && !small)
		return 0; /* once set up, nothing to do: a write costs a re-registration */
	if (!(obj->policy & RB_TRACEFS_SETUP)) {
		if (disabled)
			return rb_fail(err, RB_ERR_SYSTEM,
				       "bpf_trace_printk output cannot be read: the trace event "
				       "bpf_trace/bpf_trace_printk is disabled (%s reads 0), so the "
				       "kernel drops every line; enable it (echo 1 > %s), or set "
				       "RB_TRACEFS_SETUP", enable, enable);
		rb_narrate(&obj->narrator, "the trace buffer is at its boot size (%s: %s): printk "
			   "lines may be lost when many come at once; enabling an event through "
			   "tracefs grows it (echo 1 > %s, or RB_TRACEFS_SETUP)", size_path, size,
			   enable);
		return 0;
	}
	fd = open(enable, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1", 1) != 1) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "enabling the bpf_trace_printk event "
				     "(writing 1 to %s) failed", enable);
	}
	close(fd);
	rb_narrate(&obj->narrator, "write(%s, \"1\"): the bpf_trace_printk event %s", enable,
		   disabled ? "was disabled" : "enabled through tracefs, which sizes the trace "
					       "buffer for printk output");
	return 0;
}

int rb_trace_pipe_open(struct rb_object *obj, struct rb_trace_pipe **out,
		       struct rb_error *err)
{
	struct rb_trace_pipe *tp;
	const char *tracefs;
	char path[320];

	if (rb_tracefs_path(obj, &tracefs, err))
		return -1;
	if (check_printk_event(obj, tracefs, err))
		return -1;
	tp = calloc(1, sizeof(*tp));
	if (!tp)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	snprintf(path, sizeof(path), "%s/trace_pipe", tracefs);
	/* O_NONBLOCK: a read with nothing to read says EAGAIN instead of
	 * waiting, so the event loop can drain it at the end. */
	tp->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (tp->fd < 0) {
		int e = errno;
		free(tp);
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "cannot open %s%s", path,
				     e == EBUSY ? " (another reader has it open, such as another "
						  "rawbpf run or a cat of it: the kernel allows one)"
						: "");
	}
	rb_narrate(&obj->narrator, "open(%s) = fd %d: a program calls bpf_trace_printk", path, tp->fd);
	*out = tp;
	return 0;
}

int rb_trace_pipe_fd(const struct rb_trace_pipe *tp)
{
	return tp->fd;
}

/* Reads per call at most. A program that prints on every system call would
 * otherwise keep the loop below busy forever, as each read(2) is a system
 * call that prints one more line: the caller's event loop must get its
 * turn (epoll is level-triggered, it reports the fd again). */
#define MAX_READS_PER_CALL 64
/* The final drain reads until trace_pipe is empty, but not for ever, for
 * the same reason: at most 64 MiB (16384 reads of 4 KiB). */
#define MAX_READS_TO_DRAIN (16 * 1024)

/* Read fd into lb until EAGAIN (or end of file), at most max_reads times:
 * 1 when it stopped at that limit, 0 when empty, -1 when a read failed. */
static int read_lines(int fd, struct rb_line_buffer *lb, int max_reads, rb_line_fn on_line,
		      void *ctx, struct rb_error *err)
{
	char chunk[4096];

	for (int reads = 0; reads < max_reads; reads++) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n > 0) {
			rb_line_buffer_feed(lb, chunk, (size_t)n, on_line, ctx);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno == EAGAIN)
			return 0;
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "reading trace_pipe");
	}
	return 1;
}

int rb_trace_pipe_read(struct rb_trace_pipe *tp, rb_line_fn on_line, void *ctx,
		       struct rb_error *err)
{
	return read_lines(tp->fd, &tp->lines, MAX_READS_PER_CALL, on_line, ctx, err) < 0 ? -1 : 0;
}

int rb_trace_pipe_drain_fd(int fd, struct rb_line_buffer *lb, rb_line_fn on_line, void *ctx,
			   struct rb_error *err)
{
	if (read_lines(fd, lb, MAX_READS_TO_DRAIN, on_line, ctx, err) < 0)
		return -1;
	rb_line_buffer_flush(lb, on_line, ctx); /* no more is coming for it */
	return 0;
}

int rb_trace_pipe_drain(struct rb_trace_pipe *tp, rb_line_fn on_line, void *ctx,
			struct rb_error *err)
{
	return rb_trace_pipe_drain_fd(tp->fd, &tp->lines, on_line, ctx, err);
}

void rb_trace_pipe_close(struct rb_trace_pipe *tp)
{
	if (!tp)
		return;
	close(tp->fd);
	free(tp);
}
