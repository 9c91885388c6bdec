/* trace_pipe: where bpf_trace_printk() output goes.
 *
 * bpf_trace_printk() writes into the kernel's trace ring buffer; tracefs's
 * trace_pipe gives it back as text lines such as
 *   "  rbdriver-1234  [000] ...21  42.000000: bpf_trace_printk: hello"
 * and consumes them as it does. rawbpf opens it non-blocking, so that one
 * epoll loop serves it with the perf and ring buffers, and splits what it
 * reads into whole lines. */
#ifndef RAWBPF_TRACE_PIPE_H
#define RAWBPF_TRACE_PIPE_H

#include <stddef.h>

#include "loader/rawbpf.h"

/* The reader (rb_trace_pipe_open() and the rest) is public: rawbpf.h. */

/* The pure part, for tests: a line assembler over chunks of bytes. Start it
 * zeroed. */
struct rb_line_buffer {
	char buf[4096];
	size_t len;
};
/* Feed a chunk: each complete line goes to on_line, except blank ones
 * (empty, or only spaces, tabs and CRs: trace_pipe.c says where they come
 * from). A line longer than the buffer (4095 bytes) is delivered in pieces
 * rather than dropped. */
void rb_line_buffer_feed(struct rb_line_buffer *lb, const char *data, size_t size,
			 rb_line_fn on_line, void *ctx);
/* Deliver what is left (a last line without a newline), if anything. */
void rb_line_buffer_flush(struct rb_line_buffer *lb, rb_line_fn on_line, void *ctx);
/* rb_trace_pipe_drain() on any fd: read until EAGAIN or end of file (or
 * 64 MiB), feeding lb, then flush it. */
int rb_trace_pipe_drain_fd(int fd, struct rb_line_buffer *lb, rb_line_fn on_line, void *ctx,
			   struct rb_error *err);

#endif
