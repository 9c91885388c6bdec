/* CO-RE by the kernel: the object's CO-RE records handed to BPF_PROG_LOAD.
 *
 * Since Linux 5.17 the kernel can apply CO-RE relocations itself: given
 * attr.core_relos (core_relo_cnt records of core_relo_rec_size bytes, each a
 * struct bpf_core_relo), the verifier rewrites each instruction for its own
 * BTF before it checks the program (kernel/bpf/verifier.c check_core_relo(),
 * kernel/bpf/btf.c bpf_core_apply(), with the same rules as libbpf: the code
 * is shared, tools/lib/bpf/relo_core.c). rawbpf applies the records itself
 * (relocate/); with rb_open_opts.core_by_kernel it leaves them as compiled
 * and gives them to the kernel instead, which is what makes the kernel an
 * oracle for rawbpf's own CO-RE: load an object both ways and compare what
 * the verifier made of it (tests/kernel/kernel/core.c).
 *
 * What the kernel wants differs from .BTF.ext in one field:
 *   insn_off        in bytes from the start of the program as loaded, which
 *                   is the program followed by the subprograms it reaches
 *                   (relocate/flatten.c): a record in a subprogram moves
 *                   with it, to where rb_relocated says it landed;
 *   type_id         unchanged: the object's BTF is what BPF_BTF_LOAD loaded
 *   access_str_off  (btf_load.c), and its sanitised form for older kernels
 *                   keeps every type's id and the string section as they
 *                   are, so ids and string offsets still name the same
 *                   (only a record about an ENUM64, which the sanitiser
 *                   makes a UNION for kernels before 6.0, would not: such
 *                   a kernel cannot apply it in either form);
 *   kind            unchanged.
 * The kernel reads them in the BTF given as prog_btf_fd, and only when it
 * is also given func_info or line_info (check_btf_info() returns before
 * check_core_relo() without them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf_ext.h"
#include "elf/core_relo.h"
#include "kernel.h"

/* The records of `fn`, placed at `base`, appended to out->core_relos.
 * Where each landed is worked out here from the placement alone, not taken
 * from the sites relocate/ keeps for its own patching (flat->core): the
 * oracle should not share the bookkeeping it checks. */
static int add_function(const struct rb_object *obj, const struct rb_program *prog,
			const struct rb_function *fn, size_t base, struct rb_btf_info *out,
			size_t *cap, struct rb_error *err)
{
	struct btf_ext_block block;

	btf_ext_find_block(&obj->btf_ext->core_relo, obj->btf, fn->section_name, &block);
	for (uint32_t i = 0; i < block.count; i++) {
		struct bpf_core_relo_rec rec = btf_ext_core_relo(&block, i);
		size_t insn = rec.insn_off / sizeof(struct bpf_insn); /* a multiple: btf_ext.c */
		struct bpf_core_relo *r;

		if (insn < fn->first_insn || insn >= fn->first_insn + fn->insn_count)
			continue; /* another function of the same section */
		if (out->core_relo_count == *cap) {
			size_t n = *cap ? 2 * *cap : 16;
			void *grown = realloc(out->core_relos, n * sizeof(*r));
			if (!grown)
				return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
			out->core_relos = grown;
			*cap = n;
		}
		r = (struct bpf_core_relo *)out->core_relos + out->core_relo_count++;
		r->insn_off = (uint32_t)((base + insn - fn->first_insn) * sizeof(struct bpf_insn));
		r->type_id = rec.type_id;
		r->access_str_off = rec.access_str_off;
		r->kind = rec.kind;
		rb_narrate(&obj->narrator, "prog %s insn %zu: CO-RE %s (type id %u, access %s) "
			   "left to the kernel", prog->fn.name, base + insn - fn->first_insn,
			   btf_core_kind_name(rec.kind) ? btf_core_kind_name(rec.kind) : "unknown",
			   rec.type_id, btf_name(obj->btf, rec.access_str_off));
	}
	return 0;
}

int rb_core_relos_for_kernel(const struct rb_object *obj, const struct rb_program *prog,
			     const struct rb_relocated *flat, struct rb_btf_info *info,
			     struct rb_error *err)
{
	size_t cap = 0;

	if (!obj->core_by_kernel || !obj->btf_ext || obj->core_reloc_count == 0)
		return 0;
	for (size_t f = 0; f < flat->fn_count; f++)
		if (add_function(obj, prog, flat->fns[f].fn, flat->fns[f].base, info, &cap,
				 err))
			return -1;
	if (info->core_relo_count == 0)
		return 0; /* the object's records are all in other programs */
	if (obj->btf_fd < 0 || info->func_count == 0)
		return rb_fail(err, RB_ERR_KERNEL,
			       "%s: program %s: the kernel's CO-RE (core_by_kernel) needs the "
			       "object's BTF loaded and func_info for the program, and %s",
			       obj->path, prog->fn.name,
			       obj->btf_warning[0] ? obj->btf_warning : "the object has neither");
	rb_narrate(&obj->narrator, "prog %s: %u CO-RE relocations handed to the kernel "
		   "(BPF_PROG_LOAD core_relos)", prog->fn.name, info->core_relo_count);
	return 0;
}

/* The decoded record (rb_object_core_relocs()) whose instruction landed
 * at `insn` of the flattened program; NULL if none. */
static const struct rb_core_reloc *decoded(const struct rb_object *obj,
					   const struct rb_relocated *flat, size_t insn)
{
	for (size_t f = 0; f < flat->fn_count; f++) {
		const struct rb_function *fn = flat->fns[f].fn;
		size_t base = flat->fns[f].base;

		if (insn < base || insn >= base + fn->insn_count)
			continue;
		for (size_t i = 0; i < obj->core_reloc_count; i++) {
			const struct rb_core_reloc *r = &obj->core_relocs[i];
			if (r->function && strcmp(r->function, fn->name) == 0 &&
			    r->insn == insn - base)
				return r;
		}
	}
	return NULL;
}

void rb_core_kernel_note(const struct rb_object *obj, const struct rb_relocated *flat,
			 const struct rb_btf_info *info, const char *log, char *buf, size_t size)
{
	const struct bpf_core_relo *k = info->core_relos;
	const struct rb_core_reloc *r = NULL;
	long insn;
	size_t relo = 0;

	if (!info->core_relo_count || !log || buf[0])
		return;
	/* the kernel poisons as libbpf does, and so as rawbpf does */
	insn = rb_poisoned_insn(log);
	for (; insn >= 0 && relo < info->core_relo_count; relo++)
		if (k[relo].insn_off == (size_t)insn * sizeof(struct bpf_insn))
			break;
	if (insn < 0 || relo == info->core_relo_count || !(r = decoded(obj, flat, (size_t)insn)))
		return;
	snprintf(buf, size, "\nInstruction %ld is CO-RE relocation %s of %s (access %s; %s %s, "
		 "instruction %zu), the kernel's relo #%zu: the kernel could not satisfy it "
		 "against its own BTF (its log says why, at \"relo #%zu\") and made it a call "
		 "the verifier refuses where it can be reached: check first that the field or "
		 "type exists (bpf_core_field_exists(), bpf_core_type_exists()).",
		 insn, r->kind_name, r->what, r->access, r->in_program ? "program" : "subprogram",
		 r->function, r->insn, relo, relo);
}
