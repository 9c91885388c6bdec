/* C spellings of BTF types, for people: "__u32", "struct event *",
 * "char[16]", "int (void *ctx)". Pure: reads only the parsed BTF. */
#include <stdio.h>
#include <string.h>

#include "btf.h"

static void append(char *buf, size_t size, const char *s)
{
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, "%s", s);
}

/* Appends to buf. A chain of more than 8 types (pointer to pointer to
 * const ...) is cut with "...": a type loop must not recurse for ever. */
static void type_str(const struct btf *btf, uint32_t id, char *buf, size_t size, int depth)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	char tmp[64];

	if (!t) {
		append(buf, size, "void");
		return;
	}
	if (depth > 8) {
		append(buf, size, "...");
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		type_str(btf, t->type, buf, size, depth + 1);
		append(buf, size, " *");
		return;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
		append(buf, size, btf_kind(t) == BTF_KIND_CONST ? "const " : "volatile ");
		type_str(btf, t->type, buf, size, depth + 1);
		return;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_extra(t);
		type_str(btf, a->type, buf, size, depth + 1);
		snprintf(tmp, sizeof(tmp), "[%u]", a->nelems);
		append(buf, size, tmp);
		return;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		append(buf, size, btf_kind(t) == BTF_KIND_UNION ? "union "
				  : btf_kind(t) == BTF_KIND_STRUCT ? "struct "
				  : btf_kind(t) == BTF_KIND_FWD ? "struct " : "enum ");
		append(buf, size, t->name_off ? btf_name(btf, t->name_off) : "(anonymous)");
		return;
	case BTF_KIND_FUNC_PROTO: {
		const struct btf_param *p = btf_extra(t);
		type_str(btf, t->type, buf, size, depth + 1);
		append(buf, size, " (");
		for (unsigned i = 0; i < btf_vlen(t); i++) {
			if (i)
				append(buf, size, ", ");
			type_str(btf, p[i].type, buf, size, depth + 1);
			if (p[i].name_off) {
				append(buf, size, " ");
				append(buf, size, btf_name(btf, p[i].name_off));
			}
		}
		append(buf, size, ")");
		return;
	}
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_TYPE_TAG:
		type_str(btf, t->type, buf, size, depth + 1);
		return;
	default: /* INT, TYPEDEF, FLOAT: named */
		append(buf, size, btf_name(btf, t->name_off));
		return;
	}
}

void btf_type_str(const struct btf *btf, uint32_t id, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	type_str(btf, id, buf, size, 0);
}

int btf_func_signature(const struct btf *btf, uint32_t func_id, char *buf, size_t size)
{
	const struct btf_type *fn = btf_type_by_id(btf, func_id);
	const struct btf_type *proto = fn ? btf_type_by_id(btf, fn->type) : NULL;
	char part[128]; /* each type's spelling: long ones are cut here */

	if (size == 0)
		return -1;
	buf[0] = '\0';
	if (!fn || btf_kind(fn) != BTF_KIND_FUNC || !proto ||
	    btf_kind(proto) != BTF_KIND_FUNC_PROTO)
		return -1;
	btf_type_str(btf, proto->type, part, sizeof(part));
	append(buf, size, part);
	append(buf, size, " ");
	append(buf, size, btf_name(btf, fn->name_off));
	append(buf, size, "(");
	for (unsigned i = 0; i < btf_vlen(proto); i++) {
		const struct btf_param *p = (const struct btf_param *)btf_extra(proto) + i;
		size_t len;

		btf_type_str(btf, p->type, part, sizeof(part));
		len = strlen(part);
		append(buf, size, i ? ", " : "");
		append(buf, size, part);
		/* "void *ctx", "int x": no space after a '*' */
		if (p->name_off && len && part[len - 1] != '*')
			append(buf, size, " ");
		append(buf, size, btf_name(btf, p->name_off));
	}
	append(buf, size, ")");
	return 0;
}
