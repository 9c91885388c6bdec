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

#include "stacks.h"
#include "view.h"

#define FMT_SIZE 65536 /* a formatted key or value; longer ones print as hex */

/* How a map's entries are printed: the object's BTF types of its keys
 * and values (0: none, printed as numbers and hex), a buffer to format
 * them in, and whether it is a histogram (hist.c). */
struct entry_view {
	struct rb_object *obj;
	uint32_t key_type, value_type;
	char *fmt;
	struct hist_view hist;
};

/* The entry's key or value formatted in ev->fmt: 0, or -1 (no type, or
 * the type does not fit the bytes). */
static int format(const struct entry_view *ev, uint32_t type, const void *data, size_t size,
		  int style)
{
	return type ? rb_object_btf_format(ev->obj, type, data, size, style, ev->fmt, FMT_SIZE)
		    : -1;
}

/* JSON: ,"NAME_fmt":{...} when the type says */
static void print_fmt_field(FILE *out, const struct entry_view *ev, const char *name,
			    uint32_t type, const void *data, size_t size)
{
	if (format(ev, type, data, size, RB_FORMAT_JSON) == 0)
		fprintf(out, ",\"%s_fmt\":%s", name, ev->fmt);
}

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
			     const struct entry_view *ev, const void *key, const uint8_t *value,
			     int cpus)
{
	fputs("{\"type\":\"map\",\"map\":", out);
	print_json_string(out, via ? via->label : map->name);
	if (via)
		print_slot_fields(out, via);
	fputs(",\"key\":\"", out);
	print_hex(out, key, map->key_size);
	fputc('"', out);
	/* the raw fields first, as they always were; the formatted after */
	if (rb_map_is_per_cpu(map)) {
		size_t stride = rb_map_value_stride(map);
		fputs(",\"values\":[", out);
		for (int c = 0; c < cpus; c++) {
			fputs(c ? ",\"" : "\"", out);
			print_hex(out, value + (size_t)c * stride, map->value_size);
			fputc('"', out);
		}
		fputc(']', out);
		print_fmt_field(out, ev, "key", ev->key_type, key, map->key_size);
		/* each CPU's value formatted, in the same order */
		for (int c = 0; c < cpus && ev->value_type; c++) {
			if (format(ev, ev->value_type, value + (size_t)c * stride, map->value_size,
				   RB_FORMAT_JSON)) {
				fputs(c ? "]" : "", out); /* cannot happen after the first: one type */
				break;
			}
			fprintf(out, "%s%s", c ? "," : ",\"values_fmt\":[", ev->fmt);
			if (c == cpus - 1)
				fputc(']', out);
		}
		fputs("}\n", out);
	} else {
		fputs(",\"value\":\"", out);
		print_hex(out, value, map->value_size);
		fputc('"', out);
		print_fmt_field(out, ev, "key", ev->key_type, key, map->key_size);
		print_fmt_field(out, ev, "value", ev->value_type, value, map->value_size);
		fputs("}\n", out);
	}
}

/* A value for people by its type: on the line when it is short, else in
 * the block style, its lines indented under the entry. 0, or -1 when the
 * type cannot say. */
static int print_value_fmt(FILE *out, const struct entry_view *ev, const char *label,
			   const void *data, size_t size)
{
	if (format(ev, ev->value_type, data, size, RB_FORMAT_LINE))
		return -1;
	if (strlen(ev->fmt) > 64)
		format(ev, ev->value_type, data, size, RB_FORMAT_BLOCK);
	fputs(label, out);
	print_formatted(out, ev->fmt, "  ");
	fputc('\n', out);
	return 0;
}

