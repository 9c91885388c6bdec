/* Histograms found in BTF (btf_value.h): which values `rawbpf run` prints
 * as bars rather than as numbers.
 *
 * The rule is libbpf-tools' shape: a histogram is a struct with a member
 * named `slots` that is an array of integers (their bits.bpf.h fills
 *     struct hist { __u32 slots[MAX_SLOTS]; char comm[16]; };
 * with slots[log2(value)]++), whatever else the struct holds; slot i
 * counts the values v with 2^i <= v < 2^(i+1) (slot 0 holds 0 and 1). A
 * name is the only sign there is: BTF says a member is `__u32[26]`, not
 * what it counts, and `slots` is the name every libbpf tool uses. */
#include <string.h>

#include "btf_value.h"

/* An integer of 1, 2, 4 or 8 bytes, through typedefs and modifiers: what
 * a histogram's counts can be. Bools and chars count nothing. */
int btf_is_count(const struct btf *btf, uint32_t id, uint32_t *size)
{
	const struct btf_type *t;

	if (btf_resolve(btf, id, &id, NULL) || !(t = btf_type_by_id(btf, id)) ||
	    btf_kind(t) != BTF_KIND_INT)
		return 0;
	if (btf_int_encoding(t) & (BTF_INT_BOOL | BTF_INT_CHAR))
		return 0;
	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
		return 0;
	if (btf_int_bits(t) != t->size * 8)
		return 0;
	*size = t->size;
	return 1;
}

int btf_hist_slots(const struct btf *btf, uint32_t id, struct btf_slots *out)
{
	const struct btf_type *t;
	const struct btf_member *m;

	if (btf_resolve(btf, id, &id, NULL) || !(t = btf_type_by_id(btf, id)) ||
	    btf_kind(t) != BTF_KIND_STRUCT)
		return 0;
	m = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		uint32_t off = btf_member_bit_offset(t, &m[i]), aid, elem;
		const struct btf_type *a;

		if (strcmp(btf_name(btf, m[i].name_off), "slots") != 0)
			continue;
		if (btf_member_bitfield_size(t, &m[i]) || off % 8 ||
		    btf_resolve(btf, m[i].type, &aid, NULL) || !(a = btf_type_by_id(btf, aid)) ||
		    btf_kind(a) != BTF_KIND_ARRAY || btf_array(a)->nelems == 0 ||
		    !btf_is_count(btf, btf_array(a)->type, &elem))
			return 0;
		/* the array inside the struct, as the struct's size says */
		if ((uint64_t)off / 8 + (uint64_t)elem * btf_array(a)->nelems > t->size)
			return 0;
		*out = (struct btf_slots){ .offset = off / 8, .elem_size = elem,
					   .count = btf_array(a)->nelems };
		return 1;
	}
	return 0;
}
