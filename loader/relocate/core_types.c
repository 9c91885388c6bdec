/* CO-RE's comparisons of a local type with a target type, libbpf's rules
 * (tools/lib/bpf/relo_core.c; the names in parentheses are its
 * functions). See core_types.h. */
#include "core_types.h"

#include <string.h>

/* libbpf's bound on how deep type comparisons recurse. */
#define DEPTH_MAX 32

/* ---- Names ------------------------------------------------------------- */

/* "X___Y", X and Y not '_': a flavour separator (bpf_core_is_flavor_sep). */
static int is_flavour_sep(const char *s)
{
	return s[0] != '_' && s[1] == '_' && s[2] == '_' && s[3] == '_' && s[4] != '_';
}

/* How much of `name` counts: up to its last flavour separator, so that
 * task_struct___old is task_struct (bpf_core_essential_name_len). */
size_t rb_core_essential_len(const char *name)
{
	size_t n = strlen(name);

	if (n >= 5)
		for (size_t i = n - 5 + 1; i-- > 0;)
			if (is_flavour_sep(name + i))
				return i + 1;
	return n;
}

int rb_core_same_essential(const char *a, const char *b)
{
	size_t la = rb_core_essential_len(a), lb = rb_core_essential_len(b);

	return la == lb && strncmp(a, b, la) == 0;
}

/* ---- Compatibility (libbpf's rules) ------------------------------------- */

/* Can a local field of type lid be read as a target field of type tid?
 * (bpf_core_fields_are_compat) Any two structs or unions, any two
 * pointers or floats; integers of any size and sign (but not old-style
 * bitfield integers); enums and forward declarations of the same essential
 * name (or one anonymous); arrays of compatible elements, of any length. */
int rb_core_fields_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	for (int depth = 0; depth < DEPTH_MAX; depth++) {
		const struct btf_type *lt, *tt;
		unsigned lk, tk;

		if (resolve(lb, lid, &lid, &lt) || resolve(tb, tid, &tid, &tt))
			return -1;
		lk = kind_of(lt);
		tk = kind_of(tt);
		if (is_composite(lk) && is_composite(tk))
			return 1;
		if (!kinds_compat(lk, tk))
			return 0;
		switch (lk) {
		case BTF_KIND_PTR:
		case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64: {
			const char *ln = name_of(lb, lt), *tn = name_of(tb, tt);

			/* one anonymous, or the same name */
			return !ln[0] || !tn[0] || rb_core_same_essential(ln, tn);
		}
		case BTF_KIND_INT:
			return int_offset(lt) == 0 && int_offset(tt) == 0;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		default:
			return 0;
		}
	}
	return -1;
}

/* Is target type tid the local type lid, for type-based kinds
 * (__bpf_core_types_are_compat)? Shallow: structs, unions, enums and
 * forward declarations only by kind (their names matched already);
 * pointers and arrays by what they point to or hold; function prototypes
 * by their parameters and return type. */
static int types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid,
			int level)
{
	if (!kinds_compat(kind_of(btf_type_by_id(lb, lid)), kind_of(btf_type_by_id(tb, tid))))
		return 0;
	for (int depth = 0; depth < DEPTH_MAX; depth++) {
		const struct btf_type *lt, *tt;

		if (resolve(lb, lid, &lid, &lt) || resolve(tb, tid, &tid, &tt))
			return -1;
		if (!kinds_compat(kind_of(lt), kind_of(tt)))
			return 0;
		switch (kind_of(lt)) {
		case BTF_KIND_UNKN: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_FWD: case BTF_KIND_ENUM64:
			return 1;
		case BTF_KIND_INT:
			return int_offset(lt) == 0 && int_offset(tt) == 0;
		case BTF_KIND_PTR:
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (btf_vlen(lt) != btf_vlen(tt))
				return 0;
			for (unsigned i = 0; i < btf_vlen(lt); i++) {
				int r;

				if (level <= 0)
					return -1;
				r = types_compat(lb, btf_params(lt)[i].type, tb, btf_params(tt)[i].type,
						 level - 1);
				if (r <= 0)
					return r;
			}
			lid = lt->type;
			tid = tt->type;
			continue;
		default:
			return 0;
		}
	}
	return -1;
}

/* Names match for "type matches": both anonymous, or the same essential
 * name (bpf_core_names_match). */
static int names_match(const struct btf *lb, uint32_t loff, const struct btf *tb, uint32_t toff)
{
	const char *ln = btf_name(lb, loff), *tn = btf_name(tb, toff);

	if (!tn[0])
		return !ln[0];
	return rb_core_same_essential(ln, tn);
}

/* Every local enumerator has a target one of the same name; same size
 * (bpf_core_enums_match). */
