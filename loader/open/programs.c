/* Finding programs in an object.
 *
 * clang puts each SEC("name") function into an executable section called
 * "name", and non-SEC functions into ".text". The symbol table says where
 * each function starts and how long it is. The rules (libbpf's):
 *  - every global function in an executable section other than .text is a
 *    program; several may share a section;
 *  - a section with no global function but one static function holds that
 *    one program (older code marked programs static);
 *  - functions in .text are subprograms, called by programs, unless the
 *    object has no other executable section: then its global functions are
 *    the programs;
 *  - a section with no function symbol at all (hand-written assembly) is one
 *    program named after the section.
 * Every other function is a subprogram: it is loaded as part of each
 * program that calls it (relocate/flatten.c). */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

static int is_code(const struct elf_section *s)
{
	return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) && s->size > 0;
}

static int is_function_in(const struct elf_symbol *sym, const struct elf_section *s)
{
	return sym->shndx == s->index && sym->type == STT_FUNC;
}

static int is_global(const struct elf_symbol *sym)
{
	return sym->bind == STB_GLOBAL || sym->bind == STB_WEAK;
}

/* Instructions from `first`, `count` of them, copied out of the section. */
static int copy_insns(struct rb_object *obj, const struct elf_section *sec,
		      size_t first, size_t count, struct bpf_insn **out,
		      struct rb_error *err)
{
	struct bpf_insn *insns = calloc(count ? count : 1, sizeof(*insns));

	if (!insns)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	if (elf_section_read(&obj->elf, sec, first * sizeof(*insns),
			     count * sizeof(*insns), insns, err)) {
		free(insns);
		return -1;
	}
	*out = insns;
	return 0;
}

/* Where a function ends when its symbol has no size: at the next function
 * symbol in the section, or at the end of the section. */
static uint64_t function_end(const struct rb_object *obj, const struct elf_section *sec,
			     const struct elf_symbol *fn)
{
	uint64_t end = sec->size;
	const uint32_t *syms;
	size_t n;

	if (fn->size)
		return fn->value + fn->size;
	syms = elf_section_symbols(&obj->elf, sec->index, &n);
	for (size_t i = 0; i < n; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[syms[i]];
		if (is_function_in(s, sec) && s->value > fn->value && s->value < end)
			end = s->value;
	}
	return end;
}

/* Fill fn with the function of `sec` from byte `start` to byte `end`. */
static int fill_function(struct rb_object *obj, struct rb_function *fn,
			 const struct elf_section *sec, const char *name,
			 uint64_t start, uint64_t end, struct rb_error *err)
{
	if (start % sizeof(struct bpf_insn) || end % sizeof(struct bpf_insn) ||
	    end > sec->size || start >= end)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section %s: function %s spans bytes 0x%llx-0x%llx, which is "
			       "not a whole number of 8-byte instructions inside the section (size 0x%llx)",
			       obj->path, sec->name, name, (unsigned long long)start,
			       (unsigned long long)end, (unsigned long long)sec->size);
	fn->name = strdup(name);
	if (!fn->name)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	fn->section_name = sec->name;
	fn->section = sec->index;
	fn->first_insn = start / sizeof(struct bpf_insn);
	fn->insn_count = (end - start) / sizeof(struct bpf_insn);
	return copy_insns(obj, sec, fn->first_insn, fn->insn_count, &fn->insns, err);
}

static int add_subprogram(struct rb_object *obj, const struct elf_section *sec,
			  const char *name, uint64_t start, uint64_t end, struct rb_error *err)
{
	struct rb_function *grown = realloc(obj->subprogs,
					    (obj->subprog_count + 1) * sizeof(*grown));
	struct rb_function *fn;

	if (!grown)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->subprogs = grown;
	fn = &grown[obj->subprog_count++];
	*fn = (struct rb_function){ 0 }; /* safe for rb_object_close() from here */
	if (fill_function(obj, fn, sec, name, start, end, err))
		return -1;
	rb_narrate(&obj->narrator, "subprogram %s: section %s, %zu instructions", fn->name,
		   sec->name, fn->insn_count);
	return 0;
}

/* override: the --type given, or NULL; it applies only where the
 * section's name implies no type. */
