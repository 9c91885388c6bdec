/* Validating and indexing a .BTF blob, in one pass over its bytes.
 * See btf.h for the format; section numbers are those of btf.rst. */
#include "btf.h"
#include "btf_header.h"
#include "btf_lookup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "PATH: .BTF: what" */
#define fail(btf, err, ...) btf_blob_fail(err, (btf)->path, ".BTF", __VA_ARGS__)

/* "PATH: .BTF: type ID at byte offset 0xOFF: what" */
static int __attribute__((format(printf, 5, 6)))
type_fail(const struct btf *btf, struct rb_error *err, uint32_t id, uint32_t off,
	  const char *fmt, ...)
{
	char what[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return fail(btf, err, "type %u at byte offset 0x%x: %s", id, off, what);
}

/* The header (btf.rst 2): most garbage is turned away here. */
static int check_header(struct btf *btf, struct rb_error *err)
{
	const uint8_t *data = btf->data;
	struct btf_header *h = &btf->hdr;
	uint64_t types, types_end, strs, strs_end;

	if (btf_check_header_start(btf->path, ".BTF", data, btf->size, sizeof(*h), err))
		return -1;
	memcpy(h, data, sizeof(*h));
	/* hdr_len may grow in a later format (btf.rst 2). Fields we do not know
	 * are acceptable only while unused, that is zero, as the kernel says. */
	for (uint32_t i = sizeof(*h); i < h->hdr_len; i++)
		if (data[i])
			return fail(btf, err,
				    "header byte 0x%x is not zero: a header field rawbpf does "
				    "not know is in use", i);

	/* The offsets count from the end of the header, so both sections are
	 * after it by construction; u64 sums cannot overflow. */
	types = (uint64_t)h->hdr_len + h->type_off;
	types_end = types + h->type_len;
	strs = (uint64_t)h->hdr_len + h->str_off;
	strs_end = strs + h->str_len;
	if (types_end > btf->size)
		return fail(btf, err,
			    "the type section at byte offset 0x%llx + %u bytes is past the end "
			    "of the blob (%zu bytes)", (unsigned long long)types, h->type_len,
			    btf->size);
	if (strs_end > btf->size)
		return fail(btf, err,
			    "the string section at byte offset 0x%llx + %u bytes is past the "
			    "end of the blob (%zu bytes)", (unsigned long long)strs, h->str_len,
			    btf->size);
	/* Records are u32 words, read in place. */
	if (types % 4)
		return fail(btf, err, "the type section at byte offset 0x%llx is not 4-byte aligned",
			    (unsigned long long)types);
	if (h->type_len && h->str_len && types < strs_end && strs < types_end)
		return fail(btf, err,
			    "the type section (byte offsets 0x%llx-0x%llx) and the string section "
			    "(0x%llx-0x%llx) overlap", (unsigned long long)types,
			    (unsigned long long)types_end, (unsigned long long)strs,
			    (unsigned long long)strs_end);
	return 0;
}

/* The string section (btf.rst 2.1): the empty string first, then
 * NUL-terminated strings. If it also ends with a NUL, then every offset
 * inside it starts a string that ends inside it, and checking a name is
 * just "offset < str_len". Split BTF continues its base's strings, which
 * begin with the empty one: its own may be none at all, and begin with
 * any string (as the kernel's btf_parse_str_sec() allows). */
static int check_strings(struct btf *btf, struct rb_error *err)
{
	const uint8_t *data = btf->data;
	uint32_t start = btf->hdr.hdr_len + btf->hdr.str_off, len = btf->hdr.str_len;
	const uint8_t *s = data + start, *last;

	if (btf->base && len == 0)
		return 0;
	if (len == 0 || (!btf->base && s[0] != '\0'))
		return fail(btf, err,
			    "the string section at byte offset 0x%x must begin with the empty "
			    "string", start);
	if (s[len - 1] != '\0') {
		last = (const uint8_t *)memrchr(s, '\0', len - 1) + 1;
		return fail(btf, err,
			    "the string at byte offset 0x%zx (string offset %zu) is not "
			    "NUL-terminated within the string section",
			    (size_t)(last - data), (size_t)(last - s));
	}
	return 0;
}

/* How many bytes of kind-specific data follow a record (btf.rst 2.2.1 to
 * 2.2.19), or -1 for a kind this parser does not know. */
static int64_t extra_size(unsigned kind, unsigned vlen)
{
	switch (kind) {
	case BTF_KIND_INT: return sizeof(uint32_t);
	case BTF_KIND_ARRAY: return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: return (int64_t)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: return (int64_t)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO: return (int64_t)vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR: return sizeof(struct btf_var);
	case BTF_KIND_DATASEC: return (int64_t)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG: return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64: return (int64_t)vlen * sizeof(struct btf_enum64);
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC: case BTF_KIND_FLOAT: case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

/* A record may refer to types after it, so whether an id exists is only
 * known once the walk has counted them all. Rather than walk twice, the
 * walk remembers the largest id referred to, and by which record; at the
 * end that one id is compared with the count. */
struct max_ref {
	uint32_t id;        /* the largest id seen (0, void, always exists) */
	uint32_t from;      /* the record that referred to it */
	uint32_t from_off;  /* and its byte offset */
};

static void note_ref(struct max_ref *m, uint32_t ref, uint32_t from, uint32_t off)
{
	if (ref > m->id)
		*m = (struct max_ref){ ref, from, off };
}

/* One past the last valid name offset: split BTF's count after its base's. */
static uint32_t strings_end(const struct btf *btf)
{
	return btf->str_base + btf->hdr.str_len;
}

/* The name of the i-th member/parameter/value, `what`, must be a string. */
static int check_name(const struct btf *btf, uint32_t id, uint32_t off, const char *what,
		      unsigned i, uint32_t name_off, struct rb_error *err)
{
	if (name_off < strings_end(btf))
		return 0;
	return type_fail(btf, err, id, off,
			 "%s %u: name offset %u is past the string section (%u bytes)", what, i,
			 name_off, strings_end(btf));
}

/* The names and type ids in one record that is known to fit. */
static int check_record(const struct btf *btf, uint32_t id, uint32_t off, struct max_ref *refs,
			struct rb_error *err)
{
	const struct btf_type *t = (const struct btf_type *)(btf->data + off);
	unsigned vlen = btf_vlen(t);

	if (t->name_off >= strings_end(btf))
		return type_fail(btf, err, id, off,
				 "name offset %u is past the string section (%u bytes)",
				 t->name_off, strings_end(btf));
	switch (btf_kind(t)) {
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC:
	case BTF_KIND_VAR: case BTF_KIND_TYPE_TAG:
		note_ref(refs, t->type, id, off);
		return 0;
	case BTF_KIND_DECL_TAG: /* -1: the whole type; else a member or parameter */
		note_ref(refs, t->type, id, off);
		if (btf_decl_tag(t)->component_idx < -1)
			return type_fail(btf, err, id, off, "DECL_TAG component_idx %d is not valid",
					 btf_decl_tag(t)->component_idx);
		return 0;
	case BTF_KIND_ARRAY:
		note_ref(refs, btf_array(t)->type, id, off);
		note_ref(refs, btf_array(t)->index_type, id, off);
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (unsigned i = 0; i < vlen; i++) {
			if (check_name(btf, id, off, "member", i, btf_members(t)[i].name_off, err))
				return -1;
			note_ref(refs, btf_members(t)[i].type, id, off);
		}
		return 0;
	case BTF_KIND_FUNC_PROTO:
		note_ref(refs, t->type, id, off); /* the return type */
		for (unsigned i = 0; i < vlen; i++) {
			if (check_name(btf, id, off, "parameter", i, btf_params(t)[i].name_off, err))
				return -1;
			note_ref(refs, btf_params(t)[i].type, id, off);
		}
		return 0;
	case BTF_KIND_ENUM:
		for (unsigned i = 0; i < vlen; i++)
			if (check_name(btf, id, off, "value", i, btf_enums(t)[i].name_off, err))
				return -1;
		return 0;
	case BTF_KIND_ENUM64:
		for (unsigned i = 0; i < vlen; i++)
			if (check_name(btf, id, off, "value", i, btf_enum64s(t)[i].name_off, err))
				return -1;
		return 0;
	case BTF_KIND_DATASEC:
		for (unsigned i = 0; i < vlen; i++)
			note_ref(refs, btf_var_secinfos(t)[i].type, id, off);
		return 0;
	default: /* INT, FWD, FLOAT: no names or ids beyond the record's own */
		return 0;
	}
}

/* The one pass: ids are given in order (btf.rst 2.2), so the walk numbers
 * the records and notes where each starts (split BTF: from the id after
 * its base's last). */
static int index_types(struct btf *btf, struct rb_error *err)
{
	uint32_t pos = btf->hdr.hdr_len + btf->hdr.type_off;
	uint32_t end = pos + btf->hdr.type_len;
	struct max_ref refs = { 0 };

	/* A record takes at least 12 bytes: one allocation fits them all. */
	btf->offsets = malloc((btf->hdr.type_len / sizeof(struct btf_type) + 1) *
			      sizeof(*btf->offsets));
	if (!btf->offsets)
		return rb_fail(err, RB_ERR_SYSTEM, "%s: .BTF: out of memory", btf->path);
	btf->offsets[0] = 0; /* void has no record (split BTF: overwritten) */
	btf->count = btf->first_id;
	while (pos < end) {
		const struct btf_type *t = (const struct btf_type *)(btf->data + pos);
		uint32_t id = btf->count;
		int64_t extra;

		if (end - pos < sizeof(*t))
			return type_fail(btf, err, id, pos,
					 "only %u bytes are left in the type section; a record "
					 "takes %zu", end - pos, sizeof(*t));
		extra = extra_size(btf_kind(t), btf_vlen(t));
		if (extra < 0)
			return type_fail(btf, err, id, pos, "unknown kind %u", btf_kind(t));
		if ((uint64_t)extra > end - pos - sizeof(*t))
			return type_fail(btf, err, id, pos,
					 "%s with vlen %u: needs %lld bytes after the record, "
					 "but the type section has %zu left",
					 btf_kind_name(btf_kind(t)), btf_vlen(t), (long long)extra,
					 end - pos - sizeof(*t));
		btf->offsets[btf->count++ - btf->base_count] = pos;
		if (check_record(btf, id, pos, &refs, err))
			return -1;
		pos += (uint32_t)(sizeof(*t) + (uint64_t)extra);
	}
	if (refs.id >= btf->count)
		return type_fail(btf, err, refs.from, refs.from_off,
				 "refers to type id %u, but the last type id is %u", refs.id,
				 btf->count - 1);
	return 0;
}

static int parse_owned(struct btf *btf, const char *path, uint8_t *data, size_t size,
		       const struct btf *base, struct rb_error *err)
{
	*btf = (struct btf){ .path = path, .data = data, .size = size, .base = base,
			     .base_count = base ? base->count : 0,
			     .first_id = base ? base->count : 1,
			     .str_base = base ? base->str_base + base->hdr.str_len : 0 };
	if (check_header(btf, err) || check_strings(btf, err))
		goto fail;
	btf->strings = (const char *)data + btf->hdr.hdr_len + btf->hdr.str_off;
	if (index_types(btf, err))
		goto fail;
	if (btf_names_new(btf)) { /* empty: the second lookup by name fills it */
		rb_fail(err, RB_ERR_SYSTEM, "%s: .BTF: out of memory", path);
		goto fail;
	}
	return 0;
fail:
	btf_free(btf); /* frees data too, as promised */
	return -1;
}

int btf_parse_owned(struct btf *btf, const char *path, uint8_t *data, size_t size,
		    struct rb_error *err)
{
	return parse_owned(btf, path, data, size, NULL, err);
}

int btf_parse_split_owned(struct btf *btf, const char *path, uint8_t *data, size_t size,
			  const struct btf *base, struct rb_error *err)
{
	return parse_owned(btf, path, data, size, base, err);
}

int btf_parse(struct btf *btf, const char *path, const uint8_t *data, size_t size,
	      struct rb_error *err)
{
	/* malloc'd memory is aligned for any type: the records can be read in
	 * place. (malloc(0) may give NULL; the header check refuses 0 bytes.) */
	uint8_t *copy = malloc(size ? size : 1);

	*btf = (struct btf){ 0 };
	if (!copy)
		return rb_fail(err, RB_ERR_SYSTEM, "%s: .BTF: out of memory for %zu bytes", path,
			       size);
	if (size)
		memcpy(copy, data, size);
	return btf_parse_owned(btf, path, copy, size, err);
}

void btf_free(struct btf *btf)
{
	free(btf->data);
	free(btf->offsets);
	btf_names_free(btf);
	*btf = (struct btf){ 0 };
}

const char *btf_name(const struct btf *btf, uint32_t name_off)
{
	if (name_off < btf->str_base)
		return btf_name(btf->base, name_off);
	name_off -= btf->str_base;
	return name_off < btf->hdr.str_len ? btf->strings + name_off : "";
}
