/* The kernel samples' load_bpf_file(), on rawbpf's library (bpf/bpf_load.h).
 *
 * The samples' loader (samples/bpf/bpf_load.c, removed in Linux 5.10) read
 * the ELF file with libelf, created the maps of its `maps` section, loaded
 * every program section, and attached kprobe/, kretprobe/, tracepoint/ and
 * raw_tracepoint/ programs; sockets, XDP and cgroups were left to the
 * caller, who found the fds in prog_fd[] and map_fd[]. This does the same
 * with rb_object_open(), rb_object_load() and rb_program_attach(): no
 * second loader.
 *
 * The global arrays are the samples' interface; they are the only global
 * state here, and the library proper has none. Every object loaded stays
 * loaded until the process exits: closed then by atexit() (detaching and,
 * for probes made through tracefs, removing the probe event). A loader
 * killed by a signal needs no cleanup where the kernel has the probe PMUs
 * (Linux 4.17+): its fds close with it. Like the samples, which ran as root
 * on a prepared machine, it lets the library mount tracefs and bpffs,
 * enable trace_printk's event and raise RLIMIT_MEMLOCK where needed. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uapi/linux/bpf.h" /* rawbpf's pinned <linux/bpf.h> */
#include "loader/compat/bpf/bpf_load.h"
#include "loader/rawbpf.h"

int prog_fd[MAX_PROGS];
int event_fd[MAX_PROGS];
int prog_cnt;
int map_fd[MAX_MAPS];
struct bpf_map_data map_data[MAX_MAPS];
int map_data_count;
/* weak: the book's loaders define it themselves, and theirs wins */
__attribute__((weak)) char bpf_log_buf[BPF_LOG_BUF_SIZE];

#define MAX_OBJECTS 16
static struct rb_object *objects[MAX_OBJECTS];
static int object_count;

static void close_objects(void)
{
	while (object_count > 0)
		rb_object_close(objects[--object_count]);
}

/* What the samples attached by section name; the rest is the caller's. */
static int attached_here(const struct rb_program *prog)
{
	static const char *const prefixes[] = { "kprobe/", "kretprobe/", "tracepoint/",
						"raw_tracepoint/" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(prog->fn.section_name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

static void keep_verifier_log(struct rb_object *obj)
{
	size_t count;
	struct rb_program *progs = rb_object_programs(obj, &count);

	bpf_log_buf[0] = '\0';
	for (size_t i = 0; i < count; i++)
		if (progs[i].verifier_log) {
			snprintf(bpf_log_buf, BPF_LOG_BUF_SIZE, "%s", progs[i].verifier_log);
			return;
		}
}

static void fill_maps(struct rb_object *obj)
{
	size_t count;
	struct rb_map *maps = rb_object_maps(obj, &count);

	/* The samples' map_fd[] held the `maps` section's maps in the order of
	 * their definitions, as rawbpf lists them; BTF maps follow, and global
	 * data (.bss, ...), which the samples never had, is left out. */
	map_data_count = 0;
	for (size_t i = 0; i < count && map_data_count < MAX_MAPS; i++) {
		struct rb_map *m = &maps[i];
		struct bpf_map_data *d = &map_data[map_data_count];

		if (m->is_data)
			continue;
		d->fd = m->fd;
		d->name = m->name;
		d->elf_offset = (size_t)m->offset;
		d->def = (struct bpf_load_map_def){ m->type, m->key_size, m->value_size,
						    m->max_entries, m->map_flags,
						    m->inner_map_idx, m->numa_node };
		map_fd[map_data_count++] = m->fd;
	}
}

static int fill_programs(struct rb_object *obj)
{
	size_t count;
	struct rb_program *progs = rb_object_programs(obj, &count);
	struct rb_error err;

	for (size_t i = 0; i < count; i++) {
		struct rb_program *p = &progs[i];

		if (prog_cnt == MAX_PROGS) {
			fprintf(stderr, "%s: more than %d programs\n", rb_object_path(obj), MAX_PROGS);
			return 1;
		}
		event_fd[prog_cnt] = -1;
		if (attached_here(p)) {
			if (rb_program_attach(p, NULL, &p->link, &err)) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			event_fd[prog_cnt] = rb_link_fd(p->link);
		}
		prog_fd[prog_cnt++] = p->fd;
	}
	return 0;
}

int load_bpf_file(char *path)
{
	struct rb_open_opts opts = {
		.policy = RB_MOUNT_TRACEFS | RB_MOUNT_BPFFS | RB_RAISE_MEMLOCK | RB_TRACEFS_SETUP,
	};
	struct rb_object *obj;
	struct rb_error err;

	if (object_count == MAX_OBJECTS) {
		fprintf(stderr, "%s: more than %d objects loaded\n", path, MAX_OBJECTS);
		return 1;
	}
	if (rb_object_open(&obj, path, &opts, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	if (rb_object_load(obj, &err)) {
		keep_verifier_log(obj);
		fprintf(stderr, "%s\n", err.msg);
		rb_object_close(obj);
		return 1;
	}
	if (object_count == 0)
		atexit(close_objects);
	objects[object_count++] = obj;
	fill_maps(obj);
	return fill_programs(obj);
}

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
	fflush(stdout);
}

void read_trace_pipe(void)
{
	struct rb_trace_pipe *tp;
	struct rb_error err;

	if (object_count == 0) {
		fprintf(stderr, "read_trace_pipe: no object loaded (load_bpf_file first)\n");
		return;
	}
	if (rb_trace_pipe_open(objects[object_count - 1], &tp, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	for (;;) {
		struct pollfd p = { .fd = rb_trace_pipe_fd(tp), .events = POLLIN };

		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
		if (rb_trace_pipe_read(tp, print_line, NULL, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			break;
		}
	}
	rb_trace_pipe_close(tp);
}
