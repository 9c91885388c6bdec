/* Flattening a program: its instructions, the subprograms it calls, relocations.
 *
 * The kernel loads one flat array of instructions per program. A BPF-to-BPF
 * call in it is `call` with src_reg BPF_PSEUDO_CALL and imm = the distance
 * to the callee, counted in instructions from the one after the call. So a
 * loader must put a copy of every function the program reaches (directly
 * or through other functions) after the program's own instructions, and
 * rewrite each call's imm for where the callee landed. Two programs that
 * call the same function each get their own copy.
 *
 * Map references are simpler: the kernel learns which map an instruction
 * means from the instruction itself (an ld_imm64 whose src_reg says
 * BPF_PSEUDO_MAP_FD or BPF_PSEUDO_MAP_VALUE and whose imm holds the fd), so
 * relocating one is writing two fields.
 *
 * The object's own instructions are never changed: each load starts from a
 * fresh copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "loader/open/open.h"
#include "relocate.h"

struct flattener {
	const struct rb_object *obj;
	const struct rb_program *prog;
	struct bpf_insn *insns;
	size_t count;
	struct rb_placed *fns;
	size_t fn_count;
	const struct rb_core_result *core; /* what each CO-RE record becomes, or NULL */
	struct rb_core_site *sites;
	size_t site_count;
};

/* Where fn starts in the flattened program, appending it on first use. */
static int place(struct flattener *l, const struct rb_function *fn, size_t *base,
		 struct rb_error *err)
{
	struct bpf_insn *grown;
	struct rb_placed *fns;

	for (size_t i = 0; i < l->fn_count; i++)
		if (l->fns[i].fn == fn) {
			*base = l->fns[i].base;
			return 0;
		}
	grown = realloc(l->insns, (l->count + fn->insn_count) * sizeof(*grown));
	fns = grown ? realloc(l->fns, (l->fn_count + 1) * sizeof(*fns)) : NULL;
	if (grown)
		l->insns = grown;
	if (!fns)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	l->fns = fns;
	memcpy(l->insns + l->count, fn->insns, fn->insn_count * sizeof(*grown));
	l->fns[l->fn_count++] = (struct rb_placed){ fn, l->count };
	*base = l->count;
	l->count += fn->insn_count;
	if (fn != &l->prog->fn)
		rb_narrate(&l->obj->narrator, "prog %s: appended subprogram %s at insn %zu (%zu insns)",
			 l->prog->fn.name, fn->name, *base, fn->insn_count);
	return 0;
}

/* The distance from instruction `site` to the instruction `to`, placing
 * the function that holds it. */
static int distance_to(struct flattener *l, size_t site, struct rb_insn_ref to,
		       int32_t *imm, struct rb_error *err)
{
	const struct rb_function *callee = rb_function_at(l->obj, to.section, to.insn);
	size_t base;

	if (!callee)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: program %s instruction %zu refers to instruction %zu of "
			       "section %u, which is in no function",
			       l->obj->path, l->prog->fn.name, site, to.insn, to.section);
	if (place(l, callee, &base, err))
		return -1;
	*imm = (int32_t)((int64_t)(base + to.insn - callee->first_insn) - (int64_t)site - 1);
	return 0;
}

/* MAP_FD and MAP_VALUE: the ld_imm64 at `at` gets the map's fd (and, for
 * a variable, its offset in the second slot). */
static int apply_map(struct flattener *l, const struct rb_reloc *r, size_t at,
		     struct rb_error *err)
{
	int is_fd = r->kind == RB_RELOC_MAP_FD;
	size_t index = is_fd ? r->map_fd.map : r->map_value.map;
	uint32_t offset = is_fd ? 0 : r->map_value.offset;
	const struct rb_map *map = &l->obj->maps[index];
	struct bpf_insn *insn = &l->insns[at];

