/* Stacks in run's output (stacks.c): maps that count by stack, printed
 * with their frames named, or in the folded format (--folded). */
#ifndef RAWBPF_CLI_STACKS_H
#define RAWBPF_CLI_STACKS_H

#include "cli.h"

struct stacks;

/* For a loaded object: *out NULL when it has no STACK_TRACE map. */
int stacks_open(struct stacks **out, struct rb_object *obj, struct rb_error *err);
/* 1 when some map of the object counts by stack (--folded has something to print). */
int stacks_have_counts(const struct stacks *st);
/* Take a snapshot of the mappings of every process the counts name so
 * far, while they live (run calls it on a timer). NULL is fine. */
void stacks_note_pids(struct stacks *st);
/* The counts with their frames (people: one block an entry, the largest
 * count first; JSON: a {"type":"stack",...} line each), or with `folded`
 * the folded lines alone. NULL prints nothing. */
int print_stacks(FILE *out, struct stacks *st, int json, int folded, struct rb_error *err);
/* Does print_stacks() print this map (so print_maps() leaves it)? The
 * STACK_TRACE map and the maps that count by it. */
int stacks_shown_apart(const struct rb_object *obj, const struct rb_map *map);
void stacks_close(struct stacks *st); /* NULL is fine */

#endif
