/* Values printed by their BTF types (btf_value.h).
 *
 * A walk over the type of the value, reading the bytes each member, element
 * or variable covers: a struct member's place is its bit offset
 * (btf_member_bit_offset), an array's elements follow each other, a
 * DATASEC's variables (a .bss map's value) are at their secinfo offsets.
 * Everything read is checked against the value's size first, so a type
 * that lies about its layout prints nothing rather than reading past the
 * bytes. The JSON spelling is bpftool's (tools/bpf/bpftool/btf_dumper.c):
 * numbers, enum names as strings, char arrays as strings, structs as
 * objects, so the two can be compared. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "btf_value.h"

#define MAX_DEPTH 32

struct out {
	char *buf;
	size_t size, used;
	int json;
	int block; /* BTF_VALUE_BLOCK: a struct's members one a line */
	int indent; /* block: the nesting of the struct being printed */
	int full; /* the text did not fit */
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->size - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->used)
		o->full = 1;
	else
		o->used += (size_t)n;
}

/* Little-endian, as BPF maps hold them on the machines rawbpf runs on
 * (x86, arm64, riscv): host order. */
static uint64_t read_uint(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, p, n < 8 ? n : 8);
	return v;
}

static void put_string(struct out *o, const uint8_t *p, size_t n)
{
	put(o, "\"");
	for (size_t i = 0; i < n && p[i]; i++) {
		if (p[i] == '"' || p[i] == '\\')
			put(o, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] <= 0x7e)
			put(o, "%c", p[i]);
		else if (o->json)
			put(o, "\\u%04x", p[i]);
		else
			put(o, "\\x%02x", p[i]);
	}
	put(o, "\"");
}

/* A name from the BTF (a member, a variable, an enumerator): C
 * identifiers in any object a compiler made, but bytes all the same, so
 * escaped as strings are (people: \xNN; JSON: \u00XX), and the output
 * stays printable ASCII whatever the object holds. */
static void put_name(struct out *o, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c >= 0x20 && c <= 0x7e)
			put(o, "%c", c);
		else
			put(o, o->json ? "\\u%04x" : "\\x%02x", c);
	}
}

/* A char array worth printing as a string: NUL-terminated within it, and
 * printable up to there (bpftool's is_str_array, which JSON follows). For
 * people also nothing but NULs after it: a string would hide those bytes
 * (a program that wrote comm[1] of a zeroed array), numbers show them. */
static int looks_like_string(const uint8_t *p, size_t n, int strict)
{
	size_t i;

	for (i = 0; i < n && p[i]; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return 0;
	if (i == n)
		return 0;
	for (size_t j = i; strict && j < n; j++)
		if (p[j])
			return 0;
	return 1;
}

static int value(struct out *o, const struct btf *btf, uint32_t id, const uint8_t *p,
		 size_t size, uint32_t bit_off, uint32_t bits, int depth);

static int int_value(struct out *o, const struct btf_type *t, const uint8_t *p, size_t size,
		     uint32_t bit_off, uint32_t bits)
{
	unsigned enc = btf_int_encoding(t);
	uint64_t v;

	if (t->size > 8) { /* __int128: as hex, high byte first */
		put(o, o->json ? "\"0x" : "0x");
		for (size_t i = t->size; i > 0; i--)
			put(o, "%02x", p[i - 1]);
		if (o->json)
			put(o, "\"");
		return 0;
	}
	if (bits == 0) /* a plain integer: its own size, its own bit count */
		bits = btf_int_bits(t);
	if (bit_off + bits > 64 || (bit_off + bits + 7) / 8 > size)
		return -1;
	v = read_uint(p, (bit_off + bits + 7) / 8) >> bit_off;
	if (bits < 64)
		v &= (UINT64_C(1) << bits) - 1;
	if (enc & BTF_INT_BOOL)
		put(o, "%s", v ? "true" : "false");
	else if ((enc & BTF_INT_SIGNED) && bits < 64 && (v >> (bits - 1)))
		put(o, "%" PRId64, (int64_t)(v | ~((UINT64_C(1) << bits) - 1)));
	else if (enc & BTF_INT_SIGNED)
		put(o, "%" PRId64, (int64_t)v);
	else
		put(o, "%" PRIu64, v);
	return 0;
}

static int enum_value(struct out *o, const struct btf *btf, const struct btf_type *t,
		      const uint8_t *p, size_t size, uint32_t bit_off, uint32_t bits)
{
	uint64_t v;

	if (t->size > 8 || t->size > size)
		return -1;
	if (bits == 0) /* a plain enum: its own size */
		bits = t->size * 8;
	if (bit_off + bits > 64 || (bit_off + bits + 7) / 8 > size)
		return -1;
	v = read_uint(p, (bit_off + bits + 7) / 8) >> bit_off;
	if (bits < 64)
		v &= (UINT64_C(1) << bits) - 1;
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		uint64_t e;
		uint32_t name_off;
		if (btf_kind(t) == BTF_KIND_ENUM) {
			e = (uint32_t)btf_enums(t)[i].val;
			name_off = btf_enums(t)[i].name_off;
		} else {
			e = (uint64_t)btf_enum64s(t)[i].val_hi32 << 32 | btf_enum64s(t)[i].val_lo32;
			name_off = btf_enum64s(t)[i].name_off;
		}
		if (t->size < 8)
			e &= (UINT64_C(1) << (t->size * 8)) - 1;
		if (e == v) {
			put(o, o->json ? "\"" : "");
			put_name(o, btf_name(btf, name_off));
			put(o, o->json ? "\"" : "");
			return 0;
		}
	}
	put(o, "%" PRIu64, v);
	return 0;
}

