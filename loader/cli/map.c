/* rawbpf map list [--json] [--verbose]
 * rawbpf map dump [--json] [--verbose] ID|PATH
 * rawbpf map update [--json] [--verbose] ID|PATH KEY VALUE [any|noexist|exist]
 * rawbpf map delete [--json] [--verbose] ID|PATH KEY
 *
 * The maps the kernel holds, whoever made them, by id or pinned path
 * (the library's "Kernel objects by id"), read and written with the map
 * calls (rb_map_dump, rb_map_update_elem, rb_map_delete_elem) through a
 * struct rb_map made from the fd (rb_map_from_fd). Keys and values are
 * printed by their BTF types where the map has them (the kernel keeps the
 * map's BTF object and key/value type ids: rb_kernel_btf_open), else as
 * numbers (1, 2, 4, 8 bytes) or hex. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "toolbox.h"

static void print_map_json(const struct rb_map_info *m)
{
	printf("{\"type\":\"map_info\",\"id\":%u,\"map_type\":", m->id);
	print_json_string(stdout, rb_map_type_name(m->type));
	printf(",\"map_type_id\":%u,\"name\":", m->type);
	print_json_string(stdout, m->name);
	printf(",\"key_size\":%u,\"value_size\":%u,\"max_entries\":%u,\"flags\":%u,\"btf_id\":%u,"
	       "\"btf_key_type_id\":%u,\"btf_value_type_id\":%u}\n",
	       m->key_size, m->value_size, m->max_entries, m->map_flags, m->btf_id,
	       m->btf_key_type_id, m->btf_value_type_id);
}

static void print_map_human(const struct rb_map_info *m)
{
	printf("%-6u %-20s ", m->id, rb_map_type_name(m->type));
	print_text(stdout, m->name, 16);
	printf(" %5u %6u %11u  0x%-5x", m->key_size, m->value_size, m->max_entries, m->map_flags);
	if (m->btf_id)
		printf(" %u", m->btf_id);
	else
		fputs(" -", stdout);
	putchar('\n');
}

static int map_list(const struct toolbox_opts *o)
{
	struct rb_error err = { 0 };
	uint32_t id = 0;
	int more, shown = 0;

	if (!o->json)
		printf("%-6s %-20s %-16s %5s %6s %11s  %-7s %s\n", "ID", "TYPE", "NAME", "KEY",
		       "VALUE", "MAX_ENTRIES", "FLAGS", "BTF");
	while ((more = rb_kobj_next_id(RB_KOBJ_MAP, id, &id, &o->narrator, &err)) == 1) {
		struct rb_map_info info;
		int fd = rb_kobj_fd_by_id(RB_KOBJ_MAP, id, &o->narrator, &err);
		if (fd < 0 && err.errnum == ENOENT)
			continue; /* freed since its id was listed */
		if (fd < 0)
			return report_error(&err);
		if (rb_map_info_by_fd(fd, &info, &o->narrator, &err)) {
			close(fd);
			return report_error(&err);
		}
		close(fd);
		shown++;
		if (o->json)
			print_map_json(&info);
		else
			print_map_human(&info);
	}
	if (more < 0)
		return report_error(&err);
	if (!o->json && !shown)
		printf("(no maps exist)\n");
	return 0;
}

/* An open map, and its BTF when it has one. */
struct open_map {
	struct rb_map map;
	struct rb_map_info info;
	char label[48];            /* "12 (counters)": map.name, in messages */
	struct rb_kernel_btf *btf; /* NULL: print as numbers and hex */
	int cpus;                  /* possible CPUs: per-CPU maps' values */
};

static int open_map(const struct toolbox_opts *o, const char *what, struct open_map *m,
		    struct rb_error *err)
{
	int fd = rb_kobj_open(what, RB_KOBJ_MAP, &o->narrator, err);

	memset(m, 0, sizeof(*m));
	m->map.fd = -1;
	if (fd < 0)
		return -1;
	if (rb_map_info_by_fd(fd, &m->info, &o->narrator, err)) {
		close(fd);
		return -1;
	}
	/* --verbose: the map calls narrate too */
	rb_map_from_info(fd, &m->info, &m->map, &o->narrator);
	snprintf(m->label, sizeof(m->label), "%u (%s)", m->info.id, m->map.kernel_name);
	m->map.name = m->label;
	m->cpus = 1;
	if (rb_map_is_per_cpu(&m->map) && rb_possible_cpus(&m->cpus, err)) {
		rb_map_close(&m->map);
		return -1;
	}
	/* without its BTF a map is still printed: as numbers and hex */
	if (m->info.btf_id && rb_kernel_btf_open(m->info.btf_id, &m->btf, &o->narrator, err) &&
	    o->verbose)
		narrate_to_stderr(NULL, err->msg);
	memset(err, 0, sizeof(*err));
	return 0;
}