	if (map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "program %s instruction %zu: map %s has not been created",
			       l->prog->fn.name, at, map->name);
	insn[0].src_reg = is_fd ? BPF_PSEUDO_MAP_FD : BPF_PSEUDO_MAP_VALUE;
	insn[0].imm = map->fd;
	insn[1].imm = (int32_t)offset;
	if (is_fd)
		rb_narrate(&l->obj->narrator, "prog %s insn %zu: ld_imm64 r%u <- map %s (fd %d)",
			 l->prog->fn.name, at, insn->dst_reg, map->name, map->fd);
	else
		rb_narrate(&l->obj->narrator, "prog %s insn %zu: ld_imm64 r%u <- &%s[%u] (map fd %d, %s)",
			 l->prog->fn.name, at, insn->dst_reg, map->name, offset, map->fd,
			 r->symbol);
	return 0;
}

/* CO-RE: the instruction at `at` gets the value the target needs
 * (relocate/core.c), or becomes the poison call; either way the site is
 * remembered, so a verifier refusal at a poisoned instruction can name the
 * record. */
static int apply_core(struct flattener *l, const struct rb_function *fn, const struct rb_reloc *r,
		      size_t at, struct rb_error *err)
{
	const struct rb_core_reloc *rec = &l->obj->core_relocs[r->core.index];
	const struct rb_core_result *res = l->core ? &l->core[r->core.index] : NULL;
	struct rb_core_site *grown = realloc(l->sites, (l->site_count + 1) * sizeof(*grown));
	struct rb_core_patched done = { 0 };
	char why[sizeof(err->msg)], size[48] = "", from[300] = "";

	if (!grown)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	l->sites = grown;
	if (res && rb_core_patch(&l->insns[at], l->count - at, res, &done, err)) {
		snprintf(why, sizeof(why), "%s", err->msg);
		return rb_fail(err, RB_ERR_INPUT, "%s: program %s instruction %zu (%s %s instruction "
			       "%zu): CO-RE relocation %s of %s (access %s): %s", l->obj->path,
			       l->prog->fn.name, at, fn == &l->prog->fn ? "program" : "subprogram",
			       fn->name, r->insn, rec->kind_name, rec->what, rec->access, why);
	}
	l->sites[l->site_count++] = (struct rb_core_site){ at, r->core.index, done.poisoned,
							   done.why };
	if (!res)
		return 0;
	if (done.poisoned) {
		rb_narrate(&l->obj->narrator, "prog %s insn %zu: CO-RE %s %s: cannot be satisfied "
			   "(%s): poisoned, call 0x%x (the verifier refuses it only if it can be "
			   "reached)", l->prog->fn.name, at, rec->kind_name, rec->what, done.why,
			   RB_CORE_POISON_IMM);
		return 0;
	}
	if (done.size_to)
		snprintf(size, sizeof(size), ", %s size %u -> %u",
			 BPF_CLASS(l->insns[at].code) == BPF_LDX ? "load" : "store", done.size_from,
			 done.size_to);
	/* where the answer came from: vmlinux says nothing more */
	if (!res->target)
		snprintf(from, sizeof(from), " (%s)", res->why);
	else if (strcmp(res->target, "vmlinux") != 0)
		snprintf(from, sizeof(from), " (in %s)", res->target);
	rb_narrate(&l->obj->narrator, "prog %s insn %zu: CO-RE %s %s: local %llu -> kernel %llu%s%s",
		   l->prog->fn.name, at, rec->kind_name, rec->what,
		   (unsigned long long)res->orig_val, (unsigned long long)res->new_val, size, from);
	return 0;
}

