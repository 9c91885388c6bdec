/* Layout for btf_c.c: how the C compiler would place a member, and from
 * that, whether a struct BTF describes was packed and where padding must
 * go (btf_c.h explains the rules). The sizes and alignments are the BPF
 * target's, which are those of 64-bit hosts (x86-64, arm64, ...): pointers
 * and longs are 8 bytes. The skeleton asserts every offset
 * (_Static_assert), so a host where that is not so fails to compile
 * rather than reading the wrong bytes. */
#include <string.h>

#include "btf_c_internal.h"

static uint32_t round_up(uint32_t x, uint32_t to)
{
	return to ? (x + to - 1) / to * to : x;
}

int btf_c_size(struct btf_c *c, uint32_t id, uint32_t *size, struct rb_error *err)
{
	uint64_t s;

	if (btf_type_size(c->btf, id, &s, err))
		return -1;
	if (s > UINT32_MAX / 8)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u is %llu bytes: too large",
			       c->btf->path, id, (unsigned long long)s);
	*size = (uint32_t)s;
	return 0;
}

/* The members of STRUCT or UNION `t`, as btf_c_member records (the old
 * bitfield encoding, an INT narrower than its size, read as a bitfield).
 * *out is malloc'd. */
int btf_c_members_of(struct btf_c *c, const struct btf_type *t, struct btf_c_member **out,
		     struct rb_error *err)
{
	unsigned n = btf_vlen(t);
	struct btf_c_member *m = calloc(n ? n : 1, sizeof(*m));

	if (!m)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (unsigned i = 0; i < n; i++) {
		const struct btf_member *bm = &btf_members(t)[i];
		const struct btf_type *mt = btf_type_by_id(c->btf, bm->type);

		m[i].name = btf_name(c->btf, bm->name_off);
		m[i].type = bm->type;
		m[i].bit_offset = btf_member_bit_offset(t, bm);
		m[i].bitfield_size = btf_member_bitfield_size(t, bm);
		if (!btf_kflag(t) && mt && btf_kind(mt) == BTF_KIND_INT &&
		    btf_int_bits(mt) < mt->size * 8) {
			m[i].bitfield_size = btf_int_bits(mt);
			m[i].bit_offset += (btf_int_info(mt) >> 16) & 0xff;
		}
	}
	*out = m;
	return 0;
}

/* Is this list of members, `size` bytes in all, a packed layout? */
static int members_layout(struct btf_c *c, const struct btf_c_member *m, size_t n,
			  uint32_t size, int is_union, struct btf_c_layout *out, int depth,
			  struct rb_error *err)
{
	uint32_t natural = 1, end = 0;
	int packed = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t a, s, off = m[i].bit_offset, w = m[i].bitfield_size;

		if (btf_c_align(c, m[i].type, &a, depth + 1, err) ||
		    btf_c_size(c, m[i].type, &s, err))
			return -1;
		if (a > natural)
			natural = a;
		if (w) {
			/* a bitfield never straddles a unit of its type unless packed */
			if (s && off / (s * 8) != (off + w - 1) / (s * 8))
				packed = 1;
			if (off + w > end)
				end = off + w;
		} else {
			if (off % (a * 8))
				packed = 1;
			if (off + s * 8 > end)
				end = off + s * 8;
		}
	}
	memset(out, 0, sizeof(*out));
	if (size % natural)
		packed = 1;
	out->packed = packed;
	out->align = packed ? 1 : natural;
	if (is_union) {
		/* an aligned union: the smallest alignment that rounds its
		 * largest member up to its size */
		uint32_t want = round_up(round_up(end, 8) / 8, out->align);

		for (uint32_t a = natural; !packed && want < size && a <= 64; a *= 2)
			if (round_up(want, a) == size) {
				out->aligned = a;
				out->align = a;
				break;
			}
		if (want < size && !out->aligned)
			out->tail_pad = 1; /* a char array member of the full size */
	}
	return 0;
}

int btf_c_layout_of(struct btf_c *c, const struct btf_c_member *m, size_t n, uint32_t size,
		    int is_union, struct btf_c_layout *out, struct rb_error *err)
{
	return members_layout(c, m, n, size, is_union, out, 0, err);
}

/* The layout of STRUCT/UNION id, computed once. */
int btf_c_type_layout(struct btf_c *c, uint32_t id, struct btf_c_layout *out, int depth,
		      struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id);
	struct btf_c_member *m;
	int r;

	if (c->layouts[id].align) {
		*out = c->layouts[id];
		return 0;
	}
	if (depth > BTF_C_DEPTH)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .BTF: type %u: types nested more than %d deep (a loop?)",
			       c->btf->path, id, BTF_C_DEPTH);
	if (btf_c_members_of(c, t, &m, err))
		return -1;
	r = members_layout(c, m, btf_vlen(t), t->size, btf_kind(t) == BTF_KIND_UNION, out,
			   depth, err);
	free(m);
	if (r)
		return -1;
	c->layouts[id] = *out;
	return 0;
}

int btf_c_align(struct btf_c *c, uint32_t id, uint32_t *align, int depth, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id);
	struct btf_c_layout l;

	if (depth > BTF_C_DEPTH)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .BTF: type %u: types nested more than %d deep (a loop?)",
			       c->btf->path, id, BTF_C_DEPTH);
	*align = 1;
	if (!t)
		return 0;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		/* natural alignment: __int128 and long double are 16 */
		*align = t->size >= 16 ? 16 : t->size ? t->size : 1;
		return 0;
	case BTF_KIND_PTR:
		*align = 8;
		return 0;
	case BTF_KIND_ARRAY:
		return btf_c_align(c, btf_array(t)->type, align, depth + 1, err);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (btf_c_type_layout(c, id, &l, depth + 1, err))
			return -1;
		*align = l.align;
		return 0;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_VAR:
		return btf_c_align(c, t->type, align, depth + 1, err);
	default:
		return 0;
	}
}

/* Where the compiler puts the next member after `cur` bits. */
uint32_t btf_c_natural_offset(uint32_t cur, uint32_t align, uint32_t size, uint32_t bits,
			      int packed)
{
	if (packed)
		return bits ? cur : round_up(cur, 8);
	if (!bits)
		return round_up(cur, align * 8);
	if (size && cur / (size * 8) != (cur + bits - 1) / (size * 8))
		return round_up(cur, size * 8);
	return cur;
}
