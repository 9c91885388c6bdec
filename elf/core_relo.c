/* Decoding CO-RE relocation records against the object's BTF. See
 * core_relo.h; libbpf's relo_core.c (bpf_core_parse_spec) reads them the
 * same way. */
#include "core_relo.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[BPF_CORE_KIND_COUNT] = {
	[BPF_CORE_FIELD_BYTE_OFFSET] = "field_byte_offset",
	[BPF_CORE_FIELD_BYTE_SIZE] = "field_byte_size",
	[BPF_CORE_FIELD_EXISTS] = "field_exists",
	[BPF_CORE_FIELD_SIGNED] = "field_signed",
	[BPF_CORE_FIELD_LSHIFT_U64] = "field_lshift_u64",
	[BPF_CORE_FIELD_RSHIFT_U64] = "field_rshift_u64",
	[BPF_CORE_TYPE_ID_LOCAL] = "type_id_local",
	[BPF_CORE_TYPE_ID_TARGET] = "type_id_target",
	[BPF_CORE_TYPE_EXISTS] = "type_exists",
	[BPF_CORE_TYPE_SIZE] = "type_size",
	[BPF_CORE_ENUMVAL_EXISTS] = "enumval_exists",
	[BPF_CORE_ENUMVAL_VALUE] = "enumval_value",
	[BPF_CORE_TYPE_MATCHES] = "type_matches",
};

const char *btf_core_kind_name(uint32_t kind)
{
	return kind < BPF_CORE_KIND_COUNT ? kind_names[kind] : NULL;
}

enum btf_core_target btf_core_kind_target(uint32_t kind)
{
	if (kind <= BPF_CORE_FIELD_RSHIFT_U64)
		return BTF_CORE_FIELD;
	if (kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE)
		return BTF_CORE_ENUMVAL;
	return BTF_CORE_TYPE; /* TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE, TYPE_MATCHES */
}

/* Access strings come from the object: quoted, and cut, in messages. */
#define QUOTED "\"%.80s%s\""
#define QUOTE(s) (s), strlen(s) > 80 ? "..." : ""

int btf_core_access_parse(const char *access, uint32_t *index, uint32_t max,
			  uint32_t *count, struct rb_error *err)
{
	const char *p = access;

	*count = 0;
	for (;;) {
		uint64_t v = 0;
		const char *start = p;

		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (uint64_t)(*p++ - '0');
			if (v > UINT32_MAX)
				return rb_fail(err, RB_ERR_INPUT,
					       "access string " QUOTED ": the index at character %zu "
					       "does not fit in 32 bits", QUOTE(access),
					       (size_t)(start - access));
		}
		if (p == start)
			return rb_fail(err, RB_ERR_INPUT,
				       "access string " QUOTED ": expected a number at character "
				       "%zu", QUOTE(access), (size_t)(p - access));
		if (*count == max)
			return rb_fail(err, RB_ERR_INPUT,
				       "access string " QUOTED ": more than %u indexes",
				       QUOTE(access), max);
		index[(*count)++] = (uint32_t)v;
		if (*p == '\0')
			return 0;
		if (*p != ':')
			return rb_fail(err, RB_ERR_INPUT,
				       "access string " QUOTED ": expected ':' at character %zu",
				       QUOTE(access), (size_t)(p - access));
		p++;
	}
}

/* "CO-RE relocation KIND of TYPE, access "A": what" */
static int __attribute__((format(printf, 4, 5)))
spec_fail(const struct btf *btf, const struct btf_core_spec *spec, struct rb_error *err,
	  const char *fmt, ...)
{
	char type[128], what[512];
	const char *kind = btf_core_kind_name(spec->kind);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	btf_type_str(btf, spec->type_id, type, sizeof(type));
	return rb_fail(err, RB_ERR_INPUT, "CO-RE relocation %s of %s (type id %u), access "
		       QUOTED ": %s", kind ? kind : "?", type, spec->type_id,
		       QUOTE(spec->access), what);
}

/* The size of `id` in bits added to *bit_offset `times` times, refusing an
 * offset past 64 bits (no real struct is that big; a crafted index is). */
static int add_elements(const struct btf *btf, struct btf_core_spec *spec, uint32_t id,
			uint32_t times, struct rb_error *err)
{
	uint64_t size, bytes;

	if (btf_type_size(btf, id, &size, err))
		return -1;
	bytes = (uint64_t)times * size; /* both below 2^32 */
	if (bytes > (UINT64_MAX - spec->bit_offset) / 8)
		return spec_fail(btf, spec, err, "index %u: the offset does not fit in 64 bits",
				 times);
	spec->bit_offset += bytes * 8;
	return 0;
}

/* A flexible array member (`char data[];`) has any index: libbpf's
 * is_flex_arr() takes an array of 0 elements for one only when the step
 * before reached it as a named member of a struct or union, and the last
 * one. Any other array of 0 elements (`int pad[0];` in the middle, an array
 * of such arrays, a root type that is one) has no element to index. */
static int is_flex_array(const struct btf *btf, const struct btf_core_spec *spec, uint32_t i,
			 const struct btf_array *a)
{
	const struct btf_core_step *prev = &spec->step[i - 1];
	const struct btf_type *t;

	if (a->nelems || i < 2 || !prev->name[0])
		return 0;
	t = btf_type_by_id(btf, prev->type_id);
	return t && (btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION) &&
	       prev->index == btf_vlen(t) - 1u;
}

/* Steps 1..: members of structs and unions, elements of arrays. */
static int parse_field(const struct btf *btf, struct btf_core_spec *spec, const uint32_t *index,
		       struct rb_error *err)
{
	uint32_t id = spec->step[0].type_id;

