/* C declarations from BTF: names, order and text (btf_c.h says what and
 * why; btf_c_layout.c decides packing and padding). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "btf_c_internal.h"

void btf_c_sb_add(struct btf_c_sb *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sb->len + (size_t)n + 1 > sb->cap) {
		size_t cap = (sb->cap ? sb->cap * 2 : 256) + (n > 0 ? (size_t)n : 0);
		char *s = n < 0 ? NULL : realloc(sb->s, cap);

		if (!s) {
			sb->oom = 1;
			return;
		}
		sb->s = s;
		sb->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

static int oom(struct rb_error *err)
{
	return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
}

static const char *tabs(int n)
{
	static const char t[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

	return n >= (int)sizeof(t) - 1 ? t : t + sizeof(t) - 1 - n;
}

void btf_c_identifier(const char *name, char *out)
{
	size_t j = 0;

	if (name[0] >= '0' && name[0] <= '9')
		out[j++] = '_';
	for (size_t i = 0; name[i]; i++) {
		char ch = name[i];
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			 (ch >= '0' && ch <= '9') || ch == '_';
		out[j++] = ok ? ch : '_';
	}
	out[j] = '\0';
}

int btf_c_new(struct btf_c **out, const struct btf *btf, struct rb_error *err)
{
	struct btf_c *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return oom(err);
	c->btf = btf;
	c->state = calloc(btf->count ? btf->count : 1, 1);
	c->names = calloc(btf->count ? btf->count : 1, sizeof(*c->names));
	c->layouts = calloc(btf->count ? btf->count : 1, sizeof(*c->layouts));
	if (!c->state || !c->names || !c->layouts) {
		btf_c_free(c);
		return oom(err);
	}
	*out = c;
	return 0;
}

void btf_c_free(struct btf_c *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->used_count; i++)
		free(c->used[i].name);
	free(c->used);
	free(c->state);
	free(c->names); /* they point into used[] names */
	free(c->layouts);
	free(c->out.s);
	free(c);
}

static const struct btf_c_used *taken(const struct btf_c *c, const char *name, int tag)
{
	for (size_t i = 0; i < c->used_count; i++)
		if (c->used[i].tag == tag && strcmp(c->used[i].name, name) == 0)
			return &c->used[i];
	return NULL;
}

/* Take `name` (or name___2, name___3, ... when another has it) for id. */
static char *take(struct btf_c *c, const char *name, int tag, uint32_t id, struct rb_error *err)
{
	size_t size = strlen(name) + 16;
	char *s = malloc(size);

	if (s && c->used_count == c->used_cap) {
		size_t cap = c->used_cap ? c->used_cap * 2 : 64;
		struct btf_c_used *u = realloc(c->used, cap * sizeof(*u));

		if (!u) {
			free(s);
			s = NULL;
		} else {
			c->used = u;
			c->used_cap = cap;
		}
	}
	if (!s) {
		oom(err);
		return NULL;
	}
	snprintf(s, size, "%s", name);
	for (unsigned n = 2; taken(c, s, tag); n++)
		snprintf(s, size, "%s___%u", name, n);
	c->used[c->used_count++] = (struct btf_c_used){ .name = s, .tag = tag, .id = id };
	return s;
}

int btf_c_reserve(struct btf_c *c, const char *name, int tag, struct rb_error *err)
{
	return take(c, name, tag, 0, err) ? 0 : -1;
}

/* The typedefs of <stdint.h> and <stddef.h>, which the skeleton includes:
 * the object's own may say another type of the same size (a BPF program's
 * uint64_t is unsigned long long, x86-64's unsigned long), and C refuses
 * two typedefs of one name that differ. The host's is used instead. */
