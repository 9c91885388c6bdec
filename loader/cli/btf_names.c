/* C spellings of BTF types, for inspect: "__u32", "struct event *",
 * "char[16]", "int (void *ctx)". */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void append(char *buf, size_t size, const char *s)
{
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, "%s", s);
}

void btf_type_str(const struct btf *btf, uint32_t id, char *buf, size_t size, int depth)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	char tmp[64];

	if (depth == 0)
		buf[0] = '\0';
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
		btf_type_str(btf, t->type, buf, size, depth + 1);
		append(buf, size, " *");
		return;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
		append(buf, size, btf_kind(t) == BTF_KIND_CONST ? "const " : "volatile ");
		btf_type_str(btf, t->type, buf, size, depth + 1);
		return;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_extra(t);
		btf_type_str(btf, a->type, buf, size, depth + 1);
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
		btf_type_str(btf, t->type, buf, size, depth + 1);
		append(buf, size, " (");
		for (unsigned i = 0; i < btf_vlen(t); i++) {
			if (i)
				append(buf, size, ", ");
			btf_type_str(btf, p[i].type, buf, size, depth + 1);
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
		btf_type_str(btf, t->type, buf, size, depth + 1);
		return;
	default: /* INT, TYPEDEF, FLOAT: named */
		append(buf, size, btf_name(btf, t->name_off));
		return;
	}
}
