/* Questions about parsed BTF: what a typedef stands for, how big a type is,
 * which variable of a DATASEC has a name (which type has a name:
 * btf_lookup.c). See btf.h; section numbers are those of btf.rst.
 *
 * btf_parse() checked that every id a record holds exists, but not that
 * the types make sense together: a typedef may name itself through another
 * (A -> B -> A), an array may contain itself. So every walk along type ids
 * here is bounded. */
#include "btf.h"

#include <string.h>

/* The kernel follows at most this many types in a row (MAX_RESOLVE_DEPTH in
 * kernel/bpf/btf.c), so no BTF it accepts has a longer chain, and a loop
 * is caught after this many steps. */
#define RESOLVE_DEPTH 32

static const char *const kind_names[] = {
	"UNKNOWN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF",
	"VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC",
	"FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
};

const char *btf_kind_name(unsigned kind)
{
	return kind <= BTF_KIND_MAX ? kind_names[kind] : "?";
}

/* Kinds that only qualify or rename another type (btf.rst 2.2.8-2.2.11,
 * 2.2.18): the type they stand for is in t->type. */
static int is_modifier(unsigned kind)
{
	return kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_VOLATILE || kind == BTF_KIND_CONST ||
	       kind == BTF_KIND_RESTRICT || kind == BTF_KIND_TYPE_TAG;
}

static int no_such_type(const struct btf *btf, uint32_t id, struct rb_error *err)
{
	return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: there is no type %u (the last is %u)",
		       btf->path, id, btf->count ? btf->count - 1 : 0);
}

int btf_resolve(const struct btf *btf, uint32_t id, uint32_t *out, struct rb_error *err)
{
	uint32_t start = id;

	if (id >= btf->count)
		return no_such_type(btf, id, err);
	for (int depth = 0; depth <= RESOLVE_DEPTH; depth++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		if (!t || !is_modifier(btf_kind(t))) {
			*out = id;
			return 0;
		}
		id = t->type;
	}
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: .BTF: type %u at byte offset 0x%x: more than %d typedefs and "
		       "modifiers in a row (a loop?)", btf->path, start,
		       btf_type_offset(btf, start), RESOLVE_DEPTH);
}

/* Arrays are walked, not recursed into: `nelems` accumulates the product
 * of the dimensions crossed (btf.rst 2.2.3 describes int a[5][6] as an
 * array of 5 arrays of 6 ints), until a type with a size is reached. */
int btf_type_size(const struct btf *btf, uint32_t id, uint64_t *size, struct rb_error *err)
{
	uint32_t start = id;
	uint64_t nelems = 1, elem;

	for (int depth = 0; depth <= RESOLVE_DEPTH; depth++) {
		const struct btf_type *t;

		if (btf_resolve(btf, id, &id, err))
			return -1;
		t = btf_type_by_id(btf, id);
		if (!t)
			return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u is (or names) void, "
				       "which has no size", btf->path, start);
		switch (btf_kind(t)) {
		case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		case BTF_KIND_FLOAT: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_DATASEC:
			elem = t->size;
			break;
		case BTF_KIND_PTR:
			elem = 8; /* BPF is a 64-bit machine */
			break;
		case BTF_KIND_VAR: /* a variable is as big as its type (2.2.14) */
			id = t->type;
			continue;
		case BTF_KIND_ARRAY:
			/* Both factors are below 2^32, so the product fits in u64. */
			nelems *= btf_array(t)->nelems;
			if (nelems > UINT32_MAX)
				goto too_big;
			id = btf_array(t)->type;
			continue;
		default: /* FUNC, FUNC_PROTO, FWD, DECL_TAG */
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .BTF: type %u at byte offset 0x%x: %s has no size",
				       btf->path, id, btf_type_offset(btf, id),
				       btf_kind_name(btf_kind(t)));
		}
		/* A type's size is a u32 in BTF; the kernel rejects bigger arrays. */
		if (nelems * elem > UINT32_MAX)
			goto too_big;
		*size = nelems * elem;
		return 0;
	}
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: .BTF: type %u: more than %d arrays and variables nested (a loop?)",
		       btf->path, start, RESOLVE_DEPTH);
too_big:
	return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u: the array is 4 GiB or more",
		       btf->path, start);
}

const struct btf_var_secinfo *btf_datasec_var(const struct btf *btf, uint32_t datasec_id,
					      const char *name)
{
	const struct btf_type *ds = btf_type_by_id(btf, datasec_id);

	if (!ds || btf_kind(ds) != BTF_KIND_DATASEC)
		return NULL;
	for (unsigned i = 0; i < btf_vlen(ds); i++) {
		const struct btf_var_secinfo *v = &btf_var_secinfos(ds)[i];
		const struct btf_type *var = btf_type_by_id(btf, v->type);
		if (var && btf_kind(var) == BTF_KIND_VAR &&
		    strcmp(btf_name(btf, var->name_off), name) == 0)
			return v;
	}
	return NULL;
}
