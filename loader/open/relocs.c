/* Collecting relocations.
 *
 * clang cannot know a map's fd when it compiles `bpf_map_lookup_elem(&counts,
 * ...)`: it emits a 64-bit immediate load (ld_imm64, two instruction slots)
 * of 0 and a relocation record "instruction at byte X refers to symbol
 * counts". A section's records are in ".rel<section>". Each record here
 * becomes an rb_reloc on the function (program or subprogram) it falls in;
 * rb_program_relocate() applies them when the map fds exist.
 *
 * SHT_REL records have no addend field: the addend is whatever the compiler
 * left in the instruction. For an ld_imm64 it is the first slot's imm (a
 * byte offset); for a call it is the call's imm, counted in instructions
 * and minus one (the kernel measures jumps from the next instruction), so
 * a call against a named function carries -1.
 *
 * Relocation sections for non-code (.rel.BTF, .rel.BTF.ext, .rel.debug_*)
 * patch debug data in a linked image, which rawbpf does not build: they are
 * skipped. Those of .maps are the initial values of maps of maps and
 * program arrays (map_slots.c). Those of global data (.rel.data: addresses
 * stored in data) are refused, since the map would silently hold
 * something else than the object says. Any other
 * target (a string table, another relocation section, the section itself)
 * is a broken object: skipping it would lose relocations silently, and the
 * verifier would then refuse the program for a reason nobody could see. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

static int add_reloc(struct rb_function *fn, struct rb_reloc rec,
		     struct rb_error *err)
{
	struct rb_reloc *r = realloc(fn->relocs, (fn->reloc_count + 1) * sizeof(*r));

	if (!r)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	fn->relocs = r;
	fn->relocs[fn->reloc_count++] = rec;
	return 0;
}

static int is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static int has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

/* Sections whose relocations rawbpf may skip: debug information (DWARF's
 * .debug_*, .BTF, .BTF.ext), which only matters in a linked image. */
static int is_skipped_target(const struct elf_section *s)
{
	return has_prefix(s->name, ".debug_") || strcmp(s->name, ".BTF") == 0 ||
	       strcmp(s->name, ".BTF.ext") == 0;
}

/* A global-data section (.data, .bss, ...) that became a map, as opposed
 * to one of map definitions (data_maps.c's is_data_section() says which
 * sections are global data, by name and flags). */
static int became_data_map(const struct rb_object *obj, const struct elf_section *s)
{
	return rb_map_in_section(obj, s->index, 1) >= 0;
}

static int became_map(const struct rb_object *obj, const struct elf_section *s)
{
	return rb_map_in_section(obj, s->index, 0) >= 0;
}

/* Relocations of global data: an address stored in data. In global data
 * (`int *p = &x;`) the kernel has no address to give: the map would hold a
 * zero where the program expects a pointer. Refused. */
static int refuse_data_relocations(const struct rb_object *obj, const struct elf_section *rel,
				   const struct elf_section *data, struct rb_error *err)
{
	struct elf_relocation *entries;
	const struct elf_symbol *sym;
	size_t count;
	uint64_t at;

	if (elf_relocations(&obj->elf, rel, &entries, &count, err))
		return -1;
	if (count == 0) {
		free(entries);
		return 0;
	}
	sym = &obj->elf.symbols[entries[0].sym];
	at = entries[0].offset;
	free(entries);
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: section %s: global data in %s+0x%llx is initialised with the address "
		       "of %s: a BPF program's global data cannot hold addresses (the kernel "
		       "has none to give); set the pointer at run time instead",
		       obj->path, rel->name, data->name, (unsigned long long)at,
		       sym->name[0] ? sym->name : "a section");
}


/* An undefined symbol: one of the object's externs (externs.c), which
 * says what it is. */
static int as_extern(const struct rb_object *obj, const struct rb_function *fn, size_t idx,
		     const struct elf_symbol *sym, struct rb_reloc *rec, struct rb_error *err)
{
	long ext = rb_extern_of_symbol(obj, sym->index);

	if (ext < 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: program %s instruction %zu refers to the undefined symbol %s, "
			       "which is not an extern (those are named, and global or weak)",
			       obj->path, fn->name, idx, sym->name[0] ? sym->name : "(no name)");
	rec->kind = RB_RELOC_EXTERN;
	rec->ext.index = (size_t)ext;
	return 0;
}