static int add_program(struct rb_object *obj, const struct elf_section *sec,
		       const char *name, uint64_t start, uint64_t end,
		       const struct rb_section_def *override, struct rb_error *err)
{
	struct rb_program *grown = realloc(obj->programs,
					   (obj->program_count + 1) * sizeof(*grown));
	struct rb_program *p;
	int overridden = 0;

	if (!grown)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->programs = grown;
	p = &grown[obj->program_count++];
	/* safe for rb_object_close() from here */
	*p = (struct rb_program){ .fd = -1, .obj = obj, .target = "", .autoload = 1 };
	if (fill_function(obj, &p->fn, sec, name, start, end, err))
		return -1;
	p->def = rb_section_def_find(sec->name);
	if (p->def && p->def->prefix[strlen(p->def->prefix) - 1] == '/')
		p->target = sec->name + strlen(p->def->prefix);
	if (!p->def && override) {
		/* tp_btf/, fentry/, fexit/: the kernel takes the target at load
		 * (attach_btf_id), and only a section name gives it */
		if (override->flags & RB_SEC_ATTACH_BTF)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: program %s (section %s): --type %s cannot apply: a %s "
				       "program is loaded for one kernel function, named by its "
				       "section, %sNAME; name the section so, without --type",
				       obj->path, name, sec->name, override->type_name,
				       override->type_name, override->prefix);
		p->def = override;
		overridden = 1;
	}
	if (p->def) {
		p->type = p->def->prog_type;
		p->expected_attach_type = p->def->expected_attach_type;
	}
	rb_narrate(&obj->narrator, "program %s: section %s, %zu instructions, type %s%s",
		 p->fn.name, sec->name, p->fn.insn_count,
		 p->def ? p->def->type_name : "unknown",
		 overridden ? " (from --type)" : "");
	return 0;
}

static int collect_section(struct rb_object *obj, const struct elf_section *sec,
			   int text_is_programs, const struct rb_section_def *override,
			   struct rb_error *err)
{
	int is_text = strcmp(sec->name, ".text") == 0;
	size_t globals = 0, functions = 0, n;
	const struct elf_symbol *only = NULL;
	const uint32_t *syms = elf_section_symbols(&obj->elf, sec->index, &n);

	if (is_text && !text_is_programs)
		return 0; /* subprograms: they become part of the programs calling them */
	for (size_t i = 0; i < n; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[syms[i]];
		if (!is_function_in(s, sec))
			continue;
		functions++;
		only = s;
		if (is_global(s))
			globals++;
	}
	if (functions == 0)
		return add_program(obj, sec, sec->name, 0, sec->size, override, err);
	if (globals == 0 && functions == 1 && !is_text)
		return add_program(obj, sec, only->name, only->value,
				   function_end(obj, sec, only), override, err);
	for (size_t i = 0; i < n; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[syms[i]];
		if (is_function_in(s, sec) && is_global(s) &&
		    add_program(obj, sec, s->name, s->value, function_end(obj, sec, s),
				override, err))
			return -1;
	}
	return 0;
}

/* Does a program start at byte `value` of section `section`? Asked once
 * per function symbol, through the index of the programs. */
static int is_program_start(const struct rb_object *obj, uint32_t section, uint64_t value)
{
	const struct rb_function *fn =
		rb_function_at(obj, section, value / sizeof(struct bpf_insn));

	return fn && fn->first_insn * sizeof(struct bpf_insn) == value;
}

/* Every function that is not a program; then the index holds both. */
static int collect_subprograms(struct rb_object *obj, struct rb_error *err)
{
	if (rb_index_functions(obj, err))
		return -1;
	for (size_t i = 1; i < obj->elf.nsymbols; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[i];
		const struct elf_section *sec;

		if (s->type != STT_FUNC || s->shndx == SHN_UNDEF || s->shndx >= obj->elf.nsections)
			continue;
		sec = &obj->elf.sections[s->shndx];
		if (!is_code(sec) || is_program_start(obj, sec->index, s->value))
			continue;
		if (add_subprogram(obj, sec, s->name, s->value, function_end(obj, sec, s), err))
			return -1;
	}
	return rb_index_functions(obj, err);
}

/* An unknown --type is a usage error even when no program needs one: a
 * misspelt type that nothing used would otherwise pass in silence. */
static int unknown_type(const char *name, struct rb_error *err)
{
	size_t n;
	const struct rb_section_def *defs = rb_section_defs(&n);
	char names[512] = "";

	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(names);
		/* each name once: several prefixes share a type ("tp/", "tracepoint/") */
		if (rb_section_def_by_type_name(defs[i].type_name) == &defs[i])
			snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "",
				 defs[i].type_name);
	}
	return rb_fail(err, RB_ERR_INPUT, "unknown program type '%s' for --type; the types are: %s",
		       name, names);
}

