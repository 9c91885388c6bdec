/* Naming stack frames: kernel addresses from /proc/kallsyms
 * (kernel/kernel_calls.c's table), user addresses from the process's
 * mappings and the mapped file's symbols (proc_maps.c, file_symbols.c).
 *
 * A process's mappings are in /proc/PID/maps only while it lives: once it
 * has exited (even as a zombie, whose memory is already gone, exit_mm()
 * in kernel/exit.c) the file is empty. So the caller notes each process
 * while it runs (rb_symbolizer_note_pid(), which `rawbpf run` does as
 * samples arrive); each note replaces the last, so a process that has
 * exec'd since is seen as what it became. Files are read once, on the
 * first frame in them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/rawbpf.h"
#include "symbols.h"
#include "uapi/linux/bpf.h"

#define MAPS_MAX_SIZE (16u << 20) /* /proc/PID/maps of the largest processes */

struct pid_maps {
	int pid;
	struct proc_map *maps;
	size_t count;
};

struct rb_symbolizer {
	struct string_pool pool;
	struct pid_maps *pids;
	size_t pid_count, pid_cap;
	struct file_symbols *files;
	size_t file_count, file_cap;
	struct rb_kernel_symbols *kernel; /* read on the first kernel frame */
	int kernel_tried;
};

int rb_symbolizer_open(struct rb_symbolizer **out, struct rb_error *err)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : rb_fail(err, RB_ERR_SYSTEM, "out of memory");
}

/* The whole of /proc/PID/maps (it is generated as it is read: its size is
 * unknown until the end), NUL-terminated; NULL when the process is gone. */
static char *read_maps(int pid)
{
	char path[64], *buf = NULL;
	size_t used = 0, cap = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;
		if (cap - used < 4097) {
			char *grown = cap >= MAPS_MAX_SIZE ? NULL : realloc(buf, cap ? cap * 2 : 65536);
			if (!grown) {
				free(buf);
				close(fd);
				return NULL;
			}
			buf = grown;
			cap = cap ? cap * 2 : 65536;
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	return buf;
}

int rb_symbolizer_note_pid(struct rb_symbolizer *s, int pid)
{
	char *text = pid > 0 ? read_maps(pid) : NULL;
	struct pid_maps *slot = NULL;
	struct proc_map *maps;
	size_t count;

	if (!text)
		return -1;
	if (proc_maps_parse(text, &s->pool, &maps, &count) || !count) {
		free(text);
		free(maps);
		return -1; /* a zombie's maps are empty: keep what was seen */
	}
	free(text);
	for (size_t i = 0; i < s->pid_count && !slot; i++)
		if (s->pids[i].pid == pid)
			slot = &s->pids[i];
	if (!slot) {
		if (s->pid_count == s->pid_cap) {
			size_t cap = s->pid_cap ? s->pid_cap * 2 : 16;
			struct pid_maps *grown = realloc(s->pids, cap * sizeof(*grown));
			if (!grown) {
				free(maps);
				return -1;
			}
			s->pids = grown;
			s->pid_cap = cap;
		}
		slot = &s->pids[s->pid_count++];
		*slot = (struct pid_maps){ .pid = pid };
	}
	free(slot->maps);
	slot->maps = maps;
	slot->count = count;
	return 0;
}

/* The symbols of the file at `path` (interned), read on first use. */
static const struct file_symbols *file(struct rb_symbolizer *s, const char *path)
{
	for (size_t i = 0; i < s->file_count; i++)
		if (s->files[i].path == path)
			return &s->files[i];
	if (s->file_count == s->file_cap) {
		size_t cap = s->file_cap ? s->file_cap * 2 : 16;
		struct file_symbols *grown = realloc(s->files, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		s->files = grown;
		s->file_cap = cap;
	}
	file_symbols_load(&s->files[s->file_count], path, &s->pool);
	return &s->files[s->file_count++];
}

static void kernel_frame(struct rb_symbolizer *s, uint64_t addr, uint64_t look,
			 struct rb_frame *out)
{
	const char *name, *module;
	uint64_t offset;
	char label[80];

	if (!s->kernel_tried) {
		struct rb_error ignored;
		s->kernel_tried = 1;
		if (rb_kernel_symbols_open(&s->kernel, &ignored))
			s->kernel = NULL; /* no kallsyms: addresses only */
	}
	out->module = pool_intern(&s->pool, "[kernel]");
	if (rb_kernel_symbol_at(s->kernel, look, &name, &offset, &module))
		return;
	out->sym = pool_intern(&s->pool, name);
	out->offset = offset + (addr - look);
	if (module) {
		snprintf(label, sizeof(label), "[%s]", module);
		out->module = pool_intern(&s->pool, label);
	}
}

void rb_symbolize(struct rb_symbolizer *s, int pid, uint64_t addr, int caller,
		  struct rb_frame *out)
{
	uint64_t look = caller && addr ? addr - 1 : addr;
	const struct pid_maps *pm = NULL;

	*out = (struct rb_frame){ .addr = addr };
	if (pid == 0) {
		kernel_frame(s, addr, look, out);
		return;
	}
	for (size_t i = 0; i < s->pid_count && !pm; i++)
		if (s->pids[i].pid == pid)
			pm = &s->pids[i];
	for (size_t i = 0; pm && i < pm->count; i++) {
		const struct proc_map *m = &pm->maps[i];
		const struct file_symbols *fs;
		uint64_t into;
		const char *name;

		if (look < m->start || look >= m->end)
			continue;
		out->module = m->path;
		fs = m->path[0] == '/' ? file(s, m->path) : NULL;
		if (fs && fs->ok &&
		    file_symbols_find(fs, look - m->start + m->offset, &name, &into) == 0) {
			out->sym = name;
			out->offset = into + (addr - look);
		}
		return;
	}
}

void rb_symbolizer_close(struct rb_symbolizer *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->pid_count; i++)
		free(s->pids[i].maps);
	free(s->pids);
	for (size_t i = 0; i < s->file_count; i++)
		file_symbols_free(&s->files[i]);
	free(s->files);
	rb_kernel_symbols_close(s->kernel);
	pool_free(&s->pool);
	free(s);
}

int rb_map_is_stack_trace(const struct rb_map *map)
{
	return map->type == BPF_MAP_TYPE_STACK_TRACE;
}

int rb_stack_read(const struct rb_map *map, uint32_t id, uint64_t *ips, size_t max,
		  size_t *count, struct rb_error *err)
{
	size_t depth = map->value_size / 8;
	uint64_t *value;
	int ret;

	*count = 0;
	if (map->type != BPF_MAP_TYPE_STACK_TRACE || map->key_size != 4)
		return rb_fail(err, RB_ERR_INPUT, "map %s is not a stack trace map", map->name);
	value = calloc(depth ? depth : 1, 8);
	if (!value)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	ret = rb_map_lookup(map, &id, value, err);
	/* leaf first; the kernel fills the rest of the value with zeros
	 * (kernel/bpf/stackmap.c, __bpf_get_stackid) */
	for (size_t i = 0; ret == 1 && i < depth && i < max && value[i]; i++)
		ips[(*count)++] = value[i];
	free(value);
	return ret;
}
