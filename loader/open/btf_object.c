/* The object's type information: .BTF and .BTF.ext, parsed at open.
 *
 * Legacy objects do not need BTF (clang -g adds it anyway); modern ones do:
 * BTF-defined maps are described only there. A malformed .BTF is an error
 * either way: the file is damaged, and rawbpf says so. */
#include <stdlib.h>

#include "elf/btf_ext.h"
#include "loader/internal.h"

int rb_read_btf(struct rb_object *obj, struct rb_error *err)
{
	const struct elf_section *sec = elf_section_by_name(&obj->elf, ".BTF");
	const struct elf_section *ext = elf_section_by_name(&obj->elf, ".BTF.ext");

	if (!sec)
		return 0;
	if (!sec->data)
		return rb_fail(err, RB_ERR_INPUT, "%s: section .BTF has no bytes", obj->path);
	obj->btf = calloc(1, sizeof(*obj->btf));
	if (!obj->btf)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	if (btf_parse(obj->btf, obj->path, sec->data, sec->size, err)) {
		free(obj->btf);
		obj->btf = NULL;
		return -1;
	}
	rb_narrate(&obj->narrator, "section .BTF: %u types, %u bytes of strings", obj->btf->count - 1,
		 obj->btf->hdr.str_len);
	rb_btf_fix_datasecs(obj);
	if (!ext || !ext->data)
		return 0;
	obj->btf_ext = calloc(1, sizeof(*obj->btf_ext));
	if (!obj->btf_ext)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	if (btf_ext_parse(obj->btf_ext, obj->btf, ext->data, ext->size, err)) {
		free(obj->btf_ext);
		obj->btf_ext = NULL;
		return -1;
	}
	rb_narrate(&obj->narrator, "section .BTF.ext: func_info %u bytes, line_info %u bytes",
		 obj->btf_ext->func_info.len, obj->btf_ext->line_info.len);
	return 0;
}

void rb_free_btf(struct rb_object *obj)
{
	if (obj->btf)
		btf_free(obj->btf);
	if (obj->btf_ext)
		btf_ext_free(obj->btf_ext);
	if (obj->vmlinux_btf)
		btf_free(obj->vmlinux_btf);
	free(obj->btf);
	free(obj->btf_ext);
	free(obj->vmlinux_btf);
	obj->btf = NULL;
	obj->btf_ext = NULL;
	obj->vmlinux_btf = NULL;
}
