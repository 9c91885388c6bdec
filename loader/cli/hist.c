/* Histograms as bars (view.h), as bcc and libbpf-tools print them
 * (libbpf-tools/trace_helpers.c: print_log2_hist, print_linear_hist):
 *
 *      value               : count    distribution
 *          0 -> 1          : 1        |**********                              |
 *          2 -> 3          : 2        |********************                    |
 *
 * Log2 bucket i counts the values v with 2^i <= v < 2^(i+1), bucket 0
 * also 0 (libbpf-tools' log2l(), bits.bpf.h); a linear bucket i counts
 * the value i. The empty buckets after the last count are not printed
 * (bcc's rule), so a 64-slot map with values below 100 is 7 rows. A map
 * is a histogram when its values are (rb_object_btf_hist_slots(): a
 * struct with a `slots` array, one histogram per key), or when --hist
 * names it (an array map: entry i counts bucket i). Per-CPU maps: the
 * CPUs' counts summed. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

#define STARS 40

uint64_t hist_read_count(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;

	memcpy(&v, p, size < 8 ? size : 8); /* little-endian, as the maps hold them */
	return v;
}

int hist_view_of(const struct view_opts *v, const struct rb_object *obj,
		 const struct rb_map *map, struct hist_view *h, struct rb_error *err)
{
	const struct hist_request *req = NULL;
	uint32_t vt = rb_map_btf_value_type(obj, map);

	*h = (struct hist_view){ .scale = HIST_LOG2, .unit = "value" };
	for (size_t i = 0; v && i < v->hist_count; i++)
		if (strcmp(v->hists[i].name, map->name) == 0)
			req = &v->hists[i];
	if (req) {
		h->scale = req->scale;
		h->unit = req->unit;
	}
	if (!map->is_data && rb_object_btf_hist_slots(obj, vt, &h->s)) {
		h->on = h->slots = 1;
		return 0;
	}
	if (!req) /* view_check() made sure a --hist map is one of the two */
		return 0;
	h->on = 1;
	h->count_n = map->max_entries;
	h->counts = calloc(map->max_entries ? map->max_entries : 1, sizeof(*h->counts));
	if (!h->counts)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	return 0;
}

void hist_view_free(struct hist_view *h)
{
	free(h->counts);
	h->counts = NULL;
}

static void print_stars(FILE *out, uint64_t val, uint64_t max, int width)
{
	int stars = max ? (int)((val < max ? val : max) * (uint64_t)width / max) : 0;

	for (int i = 0; i < width; i++)
		fputc(i < stars ? '*' : ' ', out);
}

/* Bucket i's range: log2 [2^i, 2^(i+1)) written as bcc does, "low -> high"
 * with high inclusive, and 0 in the first; linear just i. */
static void bucket_range(enum hist_scale scale, uint32_t i, uint64_t *low, uint64_t *high)
{
	if (scale == HIST_LINEAR) {
		*low = *high = i;
		return;
	}
	*low = i ? UINT64_C(1) << i : 0;
	*high = i >= 63 ? UINT64_MAX : (UINT64_C(1) << (i + 1)) - 1;
}

void print_hist(FILE *out, const struct rb_map *map, const struct hist_view *h,
		const uint64_t *counts, uint32_t n, const void *key, const char *key_fmt,
		int json)
{
	uint64_t max = 0, low, high;
	int last = -1, wide;

	for (uint32_t i = 0; i < n; i++) {
		if (counts[i])
			last = (int)i;
		if (counts[i] > max)
			max = counts[i];
	}
	if (json) {
		fputs("{\"type\":\"hist\",\"map\":", out);
		print_json_string(out, map->name);
		fprintf(out, ",\"scale\":\"%s\"", h->scale == HIST_LINEAR ? "linear" : "log2");
		fputs(",\"unit\":", out);
		print_json_string(out, h->unit);
		if (key) {
			fputs(",\"key\":\"", out);
			print_hex(out, key, map->key_size);
			fputc('"', out);
			if (key_fmt)
				fprintf(out, ",\"key_fmt\":%s", key_fmt);
		}
		fputs(",\"buckets\":[", out);
		for (int i = 0; i <= last; i++) {
			bucket_range(h->scale, (uint32_t)i, &low, &high);
			fprintf(out, "%s{\"low\":%" PRIu64 ",\"high\":%" PRIu64 ",\"count\":%" PRIu64 "}",
				i ? "," : "", low, high, counts[i]);
		}
		fputs("]}\n", out);
		return;
	}
	if (last < 0) {
		fputs("  (no counts)\n", out);
		return;
	}
	if (h->scale == HIST_LINEAR) { /* print_linear_hist */
		fputs("     ", out);
		print_text(out, h->unit, 13);
		fputs(" : count     distribution\n", out);
		for (int i = 0; i <= last; i++) {
			fprintf(out, "        %-10d : %-8" PRIu64 " |", i, counts[i]);
			print_stars(out, counts[i], max, STARS);
			fputs("|\n", out);
		}
		return;
	}
	/* print_log2_hist: wider columns, shorter bars past 2^32 */
	wide = last > 32;
	fprintf(out, "%*s", wide ? 15 : 5, "");
	print_text(out, h->unit, wide ? 29 : 19);
	fputs(" : count    distribution\n", out);
	for (int i = 0; i <= last; i++) {
		bucket_range(HIST_LOG2, (uint32_t)i, &low, &high);
		fprintf(out, "%*" PRIu64 " -> %-*" PRIu64 " : %-8" PRIu64 " |", wide ? 20 : 10, low,
			wide ? 20 : 10, high, counts[i]);
		print_stars(out, counts[i], max, wide ? STARS / 2 : STARS);
		fputs("|\n", out);
	}
}
