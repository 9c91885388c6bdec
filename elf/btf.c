/* Parsing and validating .BTF. See btf.h. */
#include "btf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kernel follows at most this many typedefs/modifiers (MAX_RESOLVE_DEPTH
 * in kernel/bpf/btf.c): a longer chain is a loop or an abuse. */
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

const struct btf_type *btf_type_by_id(const struct btf *btf, uint32_t id)
{
	if (id == 0 || id >= btf->count)
		return NULL;
	return (const struct btf_type *)(btf->data + btf->offsets[id]);
}

struct btf_type *btf_type_mut(struct btf *btf, uint32_t id)
{
	return (struct btf_type *)btf_type_by_id(btf, id);
}

const char *btf_name(const struct btf *btf, uint32_t off)
{
	return off < btf->hdr.str_len ? btf->strings + off : "";
}

/* Bytes of kind-specific data after a record of this kind, or -1. */
static int64_t extra_size(const struct btf_type *t)
{
	uint64_t vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT: return 4;
	case BTF_KIND_ARRAY: return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: return (int64_t)(vlen * sizeof(struct btf_member));
	case BTF_KIND_ENUM: return (int64_t)(vlen * sizeof(struct btf_enum));
	case BTF_KIND_FUNC_PROTO: return (int64_t)(vlen * sizeof(struct btf_param));
	case BTF_KIND_VAR: return sizeof(struct btf_var);
	case BTF_KIND_DATASEC: return (int64_t)(vlen * sizeof(struct btf_var_secinfo));
	case BTF_KIND_DECL_TAG: return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64: return (int64_t)(vlen * sizeof(struct btf_enum64));
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

static int bad(const struct btf *btf, struct rb_error *err, uint32_t id, const char *what)
{
	return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u: %s", btf->path, id, what);
}

static int check_header(struct btf *btf, struct rb_error *err)
{
	const struct btf_header *h = &btf->hdr;
	uint64_t types_end, strs_end;

	if (btf->size < sizeof(*h))
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: %zu bytes, too short for a header",
			       btf->path, btf->size);
	memcpy(&btf->hdr, btf->data, sizeof(*h));
	if (h->magic != BTF_MAGIC)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: bad magic 0x%x (expected 0x%x%s)",
			       btf->path, h->magic, BTF_MAGIC,
			       h->magic == 0x9FeB ? "; this BTF is big-endian" : "");
	if (h->version != 1)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: version %u, rawbpf reads version 1",
			       btf->path, h->version);
	if (h->hdr_len < sizeof(*h) || h->hdr_len > btf->size || h->hdr_len % 4)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: header length %u is not valid",
			       btf->path, h->hdr_len);
	types_end = (uint64_t)h->hdr_len + h->type_off + h->type_len;
	strs_end = (uint64_t)h->hdr_len + h->str_off + h->str_len;
	if (types_end > btf->size || strs_end > btf->size)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .BTF: the type section (ends at %llu) or string section "
			       "(ends at %llu) is past the end of the %zu-byte blob",
			       btf->path, (unsigned long long)types_end,
			       (unsigned long long)strs_end, btf->size);
	if (h->type_off % 4 || h->type_len % 4)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: the type section is not 4-byte aligned",
			       btf->path);
	/* The string table starts with "" and ends with a NUL, so every offset
	 * inside it begins a terminated string. */
	btf->strings = (const char *)btf->data + h->hdr_len + h->str_off;
	if (h->str_len == 0 || btf->strings[0] != '\0' || btf->strings[h->str_len - 1] != '\0')
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .BTF: the string section must start and end with a NUL",
			       btf->path);
	return 0;
}

/* Pass 1: walk the records, check each fits and its names are strings,
 * and remember where each starts. */
static int index_types(struct btf *btf, struct rb_error *err)
{
	const uint8_t *start = btf->data + btf->hdr.hdr_len + btf->hdr.type_off;
	uint32_t pos = 0, len = btf->hdr.type_len, cap = 1024;

	btf->offsets = malloc(cap * sizeof(*btf->offsets));
	if (!btf->offsets)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	btf->offsets[0] = 0;
	btf->count = 1;
	while (pos < len) {
		const struct btf_type *t = (const struct btf_type *)(start + pos);
		uint32_t id = btf->count;
		int64_t extra;

		if (len - pos < sizeof(*t))
			return bad(btf, err, id, "record runs past the end of the type section");
		extra = extra_size(t);
		if (extra < 0) {
			char what[64];
			snprintf(what, sizeof(what), "unknown kind %u", btf_kind(t));
			return bad(btf, err, id, what);
		}
		if ((uint64_t)extra > len - pos - sizeof(*t))
			return bad(btf, err, id, "its members/parameters run past the end of the type section");
		if (t->name_off >= btf->hdr.str_len)
			return bad(btf, err, id, "name offset is past the string section");
		if (btf->count == cap) {
			uint32_t *grown = realloc(btf->offsets, 2 * cap * sizeof(*grown));
			if (!grown)
				return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
			btf->offsets = grown;
			cap *= 2;
		}
		btf->offsets[btf->count++] = (uint32_t)((start - btf->data) + pos);
		pos += (uint32_t)(sizeof(*t) + (uint64_t)extra);
	}
	return 0;
}