static int array_value(struct out *o, const struct btf *btf, const struct btf_type *t,
		       const uint8_t *p, size_t size, int depth)
{
	const struct btf_array *a = btf_array(t);
	uint64_t elem;
	uint32_t elem_id;
	const struct btf_type *et;
	int block = o->block;

	if (btf_type_size(btf, a->type, &elem, NULL) || btf_resolve(btf, a->type, &elem_id, NULL))
		return -1;
	if (elem * a->nelems > size)
		return -1;
	et = btf_type_by_id(btf, elem_id);
	if (et && btf_kind(et) == BTF_KIND_INT && elem == 1 &&
	    looks_like_string(p, a->nelems, !o->json)) {
		put_string(o, p, a->nelems);
		return 0;
	}
	/* an array stays on its line, in the block style too: its elements
	 * are usually numbers, and one a line would be a column of them */
	o->block = 0;
	put(o, "[");
	for (uint32_t i = 0; i < a->nelems; i++) {
		put(o, i ? (o->json ? "," : ", ") : "");
		if (value(o, btf, a->type, p + i * elem, (size_t)elem, 0, 0, depth + 1)) {
			o->block = block;
			return -1;
		}
	}
	put(o, "]");
	o->block = block;
	return 0;
}

/* Before a member or variable: the separator of the style, and in the
 * block style a new line indented to the struct's depth. */
static void separator(struct out *o, int *first)
{
	if (o->block)
		put(o, "\n%*s", 4 * o->indent, "");
	else
		put(o, *first ? "" : (o->json ? "," : ", "));
	*first = 0;
}

/* A struct's or union's members, without the braces: an anonymous
 * member's own members go in line, as C reads them (s.a for s.anon.a). */
static int members(struct out *o, const struct btf *btf, const struct btf_type *t,
		   const uint8_t *p, size_t size, int *first, int depth)
{
	const struct btf_member *m = btf_members(t);

	for (unsigned i = 0; i < btf_vlen(t); i++) {
		uint32_t off = btf_member_bit_offset(t, &m[i]);
		uint32_t bits = btf_member_bitfield_size(t, &m[i]);
		const char *name = btf_name(btf, m[i].name_off);
		uint32_t rid;
		const struct btf_type *mt;

		if (off / 8 > size)
			return -1;
		if (!*name && btf_resolve(btf, m[i].type, &rid, NULL) == 0 &&
		    (mt = btf_type_by_id(btf, rid)) &&
		    (btf_kind(mt) == BTF_KIND_STRUCT || btf_kind(mt) == BTF_KIND_UNION)) {
			if (off % 8 || mt->size > size - off / 8 || depth > MAX_DEPTH)
				return -1;
			if (members(o, btf, mt, p + off / 8, mt->size, first, depth + 1))
				return -1;
			continue;
		}
		separator(o, first);
		put(o, o->json ? "\"" : ".");
		put_name(o, name);
		put(o, o->json ? "\":" : " = ");
		/* a bitfield: its bits counted from the byte that holds the first */
		if (value(o, btf, m[i].type, p + off / 8, size - off / 8, off % 8, bits, depth + 1))
			return -1;
		put(o, o->block ? "," : "");
	}
	return 0;
}