static int enums_match(const struct btf *lb, const struct btf_type *lt, const struct btf *tb,
		       const struct btf_type *tt)
{
	if (lt->size != tt->size || btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (unsigned i = 0; i < btf_vlen(lt); i++) {
		uint32_t ln = btf_kind(lt) == BTF_KIND_ENUM ? btf_enums(lt)[i].name_off
							    : btf_enum64s(lt)[i].name_off;
		int found = 0;

		for (unsigned j = 0; j < btf_vlen(tt) && !found; j++)
			found = names_match(lb, ln, tb, btf_kind(tt) == BTF_KIND_ENUM
						     ? btf_enums(tt)[j].name_off
						     : btf_enum64s(tt)[j].name_off);
		if (!found)
			return 0;
	}
	return 1;
}

static int types_match(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid,
		       int behind_ptr, int level);

/* Every local member has a target member of the same name and a matching
 * type (bpf_core_composites_match). */
static int composites_match(const struct btf *lb, const struct btf_type *lt, const struct btf *tb,
			    const struct btf_type *tt, int behind_ptr, int level)
{
	if (btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (unsigned i = 0; i < btf_vlen(lt); i++) {
		const struct btf_member *lm = &btf_members(lt)[i];
		int matched = 0;

		for (unsigned j = 0; j < btf_vlen(tt) && !matched; j++) {
			const struct btf_member *tm = &btf_members(tt)[j];
			int r;

			if (!names_match(lb, lm->name_off, tb, tm->name_off))
				continue;
			r = types_match(lb, lm->type, tb, tm->type, behind_ptr, level - 1);
			if (r < 0)
				return r;
			matched = r > 0;
		}
		if (!matched)
			return 0;
	}
	return 1;
}

/* bpf_core_type_matches(): stricter than types_compat. Same kind (a struct
 * behind a pointer may be a forward declaration, an enum an enum64),
 * integers of the same size and sign, arrays of the same length, structs
 * and unions whose every member exists by name with a matching type (only
 * the kind behind a pointer), enums whose every enumerator exists by name,
 * prototypes with matching parameters (__bpf_core_types_match). */
static int types_match(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid,
		       int behind_ptr, int level)
{
	if (level <= 0)
		return -1;
	for (int depth = 0; depth < DEPTH_MAX; depth++) {
		const struct btf_type *lt, *tt;
		unsigned lk, tk;

		if (resolve(lb, lid, &lid, &lt) || resolve(tb, tid, &tid, &tt))
			return -1;
		if (!names_match(lb, lt ? lt->name_off : 0, tb, tt ? tt->name_off : 0))
			return 0;
		lk = kind_of(lt);
		tk = kind_of(tt);
		switch (lk) {
		case BTF_KIND_UNKN:
			return lk == tk;
		case BTF_KIND_FWD:
			if (behind_ptr && lk != tk) /* kind_flag: 0 struct, 1 union */
				return (tk == BTF_KIND_STRUCT && !btf_kflag(lt)) ||
				       (tk == BTF_KIND_UNION && btf_kflag(lt));
			return lk == tk && btf_kflag(lt) == btf_kflag(tt);
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return is_any_enum(tk) && enums_match(lb, lt, tb, tt);
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			if (behind_ptr) {
				if (lk == tk)
					return 1;
				return tk == BTF_KIND_FWD && (lk == BTF_KIND_UNION) == btf_kflag(tt);
			}
			return lk == tk && composites_match(lb, lt, tb, tt, behind_ptr, level);
		case BTF_KIND_INT:
			return lk == tk && lt->size == tt->size &&
			       (btf_int_encoding(lt) & BTF_INT_SIGNED) ==
				       (btf_int_encoding(tt) & BTF_INT_SIGNED);
		case BTF_KIND_PTR:
			if (lk != tk)
				return 0;
			behind_ptr = 1;
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			if (lk != tk || btf_array(lt)->nelems != btf_array(tt)->nelems)
				return 0;
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (lk != tk || btf_vlen(lt) != btf_vlen(tt))
				return 0;
			for (unsigned i = 0; i < btf_vlen(lt); i++) {
				int r = types_match(lb, btf_params(lt)[i].type, tb,
						    btf_params(tt)[i].type, behind_ptr, level - 1);
				if (r <= 0)
					return r;
			}
			lid = lt->type;
			tid = tt->type;
			continue;
		default:
			return 0;
		}
	}
	return -1;
}

int rb_core_types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	return types_compat(lb, lid, tb, tid, DEPTH_MAX);
}

int rb_core_types_match(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	return types_match(lb, lid, tb, tid, 0, DEPTH_MAX);
}