static void close_map(struct open_map *m)
{
	rb_kernel_btf_close(m->btf);
	rb_map_close(&m->map);
}

struct dumper {
	const struct toolbox_opts *o;
	struct open_map *m;
	char fmt[4096];
};

/* "key_fmt"/"value_fmt" (JSON) or the text for people; 0 when formatted. */
static int format(struct dumper *d, uint32_t type_id, const void *data, size_t size, int json)
{
	return rb_kernel_btf_format(d->m->btf, type_id, data, size, json, d->fmt, sizeof(d->fmt));
}

static void json_value(struct dumper *d, const char *field, uint32_t type_id,
		       const uint8_t *data, size_t size)
{
	printf(",\"%s\":\"", field);
	print_hex(stdout, data, size);
	putchar('"');
	if (format(d, type_id, data, size, 1) == 0)
		printf(",\"%s_fmt\":%s", field, d->fmt);
}

static void human_value(struct dumper *d, uint32_t type_id, const uint8_t *data, size_t size)
{
	if (format(d, type_id, data, size, 0) == 0)
		print_text(stdout, d->fmt, 0);
	else
		print_scalar(stdout, data, size);
}

static int on_entry(void *ctx, const void *key, const void *value)
{
	struct dumper *d = ctx;
	const struct rb_map *map = &d->m->map;
	size_t stride = rb_map_value_stride(map);
	const uint8_t *v = value;

	if (d->o->json) {
		printf("{\"type\":\"map\",\"map\":");
		print_json_string(stdout, map->kernel_name);
		printf(",\"id\":%u", d->m->info.id);
		json_value(d, "key", map->btf_key_type_id, key, map->key_size);
		if (rb_map_is_per_cpu(map)) {
			fputs(",\"values\":[", stdout);
			for (int c = 0; c < d->m->cpus; c++) {
				printf("%s\"", c ? "," : "");
				print_hex(stdout, v + (size_t)c * stride, map->value_size);
				putchar('"');
			}
			putchar(']');
		} else {
			json_value(d, "value", map->btf_value_type_id, v, map->value_size);
		}
		fputs("}\n", stdout);
		return 0;
	}
	fputs("  key ", stdout);
	human_value(d, map->btf_key_type_id, key, map->key_size);
	if (rb_map_is_per_cpu(map)) {
		for (int c = 0; c < d->m->cpus; c++) {
			printf("  cpu%d ", c);
			human_value(d, map->btf_value_type_id, v + (size_t)c * stride, map->value_size);
		}
	} else if (format(d, map->btf_value_type_id, v, map->value_size, 0) == 0) {
		fputs("  value ", stdout);
		print_text(stdout, d->fmt, 0);
	} else if (map->value_size <= 8) {
		fputs("  value ", stdout);
		print_scalar(stdout, v, map->value_size);
	} else {
		fputs("  value:\n", stdout);
		print_hexdump(stdout, v, map->value_size, "    ");
		return 0;
	}
	putchar('\n');
	return 0;
}

static int map_dump(const struct toolbox_opts *o, const char *what)
{
	struct rb_error err = { 0 };
	struct open_map m;
	struct dumper *d;
	size_t count = 0;
	int ret;

	if (open_map(o, what, &m, &err))
		return report_error(&err);
	if (!rb_map_is_readable(&m.map)) {
		rb_fail(&err, RB_ERR_INPUT, "map %u (%s) has no entries user space can read: "
			"its values are fds, events or records", m.info.id,
			rb_map_type_name(m.info.type));
		close_map(&m);
		return report_error(&err);
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		close_map(&m);
		return report_error(&(struct rb_error){ RB_ERR_SYSTEM, ENOMEM, "out of memory" });
	}
	d->o = o;
	d->m = &m;
	if (!o->json) {
		printf("map %u ", m.info.id);
		print_text(stdout, m.info.name, 0);
		printf(" (%s, key %u B, value %u B, max_entries %u%s):\n",
		       rb_map_type_name(m.info.type), m.info.key_size, m.info.value_size,
		       m.info.max_entries, m.btf ? ", BTF" : "");
	}
	ret = rb_map_dump(&m.map, on_entry, d, &count, &err);
	if (ret == 0 && !o->json)
		printf("  (%zu entr%s)\n", count, count == 1 ? "y" : "ies");
	free(d);
	close_map(&m);
	return ret ? report_error(&err) : 0;
}

/* KEY (and VALUE) of the right size for the map: a wrong size is the
 * caller's mistake, said before the kernel sees it. */
