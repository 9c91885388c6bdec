/* The relocate stage (flatten.c): from a program of the object model to
 * the instructions the kernel is given. Not public: rb_object_load() calls
 * it (kernel/load.c); users see only the loaded program. */
#ifndef RAWBPF_RELOCATE_H
#define RAWBPF_RELOCATE_H

#include "loader/open/open.h"

/* A linked program: what the kernel is given. */
struct rb_placed {
	const struct rb_function *fn; /* the program's own first, then subprograms */
	size_t base;                 /* where its first instruction landed */
};

struct rb_relocated {
	struct bpf_insn *insns;
	size_t count;
	struct rb_placed *fns;
	size_t fn_count;
};

/* The instructions to give the kernel for prog: a copy of its own, with
 * every subprogram it reaches appended and every relocation applied, using
 * the fds of the object's maps. Pure: unit-tested on instruction buffers. */
int rb_program_relocate(const struct rb_object *obj, const struct rb_program *prog,
		    struct rb_relocated *out, struct rb_error *err);
void rb_relocated_free(struct rb_relocated *linked);

#endif
