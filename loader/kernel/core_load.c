/* CO-RE at load time: every record's answer, once per load, and the
 * verifier's refusal of a poisoned instruction told as the relocation it
 * came from.
 *
 * The answers are computed before anything is created, in the order of
 * .BTF.ext as libbpf does (the candidate cache narrows as records match:
 * relocate/core.c), once per record even when its function is appended to
 * several programs; relocate/flatten.c then patches each copy. A record
 * that cannot be satisfied does not fail the load: its instruction becomes
 * a call the verifier refuses only if it can be reached, which is how
 * `if (bpf_core_field_exists(...))` code loads on kernels without the
 * field. When the verifier does reach one, its log says only "invalid
 * func unknown#195896080"; rb_core_refusal_note() says which field of
 * which type, and why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "loader/relocate/core.h"

struct modules {
	struct rb_object *obj;
	struct rb_core_target *targets;
};

/* relocate/core.c asks for the modules when vmlinux lacks a type. */
static int give_modules(void *arg, const struct rb_core_target **mods, size_t *count,
			struct rb_error *err)
{
	struct modules *m = arg;
	struct rb_object *obj = m->obj;

	if (rb_core_modules_read(obj, err))
		return -1;
	m->targets = calloc(obj->core_module_count ? obj->core_module_count : 1,
			    sizeof(*m->targets));
	if (!m->targets)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 0; i < obj->core_module_count; i++)
		m->targets[i] = (struct rb_core_target){ &obj->core_modules[i],
							 obj->core_module_names[i] };
	*mods = m->targets;
	*count = obj->core_module_count;
	return 0;
}

/* "program P, instruction N" or "subprogram S, instruction N" */
static void where(const struct rb_core_reloc *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s, instruction %zu", r->in_program ? "program" : "subprogram",
		 r->function, r->insn);
}

/* The target: the --btf file, or the kernel's BTF (and its modules'). */
static int main_target(struct rb_object *obj, struct rb_core_target *main, struct rb_error *err)
{
	char inner[sizeof(err->msg)];

	if (obj->btf_path) {
		if (rb_btf_override_read(obj, err))
			return -1;
		*main = (struct rb_core_target){ obj->btf_override, obj->btf_path };
		return 0;
	}
	if (rb_vmlinux_btf(obj, "CO-RE relocations", err)) {
		snprintf(inner, sizeof(inner), "%s", err->msg);
		return rb_fail(err, err->kind, "%s: %s; a BTF of this kernel can be given instead "
			       "with --btf FILE (rb_open_opts.btf_path)", obj->path, inner);
	}
	*main = (struct rb_core_target){ obj->vmlinux_btf, "vmlinux" };
	return 0;
}

int rb_core_prepare(struct rb_object *obj, struct rb_core_result **out, struct rb_error *err)
{
	struct modules mods = { obj, NULL };
	struct rb_core_ctx ctx = { .local = obj->btf };
	struct rb_core_result *res;
	char at[320], inner[sizeof(err->msg)];
	size_t poisoned = 0;
	int ret = 0;

	*out = NULL;
	if (obj->core_reloc_count == 0)
		return 0;
	if (main_target(obj, &ctx.main, err))
		return -1;
	if (!obj->btf_path) { /* libbpf: no module lookups when vmlinux's BTF is replaced */
		ctx.modules = give_modules;
		ctx.modules_arg = &mods;
	}
	res = calloc(obj->core_reloc_count, sizeof(*res));
	if (!res)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 0; i < obj->core_reloc_count && !ret; i++) {
		const struct rb_core_reloc *r = &obj->core_relocs[i];

		if (!r->function)
			continue; /* in no function: ignored (open/core_relocs.c) */
		ret = rb_core_calc(&ctx, &obj->core_recs[i], &res[i], err);
		if (ret) {
			where(r, at, sizeof(at));
			snprintf(inner, sizeof(inner), "%s", err->msg);
			rb_fail(err, err->kind, "%s: %s: CO-RE relocation %s of %s (access %s): %s",
				obj->path, at, r->kind_name, r->what, r->access, inner);
		}
		poisoned += res[i].poison;
	}
	rb_core_ctx_free(&ctx);
	free(mods.targets);
	if (ret) {
		free(res);
		return -1;
	}
	rb_narrate(&obj->narrator, "CO-RE: %zu relocations worked out against %s (%u types)%s: "
		   "%zu cannot be satisfied there", obj->core_reloc_count, ctx.main.name,
		   ctx.main.btf->count - 1, ctx.modules_asked ? " and the modules' BTF" : "",
		   poisoned);
	*out = res;
	return 0;
}

/* The index of the instruction the verifier stopped at: the log prints
 * each instruction as "N: (85) call unknown#195896080" before it
 * complains about it, so the last such line is the one. -1: none. */
long rb_poisoned_insn(const char *log)
{
	char needle[64];
	long insn = -1;

	snprintf(needle, sizeof(needle), "call unknown#%d", RB_CORE_POISON_IMM);
	for (const char *p = log; (p = strstr(p, needle)); p++) {
		const char *line = p;
		char *end;
		long n;

		while (line > log && line[-1] != '\n')
			line--;
		n = strtol(line, &end, 10);
		if (end != line && *end == ':')
			insn = n;
	}
	return insn;
}

void rb_core_refusal_note(const struct rb_object *obj, const struct rb_relocated *linked,
			  const char *log, char *buf, size_t size)
{
	const struct rb_core_site *site = NULL;
	const struct rb_core_reloc *r;
	char needle[64], at[320];
	long insn;

	buf[0] = '\0';
	snprintf(needle, sizeof(needle), "unknown#%d", RB_CORE_POISON_IMM);
	if (!log || !strstr(log, needle))
		return;
	insn = rb_poisoned_insn(log);
	for (size_t i = 0; i < linked->core_count && !site; i++)
		if (linked->core[i].poisoned && (insn < 0 || linked->core[i].insn == (size_t)insn))
			site = &linked->core[i];
	if (!site)
		return;
	r = &obj->core_relocs[site->record];
	where(r, at, sizeof(at));
	snprintf(buf, size, "\nInstruction %zu is CO-RE relocation %s of %s (access %s; %s), "
		 "which cannot be satisfied on this kernel: %s. rawbpf made it libbpf's poison "
		 "call, which the verifier refuses only where it can be reached: check first "
		 "that the field exists (bpf_core_field_exists()), or build for this kernel's "
		 "types.", site->insn, r->kind_name, r->what, r->access, at,
		 site->why ? site->why : "no match");
}
