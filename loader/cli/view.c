/* Events and values by the object's BTF (view.h): run's --event-type and
 * --hist options, and an event printed as its type.
 *
 * An event map's events are printed as the type --event-type MAP=TYPE
 * names for that map, else the type --event-type TYPE names for every
 * event map, else the type the map declares (__type(value, struct event)
 * on a ring buffer or perf event array, rb_map.event_type_id), else as
 * hex. libbpf-tools' event maps declare none: their ring buffers have
 * only a type and max_entries in BTF, their perf event arrays 4-byte
 * keys and values (the perf event fds), so they need --event-type. */
#include <stdlib.h>
#include <string.h>

#include "view.h"

static int bad(const char *opt, const char *what)
{
	fprintf(stderr, "rawbpf run: %s takes %s\n", opt, what);
	return -1;
}

/* MAP[:log2|:linear][:UNIT] */
static int parse_hist(const char *arg, struct hist_request *h)
{
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

	*h = (struct hist_request){ .scale = HIST_LOG2 };
	strcpy(h->unit, "value");
	if (len == 0 || len >= sizeof(h->name))
		return -1;
	memcpy(h->name, arg, len);
	while (colon) {
		const char *part = colon + 1;
		colon = strchr(part, ':');
		len = colon ? (size_t)(colon - part) : strlen(part);
		if (len == 4 && strncmp(part, "log2", 4) == 0)
			h->scale = HIST_LOG2;
		else if (len == 6 && strncmp(part, "linear", 6) == 0)
			h->scale = HIST_LINEAR;
		else if (len > 0 && len < sizeof(h->unit) && !colon) {
			memcpy(h->unit, part, len);
			h->unit[len] = '\0';
		} else
			return -1;
	}
	return 0;
}

int parse_view_option(int argc, char **argv, int *i, struct view_opts *v)
{
	const char *opt = argv[*i], *val = *i + 1 < argc ? argv[*i + 1] : NULL;

	if (strcmp(opt, "--event-type") == 0) {
		if (!val || !*val)
			return bad(opt, "a type of the object ('struct event') or MAP=TYPE");
		if (!strchr(val, '='))
			v->event_type_all = val;
		else if (v->event_type_count == VIEW_MAX)
			return bad(opt, "MAP=TYPE at most 32 times");
		else
			v->event_types[v->event_type_count++] = val;
	} else if (strcmp(opt, "--hist") == 0) {
		if (!val || v->hist_count == VIEW_MAX ||
		    parse_hist(val, &v->hists[v->hist_count]))
			return bad(opt, "MAP, MAP:linear or MAP:log2, then optionally :UNIT "
				   "(at most 32 maps)");
		v->hist_count++;
	} else {
		return 0;
	}
	++*i;
	return 1;
}

/* "MAP=TYPE" -> the TYPE part when it is map's, else NULL */
static const char *type_for(const char *spec, const char *map)
{
	size_t len = strcspn(spec, "=");

	return strlen(map) == len && strncmp(spec, map, len) == 0 ? spec + len + 1 : NULL;
}

static int check_type(const struct rb_object *obj, const char *type, struct rb_error *err)
{
	uint32_t id;
	uint64_t size;

	if (rb_object_btf_find_type(obj, type, &id) == 0 &&
	    rb_object_btf_type_size(obj, id, &size) == 0 && size > 0)
		return 0;
	/* the type-name call fails only without BTF */
	return rb_fail(err, RB_ERR_INPUT, "--event-type '%s': %s (write it as C "
		       "does, 'struct event'; clang puts in BTF the types of functions, globals "
		       "and maps, not of local variables: declare `const struct event "
		       "*unused_event __attribute__((unused));` to have it there)", type,
		       rb_object_btf_type_name(obj, 0, (char[8]){ 0 }, 8)
			       ? "the object has no BTF to find it in (compile with clang -g)"
			       : "the object's BTF has no type of that name with a size");
}

static int is_event_map(const struct rb_map *m)
{
	return rb_map_is_ringbuf(m) || rb_map_is_perf_event_array(m);
}

/* A --hist map: an array of counts, or values with a slot array. */
static int check_hist(struct rb_object *obj, const struct hist_request *h, struct rb_error *err)
{
	struct rb_map *m = rb_object_map_by_name(obj, h->name);
	struct rb_hist_slots s;
	const char *type = m ? rb_map_type_name(m->type) : "";
	uint32_t vt = m ? rb_map_btf_value_type(obj, m) : 0;

	if (!m)
		return rb_fail(err, RB_ERR_INPUT, "--hist %s: the object has no map of that name "
			       "(rawbpf inspect lists them)", h->name);
	if (rb_object_btf_hist_slots(obj, vt, &s))
		return 0;
	if ((strcmp(type, "array") == 0 || strcmp(type, "percpu_array") == 0) && !m->is_data &&
	    (vt ? rb_object_btf_is_count(obj, vt)
		: m->value_size == 1 || m->value_size == 2 || m->value_size == 4 ||
			  m->value_size == 8))
		return 0;
	return rb_fail(err, RB_ERR_INPUT, "--hist %s: not a histogram: --hist takes an array map "
		       "of integer counts (entry i counts bucket i), or a map whose value is a "
		       "struct with a member `slots`, an array of integers; %s is %s%s, value %u B",
		       h->name, h->name, m->is_data ? "global data, " : "", type, m->value_size);
}