/* An ld_imm64 refers to sym: a map (its fd), a variable (an address inside
 * a global-data map), or a function (a callback). Against a named symbol the
 * target is the symbol's value, against a section symbol (clang's choice for
 * static things) the section start; in both cases plus the addend in imm. */
static int classify_ld_imm64(struct rb_object *obj, const struct rb_function *fn,
			     size_t idx, const struct elf_symbol *sym,
			     struct rb_reloc *rec, struct rb_error *err)
{
	const struct bpf_insn *insn = &fn->insns[idx];
	const struct elf_section *target;
	uint64_t offset;
	long map;

	if (sym->shndx == SHN_UNDEF)
		return as_extern(obj, fn, idx, sym, rec, err);
	if (sym->shndx >= obj->elf.nsections)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: program %s instruction %zu refers to symbol %s in special "
			       "section 0x%x, which a BPF program cannot use",
			       obj->path, fn->name, idx, sym->name, sym->shndx);
	target = &obj->elf.sections[sym->shndx];
	offset = sym->value + (uint64_t)(int64_t)insn->imm;
	if (target->flags & SHF_EXECINSTR) {
		if (offset % sizeof(struct bpf_insn) || offset >= target->size)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: program %s instruction %zu takes the address of "
				       "byte 0x%llx of section %s, which is not an instruction",
				       obj->path, fn->name, idx, (unsigned long long)offset,
				       target->name);
		rec->kind = RB_RELOC_FUNC;
		rec->func = (struct rb_insn_ref){ sym->shndx, offset / sizeof(struct bpf_insn) };
		return 0;
	}
	map = rb_map_in_section(obj, sym->shndx, 1); /* the section's global-data map */
	if (map >= 0) {
		if (offset >= obj->maps[map].value_size)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: program %s instruction %zu refers to byte 0x%llx of "
				       "section %s, past its end (size 0x%x)",
				       obj->path, fn->name, idx, (unsigned long long)offset,
				       target->name, obj->maps[map].value_size);
		rec->kind = RB_RELOC_MAP_VALUE;
		rec->map_value.map = (size_t)map;
		rec->map_value.offset = (uint32_t)offset;
		return 0;
	}
	offset = sym->value + (sym->type == STT_SECTION ? (uint32_t)insn->imm : 0);
	map = rb_map_at(obj, sym->shndx, offset);
	if (map >= 0) {
		rec->kind = RB_RELOC_MAP_FD;
		rec->map_fd.map = (size_t)map;
		return 0;
	}
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: program %s instruction %zu refers to %s (offset 0x%llx of section "
		       "%s), where no map, variable or function is",
		       obj->path, fn->name, idx, sym->name[0] ? sym->name : target->name,
		       (unsigned long long)offset, target->name);
}

/* A call against sym: the callee is at instruction (value / 8) + imm + 1
 * of sym's section. */
static int classify_call(struct rb_object *obj, const struct rb_function *fn, size_t idx,
			 const struct elf_symbol *sym, struct rb_reloc *rec,
			 struct rb_error *err)
{
	const struct bpf_insn *insn = &fn->insns[idx];
	const struct elf_section *target;
	int64_t callee;

	if (insn->code != (BPF_JMP | BPF_CALL))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: program %s instruction %zu: call relocation for %s on an "
			       "instruction that is not a call",
			       obj->path, fn->name, idx, rec->symbol);
	if (sym->shndx == SHN_UNDEF)
		return as_extern(obj, fn, idx, sym, rec, err);
	target = sym->shndx < obj->elf.nsections ? &obj->elf.sections[sym->shndx] : NULL;
	callee = (int64_t)(sym->value / sizeof(struct bpf_insn)) + insn->imm + 1;
	if (!target || !(target->flags & SHF_EXECINSTR) || sym->value % sizeof(struct bpf_insn) ||
	    callee < 0 || (uint64_t)callee >= target->size / sizeof(struct bpf_insn))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: program %s instruction %zu calls %s, which is not an "
			       "instruction of an executable section",
			       obj->path, fn->name, idx, rec->symbol);
	rec->kind = RB_RELOC_CALL;
	rec->call = (struct rb_insn_ref){ sym->shndx, (size_t)callee };
	return 0;
}

