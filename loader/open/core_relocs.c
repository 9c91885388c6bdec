/* CO-RE relocations: decoded at open, applied at load.
 *
 * clang records in .BTF.ext each instruction that holds a field offset (or
 * size, or existence, ...) of a struct marked preserve_access_index, as it
 * was in the headers the program was compiled with (elf/core_relo.h). A
 * loader that does CO-RE rewrites those instructions with the running
 * kernel's numbers, found in /sys/kernel/btf/vmlinux: rb_object_load()
 * works out each record's answer (kernel/core_load.c, relocate/core.c), and
 * relocate/flatten.c patches the instructions. Here each record is decoded
 * (so a malformed one fails the open, and `inspect` can list them), and
 * becomes an RB_RELOC_CORE relocation of the function it is in: it then
 * travels with its instruction into every program that function is
 * appended to. A record in no function is ignored, as libbpf ignores it
 * (a linker leaves those behind for functions it dropped). */
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

/* The record follows its instruction: one more relocation of its function. */
static int attach_to_function(struct rb_object *obj, size_t index, struct rb_error *err)
{
	const struct rb_core_reloc *r = &obj->core_relocs[index];
	const struct elf_section *sec = elf_section_by_name(&obj->elf, r->section);
	struct rb_function *fn;
	struct rb_reloc *grown;

	if (!r->function || !sec)
		return 0;
	fn = rb_function_at(obj, sec->index, obj->core_recs[index].insn_off / sizeof(struct bpf_insn));
	if (!fn)
		return 0;
	grown = realloc(fn->relocs, (fn->reloc_count + 1) * sizeof(*grown));
	if (!grown)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	fn->relocs = grown;
	fn->relocs[fn->reloc_count++] = (struct rb_reloc){
		.kind = RB_RELOC_CORE, .insn = r->insn, .symbol = r->what, .core.index = index,
	};
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
	obj->core_recs = calloc(n, sizeof(*obj->core_recs));
	if (!obj->core_relocs || !obj->core_recs)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (pos = 0; btf_ext_next_block(info, obj->btf, &pos, &block);) {
		for (uint32_t i = 0; i < block.count; i++) {
			struct bpf_core_relo_rec rec = btf_ext_core_relo(&block, i);
			struct rb_core_reloc *r = &obj->core_relocs[obj->core_reloc_count];

			if (decode(obj, block.section, &rec, r, err))
				return -1;
			obj->core_recs[obj->core_reloc_count] = rec;
			if (attach_to_function(obj, obj->core_reloc_count, err))
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

int rb_core_reloc_is_field(const struct rb_core_reloc *r)
{
	return btf_core_kind_target(r->kind) == BTF_CORE_FIELD;
}
