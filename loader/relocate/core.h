/* CO-RE: what each relocation record becomes on the running kernel
 * (core.c, with libbpf's type comparisons in core_types.c), and how its
 * instruction is patched (core_patch.c). Not public: the kernel
 * stage (kernel/core_load.c) computes every record's result once per load,
 * flatten.c patches each instruction of each program with it.
 *
 * A record (elf/core_relo.h) says "this instruction holds the byte offset
 * of struct task_struct, member real_parent, as compiled". The engine finds
 * the type in the target BTF (the kernel's, a module's, or a file given
 * with --btf), follows the same access there by member names, and gives
 * both answers: what the compiler wrote (to check the instruction is what
 * the record says) and what the target needs. It follows libbpf's rules
 * (tools/lib/bpf/relo_core.c and libbpf.c, which the kernel's own CO-RE in
 * kernel/bpf/btf.c shares), so an object loads the same way with either:
 *   - candidates: every target type of the local type's kind (ENUM and
 *     ENUM64 count as one) whose "essential name" is the local one's, the
 *     name up to a last "___" flavour suffix (task_struct___old matches
 *     task_struct); the kernel's own types first, module types only when
 *     the kernel has none;
 *   - each candidate is matched member by member, by name, through
 *     anonymous structs and unions, with compatible field types;
 *   - several candidates that match must give the same answer, or the load
 *     fails naming them;
 *   - none that matches: existence and type kinds give 0, the others
 *     cannot be satisfied and the instruction is "poisoned" (rb_core_patch).
 * Pure: no I/O. Module BTFs are asked for through a callback, only when
 * the main BTF has no candidate for a type. */
#ifndef RAWBPF_CORE_H
#define RAWBPF_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "elf/btf.h"
#include "elf/btf_ext.h"
#include "elf/error.h"
#include "uapi/linux/bpf.h"

/* libbpf's poison (bpf_core_poison_insn): `call 0xbad2310` ("bad relo"),
 * a helper that does not exist. The verifier only complains about
 * instructions it can reach ("invalid func unknown#195896080"), so code
 * behind `if (bpf_core_field_exists(...))` is dropped as dead and the rest
 * of the program loads. */
#define RB_CORE_POISON_IMM 195896080

/* A BTF to look for types in. */
struct rb_core_target {
	const struct btf *btf;
	const char *name; /* "vmlinux", a module's name, or the --btf file: for messages */
};

/* Gives the module BTFs (split BTF on top of the main one): called at most
 * once per context, the first time the main BTF has no candidate for a
 * type. *mods stays the caller's and must live as long as the context. */
typedef int (*rb_core_modules_fn)(void *arg, const struct rb_core_target **mods,
				  size_t *count, struct rb_error *err);

struct rb_core_cands; /* core.c: the candidates of one local type */

/* One load's CO-RE state: the BTFs and the candidate cache (per local type
 * id, as libbpf keeps it per object load). Fill the first four fields
 * (modules may be NULL), zero the rest. */
struct rb_core_ctx {
	const struct btf *local;       /* the object's .BTF */
	struct rb_core_target main;    /* vmlinux, or the --btf file */
	rb_core_modules_fn modules;    /* NULL: none (libbpf too ignores modules
					  when vmlinux's BTF is replaced) */
	void *modules_arg;
	/* the engine's */
	int modules_asked;
	const struct rb_core_target *mods;
	size_t mod_count;
	struct rb_core_cands **cache;  /* [local->count], allocated on first use */
};
void rb_core_ctx_free(struct rb_core_ctx *ctx);

/* What a record becomes. */
struct rb_core_result {
	uint32_t kind;        /* enum bpf_core_relo_kind */
	uint64_t orig_val;    /* the compiler's answer, from the object's BTF */
	uint64_t new_val;     /* the target's answer */
	int validate;         /* 1: the instruction must hold orig_val (libbpf's
				 rule: not for bitfield offsets, type ids) */
	int poison;           /* 1: cannot be satisfied on this target: see why */
	char why[240];        /* poison: the reason, in words */
	/* field_byte_offset of a whole (non-bitfield) field: its size in bytes
	 * in the object and in the target, else both 0. A load or store of it
	 * takes the new width when they differ (a u32 that became a u64). */
	uint32_t orig_size, new_size;
	int size_unsafe;      /* sizes differ and the value would not survive
				 (a signed int, a struct): a load or store is
				 poisoned rather than read wrong */
	const char *target;   /* the matching candidate's BTF (rb_core_target.name),
				 or NULL when none matched */
	uint32_t target_id;   /* and its type id there */
};

/* Compute what record `rec` (of ctx->local) becomes. 0, or -1 when the
 * load must fail: a record that does not parse, an anonymous type,
 * candidates that disagree (naming them), a kind that cannot apply to an
 * array element, out of memory. An unsatisfiable record is not an error:
 * res->poison says so. */
int rb_core_calc(struct rb_core_ctx *ctx, const struct bpf_core_relo_rec *rec,
		 struct rb_core_result *res, struct rb_error *err);

/* What rb_core_patch() did. */
struct rb_core_patched {
	int poisoned;          /* the instruction is now the poison call */
	const char *why;       /* and why (res->why, or the load's width) */
	uint32_t size_from, size_to; /* a load/store's width changed (bytes); else 0 */
};

/* Patch the instruction at insn (room: slots from there to the program's
 * end) with res, as libbpf's bpf_core_patch_insn() does:
 *   ALU/ALU64 with an immediate (r1 = 8, r1 += 8):  imm
 *   LDX/ST/STX (r1 = *(u32 *)(r2 + 8)):              off, and the width
 *                                                   when the field's size changed
 *   ld_imm64 (r1 = 8 ll):                           both halves of the 64-bit value
 * It is refused (-1, RB_ERR_INPUT; the caller says which program and
 * instruction) when the instruction is none of these, does not hold
 * orig_val, or the new offset or width cannot be encoded. */
int rb_core_patch(struct bpf_insn *insn, size_t room, const struct rb_core_result *res,
		  struct rb_core_patched *out, struct rb_error *err);

/* Is instruction `insn` libbpf's poison call? */
int rb_core_is_poison(const struct bpf_insn *insn);

#endif
