/* Printing map contents at the end of `rawbpf run`.
 *
 * Keys are walked with BPF_MAP_GET_NEXT_KEY (NULL first, then each key in
 * turn) and each value fetched with BPF_MAP_LOOKUP_ELEM. Arrays give every
 * index 0..max_entries-1. A hash map that programs are changing while we
 * walk it may skip or repeat keys; the walk stops after max_entries keys so
 * it always ends. A map of maps is printed slot by slot: each slot's inner
 * map, opened by the id the lookup gives, with its own entries. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The inner map in a slot of a map of maps, whose entries are printed
 * under the name OUTER[KEY] (the key as print_scalar() writes it). */
struct slot_view {
	const struct rb_map *outer;
	const void *key;        /* the outer map's key */
	const char *label;      /* "outer[0]" */
	const char *inner_name; /* the object's name for the inner map, or the kernel's */
	uint32_t id;            /* the inner map's id */
};

/* JSON: where an inner map is, as fields after "map". */
static void print_slot_fields(FILE *out, const struct slot_view *via)
{
	fputs(",\"outer\":", out);
	print_json_string(out, via->outer->name);
	fputs(",\"outer_key\":\"", out);
	print_hex(out, via->key, via->outer->key_size);
	fputs("\",\"inner_map\":", out);
	print_json_string(out, via->inner_name);
	fprintf(out, ",\"inner_map_id\":%u", via->id);
}

static void print_entry_json(FILE *out, const struct rb_map *map, const struct slot_view *via,
			     const void *key, const uint8_t *value, int cpus)
{
	fputs("{\"type\":\"map\",\"map\":", out);
	print_json_string(out, via ? via->label : map->name);
	if (via)
		print_slot_fields(out, via);
	fputs(",\"key\":\"", out);
	print_hex(out, key, map->key_size);
	if (rb_map_is_per_cpu(map)) {
		size_t stride = rb_map_value_stride(map);
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
		size_t stride = rb_map_value_stride(map);
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

/* Global data for people: each variable of the section by name, from the
 * object's list of variables (name, offset and size of each). */
static void print_variables(FILE *out, const struct rb_object *obj,
			    const struct rb_map *map, const uint8_t *value)
{
	size_t map_count, count;
	size_t index = (size_t)(map - rb_object_maps(obj, &map_count));
	const struct rb_variable *vars = rb_object_variables(obj, &count);
	int named = 0;

	for (size_t i = 0; i < count; i++) {
		const struct rb_variable *v = &vars[i];
		if (v->map != index || v->size == 0)
			continue;
		named++;
		fputs("  ", out);
		print_text(out, v->name, 0);
		fputs(" = ", out);
		if (v->size <= 8 && !(v->size & (v->size - 1))) {
			print_scalar(out, value + v->offset, v->size);
			fputc('\n', out);
		} else {
			fputc('\n', out);
			print_hexdump(out, value + v->offset, v->size, "    ");
		}
	}
	if (!named) /* e.g. .rodata.str1.1: string literals have no names */
		print_hexdump(out, value, map->value_size, "  ");
}

static void print_shape(FILE *out, const struct rb_map *map)
{
	fprintf(out, "%s, key %u B, value %u B, max_entries %u", rb_map_type_name(map->type),
		map->key_size, map->value_size, map->max_entries);
}

static int print_entries(FILE *out, const struct rb_object *obj, const struct rb_map *map,
			 int json, int cpus, const struct slot_view *via, struct rb_error *err);

/* The map in slot `key` of a map of maps: in JSON the outer map's entry
 * (its value is the inner map's id) with where it leads, for people a
 * heading; then the inner map's entries. */
static int print_slot(FILE *out, const struct rb_object *obj, const struct rb_map *outer,
		      const uint8_t *key, int json, int cpus, struct rb_error *err)
{
	struct rb_map inner;
	struct slot_view via = { .outer = outer, .key = key };
	char *label = NULL;
	size_t len;
	FILE *f;
	int ret = rb_map_inner_open(obj, outer, key, &inner, &via.id, err);

	if (ret <= 0)
		return ret;
	f = open_memstream(&label, &len);
	if (!f) {
		rb_map_inner_close(&inner);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	fputs(outer->name, f);
	fputc('[', f);
	print_scalar(f, key, outer->key_size);
	fputc(']', f);
	fclose(f);
	via.label = label;
	via.inner_name = inner.name;
	if (json) {
		fputs("{\"type\":\"map\",\"map\":", out);
		print_json_string(out, outer->name);
		fputs(",\"key\":\"", out);
		print_hex(out, key, outer->key_size);
		fputs("\",\"value\":\"", out);
		print_hex(out, &via.id, sizeof(via.id));
		fputs("\",\"inner_map\":", out);
		print_json_string(out, inner.name);
		fprintf(out, ",\"inner_map_id\":%u}\n", via.id);
	} else {
		fputs("map ", out);
		print_text(out, label, 0);
		fputs(" -> ", out);
		print_text(out, inner.name, 0);
		fprintf(out, " (id %u; ", via.id);
		print_shape(out, &inner);
		fputs(")\n", out);
	}
	ret = print_entries(out, obj, &inner, json, cpus, &via, err);
	rb_map_inner_close(&inner);
	free(label);
	return ret;
}

static int print_entries(FILE *out, const struct rb_object *obj, const struct rb_map *map,
			 int json, int cpus, const struct slot_view *via, struct rb_error *err)
{
	uint8_t *key = calloc(1, map->key_size + 1);
	uint8_t *next = calloc(1, map->key_size + 1);
	uint8_t *value = calloc(1, rb_map_value_buffer_size(map, cpus) + 1);
	int ret = 0, has_key = 0;

	if (!key || !next || !value) {
		ret = rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		goto out;
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
		if (rb_map_is_map_of_maps(map)) {
			if (print_slot(out, obj, map, key, json, cpus, err) < 0) {
				ret = -1;
				break;
			}
		} else if (json)
			print_entry_json(out, map, via, key, value, cpus);
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

static int print_map(FILE *out, const struct rb_object *obj, const struct rb_map *map,
		     int json, int cpus, struct rb_error *err)
{
	if (!json) {
		fputs("map ", out);
		print_text(out, map->name, 0); /* names from the object: escaped */
		if (map->is_data) {
			fprintf(out, " (global data, %u B)\n", map->value_size);
		} else {
			fputs(" (", out);
			print_shape(out, map);
			fputs(")\n", out);
		}
	}
	return print_entries(out, obj, map, json, cpus, NULL, err);
}

int print_maps(FILE *out, struct rb_object *obj, int json, struct rb_error *err)
{
	int cpus = 1;

	size_t count;
	const struct rb_map *maps = rb_object_maps(obj, &count);

	/* an inner map may be per-CPU too */
	for (size_t i = 0; i < count; i++)
		if ((rb_map_is_per_cpu(&maps[i]) || rb_map_is_map_of_maps(&maps[i])) &&
		    rb_possible_cpus(&cpus, err))
			return -1;
	for (size_t i = 0; i < count; i++) {
		const struct rb_map *map = &maps[i];
		if (map->fd < 0 || !(rb_map_is_dumpable(map) || rb_map_is_map_of_maps(map)))
			continue;
		if (print_map(out, obj, map, json, cpus, err))
			return -1;
	}
	return 0;
}
