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
 *   - it has a power-of-two number of slots, at least twice the types
 *     (named or not), so probe sequences stay short (a table at most half
 *     full);
 *   - types are inserted in id order, and a type goes into the first free
 *     slot of its probe sequence: types of the same name share a sequence,
 *     so along it they come in id order, and the first match is the
 *     lowest id, as a linear scan would find.
 * The hash reads a name 8 bytes at a time (name_hash()), in place in the
 * string section: byte at a time (FNV-1a) it cost half the build.
 * Why the second lookup: on the kernel's BTF (127,000 types, 71,000 named)
 * a build costs about as much as 6 linear scans (make bench: ~2.3 ms
 * against ~400 us a scan; parsing that BTF takes ~2.8 ms), and a run with
 * one tp_btf program looks up one name. The first lookup scans; the
 * second, a sign that more will follow (CO-RE), builds the index. What is
 * left of the build is mostly cache misses: reading the names (2 MiB of
 * strings) and writing the slots (a 2 MiB table); prefetching the slots a
 * few names ahead gained under 2%, so the loop stays plain. */
#include "btf_lookup.h"

#include <stdlib.h>
#include <string.h>

struct btf_name_slot {
	uint32_t hash;
	uint32_t id; /* 0: empty */
};

struct btf_name_index {
	int state;                   /* EMPTY, SCANNED, BUILT or FAILED */
	struct btf_name_slot *slots; /* mask + 1 of them; NULL when there are no types */
	uint32_t mask;
	/* btf_underscored_names(): found on first use; NULL until then */
	const char **underscored;
	size_t underscored_count;
	int underscored_found;
};

enum { EMPTY, SCANNED, BUILT, FAILED };

/* The 8 bytes at s as a number, byte k in bits 8k to 8k + 7, the bytes
 * past avail (< 8) read as 0. */
