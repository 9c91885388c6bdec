/* The object's type information: .BTF and .BTF.ext, parsed at open.
 *
 * Legacy objects do not need BTF (clang -g adds it anyway); modern ones do:
 * BTF-defined maps are described only there. A malformed .BTF is an error
 * either way: the file is damaged, and rawbpf says so. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf_ext.h"
#include "open.h"

/* clang leaves DATASEC sizes and variable offsets 0 (the linker would fill
 * them in): they come from the ELF sections and the symbols. Pure work on
 * the ELF tables, done once at open. An object made by a BPF linker
 * (bpftool gen object) has them filled in already, and there two units'
 * `static int x` may share one section, where a lookup by name would give
 * both the first one's offset: offsets are only taken from the symbols
 * where clang left the size 0. */
static void fix_datasecs(struct rb_object *obj)
{
	struct btf *btf = obj->btf;

	for (uint32_t id = 1; id < btf->count; id++) {
		struct btf_type *t = btf_type_mut(btf, id);
		const struct elf_section *sec;
		struct btf_var_secinfo *vars;
		int laid_out;

		if (btf_kind(t) != BTF_KIND_DATASEC)
			continue;
		sec = elf_section_by_name(&obj->elf, btf_name(btf, t->name_off));
		if (!sec)
			continue; /* e.g. .kconfig: externs, no section */
		laid_out = t->size != 0;
		if (t->size != sec->size)
			rb_narrate(&obj->narrator, "BTF fix-up: DATASEC %s size %u -> %llu", sec->name,
				 t->size, (unsigned long long)sec->size);
		t->size = (uint32_t)sec->size;
		vars = (struct btf_var_secinfo *)(t + 1);
		for (unsigned i = 0; i < btf_vlen(t) && !laid_out; i++) {
			const struct btf_type *var = btf_type_by_id(btf, vars[i].type);
			const struct elf_symbol *sym =
				var ? elf_symbol_in_section(&obj->elf, sec->index,
						    btf_name(btf, var->name_off)) : NULL;
			if (sym)
				vars[i].offset = (uint32_t)sym->value;
		}
	}
}

/* A global function of hidden visibility (__hidden: <bpf/usdt.bpf.h>'s
 * bpf_usdt_arg() is __weak __hidden) cannot be called from outside the
 * object, so libbpf gives the kernel its BTF FUNC as static (libbpf.c,
 * mark_btf_static): the verifier then checks it inline, in its caller's
 * context (a pointer argument keeps what the caller knows of it), where
 * a global function is checked once on its own, for any argument values,
 * and a pointer parameter may be NULL. The same here, and for the same
 * programs to verify. */
static void fix_hidden_funcs(struct rb_object *obj)
{
	struct btf *btf = obj->btf;

	for (uint32_t id = 1; id < btf->count; id++) {
		struct btf_type *t = btf_type_mut(btf, id);
		const struct elf_symbol *sym;

		if (btf_kind(t) != BTF_KIND_FUNC || btf_vlen(t) != BTF_FUNC_GLOBAL)
			continue;
		sym = elf_symbol_by_name(&obj->elf, btf_name(btf, t->name_off), STT_FUNC);
		if (!sym || (sym->visibility != STV_HIDDEN && sym->visibility != STV_INTERNAL))
			continue;
		t->info = (t->info & ~0xffffu) | BTF_FUNC_STATIC; /* the linkage is in vlen */
		rb_narrate(&obj->narrator, "BTF fix-up: FUNC %s is hidden: linkage global -> static",
			   btf_name(btf, t->name_off));
	}
}

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
	fix_datasecs(obj);
	fix_hidden_funcs(obj);
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
	/* modules' BTF first: split BTF points into vmlinux's */
	for (size_t i = 0; i < obj->core_module_count; i++) {
		btf_free(&obj->core_modules[i]);
		free(obj->core_module_names[i]);
	}
	free(obj->core_modules);
	free(obj->core_module_names);
	obj->core_modules = NULL;
	obj->core_module_names = NULL;
	obj->core_module_count = 0;
	obj->core_modules_read = 0;
	if (obj->btf_override)
		btf_free(obj->btf_override);
	free(obj->btf_override);
	obj->btf_override = NULL;
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