static int relocate_function(struct flattener *l, size_t which, struct rb_error *err)
{
	const struct rb_function *fn = l->fns[which].fn;
	size_t base = l->fns[which].base;

	for (size_t i = 0; i < fn->reloc_count; i++) {
		const struct rb_reloc *r = &fn->relocs[i];
		size_t at = base + r->insn;

		/* an ld_imm64 takes two slots, a call one (CO-RE: it checks) */
		if (r->insn >= fn->insn_count ||
		    (r->kind != RB_RELOC_CALL && r->kind != RB_RELOC_CORE &&
		     r->insn + 1 >= fn->insn_count) ||
		    (r->kind == RB_RELOC_CORE && r->core.index >= l->obj->core_reloc_count) ||
		    (r->kind == RB_RELOC_MAP_FD && r->map_fd.map >= l->obj->map_count) ||
		    (r->kind == RB_RELOC_MAP_VALUE && r->map_value.map >= l->obj->map_count))
			return rb_fail(err, RB_ERR_INPUT,
				       "program %s instruction %zu: relocation out of range",
				       fn->name, r->insn);
		switch (r->kind) {
		case RB_RELOC_MAP_FD:
		case RB_RELOC_MAP_VALUE:
			if (apply_map(l, r, at, err))
				return -1;
			break;
		case RB_RELOC_CALL:
		case RB_RELOC_FUNC: {
			int is_call = r->kind == RB_RELOC_CALL;
			struct rb_insn_ref to = is_call ? r->call : r->func;
			/* a static callee is relocated against its section's
			 * symbol (".text"): name the function too */
			const struct rb_function *callee = rb_function_at(l->obj, to.section, to.insn);
			int same = !callee || strcmp(callee->name, r->symbol) == 0;
			int32_t imm;
			if (distance_to(l, at, to, &imm, err))
				return -1;
			/* l->insns may have moved: index again after place() */
			l->insns[at].src_reg = is_call ? BPF_PSEUDO_CALL : BPF_PSEUDO_FUNC;
			l->insns[at].imm = imm;
			if (!is_call)
				l->insns[at + 1].imm = 0;
			rb_narrate(&l->obj->narrator, "prog %s insn %zu: %s %s%s%s -> insn %zd",
				 l->prog->fn.name, at, is_call ? "call" : "callback", r->symbol,
				 same ? "" : " ", same ? "" : callee->name, (ssize_t)at + imm + 1);
			break;
		}
		case RB_RELOC_CORE:
			if (apply_core(l, fn, r, at, err))
				return -1;
			break;
		case RB_RELOC_EXTERN: /* externs.c */
			if (rb_extern_apply(l->obj, l->prog->fn.name, l->insns, l->count, at, r,
					    err))
				return -1;
			break;
		}
	}
	/* A call to a function of the same section may come without a
	 * relocation: the compiler already wrote the distance, which stays
	 * right only if the callee lands where it was. Recompute it. */
	for (size_t i = 0; i < fn->insn_count; i++) {
		const struct bpf_insn *in = &fn->insns[i];
		struct rb_insn_ref callee = { fn->section, 0 };
		int32_t imm;

		if (in->code != (BPF_JMP | BPF_CALL) || in->src_reg != BPF_PSEUDO_CALL ||
		    rb_function_has_reloc_at(fn, i))
			continue;
		callee.insn = (size_t)((int64_t)fn->first_insn + (int64_t)i + in->imm + 1);
		if (distance_to(l, base + i, callee, &imm, err))
			return -1;
		l->insns[base + i].imm = imm;
	}
	return 0;
}

int rb_program_relocate_core(const struct rb_object *obj, const struct rb_program *prog,
			     const struct rb_core_result *core, struct rb_relocated *out,
			     struct rb_error *err)
{
	struct flattener l = { .obj = obj, .prog = prog, .core = core };
	size_t base;
	int ret = place(&l, &prog->fn, &base, err);

	/* fn_count grows while we walk: each placed function may place more. */
	for (size_t i = 0; i < l.fn_count && !ret; i++)
		ret = relocate_function(&l, i, err);
	*out = (struct rb_relocated){ l.insns, l.count, l.fns, l.fn_count, l.sites, l.site_count };
	if (ret) {
		rb_relocated_free(out);
		return -1;
	}
	return 0;
}

int rb_program_relocate(const struct rb_object *obj, const struct rb_program *prog,
		    struct rb_relocated *out, struct rb_error *err)
{
	return rb_program_relocate_core(obj, prog, NULL, out, err);
}

void rb_relocated_free(struct rb_relocated *flat)
{
	free(flat->insns);
	free(flat->fns);
	free(flat->core);
	*flat = (struct rb_relocated){ 0 };
}