static int check_ref(const struct btf *btf, uint32_t id, uint32_t ref, struct rb_error *err)
{
	char what[80];

	if (ref < btf->count)
		return 0;
	snprintf(what, sizeof(what), "refers to type id %u, but there are %u types", ref,
		 btf->count - 1);
	return bad(btf, err, id, what);
}

static int check_name(const struct btf *btf, uint32_t id, uint32_t off, struct rb_error *err)
{
	return off < btf->hdr.str_len ? 0 : bad(btf, err, id, "a member or parameter name is past the string section");
}

/* Pass 2: every type id a record refers to must exist. */
static int check_type(const struct btf *btf, uint32_t id, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	unsigned vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FUNC_PROTO: case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG: case BTF_KIND_TYPE_TAG:
		if (check_ref(btf, id, t->type, err))
			return -1;
		break;
	default:
		break;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_extra(t);
		return check_ref(btf, id, a->type, err) || check_ref(btf, id, a->index_type, err);
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (unsigned i = 0; i < vlen; i++) {
			const struct btf_member *m = (const struct btf_member *)btf_extra(t) + i;
			if (check_ref(btf, id, m->type, err) || check_name(btf, id, m->name_off, err))
				return -1;
		}
		return 0;
	case BTF_KIND_FUNC_PROTO:
		for (unsigned i = 0; i < vlen; i++) {
			const struct btf_param *p = (const struct btf_param *)btf_extra(t) + i;
			if (check_ref(btf, id, p->type, err) || check_name(btf, id, p->name_off, err))
				return -1;
		}
		return 0;
	case BTF_KIND_DATASEC:
		for (unsigned i = 0; i < vlen; i++) {
			const struct btf_var_secinfo *v = (const struct btf_var_secinfo *)btf_extra(t) + i;
			if (check_ref(btf, id, v->type, err))
				return -1;
		}
		return 0;
	case BTF_KIND_ENUM:
		for (unsigned i = 0; i < vlen; i++)
			if (check_name(btf, id, ((const struct btf_enum *)btf_extra(t))[i].name_off, err))
				return -1;
		return 0;
	case BTF_KIND_ENUM64:
		for (unsigned i = 0; i < vlen; i++)
			if (check_name(btf, id, ((const struct btf_enum64 *)btf_extra(t))[i].name_off, err))
				return -1;
		return 0;
	default:
		return 0;
	}
}

int btf_parse(struct btf *btf, const char *path, const uint8_t *data, size_t size,
	      struct rb_error *err)
{
	*btf = (struct btf){ .path = path, .size = size };
	/* Our own copy: aligned for the 4-byte fields, and patchable. */
	btf->data = malloc(size ? size : 1);
	if (!btf->data)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	if (size)
		memcpy(btf->data, data, size);
	if (check_header(btf, err) || index_types(btf, err))
		goto fail;
	for (uint32_t id = 1; id < btf->count; id++)
		if (check_type(btf, id, err))
			goto fail;
	return 0;
fail:
	btf_free(btf);
	return -1;
}

void btf_free(struct btf *btf)
{
	free(btf->data);
	free(btf->offsets);
	btf->data = NULL;
	btf->offsets = NULL;
	btf->count = 0;
}

static int is_modifier(unsigned kind)
{
	return kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_VOLATILE || kind == BTF_KIND_CONST ||
	       kind == BTF_KIND_RESTRICT || kind == BTF_KIND_TYPE_TAG;
}

int btf_resolve(const struct btf *btf, uint32_t id, uint32_t *out, struct rb_error *err)
{
	for (int depth = 0; depth < RESOLVE_DEPTH; depth++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		if (!t || !is_modifier(btf_kind(t))) {
			*out = id;
			return 0;
		}
		id = t->type;
	}
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: .BTF: type %u: more than %d typedefs and modifiers in a row (a loop?)",
		       btf->path, id, RESOLVE_DEPTH);
}

static int type_size(const struct btf *btf, uint32_t id, uint64_t *size, int depth,
		     struct rb_error *err)
{
	const struct btf_type *t;
	uint64_t elem;

	if (depth > RESOLVE_DEPTH)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u: nested too deep", btf->path, id);
	if (btf_resolve(btf, id, &id, err))
		return -1;
	t = btf_type_by_id(btf, id);
	if (!t)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: void has no size", btf->path);
	switch (btf_kind(t)) {
	case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: case BTF_KIND_DATASEC: case BTF_KIND_FLOAT:
		*size = t->size;
		return 0;
	case BTF_KIND_PTR:
		*size = 8; /* BPF is a 64-bit machine */
		return 0;
	case BTF_KIND_VAR:
		return type_size(btf, t->type, size, depth + 1, err);
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_extra(t);
		if (type_size(btf, a->type, &elem, depth + 1, err))
			return -1;
		if (a->nelems && elem > UINT32_MAX / a->nelems)
			return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u: array too large",
				       btf->path, id);
		*size = elem * a->nelems;
		return 0;
	}
	default:
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u (%s) has no size", btf->path,
			       id, btf_kind_name(btf_kind(t)));
	}
}

int btf_type_size(const struct btf *btf, uint32_t id, uint64_t *size, struct rb_error *err)
{
	return type_size(btf, id, size, 0, err);
}

int64_t btf_find(const struct btf *btf, const char *name, unsigned kind)
{
	for (uint32_t id = 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		if (btf_kind(t) == kind && strcmp(btf_name(btf, t->name_off), name) == 0)
			return id;
	}
	return -1;
}