static int is_host_typedef(const char *name)
{
	static const char *const names[] = {
		"int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
		"uint32_t", "uint64_t", "size_t", "ptrdiff_t", "intptr_t", "uintptr_t",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static int is_tag_kind(unsigned kind)
{
	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
	       kind == BTF_KIND_ENUM64 || kind == BTF_KIND_FWD;
}

/* The name type id is written under, given on first use; NULL for
 * anonymous types (and on error, with err set). */
static const char *name_of(struct btf_c *c, uint32_t id, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id);
	const char *name = t ? btf_name(c->btf, t->name_off) : "";

	if (c->names[id] || !*name)
		return c->names[id];
	if (btf_kind(t) == BTF_KIND_FWD) {
		/* a declaration of a struct the BTF may also define: one name */
		int s = btf_find_by_name_kind(c->btf, name,
					      btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT);
		if (s > 0)
			return c->names[id] = (char *)name_of(c, (uint32_t)s, err);
	}
	if (btf_kind(t) == BTF_KIND_TYPEDEF && is_host_typedef(name)) {
		c->state[id] = BTF_C_DEFINED;
		return c->names[id] = (char *)name; /* the BTF's strings outlive c */
	}
	return c->names[id] = take(c, name, is_tag_kind(btf_kind(t)), id, err);
}

const char *btf_c_name(const struct btf_c *c, uint32_t id)
{
	return id < c->btf->count ? c->names[id] : NULL;
}

static const struct btf_type *skip_type_tags(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	for (int i = 0; t && btf_kind(t) == BTF_KIND_TYPE_TAG && i < BTF_C_DEPTH; i++)
		t = btf_type_by_id(btf, t->type);
	return t;
}

static int too_deep(struct btf_c *c, uint32_t id, struct rb_error *err)
{
	return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u: types nested more than %d deep "
		       "(a loop?)", c->btf->path, id, BTF_C_DEPTH);
}

static int define(struct btf_c *c, uint32_t id, int depth, struct rb_error *err);
static int decl(struct btf_c *c, struct btf_c_sb *sb, uint32_t id, const char *inner,
		int indent, int strip, int depth, struct rb_error *err);

/* Make sure type id can be used: by value (strong) or through a pointer. */
static int need(struct btf_c *c, uint32_t id, int strong, int depth, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id);

	if (!t)
		return 0;
	if (depth > BTF_C_DEPTH)
		return too_deep(c, id, err);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		return need(c, t->type, 0, depth + 1, err);
	case BTF_KIND_ARRAY: /* an array's element is always complete */
		return need(c, btf_array(t)->type, 1, depth + 1, err);
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_VAR:
	case BTF_KIND_FUNC:
		return need(c, t->type, strong, depth + 1, err);
	case BTF_KIND_FUNC_PROTO:
		if (need(c, t->type, 0, depth + 1, err))
			return -1;
		for (unsigned i = 0; i < btf_vlen(t); i++)
			if (need(c, btf_params(t)[i].type, 0, depth + 1, err))
				return -1;
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!t->name_off) { /* written inline: its members must be out */
			for (unsigned i = 0; i < btf_vlen(t); i++)
				if (need(c, btf_members(t)[i].type, 1, depth + 1, err))
					return -1;
			return 0;
		}
		if (c->state[id] == BTF_C_DEFINED || c->state[id] == BTF_C_DEFINING)
			return 0; /* DEFINING: a pointer back to itself */
		if (!strong) {
			if (c->state[id] == BTF_C_UNSEEN) {
				const char *n = name_of(c, id, err);
				if (!n)
					return -1;
				btf_c_sb_add(&c->out, "%s %s;\n\n",
					     btf_kind(t) == BTF_KIND_UNION ? "union" : "struct", n);
				c->state[id] = BTF_C_DECLARED;
			}
			return 0;
		}
		return define(c, id, depth, err);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		/* C has no declaration of an enum without its values */
		if (!t->name_off || c->state[id] == BTF_C_DEFINED)
			return 0;
		return define(c, id, depth, err);
	case BTF_KIND_FWD: {
		const char *n = name_of(c, id, err);
		int s = btf_find_by_name_kind(c->btf, btf_name(c->btf, t->name_off),
					      btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT);
		if (!n)
			return -1;
		if (s > 0)
			return need(c, (uint32_t)s, 0, depth + 1, err);
		if (c->state[id] == BTF_C_UNSEEN) {
			btf_c_sb_add(&c->out, "%s %s;\n\n", btf_kflag(t) ? "union" : "struct", n);
			c->state[id] = BTF_C_DECLARED;
		}
		return 0;
	}
	case BTF_KIND_TYPEDEF:
		if (!name_of(c, id, err))
			return -1;
		if (c->state[id] == BTF_C_UNSEEN) {
			c->state[id] = BTF_C_DEFINING;
			if (need(c, t->type, 0, depth + 1, err) || define(c, id, depth, err))
				return -1;
		}
		/* used by value: what it names must be complete too */
		return strong ? need(c, t->type, 1, depth + 1, err) : 0;
	default: /* INT, FLOAT, DATASEC, DECL_TAG: nothing to declare */
		return 0;
	}
}

/* "__rb_padN" members: numbered across one top-level definition, since an
 * anonymous member's members share their parent's names. */
