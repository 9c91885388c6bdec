/* What is at a place of the object: the function holding an instruction,
 * the map defined at a byte of a section.
 *
 * Every relocation, call and CO-RE record names an instruction of a
 * section, and the loader needs the function (program or subprogram) it
 * falls in; a relocation against a map names the section and offset of its
 * definition. A scan of every function, or every map, per question costs
 * N x N for an object of N programs and N maps (a million checks each at
 * N = 1000: make bench, section 7). Sorted by place, each answers by a
 * binary search.
 *
 * Functions: sorted by (section, first instruction), the last one starting
 * at or before an instruction holds it, or none does. That needs functions
 * not to overlap; clang's never do, and a hand-made object whose function
 * symbols overlap is refused here, naming both: an instruction in two
 * functions would be relocated for one of them only. Two symbols for the
 * same bytes (an alias) are one function twice: the program comes first,
 * as the order of the arrays says.
 *
 * Maps: sorted by (section, offset), then by index, so that of maps at one
 * place the first in the object's array is found, as a scan would. */
#include <stdlib.h>

#include "open.h"

static int by_start(const void *a, const void *b)
{
	const struct rb_function_start *x = a, *y = b;

	if (x->fn->section != y->fn->section)
		return x->fn->section < y->fn->section ? -1 : 1;
	if (x->fn->first_insn != y->fn->first_insn)
		return x->fn->first_insn < y->fn->first_insn ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order); /* programs first */
}

static int same_bytes(const struct rb_function *a, const struct rb_function *b)
{
	return a->first_insn == b->first_insn && a->insn_count == b->insn_count;
}

/* ---- functions ---- */

int rb_index_functions(struct rb_object *obj, struct rb_error *err)
{
	size_t n = 0;

	free(obj->functions_by_start);
	obj->functions_by_start = NULL;
	obj->function_index_count = 0;
	if (obj->program_count + obj->subprog_count == 0)
		return 0;
	obj->functions_by_start = malloc((obj->program_count + obj->subprog_count) *
					 sizeof(*obj->functions_by_start));
	if (!obj->functions_by_start)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 0; i < obj->program_count; i++, n++)
		obj->functions_by_start[n] = (struct rb_function_start){ &obj->programs[i].fn, n };
	for (size_t i = 0; i < obj->subprog_count; i++, n++)
		obj->functions_by_start[n] = (struct rb_function_start){ &obj->subprogs[i], n };
	qsort(obj->functions_by_start, n, sizeof(*obj->functions_by_start), by_start);
	for (size_t i = 1; i < n; i++) {
		const struct rb_function *a = obj->functions_by_start[i - 1].fn;
		const struct rb_function *b = obj->functions_by_start[i].fn;
		if (a->section == b->section && a->first_insn + a->insn_count > b->first_insn &&
		    !same_bytes(a, b))
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: section %s: functions %s (instructions %zu-%zu) and %s "
				       "(%zu-%zu) overlap: their symbols' values and sizes disagree",
				       obj->path, a->section_name, a->name, a->first_insn,
				       a->first_insn + a->insn_count - 1, b->name, b->first_insn,
				       b->first_insn + b->insn_count - 1);
	}
	obj->function_index_count = n;
	return 0;
}

struct rb_function *rb_function_at(const struct rb_object *obj, uint32_t section, size_t insn)
{
	size_t lo = 0, hi = obj->function_index_count;
	struct rb_function *fn;

	/* the first function starting after (section, insn)... */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct rb_function *m = obj->functions_by_start[mid].fn;
		if (m->section < section || (m->section == section && m->first_insn <= insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	/* ...so the one before it, if any holds it; of an alias the first */
	fn = obj->functions_by_start[lo - 1].fn;
	while (lo > 1 && obj->functions_by_start[lo - 2].fn->section == fn->section &&
	       same_bytes(obj->functions_by_start[lo - 2].fn, fn))
		fn = obj->functions_by_start[--lo - 1].fn;
	if (fn->section != section || insn >= fn->first_insn + fn->insn_count)
		return NULL;
	return fn;
}

/* ---- maps ---- */

static int by_place(const void *a, const void *b)
{
	const struct rb_map_place *x = a, *y = b;

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return (x->map > y->map) - (x->map < y->map);
}

int rb_index_maps(struct rb_object *obj, struct rb_error *err)
{
	free(obj->maps_by_place);
	obj->maps_by_place = NULL;
	if (obj->map_count == 0)
		return 0;
	obj->maps_by_place = malloc(obj->map_count * sizeof(*obj->maps_by_place));
	if (!obj->maps_by_place)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps_by_place[i] = (struct rb_map_place){ obj->maps[i].section,
							       obj->maps[i].offset, i };
	qsort(obj->maps_by_place, obj->map_count, sizeof(*obj->maps_by_place), by_place);
	return 0;
}

/* The first position in maps_by_place not below (section, offset). */
static size_t first_place(const struct rb_object *obj, uint32_t section, uint64_t offset)
{
	size_t lo = 0, hi = obj->maps_by_place ? obj->map_count : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct rb_map_place *m = &obj->maps_by_place[mid];
		if (m->section < section || (m->section == section && m->offset < offset))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long rb_map_at(const struct rb_object *obj, uint32_t section, uint64_t offset)
{
	size_t i = first_place(obj, section, offset);

	if (i < (obj->maps_by_place ? obj->map_count : 0) &&
	    obj->maps_by_place[i].section == section && obj->maps_by_place[i].offset == offset)
		return (long)obj->maps_by_place[i].map;
	return -1;
}

long rb_map_in_section(const struct rb_object *obj, uint32_t section, int data_only)
{
	size_t i = first_place(obj, section, 0);
	size_t n = obj->maps_by_place ? obj->map_count : 0;

	if (!data_only)
		return i < n && obj->maps_by_place[i].section == section ?
		       (long)obj->maps_by_place[i].map : -1;
	/* A global-data map is its whole section, from offset 0 (data_maps.c):
	 * only the maps at offset 0 need a look, not every map of .maps. */
	for (; i < n && obj->maps_by_place[i].section == section &&
	       obj->maps_by_place[i].offset == 0; i++)
		if (obj->maps[obj->maps_by_place[i].map].is_data)
			return (long)obj->maps_by_place[i].map;
	return -1;
}