static uint64_t load_le64(const char *s, size_t avail)
{
	uint64_t w = 0;

	if (avail < 8) { /* the end of a name looked up, or of the section */
		for (size_t k = 0; k < avail; k++)
			w |= (uint64_t)(uint8_t)s[k] << 8 * k;
		return w;
	}
	memcpy(&w, s, 8); /* one load, in the host's byte order */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* The hash of the string at s, of which avail bytes (at least its NUL)
 * may be read: the string with its NUL, zero-padded to whole 8-byte words,
 * folded one word at a time (xor, then multiply by an odd 64-bit constant:
 * 4 cycles a word where FNV-1a takes 4 a byte), then mixed by MurmurHash3's
 * finalizer, as a multiply carries only upwards and the table uses the low
 * bits. A string section's strings are hashed in place, reading whole words
 * up to the end of the section; a name looked up, up to its NUL. */
static uint32_t name_hash(const char *s, size_t avail)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	const uint64_t k = 0x9e3779b97f4a7c15ull; /* 2^64 / golden ratio, odd */
	uint64_t h = 0;

	for (;; s += 8, avail -= 8) {
		uint64_t w = load_le64(s, avail);
		/* 0x80 in the first zero byte, perhaps in some after it (Hacker's
		 * Delight, 6-1): the NUL, or the padding past avail */
		uint64_t zero = (w - ones) & ~w & highs;

		if (zero) {
			h = (h ^ (w & ((zero & -zero) - 1))) * k; /* bytes up to the NUL */
			break;
		}
		h = (h ^ w) * k;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (uint32_t)h;
}

/* The string at name_off, as btf_name() finds it, and how many bytes of
 * its string section start there (every section ends with a NUL: btf.c's
 * check_strings()). */
static const char *string_at(const struct btf *btf, uint32_t name_off, size_t *avail)
{
	while (name_off < btf->str_base) /* split BTF: a base's string */
		btf = btf->base;
	name_off -= btf->str_base;
	if (name_off >= btf->hdr.str_len) {
		*avail = 1;
		return "";
	}
	*avail = btf->hdr.str_len - name_off;
	return btf->strings + name_off;
}

int btf_names_new(struct btf *btf)
{
	btf->names = calloc(1, sizeof(*btf->names));
	return btf->names ? 0 : -1;
}

void btf_names_free(struct btf *btf)
{
	if (btf->names) {
		free(btf->names->slots);
		free(btf->names->underscored);
	}
	free(btf->names);
	btf->names = NULL;
}

/* One pass over the types. The table is sized from the number of types,
 * named or not, rather than by counting the named ones first: on the
 * kernel's BTF both give the same size (71,000 named of 127,000 types);
 * a BTF of mostly anonymous types gets a bigger table than it needs, at
 * most 4 slots (32 bytes) a type. */
static void build(const struct btf *btf, struct btf_name_index *ix)
{
	uint32_t types = btf->count - btf->first_id, cap = 2;

	ix->state = BUILT;
	if (types == 0)
		return;
	while (cap < 2 * (uint64_t)types)
		cap *= 2; /* types < 2^30: a record takes 12 bytes of a u32-sized blob */
	ix->slots = calloc(cap, sizeof(*ix->slots));
	if (!ix->slots) {
		ix->state = FAILED;
		return;
	}
	ix->mask = cap - 1;
	for (uint32_t id = btf->first_id; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		const char *name;
		size_t avail;
		uint32_t h, i;

		if (!t->name_off)
			continue;
		name = string_at(btf, t->name_off, &avail);
		h = name_hash(name, avail);
		for (i = h & ix->mask; ix->slots[i].id; i = (i + 1) & ix->mask)
			;
		ix->slots[i] = (struct btf_name_slot){ h, id };
	}
}

/* Without an index (out of memory, or a btf built by hand without
 * btf_parse): read every record. */
static int scan(const struct btf *btf, const char *name, int kind, uint32_t after)
{
	uint32_t from = after + 1 > btf->first_id ? after + 1 : btf->first_id;

	for (uint32_t id = from; id < btf->count; id++) {
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
	h = name_hash(name, strlen(name) + 1);
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

static int add_name(struct btf_name_index *ix, const char *name, size_t *cap)
{
	const char **grown;

	if (ix->underscored_count == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		grown = realloc(ix->underscored, *cap * sizeof(*grown));
		if (!grown)
			return -1;
		ix->underscored = grown;
	}
	ix->underscored[ix->underscored_count++] = name;
	return 0;
}

/* 0x80 in each byte of the 8-byte word w that is '_' (0x5f), 0 in the
 * others, exactly: x's byte is 0 where w's is '_'; adding 0x7f to the low
 * seven bits sets the top bit of every byte that is not 0, with no carry
 * into the next byte (Hacker's Delight, 6-1, "find a zero byte"). */
static uint64_t underscore_bytes(uint64_t w)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t x = w ^ 0x5f5f5f5f5f5f5f5full;

	return ~(((x & low7) + low7) | x | low7);
}

/* Every string of the string section that holds "___", reading it 8
 * bytes at a time: the kernel's 2 MiB of strings cost about as much as
 * reading them once. Split BTF: its own strings, then its base's list
 * (its types may be named by base strings). */
static int find_underscored(const struct btf *btf, struct btf_name_index *ix)
{
	const char *s = btf->strings;
	size_t len = btf->hdr.str_len, cap = 0, i = 0;
	uint64_t prev = 0; /* the previous word's '_' bytes */

	while (i < len) {
		uint64_t w = 0, m, ends;

		/* little-endian: byte k of the word is its bits 8k to 8k + 7 */
		if (len - i >= 8)
			memcpy(&w, s + i, 8);
		else
			memcpy(&w, s + i, len - i);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		m = underscore_bytes(w);
		/* a '_' that follows two '_': the last byte of a "___" */
		ends = m & (m << 8 | prev >> 56) & (m << 16 | prev >> 48);
		if (!ends) {
			prev = m;
			i += 8;
			continue;
		}
		{
			size_t at = i + (size_t)__builtin_ctzll(ends) / 8;
			const char *start = s + at;

			while (start > s && start[-1]) /* the string it is in */
				start--;
			if (add_name(ix, start, &cap))
				return -1;
			i = at + strlen(s + at) + 1; /* on after that string */
			prev = 0;
		}
	}
	if (btf->base) {
		const char *const *base;
		size_t n;

		if (btf_underscored_names(btf->base, &base, &n))
			return -1;
		for (size_t k = 0; k < n; k++)
			if (add_name(ix, base[k], &cap))
				return -1;
	}
	ix->underscored_found = 1;
	return 0;
}

int btf_underscored_names(const struct btf *btf, const char *const **names, size_t *count)
{
	struct btf_name_index *ix = btf->names;

	*names = NULL;
	*count = 0;
	if (!ix)
		return -1;
	if (!ix->underscored_found && find_underscored(btf, ix)) {
		free(ix->underscored);
		ix->underscored = NULL;
		ix->underscored_count = 0;
		return -1;
	}
	*names = ix->underscored;
	*count = ix->underscored_count;
	return 0;
}
