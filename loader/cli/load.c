/* rawbpf load [--pin DIR] [--json] [--verbose] OBJ
 *
 * Load every map and program of an object and attach none, like
 * `bpftool prog loadall OBJ DIR pinmaps DIR`. With --pin, each program is
 * pinned at DIR/PROGRAM and each map at DIR/MAP (the object's names, a
 * "." made "_" as bpffs wants: .bss is DIR/_bss), so
 * they outlive rawbpf: other tools (rawbpf map dump DIR/counts, an
 * attach by path) take them from there, and removing the pins (rm, or
 * rb_obj_unpin)
 * frees them. Without --pin the kernel frees everything when rawbpf exits
 * (an object lives while an fd or a pin holds it), so the command is a
 * verifier check: exit status 0 when every program loads, 1 with the
 * verifier's log when one is refused. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "toolbox.h"

struct load {
	struct toolbox_opts o;
	const char *pin_dir;  /* NULL: no pins */
	const char *path;
	struct rb_object *obj;
	char (*pinned)[PATH_MAX]; /* the pins made, to remove them on failure */
	size_t pin_count;
};

static int parse_args(int argc, char **argv, struct load *l)
{
	int n;

	for (int i = 0; i < argc; i++) /* --pin DIR first: toolbox_options knows not it */
		if (strcmp(argv[i], "--pin") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "rawbpf load: --pin needs a directory\n");
				return -1;
			}
			l->pin_dir = argv[i + 1];
			memmove(argv + i, argv + i + 2, (size_t)(argc - i - 2) * sizeof(*argv));
			argc -= 2;
			i--;
		}
	n = toolbox_options("load", argc, argv, &l->o);
	if (n < 0)
		return -1;
	if (n != 1) {
		fprintf(stderr, "rawbpf load: usage: rawbpf load [--pin DIR] [--json] [--verbose] "
			"OBJ\n");
		return -1;
	}
	l->path = argv[0];
	return 0;
}

/* DIR/NAME, for a name that is one file name. bpffs refuses names with a
 * '.' (bpf_lookup() in kernel/bpf/inode.c: EPERM), so, as libbpf's
 * sanitize_pin_path() does, each '.' becomes '_': .bss is pinned as _bss. */
static int pin_path(const struct load *l, const char *what, const char *name,
		    char path[PATH_MAX], struct rb_error *err)
{
	size_t dir;

	if (!name[0] || strchr(name, '/'))
		return rb_fail(err, RB_ERR_INPUT, "%s %s: its name cannot be a file name in %s",
			       what, name, l->pin_dir);
	if ((size_t)snprintf(path, PATH_MAX, "%s/%s", l->pin_dir, name) >= PATH_MAX)
		return rb_fail(err, RB_ERR_INPUT, "%s/%s: the path is too long", l->pin_dir, name);
	for (dir = strlen(l->pin_dir) + 1; path[dir]; dir++)
		if (path[dir] == '.')
			path[dir] = '_';
	return 0;
}

/* Every pin path, checked before anything is pinned: a program and a map
 * of one name would want one file. */
static int check_names(const struct load *l, struct rb_error *err)
{
	size_t np, nm;
	struct rb_program *progs = rb_object_programs(l->obj, &np);
	struct rb_map *maps = rb_object_maps(l->obj, &nm);
	char path[PATH_MAX];

	char other[PATH_MAX];

	for (size_t i = 0; i < np + nm; i++) {
		const char *name = i < np ? progs[i].fn.name : maps[i - np].name;
		if (pin_path(l, i < np ? "program" : "map", name, path, err))
			return -1;
		for (size_t j = i + 1; j < np + nm; j++) {
			const char *o = j < np ? progs[j].fn.name : maps[j - np].name;
			if (pin_path(l, "", o, other, NULL) == 0 && strcmp(path, other) == 0)
				return rb_fail(err, RB_ERR_INPUT, "%s and %s would both be pinned "
					       "at %s", name, o, path);
		}
	}
	return 0;
}

