/* CO-RE relocations: decoded at open, refused at load.
 *
 * clang records in .BTF.ext each instruction that holds a field offset (or
 * size, or existence, ...) of a struct marked preserve_access_index, as it
 * was in the headers the program was compiled with (elf/core_relo.h). A
 * loader that does CO-RE rewrites those instructions with the running
 * kernel's numbers, found in /sys/kernel/btf/vmlinux. rawbpf does not yet:
 * loading the instructions unchanged would make the program read other
 * bytes than the fields it names, on any kernel whose layout differs, with
 * no error anywhere. So rb_object_load() refuses such an object, naming its
 * first record; `inspect` still lists them all, to show what CO-RE is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf_ext.h"
#include "elf/core_relo.h"
#include "open.h"

static int is_program(const struct rb_object *obj, const struct rb_function *fn)
{
	for (size_t i = 0; i < obj->program_count; i++)
		if (&obj->programs[i].fn == fn)
			return 1;
	return 0;
}

/* Record `rec` of code section `section` into *out. */
static int decode(struct rb_object *obj, const char *section,
		  const struct bpf_core_relo_rec *rec, struct rb_core_reloc *out,
		  struct rb_error *err)
{
	const struct elf_section *sec = elf_section_by_name(&obj->elf, section);
	size_t insn = rec->insn_off / sizeof(struct bpf_insn); /* a multiple: btf_ext.c */
	const struct rb_function *fn = sec ? rb_function_at(obj, sec->index, insn) : NULL;
	struct btf_core_spec spec;
	char why[sizeof(err->msg)];

	*out = (struct rb_core_reloc){
		.function = fn ? fn->name : NULL,
		.in_program = fn && is_program(obj, fn),
		.section = section,
		.insn = fn ? insn - fn->first_insn : insn,
		.kind = rec->kind,
		.type_id = rec->type_id,
	};
	if (btf_core_spec_parse(obj->btf, rec, &spec, err)) {
		snprintf(why, sizeof(why), "%s", err->msg);
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF.ext: section %s, %s%s%sinstruction "
			       "%zu: %s", obj->path, section, fn ? "function " : "",
			       fn ? fn->name : "", fn ? ", " : "", out->insn, why);
	}
	out->kind_name = btf_core_kind_name(rec->kind);
	out->access = spec.access;
	out->bit_offset = spec.bit_offset;
	btf_core_spec_str(obj->btf, &spec, out->what, sizeof(out->what));
	return 0;
}

int rb_collect_core_relocs(struct rb_object *obj, struct rb_error *err)
{
	const struct btf_ext_info *info;
	struct btf_ext_block block;
	uint32_t pos = 0;
	size_t n = 0;

	if (!obj->btf_ext)
		return 0;
	info = &obj->btf_ext->core_relo;
	while (btf_ext_next_block(info, obj->btf, &pos, &block))
		n += block.count;
	if (n == 0)
		return 0;
	obj->core_relocs = calloc(n, sizeof(*obj->core_relocs));
	if (!obj->core_relocs)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (pos = 0; btf_ext_next_block(info, obj->btf, &pos, &block);) {
		for (uint32_t i = 0; i < block.count; i++) {
			struct bpf_core_relo_rec rec = btf_ext_core_relo(&block, i);
			struct rb_core_reloc *r = &obj->core_relocs[obj->core_reloc_count];

			if (decode(obj, block.section, &rec, r, err))
				return -1;
			obj->core_reloc_count++;
			rb_narrate(&obj->narrator, "CO-RE relocation: %s %s, instruction %zu: %s "
				   "of %s (type id %u, access %s)",
				   r->function ? "function" : "section",
				   r->function ? r->function : r->section, r->insn, r->kind_name,
				   r->what, r->type_id, r->access);
		}
	}
	return 0;
}

const struct rb_core_reloc *rb_object_core_relocs(const struct rb_object *obj, size_t *count)
{
	*count = obj->core_reloc_count;
	return obj->core_relocs;
}

int rb_core_relocs_refuse(const struct rb_object *obj, struct rb_error *err)
{
	const struct rb_core_reloc *r = obj->core_relocs;
	char where[320];

	if (obj->core_reloc_count == 0)
		return 0;
	if (r->function)
		snprintf(where, sizeof(where), "%s %s, instruction %zu",
			 r->in_program ? "program" : "subprogram", r->function, r->insn);
	else
		snprintf(where, sizeof(where), "section %s, instruction %zu", r->section, r->insn);
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: %s: CO-RE relocation %s of %s (access %s): rawbpf does not apply "
		       "CO-RE relocations yet, and unchanged the program would use the layout "
		       "it was compiled for instead of this kernel's; refused (%zu CO-RE "
		       "relocation%s in the object: rawbpf inspect lists them)",
		       obj->path, where, r->kind_name, r->what, r->access, obj->core_reloc_count,
		       obj->core_reloc_count == 1 ? "" : "s");
}
