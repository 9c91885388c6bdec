/* What BPF iterators write, printed by `rawbpf run`.
 *
 * An attached iterator (SEC("iter/task"), ...) runs only when read: for
 * each one, open a walk (rb_link_iter_open(), BPF_ITER_CREATE), read() it
 * to the end, close it. The text is the program's, any bytes (a task's
 * comm, bpf_seq_write() of raw data): for people it goes out through the
 * terminal escaping of output.c with its line breaks and tabs kept (a
 * table's layout), for --json one object per line of text:
 *   {"type":"iter","prog":"NAME","text":"LINE"}
 * LINE without its '\n'; a last line that has none is printed all the same.
 * Lines, rather than read() chunks, because a chunk ends wherever the
 * kernel's buffer filled (a page or more), in the middle of a line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* One line (len bytes, no '\n'; may hold NUL bytes from bpf_seq_write). */
static void print_line(FILE *out, const char *prog, const char *line, size_t len, int json)
{
	if (json) {
		fputs("{\"type\":\"iter\",\"prog\":", out);
		print_json_string(out, prog);
		fputs(",\"text\":", out);
		print_json_bytes(out, line, len);
		fputs("}\n", out);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		size_t run = 0;
		while (i + run < len && line[i + run] != '\t')
			run++;
		print_text_bytes(out, line + i, run);
		i += run;
		if (i < len)
			fputc('\t', out); /* a tab moves the cursor, and that is all */
	}
	fputc('\n', out);
}

/* Read fd to its end, printing each whole line as it comes. */
static int print_walk(FILE *out, const char *prog, int fd, int json, struct rb_error *err)
{
	size_t size = 8192, used = 0;
	char *buf = malloc(size);

	if (!buf)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (;;) {
		ssize_t n;
		char *nl;
		size_t start = 0;

		if (used == size) { /* a line longer than the buffer: grow it */
			char *bigger = size < ((size_t)64 << 20) ? realloc(buf, size * 2) : NULL;
			if (!bigger) {
				free(buf);
				return rb_fail(err, RB_ERR_SYSTEM, "iterator %s: a line of over %zu "
					       "bytes", prog, size);
			}
			buf = bigger;
			size *= 2;
		}
		n = read(fd, buf + used, size - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			/* E2BIG: one object's output did not fit the kernel's
			 * buffer (8 pages, kernel/bpf/bpf_iter.c) */
			return rb_fail_errno(err, RB_ERR_KERNEL, e, "iterator %s: read failed%s", prog,
					     e == E2BIG ? " (the program wrote more for one object "
					     "than the kernel's buffer holds)" : "");
		}
		if (n == 0)
			break;
		used += (size_t)n;
		while ((nl = memchr(buf + start, '\n', used - start))) {
			print_line(out, prog, buf + start, (size_t)(nl - (buf + start)), json);
			start = (size_t)(nl - buf) + 1;
		}
		memmove(buf, buf + start, used - start);
		used -= start;
	}
	if (used)
		print_line(out, prog, buf, used, json);
	free(buf);
	return 0;
}

int print_iterators(FILE *out, const struct rb_object *obj, int json, struct rb_error *err)
{
	size_t count;
	const struct rb_program *programs = rb_object_programs(obj, &count);

	for (size_t i = 0; i < count; i++) {
		int fd, ret;

		if (!rb_link_is_iter(programs[i].link))
			continue;
		fd = rb_link_iter_open(programs[i].link, err);
		if (fd < 0)
			return -1;
		ret = print_walk(out, programs[i].fn.name, fd, json, err);
		close(fd);
		if (ret)
			return -1;
	}
	return 0;
}

int only_iterators(const struct rb_object *obj)
{
	size_t count, iters = 0;
	const struct rb_program *programs = rb_object_programs(obj, &count);

	for (size_t i = 0; i < count; i++) {
		if (rb_link_is_iter(programs[i].link))
			iters++;
		else if (programs[i].link)
			return 0;
	}
	return iters > 0;
}

int only_constant_maps(const struct rb_object *obj)
{
	size_t count;
	const struct rb_map *maps = rb_object_maps(obj, &count);

	for (size_t i = 0; i < count; i++)
		if (!maps[i].is_data || strncmp(maps[i].name, ".rodata", 7) != 0)
			return 0;
	return 1;
}