/* The library's pin calls name the program or map in their errors. */
static int pin_one(struct load *l, const struct rb_program *prog, const struct rb_map *map,
		   char path[PATH_MAX], struct rb_error *err)
{
	struct rb_pin_opts po = { .policy = RB_MOUNT_BPFFS, .narrator = l->o.narrator };

	if (pin_path(l, prog ? "program" : "map", prog ? prog->fn.name : map->name, path, err) ||
	    (prog ? rb_program_pin(prog, path, &po, err) : rb_map_pin(map, path, &po, err)))
		return -1;
	memcpy(l->pinned[l->pin_count++], path, PATH_MAX);
	return 0;
}

/* DIR for --pin: made when it is not there, but only in a BPF filesystem
 * (checked first, so a refused DIR is never made). *made: 1 when this
 * made it, for a failed load to remove it again. */
static int pin_dir(const struct load *l, int *made, struct rb_error *err)
{
	struct rb_pin_opts po = { .policy = RB_MOUNT_BPFFS, .narrator = l->o.narrator };
	char parent[PATH_MAX];
	struct stat st;

	*made = 0;
	if (stat(l->pin_dir, &st) == 0)
		return rb_bpffs_check(l->pin_dir, &po, err);
	snprintf(parent, sizeof(parent), "%s", l->pin_dir);
	if (rb_bpffs_check(dirname(parent), &po, err))
		return -1;
	if (mkdir(l->pin_dir, 0700) != 0)
		return rb_fail_errno(err, RB_ERR_INPUT, errno, "--pin %s: cannot make the directory",
				     l->pin_dir);
	*made = 1;
	return 0;
}

static void unpin_all(struct load *l)
{
	for (size_t i = 0; i < l->pin_count; i++)
		if (unlink(l->pinned[i]) != 0)
			fprintf(stderr, "rawbpf: warning: cannot remove the pin %s: %s\n",
				l->pinned[i], strerror(errno));
	l->pin_count = 0;
}

/* The maps rb_object_load() pinned by name under DIR (pin_created): a
 * failed `load` leaves none of them either. */
static void unpin_by_name(struct load *l)
{
	size_t nm;
	struct rb_map *maps = rb_object_maps(l->obj, &nm);
	char path[PATH_MAX];

	for (size_t i = 0; i < nm; i++)
		if (maps[i].pin_created && pin_path(l, "map", maps[i].name, path, NULL) == 0)
			unlink(path);
}

static void print_item(const struct load *l, const char *kind, const char *name,
		       const char *type, uint32_t id, const char *pin)
{
	if (l->o.json) {
		printf("{\"type\":\"loaded\",\"kind\":\"%s\",\"name\":", kind);
		print_json_string(stdout, name);
		fputs(",\"object_type\":", stdout);
		print_json_string(stdout, type);
		printf(",\"id\":%u", id);
		if (pin) {
			fputs(",\"pinned\":", stdout);
			print_json_string(stdout, pin);
		}
		fputs("}\n", stdout);
		return;
	}
	printf("%-7s ", kind);
	print_text(stdout, name, 20);
	printf(" %-16s id %u", type, id);
	if (pin) {
		fputs("  pinned at ", stdout);
		print_text(stdout, pin, 0);
	}
	putchar('\n');
}