static void pad(struct btf_c *c, struct btf_c_sb *sb, uint32_t cur, uint32_t to, int indent)
{
	if (cur % 8 && cur < to) {
		uint32_t n = 8 - cur % 8 < to - cur ? 8 - cur % 8 : to - cur;
		btf_c_sb_add(sb, "%sunsigned char : %u;\n", tabs(indent), n);
		cur += n;
	}
	if (to - cur >= 8) {
		btf_c_sb_add(sb, "%schar __rb_pad%d[%u];\n", tabs(indent), c->pads++, (to - cur) / 8);
		cur += (to - cur) / 8 * 8;
	}
	if (cur < to)
		btf_c_sb_add(sb, "%sunsigned char : %u;\n", tabs(indent), to - cur);
}

/* "{ members }" with padding and attributes: a struct's or a union's body,
 * its closing brace at `indent`. */
static int body(struct btf_c *c, struct btf_c_sb *sb, const char *what,
		const struct btf_c_member *m, size_t n, uint32_t size, int is_union,
		int indent, int strip, int depth, struct rb_error *err)
{
	struct btf_c_layout l;
	uint32_t cur = 0;

	if (btf_c_layout_of(c, m, n, size, is_union, &l, err))
		return -1;
	btf_c_sb_add(sb, "{\n");
	for (size_t i = 0; i < n; i++) {
		uint32_t a, s, off = m[i].bit_offset, w = m[i].bitfield_size;

		if (btf_c_align(c, m[i].type, &a, depth + 1, err) ||
		    btf_c_size(c, m[i].type, &s, err))
			return -1;
		if (!is_union) {
			uint32_t at = btf_c_natural_offset(cur, a, s, w, l.packed);
			if (off < cur)
				return rb_fail(err, RB_ERR_INPUT,
					       "%s: .BTF: %s: member %s at bit %u overlaps the one "
					       "before it (which ends at bit %u): not a C layout",
					       c->btf->path, what, m[i].name, off, cur);
			if (off != at)
				pad(c, sb, cur, off, indent + 1);
			cur = off + (w ? w : s * 8);
		}
		btf_c_sb_add(sb, "%s", tabs(indent + 1));
		if (decl(c, sb, m[i].type, m[i].name, indent + 1, strip, depth + 1, err))
			return -1;
		if (w)
			btf_c_sb_add(sb, " : %u", w);
		btf_c_sb_add(sb, ";\n");
	}
	if (!is_union) {
		uint32_t a = l.packed ? 1 : l.align, end = (cur + a * 8 - 1) / (a * 8) * (a * 8);
		if (cur > size * 8)
			return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: %s: its members end at bit %u, "
				       "past its size (%u bytes)", c->btf->path, what, cur, size);
		if (end != size * 8)
			pad(c, sb, cur, size * 8, indent + 1);
	} else if (l.tail_pad) {
		btf_c_sb_add(sb, "%schar __rb_pad%d[%u];\n", tabs(indent + 1), c->pads++, size);
	}
	btf_c_sb_add(sb, "%s}", tabs(indent));
	if (l.packed)
		btf_c_sb_add(sb, " __attribute__((packed))");
	if (l.aligned)
		btf_c_sb_add(sb, " __attribute__((aligned(%u)))", l.aligned);
	return 0;
}

static int struct_body(struct btf_c *c, struct btf_c_sb *sb, uint32_t id, int indent,
		       int depth, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id);
	struct btf_c_member *m;
	char what[96];
	int r;

	if (btf_c_members_of(c, t, &m, err))
		return -1;
	snprintf(what, sizeof(what), "%s %s (type %u)",
		 btf_kind(t) == BTF_KIND_UNION ? "union" : "struct",
		 t->name_off ? btf_name(c->btf, t->name_off) : "(anonymous)", id);
	r = body(c, sb, what, m, btf_vlen(t), t->size, btf_kind(t) == BTF_KIND_UNION, indent, 0,
		 depth, err);
	free(m);
	return r;
}

/* An enum's size as C would give it: int, or a larger integer when a
 * value needs one. Other sizes (packed enums, -fshort-enums) say their
 * integer mode. */
static const char *enum_mode(const struct btf_type *t)
{
	switch (t->size) {
	case 1: return " __attribute__((mode(byte)))";
	case 2: return " __attribute__((mode(HI)))";
	case 8: return " __attribute__((mode(DI)))";
	default: return "";
	}
}