static int collect_one(struct rb_object *obj, const struct elf_section *code,
		       const struct elf_section *relsec, const struct elf_relocation *r,
		       struct rb_error *err)
{
	const struct elf_symbol *sym = &obj->elf.symbols[r->sym];
	struct rb_function *fn;
	struct rb_reloc rec = { .symbol = sym->name };
	size_t insn = r->offset / sizeof(struct bpf_insn);

	if (r->type == R_BPF_NONE_)
		return 0;
	if (r->offset % sizeof(struct bpf_insn))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: %s: relocation at offset 0x%llx is not on an instruction boundary",
			       obj->path, relsec->name, (unsigned long long)r->offset);
	fn = rb_function_at(obj, code->index, insn);
	if (!fn)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: %s: relocation at offset 0x%llx is outside every function of %s",
			       obj->path, relsec->name, (unsigned long long)r->offset, code->name);
	rec.insn = insn - fn->first_insn;
	if (!rec.symbol[0] && sym->shndx && sym->shndx < obj->elf.nsections)
		rec.symbol = obj->elf.sections[sym->shndx].name;

	switch (r->type) {
	case R_BPF_64_64_:
		if (!is_ld_imm64(&fn->insns[rec.insn]) || rec.insn + 1 >= fn->insn_count)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: %s: relocation R_BPF_64_64 for %s at program %s "
				       "instruction %zu, which is not a 64-bit immediate load",
				       obj->path, relsec->name, rec.symbol, fn->name, rec.insn);
		if (classify_ld_imm64(obj, fn, rec.insn, sym, &rec, err))
			return -1;
		break;
	case R_BPF_64_32_:
		if (classify_call(obj, fn, rec.insn, sym, &rec, err))
			return -1;
		break;
	default:
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: %s: relocation type %u for %s at program %s instruction "
			       "%zu is not one rawbpf knows for code",
			       obj->path, relsec->name, r->type, rec.symbol, fn->name, rec.insn);
	}
	return add_reloc(fn, rec, err);
}

int rb_collect_relocations(struct rb_object *obj, struct rb_error *err)
{
	for (size_t i = 1; i < obj->elf.nsections; i++) {
		const struct elf_section *rel = &obj->elf.sections[i];
		const struct elf_section *code;
		struct elf_relocation *entries;
		size_t count;
		int ret = 0;

		if (rel->type == SHT_RELA)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: section %s: SHT_RELA relocations are not used by BPF objects",
				       obj->path, rel->name);
		if (rel->type != SHT_REL)
			continue;
		if (rel->info == 0 || rel->info >= obj->elf.nsections)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: relocation section %s applies to section %u, which does not exist",
				       obj->path, rel->name, rel->info);
		code = &obj->elf.sections[rel->info];
		if (!(code->flags & SHF_EXECINSTR) && is_skipped_target(code)) {
			rb_narrate(&obj->narrator, "section %s: relocations of %s (debug data): skipped",
				 rel->name, code->name);
			continue;
		}
		if (!(code->flags & SHF_EXECINSTR) && became_map(obj, code)) {
			/* map definitions: initial values (map_slots.c) */
			if (became_data_map(obj, code) ? refuse_data_relocations(obj, rel, code, err)
						       : rb_collect_map_slots(obj, rel, code, err))
				return -1;
			continue;
		}
		if (!(code->flags & SHF_EXECINSTR))
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: relocation section %s (index %zu) applies to section %u "
				       "(%s%s), which is neither code nor a data or debug section "
				       "rawbpf knows: its sh_info must name the section the relocations patch",
				       obj->path, rel->name, i, rel->info, code->name,
				       rel->info == i ? ", itself" : "");
		/* elf_relocations() checks the rest: entry size, symbol table */
		if (elf_relocations(&obj->elf, rel, &entries, &count, err))
			return -1;
		for (size_t j = 0; j < count && !ret; j++)
			ret = collect_one(obj, code, rel, &entries[j], err);
		free(entries);
		if (ret)
			return -1;
	}
	return 0;
}
