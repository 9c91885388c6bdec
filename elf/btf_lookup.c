/* Which type has this name: an index built by the second lookup.
 *
 * Types have no order by name, so without an index each lookup reads every
 * record: the kernel's BTF holds 120,000 of them, and CO-RE (and BTF
 * tracing) look names up there, one per relocation or program. The index
 * is a hash table of the named types, with open addressing and linear
 * probing:
 *   - a slot holds a type id (0: empty, as void has no name) and the hash
 *     of its name, so that a probe compares numbers and reads a name only
 *     when the hashes agree;
 *   - it has a power-of-two number of slots, at least twice the named
 *     types, so probe sequences stay short (a table at most half full);
 *   - types are inserted in id order, and a type goes into the first free
 *     slot of its probe sequence: types of the same name share a sequence,
 *     so along it they come in id order, and the first match is the
 *     lowest id, as a linear scan would find.
 * The hash is FNV-1a (32 bits): a few instructions per byte, and good
 * enough spread for identifiers.
 * Why the second lookup: on the kernel's BTF a build costs about as much as
 * 30 linear scans (make bench: ~3.6 ms against ~110 us a scan), and a
 * run with one tp_btf program looks up one name. The first lookup scans;
 * the second, a sign that more will follow (CO-RE), builds the index. */
#include "btf_lookup.h"

#include <stdlib.h>
#include <string.h>

struct btf_name_slot {
	uint32_t hash;
	uint32_t id; /* 0: empty */
};

struct btf_name_index {
	int state;                   /* EMPTY, SCANNED, BUILT or FAILED */
	struct btf_name_slot *slots; /* mask + 1 of them; NULL when no type is named */
	uint32_t mask;
};

enum { EMPTY, SCANNED, BUILT, FAILED };

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s) {
		h ^= (uint8_t)*s++;
		h *= 16777619u;
	}
	return h;
}

int btf_names_new(struct btf *btf)
{
	btf->names = calloc(1, sizeof(*btf->names));
	return btf->names ? 0 : -1;
}

void btf_names_free(struct btf *btf)
{
	if (btf->names)
		free(btf->names->slots);
	free(btf->names);
	btf->names = NULL;
}

static void build(const struct btf *btf, struct btf_name_index *ix)
{
	uint32_t named = 0, cap = 2;

	for (uint32_t id = 1; id < btf->count; id++)
		named += btf_type_by_id(btf, id)->name_off != 0;
	ix->state = BUILT;
	if (named == 0)
		return;
	while (cap < 2 * (uint64_t)named)
		cap *= 2; /* named < 2^30: a record takes 12 bytes of a u32-sized blob */
	ix->slots = calloc(cap, sizeof(*ix->slots));
	if (!ix->slots) {
		ix->state = FAILED;
		return;
	}
	ix->mask = cap - 1;
	for (uint32_t id = 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		uint32_t h, i;

		if (!t->name_off)
			continue;
		h = fnv1a(btf_name(btf, t->name_off));
		for (i = h & ix->mask; ix->slots[i].id; i = (i + 1) & ix->mask)
			;
		ix->slots[i] = (struct btf_name_slot){ h, id };
	}
}

/* Without an index (out of memory, or a btf built by hand without
 * btf_parse): read every record. */
static int scan(const struct btf *btf, const char *name, int kind, uint32_t after)
{
	for (uint32_t id = after + 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		if ((int)btf_kind(t) == kind && t->name_off &&
		    strcmp(btf_name(btf, t->name_off), name) == 0)
			return (int)id;
	}
	return -1;
}

int btf_find_next_by_name_kind(const struct btf *btf, const char *name, int kind,
			       uint32_t after)
{
	struct btf_name_index *ix = btf->names;
	uint32_t h;

	if (!name[0])
		return -1; /* anonymous types have no name to be found by */
	if (ix && ix->state == EMPTY) {
		ix->state = SCANNED; /* the struct btf is const, its index not */
		return scan(btf, name, kind, after);
	}
	if (ix && ix->state == SCANNED)
		build(btf, ix);
	if (!ix || ix->state == FAILED)
		return scan(btf, name, kind, after);
	if (!ix->slots)
		return -1;
	h = fnv1a(name);
	for (uint32_t i = h & ix->mask; ix->slots[i].id; i = (i + 1) & ix->mask) {
		const struct btf_name_slot *s = &ix->slots[i];
		const struct btf_type *t;

		if (s->hash != h || s->id <= after)
			continue;
		t = btf_type_by_id(btf, s->id);
		if ((int)btf_kind(t) == kind && strcmp(btf_name(btf, t->name_off), name) == 0)
			return (int)s->id;
	}
	return -1;
}

int btf_find_by_name_kind(const struct btf *btf, const char *name, int kind)
{
	return btf_find_next_by_name_kind(btf, name, kind, 0);
}