int view_check(const struct view_opts *v, struct rb_object *obj, struct rb_error *err)
{
	size_t count;
	const struct rb_map *maps = rb_object_maps(obj, &count);

	if (v->event_type_all && check_type(obj, v->event_type_all, err))
		return -1;
	for (size_t i = 0; i < v->event_type_count; i++) {
		const char *spec = v->event_types[i], *type = NULL;
		size_t k;
		for (k = 0; k < count && !type; k++)
			if (is_event_map(&maps[k]))
				type = type_for(spec, maps[k].name);
		if (!type)
			return rb_fail(err, RB_ERR_INPUT, "--event-type %s: the object has no ring "
				       "buffer or perf event array of that name", spec);
		if (check_type(obj, type, err))
			return -1;
	}
	for (size_t i = 0; i < v->hist_count; i++)
		if (check_hist(obj, &v->hists[i], err))
			return -1;
	return 0;
}

void event_view_of(const struct view_opts *v, const struct rb_object *obj,
		   const struct rb_map *map, struct event_view *out)
{
	const char *type = v ? v->event_type_all : NULL;

	*out = (struct event_view){ .obj = obj };
	for (size_t i = 0; v && i < v->event_type_count; i++)
		if (type_for(v->event_types[i], map->name))
			type = type_for(v->event_types[i], map->name);
	if (type ? rb_object_btf_find_type(obj, type, &out->type_id) != 0
		 : (out->type_id = rb_map_btf_value_type(obj, map)) == 0)
		return;
	if (rb_object_btf_type_size(obj, out->type_id, &out->size) || out->size == 0 ||
	    rb_object_btf_type_name(obj, out->type_id, out->name, sizeof(out->name)))
		out->type_id = 0;
}

void print_formatted(FILE *out, const char *text, const char *indent)
{
	for (; *text; text++) {
		fputc(*text, out);
		if (*text == '\n')
			fputs(indent, out);
	}
}

/* The event's first ev->size bytes as its type; NULL when it cannot be:
 * no type, or an event shorter than it (never read past the event). */
static char *format_event(const struct event_view *ev, const void *data, uint32_t size,
			  int style)
{
	char *buf;

	if (!ev->type_id || size < ev->size || !(buf = malloc(65536)))
		return NULL;
	if (rb_object_btf_format(ev->obj, ev->type_id, data, (size_t)ev->size, style, buf,
				 65536) == 0)
		return buf;
	free(buf);
	return NULL;
}

/* Bytes after the type: a perf sample's are padding up to 8-byte
 * alignment (perf_buffer.c), which the kernel does not clear, and are
 * not shown; anything more is. */
static uint32_t extra_bytes(const struct event_view *ev, int cpu, uint32_t size)
{
	uint32_t extra = (uint32_t)(size - ev->size);

	return cpu >= 0 && extra < 8 ? 0 : extra;
}

void print_event_view(FILE *out, const struct event_view *ev, const char *map, int cpu,
		      const void *data, uint32_t size, int json)
{
	char *fmt = format_event(ev, data, size, json ? RB_FORMAT_JSON : RB_FORMAT_BLOCK);

	if (json) {
		fputs("{\"type\":\"event\",\"map\":", out);
		print_json_string(out, map);
		if (cpu >= 0)
			fprintf(out, ",\"cpu\":%d", cpu);
		fputs(",\"data\":\"", out);
		print_hex(out, data, size);
		fputc('"', out);
		if (fmt)
			fprintf(out, ",\"data_fmt\":%s", fmt);
		else if (ev->type_id) {
			char note[160];
			snprintf(note, sizeof(note), "%u bytes: shorter than %s (%llu bytes)", size,
				 ev->name, (unsigned long long)ev->size);
			fputs(",\"note\":", out);
			print_json_string(out, note);
		}
		fputs("}\n", out);
		free(fmt);
		return;
	}
	fputs("event ", out);
	print_text(out, map, 0); /* a name from the object: escaped */
	if (cpu >= 0)
		fprintf(out, " cpu %d", cpu);
	fprintf(out, ", %u bytes", size);
	if (!fmt) {
		if (ev->type_id) {
			fputs(": shorter than ", out);
			print_text(out, ev->name, 0);
			fprintf(out, " (%llu bytes), so as hex", (unsigned long long)ev->size);
		}
		fputc('\n', out);
		print_hexdump(out, data, size, "  ");
		return;
	}
	fputs("\n  ", out);
	print_text(out, ev->name, 0);
	fputc(' ', out);
	print_formatted(out, fmt, "  ");
	fputc('\n', out);
	free(fmt);
	if (extra_bytes(ev, cpu, size)) {
		fprintf(out, "  and %u bytes after it:\n", extra_bytes(ev, cpu, size));
		print_hexdump(out, (const uint8_t *)data + ev->size, extra_bytes(ev, cpu, size), "  ");
	}
}