static int enum_body(struct btf_c *c, struct btf_c_sb *sb, uint32_t id, int indent,
		     struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id);
	int is64 = btf_kind(t) == BTF_KIND_ENUM64, is_signed = btf_kflag(t);

	btf_c_sb_add(sb, "{\n");
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		uint32_t name_off = is64 ? btf_enum64s(t)[i].name_off : btf_enums(t)[i].name_off;
		uint64_t v = is64 ? ((uint64_t)btf_enum64s(t)[i].val_hi32 << 32) |
					    btf_enum64s(t)[i].val_lo32
				  : (uint64_t)(uint32_t)btf_enums(t)[i].val;
		const char *name = take(c, btf_name(c->btf, name_off), 0, id, err);

		if (!name)
			return -1;
		/* a suffix only where int cannot hold the value, so that C gives
		 * the enum the size BTF says (enum_mode() does the rest) */
		if (is_signed && !is64)
			v = (uint64_t)(int64_t)(int32_t)v;
		if (is_signed && (int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX)
			btf_c_sb_add(sb, "%s%s = %lld,\n", tabs(indent + 1), name, (long long)v);
		else if (is_signed)
			btf_c_sb_add(sb, "%s%s = %lldLL,\n", tabs(indent + 1), name, (long long)v);
		else if (v <= INT32_MAX)
			btf_c_sb_add(sb, "%s%s = %llu,\n", tabs(indent + 1), name, (unsigned long long)v);
		else
			btf_c_sb_add(sb, "%s%s = %lluU%s,\n", tabs(indent + 1), name,
				     (unsigned long long)v, v > UINT32_MAX ? "LL" : "");
	}
	btf_c_sb_add(sb, "%s}%s", tabs(indent), enum_mode(t));
	return 0;
}

/* Write type id's own top-level definition. */
static int define(struct btf_c *c, uint32_t id, int depth, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id);
	const char *n = name_of(c, id, err);

	if (!n)
		return -1;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		c->state[id] = BTF_C_DEFINING;
		for (unsigned i = 0; i < btf_vlen(t); i++)
			if (need(c, btf_members(t)[i].type, 1, depth + 1, err))
				return -1;
		c->pads = 0;
		btf_c_sb_add(&c->out, "%s %s ", btf_kind(t) == BTF_KIND_UNION ? "union" : "struct", n);
		if (struct_body(c, &c->out, id, 0, depth, err))
			return -1;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		btf_c_sb_add(&c->out, "enum %s ", n);
		if (enum_body(c, &c->out, id, 0, err))
			return -1;
		break;
	default: /* TYPEDEF */
		btf_c_sb_add(&c->out, "typedef ");
		c->pads = 0;
		if (decl(c, &c->out, t->type, n, 0, 0, depth + 1, err))
			return -1;
		break;
	}
	btf_c_sb_add(&c->out, ";\n\n");
	c->state[id] = BTF_C_DEFINED;
	return c->out.oom ? oom(err) : 0;
}

/* Append "TYPE inner": the declaration of `inner` (a name, or a declarator
 * being built outwards: "*p", "(*fp)(int)") as type id. */
