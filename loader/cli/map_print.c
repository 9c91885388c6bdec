/* Printing map contents at the end of `rawbpf run`.
 *
 * Keys are walked with BPF_MAP_GET_NEXT_KEY (NULL first, then each key in
 * turn) and each value fetched with BPF_MAP_LOOKUP_ELEM. Arrays give every
 * index 0..max_entries-1. A hash map that programs are changing while we
 * walk it may skip or repeat keys; the walk stops after max_entries keys so
 * it always ends. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Maps whose contents mean something as bytes. Perf event arrays and
 * program arrays hold fds, ring buffers have no keys. */
static int is_dumpable(const struct rb_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_LPM_TRIE:
	case BPF_MAP_TYPE_STACK_TRACE:
		return 1;
	default:
		return 0;
	}
}

static void print_entry_json(FILE *out, const struct rb_map *map, const void *key,
			     const uint8_t *value, int cpus)
{
	fputs("{\"type\":\"map\",\"map\":", out);
	print_json_string(out, map->name);
	fputs(",\"key\":\"", out);
	print_hex(out, key, map->key_size);
	if (rb_map_is_per_cpu(map)) {
		size_t stride = ((size_t)map->value_size + 7) & ~(size_t)7;
		fputs("\",\"values\":[", out);
		for (int c = 0; c < cpus; c++) {
			fputs(c ? ",\"" : "\"", out);
			print_hex(out, value + (size_t)c * stride, map->value_size);
			fputc('"', out);
		}
		fputs("]}\n", out);
	} else {
		fputs("\",\"value\":\"", out);
		print_hex(out, value, map->value_size);
		fputs("\"}\n", out);
	}
}

static void print_entry_human(FILE *out, const struct rb_map *map, const void *key,
			      const uint8_t *value, int cpus)
{
	fputs("  key ", out);
	print_scalar(out, key, map->key_size);
	if (rb_map_is_per_cpu(map)) {
		size_t stride = ((size_t)map->value_size + 7) & ~(size_t)7;
		for (int c = 0; c < cpus; c++) {
			fprintf(out, "  cpu%d ", c);
			print_scalar(out, value + (size_t)c * stride, map->value_size);
		}
		fputc('\n', out);
	} else if (map->value_size == 4 || map->value_size == 8) {
		fputs("  value ", out);
		print_scalar(out, value, map->value_size);
		fputc('\n', out);
	} else {
		fputs("  value:\n", out);
		print_hexdump(out, value, map->value_size, "    ");
	}
}

/* Global data for people: each variable of the section by name, using the
 * symbol table for names, offsets and sizes. */
static void print_variables(FILE *out, const struct rb_object *obj,
			    const struct rb_map *map, const uint8_t *value)
{
	int named = 0;

	for (size_t i = 1; i < obj->elf.nsymbols; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[i];
		if (s->shndx != map->section || s->type != STT_OBJECT || !s->name[0] ||
		    s->value + s->size > map->value_size || s->size == 0)
			continue;
		named++;
		fputs("  ", out);
		print_text(out, s->name, 0);
		fputs(" = ", out);
		if (s->size <= 8 && !(s->size & (s->size - 1))) {
			print_scalar(out, value + s->value, s->size);
			fputc('\n', out);
		} else {
			fputc('\n', out);
			print_hexdump(out, value + s->value, s->size, "    ");
		}
	}
	if (!named) /* e.g. .rodata.str1.1: string literals have no names */
		print_hexdump(out, value, map->value_size, "  ");
}

static int print_map(FILE *out, const struct rb_object *obj, const struct rb_map *map,
		     int json, int cpus, struct rb_error *err)
{
	uint8_t *key = calloc(1, map->key_size + 1);
	uint8_t *next = calloc(1, map->key_size + 1);
	uint8_t *value = calloc(1, rb_map_value_buffer_size(map, cpus) + 1);
	int ret = 0, has_key = 0;

	if (!key || !next || !value) {
		ret = rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		goto out;
	}
	if (!json) {
		fputs("map ", out);
		print_text(out, map->name, 0); /* names from the object: escaped */
		if (map->is_data)
			fprintf(out, " (global data, %u B)\n", map->value_size);
		else
			fprintf(out, " (%s, key %u B, value %u B, max_entries %u)\n",
				map_type_name(map->type), map->key_size, map->value_size,
				map->max_entries);
	}
	for (uint64_t n = 0; n < map->max_entries; n++) {
		int more = rb_map_next_key(map, has_key ? key : NULL, next, err);
		if (more <= 0) {
			ret = more;
			break;
		}
		memcpy(key, next, map->key_size);
		has_key = 1;
		more = rb_map_lookup(map, key, value, err);
		if (more < 0) {
			ret = -1;
			break;
		}
		if (more == 0)
			continue; /* deleted between the two calls */
		if (json)
			print_entry_json(out, map, key, value, cpus);
		else if (map->is_data)
			print_variables(out, obj, map, value);
		else
			print_entry_human(out, map, key, value, cpus);
	}
out:
	free(key);
	free(next);
	free(value);
	return ret;
}

int print_maps(FILE *out, struct rb_object *obj, int json, struct rb_error *err)
{
	int cpus = 1;

	for (size_t i = 0; i < obj->map_count; i++)
		if (rb_map_is_per_cpu(&obj->maps[i]) && rb_possible_cpus(&cpus, err))
			return -1;
	for (size_t i = 0; i < obj->map_count; i++) {
		const struct rb_map *map = &obj->maps[i];
		if (map->fd < 0 || !is_dumpable(map))
			continue;
		if (print_map(out, obj, map, json, cpus, err))
			return -1;
	}
	return 0;
}
