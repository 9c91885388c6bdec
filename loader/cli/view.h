/* Output people can read (view.c, hist.c): map entries and events by the
 * object's BTF types, and histograms as bars. `run` and `test-run` print
 * maps through here; `run` events too. */
#ifndef RAWBPF_CLI_VIEW_H
#define RAWBPF_CLI_VIEW_H

#include "cli.h"

#define VIEW_MAX 32 /* --event-type and --hist options, each */

/* A histogram's rows: log2 buckets (bcc's print_log2_hist) or one a slot. */
enum hist_scale { HIST_LOG2, HIST_LINEAR };

struct hist_request { /* --hist MAP[:log2|:linear][:UNIT] */
	char name[64];
	enum hist_scale scale;
	char unit[32];
};

struct view_opts {
	const char *event_type_all;                /* --event-type TYPE */
	const char *event_types[VIEW_MAX];         /* --event-type MAP=TYPE */
	size_t event_type_count;
	struct hist_request hists[VIEW_MAX];
	size_t hist_count;
};

/* run's options --event-type and --hist: 1 when argv[*i] was one (its
 * value consumed), 0 when not, -1 on a bad one (said on stderr). */
int parse_view_option(int argc, char **argv, int *i, struct view_opts *v);
/* After open, before load: every name the options give exists and is of
 * the right kind (RB_ERR_INPUT, exit 2, otherwise). */
int view_check(const struct view_opts *v, struct rb_object *obj, struct rb_error *err);

/* The type an event map's events are printed as. */
struct event_view {
	const struct rb_object *obj;
	uint32_t type_id; /* 0: hex */
	uint64_t size;
	char name[96];    /* "struct event" */
};
void event_view_of(const struct view_opts *v, const struct rb_object *obj,
		   const struct rb_map *map, struct event_view *out);
/* One event; cpu -1 for a ring buffer. */
void print_event_view(FILE *out, const struct event_view *ev, const char *map, int cpu,
		      const void *data, uint32_t size, int json);

/* Text from rb_object_btf_format (printable ASCII): its lines after the
 * first indented by `indent`. */
void print_formatted(FILE *out, const char *text, const char *indent);

/* hist.c: how a map is a histogram, if it is one. */
struct hist_view {
	int on;                /* 0: not a histogram */
	int slots;             /* 1: each value holds one (rb_hist_slots); 0: an array
				  map, entry i counting bucket i */
	struct rb_hist_slots s;
	enum hist_scale scale;
	const char *unit;
	uint64_t *counts;      /* slots == 0: every entry's, summed over CPUs */
	uint32_t count_n;
};
/* Fills *h for `map` (h->on 0 when it is none); -1 out of memory. */
int hist_view_of(const struct view_opts *v, const struct rb_object *obj,
		 const struct rb_map *map, struct hist_view *h, struct rb_error *err);
void hist_view_free(struct hist_view *h);
/* Integer `size` bytes little-endian at p. */
uint64_t hist_read_count(const uint8_t *p, uint32_t size);
/* Print counts[0..n) as bars (people) or a {"type":"hist",...} line; key
 * (NULL: none) with its formatted text. */
void print_hist(FILE *out, const struct rb_map *map, const struct hist_view *h,
		const uint64_t *counts, uint32_t n, const void *key, const char *key_fmt,
		int json);

/* map_print.c: print_maps() with the options of a run. */
int print_maps_view(FILE *out, struct rb_object *obj, int json, const struct view_opts *v,
		    struct rb_error *err);

#endif