/* Tell each program and map, by the kernel's id, and pin them. */
static int report_and_pin(struct load *l, struct rb_error *err)
{
	size_t np, nm, programs = 0, maps_made = 0;
	struct rb_program *progs = rb_object_programs(l->obj, &np);
	struct rb_map *maps = rb_object_maps(l->obj, &nm);
	char path[PATH_MAX];

	for (size_t i = 0; i < np; i++) {
		struct rb_prog_info info;
		if (progs[i].fd < 0) /* not loaded (autoload off) */
			continue;
		if (rb_prog_info_by_fd(progs[i].fd, &info, &l->o.narrator, err) ||
		    (l->pin_dir && pin_one(l, &progs[i], NULL, path, err)))
			return -1;
		print_item(l, "program", progs[i].fn.name, rb_prog_type_name(progs[i].type), info.id,
			   l->pin_dir ? path : NULL);
		programs++;
	}
	for (size_t i = 0; i < nm; i++) {
		struct rb_map_info info;
		const char *pin = NULL;
		if (maps[i].fd < 0)
			continue;
		if (rb_map_info_by_fd(maps[i].fd, &info, &l->o.narrator, err))
			return -1;
		if (l->pin_dir && (maps[i].pin_created || maps[i].reused)) {
			/* pinned by name (LIBBPF_PIN_BY_NAME) under the same DIR already */
			pin_path(l, "map", maps[i].name, path, err);
			pin = path;
		} else if (l->pin_dir) {
			if (pin_one(l, NULL, &maps[i], path, err))
				return -1;
			pin = path;
		}
		print_item(l, "map", maps[i].name, rb_map_type_name(maps[i].type), info.id, pin);
		maps_made++;
	}
	if (l->o.json)
		printf("{\"type\":\"load_summary\",\"programs\":%zu,\"maps\":%zu,\"pinned\":%s}\n",
		       programs, maps_made, l->pin_dir ? "true" : "false");
	else if (l->pin_dir)
		printf("%zu program%s and %zu map%s pinned in %s: they stay loaded until the pins "
		       "are removed (rm %s/NAME)\n", programs, programs == 1 ? "" : "s", maps_made,
		       maps_made == 1 ? "" : "s", l->pin_dir, l->pin_dir);
	else
		printf("%zu program%s and %zu map%s loaded: the verifier accepted every program. "
		       "Nothing holds them after rawbpf exits, so the kernel unloads them now; "
		       "give --pin DIR to keep them\n", programs, programs == 1 ? "" : "s",
		       maps_made, maps_made == 1 ? "" : "s");
	return 0;
}

int cmd_load(int argc, char **argv)
{
	struct load l = { 0 };
	struct rb_error err = { 0 };
	struct rb_open_opts open = { .policy = RB_MOUNT_TRACEFS | RB_MOUNT_BPFFS | RB_RAISE_MEMLOCK };
	size_t np, nm;
	int status = 0, made = 0;

	if (parse_args(argc, argv, &l))
		return EXIT_USAGE;
	open.narrator = l.o.narrator;
	/* maps pinned by name go to DIR too, not to /sys/fs/bpf */
	open.pin_root = l.pin_dir;
	if (rb_object_open(&l.obj, l.path, &open, &err))
		return report_error(&err);
	rb_object_programs(l.obj, &np);
	rb_object_maps(l.obj, &nm);
	l.pinned = calloc(np + nm + 1, sizeof(*l.pinned));
	if (!l.pinned) {
		rb_object_close(l.obj);
		return report_error(&(struct rb_error){ RB_ERR_SYSTEM, ENOMEM, "out of memory" });
	}
	if (l.pin_dir && (check_names(&l, &err) || pin_dir(&l, &made, &err))) {
		status = report_error(&err);
	} else if (rb_object_load(l.obj, &err)) {
		print_verifier_logs(l.obj);
		status = report_error(&err);
	} else if (report_and_pin(&l, &err)) {
		unpin_all(&l); /* a failed load pins nothing */
		unpin_by_name(&l);
		status = report_error(&err);
	}
	if (!status && rb_object_btf_warning(l.obj)[0]) {
		fputs("rawbpf: warning: ", stderr);
		print_text(stderr, l.path, 0);
		fputs(": ", stderr);
		print_text_lines(stderr, rb_object_btf_warning(l.obj));
	}
	if (status && made && rmdir(l.pin_dir) != 0)
		fprintf(stderr, "rawbpf: warning: cannot remove %s, made for the pins: %s\n",
			l.pin_dir, strerror(errno));
	rb_object_close(l.obj);
	free(l.pinned);
	return status;
}