	/* Step 0 indexes the root as an array: p[0] is *p. */
	if (add_elements(btf, spec, id, index[0], err))
		return -1;
	for (uint32_t i = 1; i < spec->len; i++) {
		const struct btf_type *t;
		uint32_t idx = index[i];

		if (btf_resolve(btf, id, &id, err))
			return -1;
		t = btf_type_by_id(btf, id);
		spec->step[i] = (struct btf_core_step){ .type_id = id, .index = idx, .name = "" };
		if (t && (btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION)) {
			const struct btf_member *m;

			if (idx >= btf_vlen(t))
				return spec_fail(btf, spec, err, "index %u (step %u) is past the %u "
						 "members of %s %s", idx, i, btf_vlen(t),
						 btf_kind(t) == BTF_KIND_STRUCT ? "struct" : "union",
						 t->name_off ? btf_name(btf, t->name_off) : "(anonymous)");
			m = &btf_members(t)[idx];
			spec->step[i].name = btf_name(btf, m->name_off);
			spec->bit_offset += btf_member_bit_offset(t, m);
			id = m->type;
		} else if (t && btf_kind(t) == BTF_KIND_ARRAY) {
			const struct btf_array *a = btf_array(t);

			if (!is_flex_array(btf, spec, i, a) && idx >= a->nelems)
				return spec_fail(btf, spec, err, "index %u (step %u) is past the %u "
						 "elements of the array", idx, i, a->nelems);
			id = a->type;
			if (add_elements(btf, spec, id, idx, err))
				return -1;
		} else {
			return spec_fail(btf, spec, err, "index %u (step %u) goes into %s, which has "
					 "no members or elements", idx, i,
					 t ? btf_kind_name(btf_kind(t)) : "void");
		}
	}
	spec->field_type = id;
	return 0;
}

int btf_core_spec_parse(const struct btf *btf, const struct bpf_core_relo_rec *rec,
			struct btf_core_spec *spec, struct rb_error *err)
{
	uint32_t index[BTF_CORE_ACCESS_MAX], root;
	const struct btf_type *t;
	char inner[sizeof(err->msg)];

	memset(spec, 0, offsetof(struct btf_core_spec, step));
	spec->kind = rec->kind;
	spec->type_id = rec->type_id;
	spec->access = btf_name(btf, rec->access_str_off);
	spec->bit_offset = 0;
	spec->field_type = 0;
	if (!btf_core_kind_name(rec->kind))
		return rb_fail(err, RB_ERR_INPUT, "CO-RE relocation kind %u is not one rawbpf "
			       "knows (0 to %d, enum bpf_core_relo_kind)", rec->kind,
			       BPF_CORE_KIND_COUNT - 1);
	if (btf_core_access_parse(spec->access, index, BTF_CORE_ACCESS_MAX, &spec->len, err)) {
		snprintf(inner, sizeof(inner), "%s", err->msg);
		return spec_fail(btf, spec, err, "%s", inner);
	}
	if (btf_resolve(btf, rec->type_id, &root, err))
		return -1;
	t = btf_type_by_id(btf, root);
	spec->step[0] = (struct btf_core_step){ .type_id = root, .index = index[0], .name = "" };
	switch (btf_core_kind_target(rec->kind)) {
	case BTF_CORE_TYPE: /* the whole type: libbpf accepts "0" exactly, not "00" */
		if (strcmp(spec->access, "0") != 0)
			return spec_fail(btf, spec, err, "a type relocation's access must be \"0\"");
		return 0;
	case BTF_CORE_ENUMVAL:
		if (!t || (btf_kind(t) != BTF_KIND_ENUM && btf_kind(t) != BTF_KIND_ENUM64))
			return spec_fail(btf, spec, err, "an enum value relocation needs an enum, "
					 "not %s", t ? btf_kind_name(btf_kind(t)) : "void");
		if (spec->len != 1 || index[0] >= btf_vlen(t))
			return spec_fail(btf, spec, err, "must be one index below the enum's %u "
					 "values", btf_vlen(t));
		spec->step[0].name = btf_name(btf, btf_kind(t) == BTF_KIND_ENUM
							  ? btf_enums(t)[index[0]].name_off
							  : btf_enum64s(t)[index[0]].name_off);
		return 0;
	case BTF_CORE_FIELD:
		if (!t)
			return spec_fail(btf, spec, err, "a field relocation needs a type, not void");
		return parse_field(btf, spec, index, err);
	}
	return 0;
}

static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

void btf_core_spec_str(const struct btf *btf, const struct btf_core_spec *spec, char *buf,
		       size_t size)
{
	if (size == 0)
		return;
	/* The type as the program named it (a typedef stays a typedef). */
	btf_type_str(btf, spec->type_id, buf, size);
	if (!btf_core_kind_name(spec->kind) || spec->len == 0)
		return;
	switch (btf_core_kind_target(spec->kind)) {
	case BTF_CORE_TYPE:
		return;
	case BTF_CORE_ENUMVAL:
		append(buf, size, "::%s", spec->step[0].name);
		return;
	case BTF_CORE_FIELD:
		if (spec->step[0].index)
			append(buf, size, "[%u]", spec->step[0].index);
		for (uint32_t i = 1; i < spec->len; i++) {
			const struct btf_type *t = btf_type_by_id(btf, spec->step[i].type_id);

			if (t && btf_kind(t) == BTF_KIND_ARRAY)
				append(buf, size, "[%u]", spec->step[i].index);
			else if (spec->step[i].name[0])
				append(buf, size, ".%s", spec->step[i].name);
		}
		return;
	}
}
