/* The CO-RE engine: a record of the object's BTF against a target BTF.
 * See core.h for what it does and whose rules it follows; the function
 * names of libbpf's tools/lib/bpf/relo_core.c are given where a step is
 * the same, so the two can be read side by side.
 *
 * Words used below:
 *   local      the object's BTF (what the program was compiled against)
 *   target     the BTF the program will run against (the kernel's)
 *   candidate  a target type that may be the local one: same kind, same
 *              essential name
 *   accessor   one meaningful step of an access: the first array index
 *              on the root (`p[0]`), a named member, an array index.
 *              Anonymous structs and unions are stepped through but are
 *              not accessors: `s->a` finds member a wherever the target
 *              nests it. */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_types.h"
#include "elf/core_relo.h"

static int64_t size_of(const struct btf *btf, uint32_t id)
{
	struct rb_error ignored;
	uint64_t size;

	return btf_type_size(btf, id, &size, &ignored) ? -1 : (int64_t)size;
}

static const char *kind_word(unsigned kind)
{
	switch (kind) {
	case BTF_KIND_STRUCT: return "struct";
	case BTF_KIND_UNION: return "union";
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64: return "enum";
	case BTF_KIND_TYPEDEF: return "typedef";
	case BTF_KIND_FWD: return "forward declaration";
	default: return "type";
	}
}