static int decl(struct btf_c *c, struct btf_c_sb *sb, uint32_t id, const char *inner,
		int indent, int strip, int depth, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(c->btf, id), *next;
	struct btf_c_sb d = { 0 };
	const char *n;
	int r = 0;

	if (depth > BTF_C_DEPTH)
		return too_deep(c, id, err);
	if (!t) {
		btf_c_sb_add(sb, "void%s%s", *inner ? " " : "", inner);
		return 0;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		next = skip_type_tags(c->btf, t->type);
		if (next && (btf_kind(next) == BTF_KIND_ARRAY || btf_kind(next) == BTF_KIND_FUNC_PROTO))
			btf_c_sb_add(&d, "(*%s)", inner);
		else
			btf_c_sb_add(&d, "*%s", inner);
		r = d.oom ? oom(err) : decl(c, sb, t->type, d.s, indent, 0, depth + 1, err);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: {
		const char *q = btf_kind(t) == BTF_KIND_CONST ? "const"
				: btf_kind(t) == BTF_KIND_VOLATILE ? "volatile" : "restrict";
		if (strip)
			return decl(c, sb, t->type, inner, indent, 1, depth + 1, err);
		next = skip_type_tags(c->btf, t->type);
		if (next && btf_kind(next) == BTF_KIND_PTR) { /* char *const p */
			btf_c_sb_add(&d, "%s%s%s", q, *inner ? " " : "", inner);
			r = d.oom ? oom(err) : decl(c, sb, t->type, d.s, indent, 0, depth + 1, err);
		} else {
			btf_c_sb_add(sb, "%s ", q);
			r = decl(c, sb, t->type, inner, indent, 0, depth + 1, err);
		}
		break;
	}
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_VAR:
		return decl(c, sb, t->type, inner, indent, strip, depth + 1, err);
	case BTF_KIND_ARRAY:
		btf_c_sb_add(&d, "%s[%u]", inner, btf_array(t)->nelems);
		r = d.oom ? oom(err) : decl(c, sb, btf_array(t)->type, d.s, indent, 0, depth + 1, err);
		break;
	case BTF_KIND_FUNC_PROTO:
		btf_c_sb_add(&d, "%s(", inner);
		for (unsigned i = 0; i < btf_vlen(t) && !r; i++) {
			const struct btf_param *p = &btf_params(t)[i];
			if (i)
				btf_c_sb_add(&d, ", ");
			if (i == btf_vlen(t) - 1 && p->type == 0)
				btf_c_sb_add(&d, "...");
			else
				r = decl(c, &d, p->type, btf_name(c->btf, p->name_off), indent, 0,
					 depth + 1, err);
		}
		btf_c_sb_add(&d, "%s)", btf_vlen(t) ? "" : "void");
		if (!r)
			r = d.oom ? oom(err) : decl(c, sb, t->type, d.s, indent, 0, depth + 1, err);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD: {
		int is_union = btf_kind(t) == BTF_KIND_UNION ||
			       (btf_kind(t) == BTF_KIND_FWD && btf_kflag(t));
		int is_enum = btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64;

		btf_c_sb_add(sb, "%s ", is_enum ? "enum" : is_union ? "union" : "struct");
		if (t->name_off) {
			if (!(n = name_of(c, id, err)))
				return -1;
			btf_c_sb_add(sb, "%s", n);
		} else if (is_enum) {
			r = enum_body(c, sb, id, indent, err);
		} else {
			r = struct_body(c, sb, id, indent, depth, err);
		}
		if (!r && *inner)
			btf_c_sb_add(sb, " %s", inner);
		break;
	}
	case BTF_KIND_TYPEDEF:
		if (!(n = name_of(c, id, err)))
			return -1;
		btf_c_sb_add(sb, "%s%s%s", n, *inner ? " " : "", inner);
		break;
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		btf_c_sb_add(sb, "%s%s%s", btf_name(c->btf, t->name_off), *inner ? " " : "", inner);
		break;
	default:
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: type %u (%s) cannot be written as C",
			       c->btf->path, id, btf_kind_name(btf_kind(t)));
	}
	free(d.s);
	if (!r && sb->oom)
		return oom(err);
	return r;
}

int btf_c_emit_type(struct btf_c *c, uint32_t id, struct rb_error *err)
{
	if (id >= c->btf->count)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF: there is no type %u", c->btf->path, id);
	if (need(c, id, 1, 0, err))
		return -1;
	return c->out.oom ? oom(err) : 0;
}

int btf_c_emit_all(struct btf_c *c, struct rb_error *err)
{
	for (uint32_t id = c->btf->first_id; id < c->btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(c->btf, id);
		unsigned k = btf_kind(t);

		if (t->name_off && (k == BTF_KIND_STRUCT || k == BTF_KIND_UNION || k == BTF_KIND_ENUM ||
				    k == BTF_KIND_ENUM64 || k == BTF_KIND_TYPEDEF || k == BTF_KIND_FWD) &&
		    btf_c_emit_type(c, id, err))
			return -1;
	}
	return 0;
}

int btf_c_emit_struct(struct btf_c *c, const char *tag, const struct btf_c_member *m,
		      size_t count, uint32_t size, const char *declarator, int indent,
		      int strip_mods, struct rb_error *err)
{
	char what[96];

	for (size_t i = 0; i < count; i++)
		if (need(c, m[i].type, 1, 0, err))
			return -1;
	snprintf(what, sizeof(what), "struct %s", tag);
	c->pads = 0;
	btf_c_sb_add(&c->out, "%sstruct %s ", tabs(indent), tag);
	if (body(c, &c->out, what, m, count, size, 0, indent, strip_mods, 0, err))
		return -1;
	btf_c_sb_add(&c->out, "%s%s;\n", *declarator ? " " : "", declarator);
	return c->out.oom ? oom(err) : 0;
}

int btf_c_append(struct btf_c *c, const char *text, struct rb_error *err)
{
	btf_c_sb_add(&c->out, "%s", text);
	return c->out.oom ? oom(err) : 0;
}

const char *btf_c_text(const struct btf_c *c, size_t *len)
{
	if (len)
		*len = c->out.len;
	return c->out.s ? c->out.s : "";
}