int rb_collect_programs(struct rb_object *obj, const char *type_override,
			struct rb_error *err)
{
	const struct rb_section_def *override = NULL;
	int other_code = 0;

	if (type_override) {
		override = rb_section_def_by_type_name(type_override);
		if (!override)
			return unknown_type(type_override, err);
	}
	for (size_t i = 1; i < obj->elf.nsections; i++) {
		const struct elf_section *s = &obj->elf.sections[i];
		if (is_code(s) && strcmp(s->name, ".text") != 0)
			other_code = 1;
	}
	for (size_t i = 1; i < obj->elf.nsections; i++) {
		const struct elf_section *s = &obj->elf.sections[i];
		if (is_code(s) && collect_section(obj, s, !other_code, override, err))
			return -1;
	}
	/* An object of maps alone is fine: loading it creates (and pins) them
	 * for other objects to share. With neither there is nothing to load. */
	if (obj->program_count == 0 && obj->map_count == 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: no programs and no maps: no executable section holds a "
			       "function (put programs in SEC(\"...\") sections)",
			       obj->path);
	return collect_subprograms(obj, err);
}

static int function_calls_helper(const struct rb_function *fn, int32_t helper_id)
{
	for (size_t i = 0; i < fn->insn_count; i++) {
		const struct bpf_insn *in = &fn->insns[i];
		/* src_reg 0: a helper; BPF_PSEUDO_CALL and KFUNC calls use imm
		 * for something else */
		if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0 && in->imm == helper_id)
			return 1;
	}
	return 0;
}

int rb_function_has_reloc_at(const struct rb_function *fn, size_t insn)
{
	for (size_t i = 0; i < fn->reloc_count; i++)
		if (fn->relocs[i].insn == insn)
			return 1;
	return 0;
}

/* Add the function holding instruction `to` to reached[0..*n), once. */
static void reach(const struct rb_object *obj, struct rb_insn_ref to,
		  const struct rb_function **reached, size_t *n)
{
	const struct rb_function *fn = rb_function_at(obj, to.section, to.insn);

	if (!fn)
		return;
	for (size_t i = 0; i < *n; i++)
		if (reached[i] == fn)
			return;
	reached[(*n)++] = fn;
}

/* A helper call in a subprogram is the program's too: bpf_printk in a
 * static __noinline function, or in a bpf_loop callback, runs as part of
 * every program that reaches it. So the walk follows what relocate/
 * flatten.c appends: calls and callback addresses with a relocation, and
 * calls within a section that come without one. */
int rb_program_calls_helper(const struct rb_program *prog, int32_t helper_id)
{
	const struct rb_object *obj = prog->obj;
	const struct rb_function **reached;
	size_t n = 1;
	int found = 0;

	if (!obj) /* a program outside any object: its own instructions */
		return function_calls_helper(&prog->fn, helper_id);
	/* every function at most once: a program and its subprograms */
	reached = calloc(obj->subprog_count + 1, sizeof(*reached));
	if (!reached) { /* no memory to walk: any function of the object counts */
		for (size_t i = 0; i < obj->subprog_count && !found; i++)
			found = function_calls_helper(&obj->subprogs[i], helper_id);
		return found || function_calls_helper(&prog->fn, helper_id);
	}
	reached[0] = &prog->fn;
	for (size_t f = 0; f < n && !found; f++) {
		const struct rb_function *fn = reached[f];

		found = function_calls_helper(fn, helper_id);
		for (size_t i = 0; i < fn->reloc_count; i++) {
			const struct rb_reloc *r = &fn->relocs[i];
			if (r->kind == RB_RELOC_CALL || r->kind == RB_RELOC_FUNC)
				reach(obj, r->kind == RB_RELOC_CALL ? r->call : r->func, reached, &n);
		}
		for (size_t i = 0; i < fn->insn_count; i++) {
			const struct bpf_insn *in = &fn->insns[i];
			int64_t to = (int64_t)fn->first_insn + (int64_t)i + in->imm + 1;
			if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL &&
			    to >= 0 && !rb_function_has_reloc_at(fn, i))
				reach(obj, (struct rb_insn_ref){ fn->section, (size_t)to }, reached, &n);
		}
	}
	free(reached);
	return found;
}
