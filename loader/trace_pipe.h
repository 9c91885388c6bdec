/* trace_pipe: where bpf_trace_printk() output goes.
 *
 * Reading tracefs's trace_pipe consumes the lines as it returns them. rawbpf
 * opens it non-blocking so the event loop can poll it with the perf
 * buffers, and splits what it reads into whole lines. */
#ifndef RAWBPF_TRACE_PIPE_H
#define RAWBPF_TRACE_PIPE_H

#include <stddef.h>

#include "rawbpf.h"

struct rb_trace_pipe;
typedef void (*rb_line_fn)(void *ctx, const char *line);

int rb_trace_pipe_open(struct rb_object *obj, struct rb_trace_pipe **out,
		       struct rb_error *err);
int rb_trace_pipe_fd(const struct rb_trace_pipe *tp);
/* Read everything available now; on_line gets each complete line without
 * its newline. */
int rb_trace_pipe_read(struct rb_trace_pipe *tp, rb_line_fn on_line, void *ctx,
		       struct rb_error *err);
void rb_trace_pipe_close(struct rb_trace_pipe *tp);

/* The pure part, for tests: a line assembler over chunks of bytes. */
struct rb_line_buffer {
	char buf[4096];
	size_t len;
};
/* Feed a chunk: each complete line goes to on_line. A line longer than the
 * buffer is delivered in pieces rather than dropped. */
void rb_line_buffer_feed(struct rb_line_buffer *lb, const char *data, size_t size,
			 rb_line_fn on_line, void *ctx);
/* Deliver what is left (a last line without a newline). */
void rb_line_buffer_flush(struct rb_line_buffer *lb, rb_line_fn on_line, void *ctx);

#endif