/* The closing brace: in the block style on a line of its own, at the
 * indentation of the line the struct began on. */
static void close_brace(struct out *o, int empty)
{
	if (o->block)
		put(o, empty ? "}" : "\n%*s}", 4 * o->indent, "");
	else
		put(o, o->json ? "}" : (empty ? "}" : " }"));
}

static int struct_value(struct out *o, const struct btf *btf, const struct btf_type *t,
			const uint8_t *p, size_t size, int depth)
{
	int first = 1;

	if (t->size > size)
		return -1;
	put(o, o->json || o->block ? "{" : "{ ");
	o->indent++;
	if (members(o, btf, t, p, t->size, &first, depth))
		return -1;
	o->indent--;
	close_brace(o, first);
	return 0;
}

/* Global data: a .bss/.data/.rodata map's value is its DATASEC, each
 * variable at its offset. */
static int datasec_value(struct out *o, const struct btf *btf, const struct btf_type *t,
			 const uint8_t *p, size_t size, int depth)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	int first = 1;

	/* JSON as bpftool's btf_dumper_datasec(): {".bss":[{"a":1},{"b":2}]} */
	if (o->json) {
		put(o, "{\"");
		put_name(o, btf_name(btf, t->name_off));
		put(o, "\":[");
	} else {
		put(o, o->block ? "{" : "{ ");
	}
	o->indent++;
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *var = btf_type_by_id(btf, v[i].type);
		if (!var || v[i].offset > size || v[i].size > size - v[i].offset)
			return -1;
		separator(o, &first);
		put(o, o->json ? "{\"" : ".");
		put_name(o, btf_name(btf, var->name_off));
		put(o, o->json ? "\":" : " = ");
		if (value(o, btf, var->type, p + v[i].offset, v[i].size, 0, 0, depth + 1))
			return -1;
		put(o, o->json ? "}" : o->block ? "," : "");
	}
	o->indent--;
	if (o->json)
		put(o, "]}");
	else
		close_brace(o, first);
	return 0;
}

/* bit_off, bits: a bitfield member (else 0, 0): only INT and ENUM have
 * them. */
static int value(struct out *o, const struct btf *btf, uint32_t id, const uint8_t *p,
		 size_t size, uint32_t bit_off, uint32_t bits, int depth)
{
	const struct btf_type *t;
	uint32_t rid;

	if (depth > MAX_DEPTH || btf_resolve(btf, id, &rid, NULL))
		return -1;
	t = btf_type_by_id(btf, rid);
	if (!t)
		return -1; /* void has no value */
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		if (t->size > size)
			return -1;
		return int_value(o, t, p, size, bit_off, bits);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return enum_value(o, btf, t, p, size, bit_off, bits);
	case BTF_KIND_PTR:
		if (size < 8)
			return -1;
		put(o, o->json ? "%" PRIu64 : "0x%" PRIx64, read_uint(p, 8));
		return 0;
	case BTF_KIND_FLOAT:
		if (t->size == 4 && size >= 4) {
			float f;
			memcpy(&f, p, 4);
			put(o, "%g", (double)f);
		} else if (t->size == 8 && size >= 8) {
			double d;
			memcpy(&d, p, 8);
			put(o, "%g", d);
		} else {
			return -1;
		}
		return 0;
	case BTF_KIND_ARRAY:
		return array_value(o, btf, t, p, size, depth);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return struct_value(o, btf, t, p, size, depth);
	case BTF_KIND_DATASEC:
		return datasec_value(o, btf, t, p, size, depth);
	default: /* FWD, FUNC, FUNC_PROTO, VAR alone: no value to print */
		return -1;
	}
}

int btf_value_format(const struct btf *btf, uint32_t id, const uint8_t *data, size_t size,
		     int style, char *buf, size_t bufsize)
{
	struct out o = { .buf = buf, .size = bufsize, .json = style == BTF_VALUE_JSON,
			 .block = style == BTF_VALUE_BLOCK };
	uint64_t want;

	if (bufsize == 0)
		return -1;
	buf[0] = '\0';
	if (btf_type_size(btf, id, &want, NULL) || want != size ||
	    value(&o, btf, id, data, size, 0, 0, 0) || o.full) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}
