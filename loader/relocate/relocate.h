/* The relocate stage (flatten.c): from a program of the object model to
 * the instructions the kernel is given. Not public: rb_object_load() calls
 * it (kernel/load.c); users see only the loaded program. */
#ifndef RAWBPF_RELOCATE_H
#define RAWBPF_RELOCATE_H

#include "loader/open/open.h"
#include "loader/relocate/core.h"

/* A flattened program: what the kernel is given. */
struct rb_placed {
	const struct rb_function *fn; /* the program's own first, then subprograms */
	size_t base;                 /* where its first instruction landed */
};

/* Where a CO-RE record's instruction landed in the flattened program: one
 * per record per copy of its function (a subprogram's records come with
 * it into every program that calls it). */
struct rb_core_site {
	size_t insn;      /* index in the flattened program */
	size_t record;    /* rb_object_core_relocs()[record], obj->core_recs[record] */
	int poisoned;     /* rawbpf made it libbpf's poison call (relocate/core.h) */
	const char *why;  /* and why (lives as long as the results it came from) */
};

struct rb_relocated {
	struct bpf_insn *insns;
	size_t count;
	struct rb_placed *fns;
	size_t fn_count;
	struct rb_core_site *core; /* in instruction order of the placed functions */
	size_t core_count;
};

/* The instructions to give the kernel for prog: a copy of its own, with
 * every subprogram it reaches appended and every relocation applied, using
 * the fds of the object's maps. CO-RE records are patched with core[i],
 * what record i becomes on the target (kernel/core_load.c computes them
 * for the whole object, relocate/core.c); core NULL leaves their
 * instructions as compiled (for a kernel that applies them itself: the
 * sites say where they are). Pure: unit-tested on instruction buffers. */
int rb_program_relocate_core(const struct rb_object *obj, const struct rb_program *prog,
			     const struct rb_core_result *core, struct rb_relocated *out,
			     struct rb_error *err);
/* The same with core NULL. */
int rb_program_relocate(const struct rb_object *obj, const struct rb_program *prog,
		    struct rb_relocated *out, struct rb_error *err);
void rb_relocated_free(struct rb_relocated *flat);

/* externs.c: the instruction at `at` of insns[count], which relocation r
 * says uses an extern, rewritten for what the kernel has (its kind's form:
 * a .kconfig value, BPF_PSEUDO_BTF_ID, an address, BPF_PSEUDO_KFUNC_CALL,
 * or for a missing weak one 0 or libbpf's poisoned call, below). `prog`
 * names the program in messages. */
#define RB_POISON_KFUNC_BASE 2002000000 /* libbpf's POISON_CALL_KFUNC_BASE */
int rb_extern_apply(const struct rb_object *obj, const char *prog, struct bpf_insn *insns,
		    size_t count, size_t at, const struct rb_reloc *r, struct rb_error *err);

#endif