static void say(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* ---- Specs: an access, step by step ---------------------------------------
 * libbpf's struct bpf_core_spec. acc[] holds the accessors; raw_len counts
 * every index of the access string (anonymous members too), as the
 * kernel's limit does. */
struct acc {
	uint32_t type_id; /* a named member: its struct or union; an index: the
			     element type (skipped typedefs) */
	uint32_t idx;     /* member or element index */
	const char *name; /* the member's or enumerator's name; NULL: an index */
};

struct spec {
	const struct btf *btf;
	uint32_t root_id;  /* the record's (or candidate's) type, as given */
	uint32_t kind;
	struct acc acc[BTF_CORE_ACCESS_MAX];
	uint32_t len;
	uint32_t raw_len;
	uint64_t bit_offset;
};

/* Why a candidate did not match, told once (for the first one). */
struct miss {
	char text[200];
};

static void missed(struct miss *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void missed(struct miss *m, const char *fmt, ...)
{
	va_list ap;

	if (!m || m->text[0])
		return;
	va_start(ap, fmt);
	vsnprintf(m->text, sizeof(m->text), fmt, ap);
	va_end(ap);
}

/* The local spec from the record, decoded by elf/core_relo.c
 * (bpf_core_parse_spec). */
static int local_spec(const struct btf *btf, const struct bpf_core_relo_rec *rec, struct spec *s,
		      struct btf_core_spec *parsed, struct rb_error *err)
{
	if (btf_core_spec_parse(btf, rec, parsed, err))
		return -1;
	memset(s, 0, offsetof(struct spec, acc));
	s->btf = btf;
	s->root_id = rec->type_id;
	s->kind = rec->kind;
	s->len = s->raw_len = 0;
	s->bit_offset = parsed->bit_offset;
	switch (btf_core_kind_target(rec->kind)) {
	case BTF_CORE_TYPE:
		return 0;
	case BTF_CORE_ENUMVAL:
		s->acc[0] = (struct acc){ parsed->step[0].type_id, parsed->step[0].index,
					  parsed->step[0].name };
		s->len = s->raw_len = 1;
		return 0;
	case BTF_CORE_FIELD:
		break;
	}
	s->acc[s->len++] = (struct acc){ parsed->step[0].type_id, parsed->step[0].index, NULL };
	s->raw_len = parsed->len;
	for (uint32_t i = 1; i < parsed->len; i++) {
		const struct btf_core_step *st = &parsed->step[i];
		const struct btf_type *t = btf_type_by_id(btf, st->type_id), *elem;
		uint32_t elem_id;

		if (btf_kind(t) == BTF_KIND_ARRAY) {
			if (resolve(btf, btf_array(t)->type, &elem_id, &elem))
				return rb_fail(err, RB_ERR_INPUT, "the array's element type does not resolve");
			s->acc[s->len++] = (struct acc){ elem_id, st->index, NULL };
		} else if (btf_members(t)[st->index].name_off) {
			s->acc[s->len++] = (struct acc){ st->type_id, st->index, st->name };
		}
	}
	return 0;
}

/* A flexible array (`char data[]`): no elements, the last member of its
 * struct; any index is fine (is_flex_arr). */
static int is_flex_array(const struct btf *btf, const struct acc *prev, const struct btf_array *a)
{
	const struct btf_type *t;

	if (!prev->name || a->nelems > 0)
		return 0;
	t = btf_type_by_id(btf, prev->type_id);
	return t && prev->idx == btf_vlen(t) - 1u;
}

/* ---- Matching an access against a candidate ------------------------------ */

/* Find local member `la` in target type tid, through anonymous members,
 * extending ts (bpf_core_match_member): 1 found and compatible, 0 not, -1
 * error. *next is the target member's type. */
static int match_member(const struct spec *ls, const struct acc *la, const struct btf *tb,
			uint32_t tid, struct spec *ts, uint32_t *next, struct miss *miss,
			struct rb_error *err)
{
	const struct btf_type *tt, *lt = btf_type_by_id(ls->btf, la->type_id);
	const struct btf_member *lm = &btf_members(lt)[la->idx];
	const char *lname = btf_name(ls->btf, lm->name_off);

	if (resolve(tb, tid, &tid, &tt))
		return rb_fail(err, RB_ERR_INPUT, "type %u of the target does not resolve", tid);
	if (!is_composite(kind_of(tt)))
		return 0;
	for (unsigned i = 0; i < btf_vlen(tt); i++) {
		const struct btf_member *m = &btf_members(tt)[i];
		uint32_t bit = btf_member_bit_offset(tt, m);
		const char *tname = btf_name(tb, m->name_off);
		int found;

		if (ts->raw_len == BTF_CORE_ACCESS_MAX)
			return rb_fail(err, RB_ERR_INPUT, "the target nests more than %d structs, "
				       "unions and arrays", BTF_CORE_ACCESS_MAX);
		ts->bit_offset += bit; /* suppose this is the one */
		ts->raw_len++;
		if (!tname[0]) { /* an anonymous struct or union: look inside */
			found = match_member(ls, la, tb, m->type, ts, next, miss, err);
			if (found)
				return found;
		} else if (strcmp(lname, tname) == 0) {
			char lty[96], tty[96];

			ts->acc[ts->len++] = (struct acc){ tid, i, tname };
			*next = m->type;
			found = rb_core_fields_compat(ls->btf, lm->type, tb, m->type);
			if (found < 0)
				return rb_fail(err, RB_ERR_INPUT, "field %s: the types nest too deep "
					       "to compare", lname);
			if (!found) {
				ts->len--;
				btf_type_str(ls->btf, lm->type, lty, sizeof(lty));
				btf_type_str(tb, m->type, tty, sizeof(tty));
				missed(miss, "field %s is %s in the object but %s in the target", lname,
				       lty, tty);
			}
			return found;
		}
		ts->bit_offset -= bit; /* it was not */
		ts->raw_len--;
	}
	return 0;
}

/* Follow the local spec in candidate tid (bpf_core_spec_match): 1 and *ts
 * filled, 0 no match (miss says why), -1 error. */
static int spec_match(const struct spec *ls, const struct btf *tb, uint32_t tid, struct spec *ts,
		      struct miss *miss, struct rb_error *err)
{
	char tname[128];
	int r;

	memset(ts, 0, offsetof(struct spec, acc));
	ts->btf = tb;
	ts->root_id = tid;
	ts->kind = ls->kind;
	ts->len = ts->raw_len = 0;
	ts->bit_offset = 0;
	btf_type_str(tb, tid, tname, sizeof(tname));
	switch (btf_core_kind_target(ls->kind)) {
	case BTF_CORE_TYPE:
		r = ls->kind == BPF_CORE_TYPE_MATCHES
			    ? rb_core_types_match(ls->btf, ls->root_id, tb, tid)
			    : rb_core_types_compat(ls->btf, ls->root_id, tb, tid);
		if (r < 0)
			return rb_fail(err, RB_ERR_INPUT, "the types nest too deep to compare with %s "
				       "[%u]", tname, tid);
		if (!r)
			missed(miss, "%s [%u] %s", tname, tid,
			       ls->kind == BPF_CORE_TYPE_MATCHES ? "does not match" : "is not compatible");
		return r;
	case BTF_CORE_ENUMVAL: {
		const struct btf_type *t;

		if (resolve(tb, tid, &tid, &t))
			return rb_fail(err, RB_ERR_INPUT, "%s [%u] does not resolve", tname, tid);
		if (!is_any_enum(kind_of(t)))
			return 0;
		for (unsigned i = 0; i < btf_vlen(t); i++) {
			const char *n = btf_name(tb, btf_kind(t) == BTF_KIND_ENUM
							    ? btf_enums(t)[i].name_off
							    : btf_enum64s(t)[i].name_off);
			if (rb_core_same_essential(ls->acc[0].name, n)) {
				ts->acc[0] = (struct acc){ tid, i, n };
				ts->len = ts->raw_len = 1;
				return 1;
			}
		}
		missed(miss, "%s has no value %s", tname, ls->acc[0].name);
		return 0;
	}
	case BTF_CORE_FIELD:
		break;
	}
	for (uint32_t i = 0; i < ls->len; i++) {
		const struct acc *la = &ls->acc[i];
		const struct btf_type *t;
		int64_t size;

		if (resolve(tb, tid, &tid, &t))
			return rb_fail(err, RB_ERR_INPUT, "type %u of the target does not resolve", tid);
		if (la->name) {
			char here[128];

			btf_type_str(tb, tid, here, sizeof(here));
			r = match_member(ls, la, tb, tid, ts, &tid, miss, err);
			if (r == 0)
				missed(miss, "%s has no field %s", here, la->name);
			if (r <= 0)
				return r;
			continue;
		}
		if (i > 0) { /* an array index: the root's (i == 0) is the record's type */
			const struct btf_array *a;

			if (kind_of(t) != BTF_KIND_ARRAY) {
				missed(miss, "%s is not an array in the target", ls->acc[i - 1].name
					       ? ls->acc[i - 1].name : "the element");
				return 0;
			}
			a = btf_array(t);
			if (!is_flex_array(tb, &ts->acc[ts->len - 1], a) && la->idx >= a->nelems) {
				missed(miss, "index %u is past the %u elements of the target's array",
				       la->idx, a->nelems);
				return 0;
			}
			if (resolve(tb, a->type, &tid, &t))
				return rb_fail(err, RB_ERR_INPUT, "an array's element type in the "
					       "target does not resolve");
		}
		if (ts->raw_len == BTF_CORE_ACCESS_MAX)
			return rb_fail(err, RB_ERR_INPUT, "the target nests more than %d structs, "
				       "unions and arrays", BTF_CORE_ACCESS_MAX);
		ts->acc[ts->len++] = (struct acc){ tid, la->idx, NULL };
		ts->raw_len++;
		size = size_of(tb, tid);
		if (size < 0)
			return rb_fail(err, RB_ERR_INPUT, "type %u of the target has no size", tid);
		ts->bit_offset += (uint64_t)la->idx * (uint64_t)size * 8;
	}
	return 1;
}

/* ---- The answers ---------------------------------------------------------- */

enum { ANSWERED = 0, POISON = 1 };

/* Field kinds on one spec (bpf_core_calc_field_relo); s NULL: no target
 * matched. *size and *type_id: a whole field's, for the load's width. */
static int calc_field(const struct spec *s, uint32_t kind, uint64_t *val, uint32_t *size,
		      uint32_t *type_id, int *validate, struct rb_error *err)
{
	const struct acc *acc;
	const struct btf_type *t, *mt;
	const struct btf_member *m;
	uint32_t field_id;
	uint64_t bit_off, bit_sz, byte_off, byte_sz;
	int64_t sz;
	int bitfield;

	*size = 0;
	*type_id = 0;
	if (kind == BPF_CORE_FIELD_EXISTS) {
		*val = s != NULL;
		return ANSWERED;
	}
	if (!s)
		return POISON;
	acc = &s->acc[s->len - 1];
	if (!acc->name) { /* an array element, or the root itself */
		sz = size_of(s->btf, acc->type_id);
		if (sz < 0)
			return rb_fail(err, RB_ERR_INPUT, "the element type %u has no size", acc->type_id);
		if (kind == BPF_CORE_FIELD_BYTE_OFFSET) {
			*val = s->bit_offset / 8;
			*size = (uint32_t)sz;
			*type_id = acc->type_id;
		} else if (kind == BPF_CORE_FIELD_BYTE_SIZE) {
			*val = (uint64_t)sz;
		} else {
			return rb_fail(err, RB_ERR_INPUT, "%s cannot apply to an array element, only "
				       "to a member (libbpf refuses it too)", btf_core_kind_name(kind));
		}
		if (validate)
			*validate = 1;
		return ANSWERED;
	}
	t = btf_type_by_id(s->btf, acc->type_id);
	m = &btf_members(t)[acc->idx];
	if (resolve(s->btf, m->type, &field_id, &mt))
		return rb_fail(err, RB_ERR_INPUT, "field %s: its type does not resolve", acc->name);
	bit_off = s->bit_offset;
	bit_sz = btf_member_bitfield_size(t, m);
	bitfield = bit_sz > 0;
	if (bitfield) {
		/* The smallest aligned load, from the field's own type's size
		 * up, that holds every bit of it. */
		if (!mt || !(kind_of(mt) == BTF_KIND_INT || is_any_enum(kind_of(mt))) || !mt->size)
			return rb_fail(err, RB_ERR_INPUT, "bitfield %s is not an integer or enum",
				       acc->name);
		byte_sz = mt->size;
		byte_off = bit_off / 8 / byte_sz * byte_sz;
		while (bit_off + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return rb_fail(err, RB_ERR_INPUT, "bitfield %s cannot be read with one "
					       "64-bit load", acc->name);
			byte_sz *= 2;
			byte_off = bit_off / 8 / byte_sz * byte_sz;
		}
	} else {
		sz = size_of(s->btf, field_id);
		if (sz < 0)
			return rb_fail(err, RB_ERR_INPUT, "field %s has no size", acc->name);
		byte_sz = (uint64_t)sz;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	}
	/* The compiler's bitfield offsets and sizes may differ from these
	 * (any load that covers the bits works): only the sign and the right
	 * shift are checked against the instruction. */
	if (validate)
		*validate = !bitfield;
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		*val = byte_off;
		if (!bitfield) {
			*size = (uint32_t)byte_sz;
			*type_id = field_id;
		}
		break;
	case BPF_CORE_FIELD_BYTE_SIZE:
		*val = byte_sz;
		break;
	case BPF_CORE_FIELD_SIGNED:
		*val = (is_any_enum(kind_of(mt)) && btf_kflag(mt)) ||
		       (kind_of(mt) == BTF_KIND_INT && (btf_int_encoding(mt) & BTF_INT_SIGNED));
		if (validate)
			*validate = 1;
		break;
	case BPF_CORE_FIELD_LSHIFT_U64: /* little-endian: the field's top bit to bit 63 */
		*val = 64 - (bit_off + bit_sz - byte_off * 8);
		break;
	case BPF_CORE_FIELD_RSHIFT_U64: /* then down to bit 0 */
		*val = 64 - bit_sz;
		if (validate)
			*validate = 1;
		break;
	}
	return ANSWERED;
}

/* Type kinds (bpf_core_calc_type_relo): no target type gives 0. */
static int calc_type(const struct spec *s, uint32_t kind, uint64_t *val, int *validate,
		     struct rb_error *err)
{
	int64_t sz;

	if (validate)
		*validate = 1;
	if (!s) {
		*val = 0;
		return ANSWERED;
	}
	switch (kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		*val = s->root_id;
		if (validate) /* ids change when objects are linked: not checked */
			*validate = 0;
		break;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_MATCHES:
		*val = 1;
		break;
	case BPF_CORE_TYPE_SIZE:
		sz = size_of(s->btf, s->root_id);
		if (sz < 0)
			return rb_fail(err, RB_ERR_INPUT, "type %u has no size", s->root_id);
		*val = (uint64_t)sz;
		break;
	}
	return ANSWERED;
}

/* Enum value kinds (bpf_core_calc_enumval_relo). */
static int calc_enum(const struct spec *s, uint32_t kind, uint64_t *val)
{
	const struct btf_type *t;

	if (kind == BPF_CORE_ENUMVAL_EXISTS) {
		*val = s != NULL;
		return ANSWERED;
	}
	if (!s)
		return POISON;
	t = btf_type_by_id(s->btf, s->acc[0].type_id);
	if (btf_kind(t) == BTF_KIND_ENUM) /* a signed 32-bit value, widened as libbpf does */
		*val = (uint64_t)(int64_t)btf_enums(t)[s->acc[0].idx].val;
	else
		*val = (uint64_t)btf_enum64s(t)[s->acc[0].idx].val_hi32 << 32 |
		       btf_enum64s(t)[s->acc[0].idx].val_lo32;
	return ANSWERED;
}

/* Both answers for one candidate, or none (ts NULL) (bpf_core_calc_relo). */
static int calc_relo(const struct spec *ls, const struct spec *ts, struct rb_core_result *res,
		     struct rb_error *err)
{
	uint32_t kind = ls->kind, orig_type = 0, new_type = 0;
	int r = 0;

	memset(res, 0, sizeof(*res));
	res->kind = kind;
	res->validate = 1;
	switch (btf_core_kind_target(kind)) {
	case BTF_CORE_FIELD:
		if (calc_field(ls, kind, &res->orig_val, &res->orig_size, &orig_type, &res->validate,
			       err) < 0)
			return -1;
		r = calc_field(ts, kind, &res->new_val, &res->new_size, &new_type, NULL, err);
		if (r < 0)
			return -1;
		if (r == ANSWERED && ts && res->orig_size != res->new_size) {
			/* A load may change width only when zero-extension keeps
			 * the value: pointers (the kernel's may be 32-bit) and
			 * unsigned integers. */
			const struct btf_type *o = btf_type_by_id(ls->btf, orig_type);
			const struct btf_type *n = btf_type_by_id(ts->btf, new_type);
			int ptrs = kind_of(o) == BTF_KIND_PTR && kind_of(n) == BTF_KIND_PTR;
			int uints = kind_of(o) == BTF_KIND_INT && kind_of(n) == BTF_KIND_INT &&
				    btf_int_encoding(o) != BTF_INT_SIGNED &&
				    btf_int_encoding(n) != BTF_INT_SIGNED;
			res->size_unsafe = !ptrs && !uints;
		}
		break;
	case BTF_CORE_TYPE:
		if (calc_type(ls, kind, &res->orig_val, &res->validate, err) ||
		    calc_type(ts, kind, &res->new_val, NULL, err))
			return -1;
		break;
	case BTF_CORE_ENUMVAL:
		calc_enum(ls, kind, &res->orig_val);
		r = calc_enum(ts, kind, &res->new_val);
		break;
	}
	res->poison = r == POISON;
	return 0;
}

/* ---- Candidates ------------------------------------------------------------ */

struct cand {
	const struct rb_core_target *target;
	uint32_t id;
};

struct rb_core_cands {
	struct cand *c;
	size_t len;
};

static int push(struct rb_core_cands *list, const struct rb_core_target *target, uint32_t id)
{
	struct cand *grown = realloc(list->c, (list->len + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	list->c = grown;
	list->c[list->len++] = (struct cand){ target, id };
	return 0;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = ((const struct cand *)a)->id, y = ((const struct cand *)b)->id;

	return (x > y) - (x < y);
}

/* Add target's candidates for a local type of kind lkind, in id order
 * (bpf_core_add_cands): every type of a compatible kind named `essential`
 * itself or `essential___anything` (vmlinux has a few of those:
 * nf_conn___init), both found through the name index. */
static int add_cands(const struct rb_core_target *target, unsigned lkind, const char *essential,
		     struct rb_core_cands *list)
{
	const struct btf *btf = target->btf;
	const char *const *flavoured;
	size_t first = list->len, count;
	int kinds[2] = { (int)lkind, -1 };

	if (is_any_enum(lkind)) {
		kinds[0] = BTF_KIND_ENUM;
		kinds[1] = BTF_KIND_ENUM64;
	}
	if (btf_underscored_names(btf, &flavoured, &count))
		return -1;
	for (size_t n = 0; n <= count; n++) {
		/* the essential name itself first, then each flavoured one */
		const char *name = n == 0 ? essential : flavoured[n - 1];

		if (!rb_core_same_essential(name, essential))
			continue;
		for (int k = 0; k < 2 && kinds[k] >= 0; k++)
			for (int id = btf_find_by_name_kind(btf, name, kinds[k]); id > 0;
			     id = btf_find_next_by_name_kind(btf, name, kinds[k], (uint32_t)id))
				if (push(list, target, (uint32_t)id))
					return -1;
	}
	if (list->len - first > 1) {
		size_t kept = first + 1;

		qsort(list->c + first, list->len - first, sizeof(*list->c), by_id);
		/* a name may be in the strings twice (BTF not deduplicated) */
		for (size_t i = first + 1; i < list->len; i++)
			if (list->c[i].id != list->c[kept - 1].id)
				list->c[kept++] = list->c[i];
		list->len = kept;
	}
	return 0;
}

static int no_memory(struct rb_error *err)
{
	return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
}

/* The candidates of local type `id`, found once per load and kept
 * (bpf_core_find_cands): the main BTF's; only when it has none, the
 * modules'. */
static int find_cands(struct rb_core_ctx *ctx, uint32_t id, struct rb_core_cands **out,
		      struct rb_error *err)
{
	const struct btf_type *lt = btf_type_by_id(ctx->local, id);
	const char *name = btf_name(ctx->local, lt->name_off);
	struct rb_core_cands *list;
	char *essential;

	if (!ctx->cache) {
		ctx->cache = calloc(ctx->local->count, sizeof(*ctx->cache));
		if (!ctx->cache)
			return no_memory(err);
	}
	if (ctx->cache[id]) {
		*out = ctx->cache[id];
		return 0;
	}
	list = calloc(1, sizeof(*list));
	essential = strndup(name, rb_core_essential_len(name));
	if (!list || !essential) {
		free(list);
		free(essential);
		return no_memory(err);
	}
	ctx->cache[id] = list;
	*out = list;
	if (add_cands(&ctx->main, btf_kind(lt), essential, list))
		goto oom;
	if (list->len == 0 && ctx->modules && !ctx->modules_asked) {
		ctx->modules_asked = 1;
		if (ctx->modules(ctx->modules_arg, &ctx->mods, &ctx->mod_count, err)) {
			ctx->mods = NULL;
			ctx->mod_count = 0;
			free(essential);
			return -1;
		}
	}
	for (size_t i = 0; list->len == 0 && i < ctx->mod_count; i++)
		if (add_cands(&ctx->mods[i], btf_kind(lt), essential, list))
			goto oom;
	free(essential);
	return 0;
oom:
	free(essential);
	return no_memory(err);
}

void rb_core_ctx_free(struct rb_core_ctx *ctx)
{
	if (ctx->cache)
		for (uint32_t i = 0; i < ctx->local->count; i++)
			if (ctx->cache[i]) {
				free(ctx->cache[i]->c);
				free(ctx->cache[i]);
			}
	free(ctx->cache);
	ctx->cache = NULL;
}

/* ---- One record --------------------------------------------------------- */

/* "struct task_struct [123] in vmlinux" */
static void cand_str(const struct cand *c, char *buf, size_t size)
{
	char type[128];

	btf_type_str(c->target->btf, c->id, type, sizeof(type));
	say(buf, size, "%s [%u] in %s", type, c->id, c->target->name);
}

static int ambiguous(const struct cand *a, const struct cand *b, const char *what,
		     unsigned long long va, unsigned long long vb, struct rb_error *err)
{
	char sa[200], sb[200];

	cand_str(a, sa, sizeof(sa));
	cand_str(b, sb, sizeof(sb));
	return rb_fail(err, RB_ERR_INPUT, "two candidates in the target give different answers: "
		       "%s %s %llu, %s %s %llu (libbpf refuses this too: the type is ambiguous "
		       "there)", sa, what, va, sb, what, vb);
}

int rb_core_calc(struct rb_core_ctx *ctx, const struct bpf_core_relo_rec *rec,
		 struct rb_core_result *res, struct rb_error *err)
{
	struct spec local, cand, chosen; /* about 1 KiB each */
	struct spec *ls = &local, *cs = &cand, *ts = &chosen;
	const struct btf_type *lt = btf_type_by_id(ctx->local, rec->type_id);
	struct btf_core_spec parsed;
	struct rb_core_cands *cands = NULL;
	struct rb_core_result cr;
	struct miss miss = { "" };
	const struct cand *first = NULL;
	size_t kept = 0;

	if (local_spec(ctx->local, rec, ls, &parsed, err))
		return -1;
	if (rec->kind == BPF_CORE_TYPE_ID_LOCAL) { /* the object's own id: nothing to find */
		memset(res, 0, sizeof(*res));
		res->kind = rec->kind;
		res->orig_val = res->new_val = rec->type_id;
		say(res->why, sizeof(res->why), "the object's own type id");
		return 0;
	}
	if (!lt || !lt->name_off)
		return rb_fail(err, RB_ERR_INPUT, "the type is anonymous, so there is no name to look "
			       "for in the target (libbpf refuses these too)");
	if (find_cands(ctx, rec->type_id, &cands, err))
		return -1;
	for (size_t i = 0; i < cands->len; i++) {
		const struct cand *c = &cands->c[i];
		int r = spec_match(ls, c->target->btf, c->id, cs, i == 0 ? &miss : NULL, err);

		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		if (calc_relo(ls, cs, &cr, err))
			return -1;
		if (!first) {
			*res = cr;
			*ts = *cs;
			first = c;
			res->target = c->target->name;
			res->target_id = c->id;
		} else if (cs->bit_offset != ts->bit_offset) {
			return ambiguous(first, c, "has the field at bit", ts->bit_offset,
					 cs->bit_offset, err);
		} else if (cr.poison != res->poison || cr.new_val != res->new_val) {
			return ambiguous(first, c, "gives", res->new_val, cr.new_val, err);
		}
		cands->c[kept++] = *c; /* later records of this type try only these */
	}
	if (kept) {
		cands->len = kept;
		return 0;
	}
	if (calc_relo(ls, NULL, res, err))
		return -1;
	if (cands->len == 0)
		say(res->why, sizeof(res->why), "the target has no %s %.*s", kind_word(btf_kind(lt)),
		    (int)rb_core_essential_len(btf_name(ctx->local, lt->name_off)),
		    btf_name(ctx->local, lt->name_off));
	else
		say(res->why, sizeof(res->why), "%s", miss.text[0] ? miss.text : "no candidate matches");
	return 0;
}