static int map_bytes(const struct open_map *m, const char *what, const char *arg, size_t want,
		     uint8_t **out, struct rb_error *err)
{
	size_t size;

	if (toolbox_bytes(what, arg, out, &size, err))
		return -1;
	if (size != want) {
		char per_cpu[96] = "";
		if (strcmp(what, "value") == 0 && rb_map_is_per_cpu(&m->map))
			snprintf(per_cpu, sizeof(per_cpu), ": %zu bytes x %d possible CPUs, one value "
				 "each, rounded up to 8 bytes", rb_map_value_stride(&m->map), m->cpus);
		free(*out);
		*out = NULL;
		return rb_fail(err, RB_ERR_INPUT, "map %u (%s): the %s is %zu byte%s, the map's %s "
			       "size is %zu%s (give it as hex, two digits a byte, in memory order: "
			       "little-endian for numbers; or @FILE)", m->info.id, m->info.name, what,
			       size, size == 1 ? "" : "s", what, want, per_cpu);
	}
	return 0;
}

static int parse_flags(const char *s, uint64_t *flags)
{
	if (strcmp(s, "any") == 0)
		*flags = RB_ANY;
	else if (strcmp(s, "noexist") == 0)
		*flags = RB_NOEXIST;
	else if (strcmp(s, "exist") == 0)
		*flags = RB_EXIST;
	else
		return -1;
	return 0;
}

static int map_write(const struct toolbox_opts *o, int update, char **args, int n)
{
	struct rb_error err = { 0 };
	struct open_map m;
	uint8_t *key = NULL, *value = NULL;
	uint64_t flags = RB_ANY;
	size_t value_size;
	int ret;

	if (update && n == 4 && parse_flags(args[3], &flags)) {
		fprintf(stderr, "rawbpf map update: '");
		print_text(stderr, args[3], 0);
		fprintf(stderr, "' is not any, noexist or exist\n");
		return EXIT_USAGE;
	}
	if (open_map(o, args[0], &m, &err))
		return report_error(&err);
	if (update && rb_map_values_are_fds(&m.map)) {
		rb_fail(&err, RB_ERR_INPUT, "map %u (%s) is a %s: its values are written as file "
			"descriptors of the writing process (programs, maps, perf events, cgroups "
			"or sockets it holds), which a command line cannot give; a loader fills it "
			"(rb_map_update_elem with an fd it holds)", m.info.id, m.info.name,
			rb_map_type_name(m.info.type));
		close_map(&m);
		return report_error(&err);
	}
	value_size = rb_map_value_buffer_size(&m.map, m.cpus);
	if (map_bytes(&m, "key", args[1], m.info.key_size, &key, &err) ||
	    (update && map_bytes(&m, "value", args[2], value_size, &value, &err))) {
		free(key);
		close_map(&m);
		return report_error(&err);
	}
	if (update)
		ret = rb_map_update_elem(&m.map, key, m.info.key_size, value, value_size, flags,
					 &err);
	else
		ret = rb_map_delete_elem(&m.map, key, m.info.key_size, &err);
	if (ret == 0 && !update)
		ret = rb_fail(&err, RB_ERR_KERNEL, "map %u (%s): no entry has that key, nothing "
			      "was deleted", m.info.id, m.info.name);
	if (ret >= 0 && o->json) {
		printf("{\"type\":\"map_%s\",\"id\":%u,\"key\":\"", update ? "update" : "delete",
		       m.info.id);
		print_hex(stdout, key, m.info.key_size);
		printf("\",\"result\":\"%s\"}\n", update ? "updated" : "deleted");
	} else if (ret >= 0) {
		printf("map %u ", m.info.id);
		print_text(stdout, m.info.name, 0);
		printf(": key ");
		print_hex(stdout, key, m.info.key_size);
		printf(" %s\n", update ? "updated" : "deleted");
	}
	free(key);
	free(value);
	close_map(&m);
	return ret < 0 ? report_error(&err) : 0;
}

int cmd_map(int argc, char **argv)
{
	struct toolbox_opts o;
	int n;

	if (argc < 1) {
		fprintf(stderr, "rawbpf map: say list, dump, update or delete (try rawbpf --help)\n");
		return EXIT_USAGE;
	}
	n = toolbox_options("map", argc - 1, argv + 1, &o);
	if (n < 0)
		return EXIT_USAGE;
	if (strcmp(argv[0], "list") == 0 && n == 0)
		return map_list(&o);
	if (strcmp(argv[0], "dump") == 0 && n == 1)
		return map_dump(&o, argv[1]);
	if (strcmp(argv[0], "update") == 0 && (n == 3 || n == 4))
		return map_write(&o, 1, argv + 1, n);
	if (strcmp(argv[0], "delete") == 0 && n == 2)
		return map_write(&o, 0, argv + 1, n);
	fprintf(stderr, "rawbpf map: usage: rawbpf map list | dump ID|PATH | update ID|PATH KEY "
		"VALUE [any|noexist|exist] | delete ID|PATH KEY (try rawbpf --help)\n");
	return EXIT_USAGE;
}