static void print_entry_human(FILE *out, const struct rb_map *map, const struct entry_view *ev,
			      const void *key, const uint8_t *value, int cpus)
{
	fputs("  key ", out);
	if (format(ev, ev->key_type, key, map->key_size, RB_FORMAT_LINE) == 0)
		fputs(ev->fmt, out); /* printable ASCII, names escaped */
	else
		print_scalar(out, key, map->key_size);
	if (rb_map_is_per_cpu(map) && format(ev, ev->value_type, value, map->value_size,
					     RB_FORMAT_LINE) == 0) {
		size_t stride = rb_map_value_stride(map);
		fputc('\n', out);
		for (int c = 0; c < cpus; c++) {
			char label[24];
			snprintf(label, sizeof(label), "    cpu%d ", c);
			if (print_value_fmt(out, ev, label, value + (size_t)c * stride,
					    map->value_size)) {
				fputs(label, out);
				print_scalar(out, value + (size_t)c * stride, map->value_size);
				fputc('\n', out);
			}
		}
	} else if (!rb_map_is_per_cpu(map) &&
		   print_value_fmt(out, ev, "  value ", value, map->value_size) == 0) {
		return;
	} else if (rb_map_is_per_cpu(map)) {
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
			    const struct rb_map *map, const uint8_t *value, char *fmt)
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
		if (v->btf_type_id &&
		    rb_object_btf_format(obj, v->btf_type_id, value + v->offset, v->size,
					 RB_FORMAT_LINE, fmt, FMT_SIZE) == 0) {
			fputs(fmt, out); /* printable ASCII */
			fputc('\n', out);
		} else if (v->size <= 8 && !(v->size & (v->size - 1))) {
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

static int print_entries(FILE *out, struct rb_object *obj, const struct rb_map *map,
			 int json, int cpus, const struct slot_view *via, const struct view_opts *v,
			 struct rb_error *err);

/* The map in slot `key` of a map of maps: in JSON the outer map's entry
 * (its value is the inner map's id) with where it leads, for people a
 * heading; then the inner map's entries. */
static int print_slot(FILE *out, struct rb_object *obj, const struct rb_map *outer,
		      const uint8_t *key, int json, int cpus, const struct view_opts *v,
		      struct rb_error *err)
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
	ret = print_entries(out, obj, &inner, json, cpus, &via, v, err);
	rb_map_inner_close(&inner);
	free(label);
	return ret;
}

/* A slot array's counts in one entry, the CPUs' summed. */
static void slot_counts(const struct rb_map *map, const struct hist_view *h,
			const uint8_t *value, int cpus, uint64_t *counts)
{
	size_t stride = rb_map_value_stride(map);
	int n = rb_map_is_per_cpu(map) ? cpus : 1;

	for (uint32_t i = 0; i < h->s.count; i++) {
		counts[i] = 0;
		for (int c = 0; c < n; c++)
			counts[i] += hist_read_count(value + (size_t)c * stride + h->s.offset +
						     (size_t)i * h->s.elem_size, h->s.elem_size);
	}
}

/* An entry of a histogram map. Slot arrays: the entry's own histogram (in
 * JSON after the raw entry), headed by its key. An array named by --hist:
 * the entry's count is added to its bucket, printed after the walk. */
static void hist_entry(FILE *out, const struct rb_map *map, struct entry_view *ev,
		       const uint8_t *key, const uint8_t *value, int cpus, uint64_t *counts, int json)
{
	struct hist_view *h = &ev->hist;
	size_t stride = rb_map_value_stride(map);
	uint32_t index;
	char *key_fmt = NULL;

	if (!h->slots) {
		memcpy(&index, key, sizeof(index)); /* an array's key: a u32 index */
		for (int c = 0; c < (rb_map_is_per_cpu(map) ? cpus : 1) && index < h->count_n; c++)
			h->counts[index] += hist_read_count(value + (size_t)c * stride, map->value_size);
		return;
	}
	slot_counts(map, h, value, cpus, counts);
	if (json) {
		if (format(ev, ev->key_type, key, map->key_size, RB_FORMAT_JSON) == 0)
			key_fmt = strdup(ev->fmt);
		print_hist(out, map, h, counts, h->s.count, key, key_fmt, 1);
		free(key_fmt);
		return;
	}
	fputs("  key ", out);
	if (format(ev, ev->key_type, key, map->key_size, RB_FORMAT_LINE) == 0)
		fputs(ev->fmt, out);
	else
		print_scalar(out, key, map->key_size);
	fputc('\n', out);
	print_hist(out, map, h, counts, h->s.count, NULL, NULL, 0);
}

/* What one walk of a map prints with: rb_map_dump() hands each entry to
 * print_one(). */
struct walk {
	FILE *out;
	struct rb_object *obj;
	const struct rb_map *map;
	int json, cpus;
	const struct slot_view *via;
	const struct view_opts *v;
	struct entry_view ev;
	uint64_t *counts;
	struct rb_error *err;  /* where a map of maps' inner map says why it failed */
};

/* 0, or -1 to stop the walk (rb_map_dump()) when an inner map fails. */
static int print_one(void *ctx, const void *key_, const void *value_)
{
	struct walk *w = ctx;
	const uint8_t *key = key_, *value = value_;

	if (rb_map_is_map_of_maps(w->map))
		return print_slot(w->out, w->obj, w->map, key, w->json, w->cpus, w->v, w->err) < 0
			       ? -1 : 0;
	if (w->json) /* the raw entry always: histograms come besides it */
		print_entry_json(w->out, w->map, w->via, &w->ev, key, value, w->cpus);
	if (w->ev.hist.on)
		hist_entry(w->out, w->map, &w->ev, key, value, w->cpus, w->counts, w->json);
	else if (!w->json && w->map->is_data)
		print_variables(w->out, w->obj, w->map, value, w->ev.fmt);
	else if (!w->json)
		print_entry_human(w->out, w->map, &w->ev, key, value, w->cpus);
	return 0;
}

/* Every entry, as the library reads them (rb_map_dump(): batched where the
 * kernel can), printed as they come. */
static int print_entries(FILE *out, struct rb_object *obj, const struct rb_map *map,
			 int json, int cpus, const struct slot_view *via, const struct view_opts *v,
			 struct rb_error *err)
{
	/* an inner map is typed by the object's definition of it, if any */
	const struct rb_map *typed = via ? rb_object_map_by_name(obj, map->name) : map;
	struct walk w = { .out = out, .obj = obj, .map = map, .json = json, .cpus = cpus,
			  .via = via, .v = v, .ev = { .obj = obj, .fmt = malloc(FMT_SIZE) },
			  .err = err };
	int ret = 0;

	if (typed && !rb_map_is_map_of_maps(map)) {
		w.ev.key_type = typed->btf_key_type_id;
		w.ev.value_type = rb_map_btf_value_type(obj, typed);
	}
	if (!w.ev.fmt || (typed && hist_view_of(v, obj, typed, &w.ev.hist, err))) {
		ret = rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		goto out;
	}
	if (w.ev.hist.slots && !(w.counts = calloc(w.ev.hist.s.count, sizeof(*w.counts)))) {
		ret = rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		goto out;
	}
	ret = rb_map_dump(map, print_one, &w, NULL, err);
	if (ret == 0 && w.ev.hist.on && !w.ev.hist.slots)
		print_hist(out, map, &w.ev.hist, w.ev.hist.counts, w.ev.hist.count_n, NULL, NULL,
			   json);
out:
	hist_view_free(&w.ev.hist);
	free(w.counts);
	free(w.ev.fmt);
	return ret;
}

static int print_map(FILE *out, struct rb_object *obj, const struct rb_map *map,
		     int json, int cpus, const struct view_opts *v, struct rb_error *err)
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
	return print_entries(out, obj, map, json, cpus, NULL, v, err);
}

int print_maps(FILE *out, struct rb_object *obj, int json, struct rb_error *err)
{
	return print_maps_view(out, obj, json, NULL, err);
}

int print_maps_view(FILE *out, struct rb_object *obj, int json, const struct view_opts *v,
		    struct rb_error *err)
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
		if (stacks_shown_apart(obj, map)) /* run prints them with their frames */
			continue;
		/* <bpf/usdt.bpf.h>'s maps are rawbpf's own bookkeeping (where each
		 * USDT argument is: attach/usdt.c fills them), not the program's
		 * results; `rawbpf map dump` shows them while a run holds them */
		if (strcmp(map->name, "__bpf_usdt_specs") == 0 ||
		    strcmp(map->name, "__bpf_usdt_ip_to_spec_id") == 0)
			continue;
		if (print_map(out, obj, map, json, cpus, v, err))
			return -1;
	}
	return 0;
}
