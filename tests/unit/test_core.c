/* The CO-RE engine (loader/relocate/core.c) on BTF built by hand: a local
 * side (the object's BTF) and a target (a kernel's), each small enough to
 * see at once. Every kind of enum bpf_core_relo_kind; flavours; a field
 * that moved, changed size, or is missing; ambiguous candidates; bitfields;
 * enums; arrays; type matches; module BTF; and the instruction patching.
 * The expected numbers are worked out in the comments, by libbpf's rules
 * (tools/lib/bpf/relo_core.c). No kernel calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/types.h"
#include "elf/core_relo.h"
#include "loader/relocate/core.h"

static struct side local, target, module;

/* A context over the two sides (the target named "vmlinux"). */
static struct rb_core_ctx context(void)
{
	return (struct rb_core_ctx){ .local = &local.btf, .main = { &target.btf, "vmlinux" } };
}

static struct rb_core_result calc_in(struct rb_core_ctx *ctx, uint32_t type, const char *access,
				     uint32_t kind)
{
	struct bpf_core_relo_rec rec = { 0, type, side_access(&local, access), kind };
	struct rb_core_result res;
	struct rb_error err = { 0 };

	if (rb_core_calc(ctx, &rec, &res, &err))
		fail_msg("%s of type %u, \"%s\": %s", btf_core_kind_name(kind), type, access, err.msg);
	return res;
}

/* One record, in a context of its own. */
static struct rb_core_result calc(uint32_t type, const char *access, uint32_t kind)
{
	struct rb_core_ctx ctx = context();
	struct rb_core_result res = calc_in(&ctx, type, access, kind);

	rb_core_ctx_free(&ctx);
	return res;
}

/* A record that must fail the load, with `needle` in the message. */
static void calc_fails(uint32_t type, const char *access, uint32_t kind, const char *needle)
{
	struct rb_core_ctx ctx = context();
	struct bpf_core_relo_rec rec = { 0, type, side_access(&local, access), kind };
	struct rb_core_result res;
	struct rb_error err = { 0 };
	int ret = rb_core_calc(&ctx, &rec, &res, &err);

	rb_core_ctx_free(&ctx);
	if (ret == 0)
		fail_msg("%s of type %u, \"%s\" was computed; expected \"%s\"",
			 btf_core_kind_name(kind), type, access, needle);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
}

static void expect(uint32_t type, const char *access, uint32_t kind, uint64_t orig, uint64_t val)
{
	struct rb_core_result r = calc(type, access, kind);

	if (r.poison)
		fail_msg("%s \"%s\": poisoned (%s)", btf_core_kind_name(kind), access, r.why);
	assert_int_equal(r.orig_val, orig);
	assert_int_equal(r.new_val, val);
}

static void expect_poison(uint32_t type, const char *access, uint32_t kind, const char *why)
{
	struct rb_core_result r = calc(type, access, kind);

	assert_true(r.poison);
	if (!strstr(r.why, why))
		fail_msg("why \"%s\" does not contain \"%s\"", r.why, why);
}

static void done(void)
{
	side_free(&local);
	side_free(&target);
}

/* ---- fields -------------------------------------------------------------- */

/* struct task { int pid; int tgid; struct task *parent; } in the object;
 * the kernel's has more, in another order:
 *   struct task { long state; struct task *parent; int tgid; int pid; } */
enum { L_INT = 1, L_TASK, L_PTR };
enum { T_INT = 1, T_LONG, T_TASK, T_PTR };

static void build_task(void)
{
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "task", 16, { "pid", L_INT, 0, 0 }, { "tgid", L_INT, 32, 0 },
		 { "parent", L_PTR, 64, 0 });
	t_ptr(&local, L_TASK);
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	t_int(&target, "long", 8, 1);
	t_struct(&target, "task", 24, { "state", T_LONG, 0, 0 }, { "parent", T_PTR, 64, 0 },
		 { "tgid", T_INT, 128, 0 }, { "pid", T_INT, 160, 0 });
	t_ptr(&target, T_TASK);
	side_end(&target);
}

static void field_that_moved(void **state)
{
	(void)state;
	build_task();
	expect(L_TASK, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 20);  /* pid: byte 0 -> 20 */
	expect(L_TASK, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, 4, 16);  /* tgid: 4 -> 16 */
	expect(L_TASK, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, 8, 8);   /* parent stays */
	expect(L_TASK, "0:0", BPF_CORE_FIELD_BYTE_SIZE, 4, 4);
	expect(L_TASK, "0:2", BPF_CORE_FIELD_BYTE_SIZE, 8, 8);
	expect(L_TASK, "0:0", BPF_CORE_FIELD_EXISTS, 1, 1);
	expect(L_TASK, "0:0", BPF_CORE_FIELD_SIGNED, 1, 1);
	expect(L_TASK, "0:2", BPF_CORE_FIELD_SIGNED, 0, 0);        /* a pointer */
	/* a whole int, read as a u64 and shifted: 64 - 32 each way */
	expect(L_TASK, "0:1", BPF_CORE_FIELD_LSHIFT_U64, 32, 32);
	expect(L_TASK, "0:1", BPF_CORE_FIELD_RSHIFT_U64, 32, 32);
	/* p[1].tgid: one struct further, 16 bytes locally and 24 in the kernel */
	expect(L_TASK, "1:1", BPF_CORE_FIELD_BYTE_OFFSET, 16 + 4, 24 + 16);
	/* the whole root: its offset, its size */
	expect(L_TASK, "0", BPF_CORE_FIELD_BYTE_SIZE, 16, 24);
	{
		struct rb_core_result r = calc(L_TASK, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);

		assert_string_equal(r.target, "vmlinux");
		assert_int_equal(r.target_id, T_TASK);
		assert_true(r.validate);
		assert_int_equal(r.orig_size, 4); /* a whole field: the width a load needs */
		assert_int_equal(r.new_size, 4);
	}
	done();
}

/* A field the kernel lacks: existence is 0, everything else cannot be
 * satisfied and poisons its instruction; a field of an incompatible type
 * is missing too. */
static void missing_field_is_unsatisfiable(void **state)
{
	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "task", 12, { "pid", L_INT, 0, 0 }, { "gone", L_INT, 32, 0 },
		 { "tgid", L_INT, 64, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	/* tgid became a struct: not readable as an int */
	t_struct(&target, "pair", 8, { "a", 1, 0, 0 }, { "b", 1, 32, 0 });
	t_struct(&target, "task", 12, { "pid", 1, 0, 0 }, { "tgid", 2, 32, 0 });
	side_end(&target);
	expect(L_TASK, "0:1", BPF_CORE_FIELD_EXISTS, 1, 0);
	expect_poison(L_TASK, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, "struct task has no field gone");
	expect_poison(L_TASK, "0:1", BPF_CORE_FIELD_BYTE_SIZE, "no field gone");
	expect_poison(L_TASK, "0:2", BPF_CORE_FIELD_BYTE_OFFSET,
		      "field tgid is int in the object but struct pair in the target");
	expect(L_TASK, "0:2", BPF_CORE_FIELD_EXISTS, 1, 0);
	expect(L_TASK, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0);
	{
		struct rb_core_result r = calc(L_TASK, "0:1", BPF_CORE_FIELD_EXISTS);
		assert_null(r.target); /* nothing matched */
	}
	done();
}

/* task___old finds the kernel's task (flavours); the kernel's own
 * flavoured names are candidates too (vmlinux has nf_conn___init). */
static void flavours(void **state)
{
	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "task___old", 4, { "state", L_INT, 0, 0 });
	t_struct(&local, "task", 4, { "__state", L_INT, 0, 0 });
	t_struct(&local, "conn", 4, { "mark", L_INT, 0, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	t_struct(&target, "task", 8, { "flags", 1, 0, 0 }, { "__state", 1, 32, 0 });
	t_struct(&target, "conn___init", 8, { "x", 1, 0, 0 }, { "mark", 1, 32, 0 });
	side_end(&target);
	/* the kernel renamed state: the old flavour's field is gone... */
	expect(2, "0:0", BPF_CORE_FIELD_EXISTS, 1, 0);
	expect_poison(2, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, "no field state");
	/* ...and the new one is found, in the same struct task */
	expect(3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 4);
	expect(3, "0", BPF_CORE_TYPE_ID_TARGET, 3, 2);
	/* conn___init in the kernel is a conn */
	expect(4, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 4);
	{
		struct rb_core_result r = calc(4, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
		assert_int_equal(r.target_id, 3);
	}
	done();
}

/* A member the kernel moved into an anonymous union is still found, and
 * an anonymous struct of the object is stepped through. */
static void anonymous_members(void **state)
{
	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, NULL, 4, { "b", 1, 0, 0 });                      /* 2 */
	t_struct(&local, "s", 8, { "a", 1, 0, 0 }, { NULL, 2, 32, 0 });    /* 3: s.b is 0:1:0 */
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	t_union(&target, NULL, 4, { "b", 1, 0, 0 }, { "c", 1, 0, 0 });    /* 2 */
	t_struct(&target, "s", 16, { "x", 1, 0, 0 }, { "a", 1, 32, 0 },
		 { NULL, 2, 96, 0 });                                       /* 3 */
	side_end(&target);
	expect(3, "0:1:0", BPF_CORE_FIELD_BYTE_OFFSET, 4, 12);
	expect(3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 4);
	done();
}

/* A field that changed size: a u32 that became a u64 is read with a wider
 * load; a signed one cannot be (the patch poisons a load of it). */
static void field_that_changed_size(void **state)
{
	struct rb_core_result r;

	(void)state;
	side_begin(&local);
	t_int(&local, "u32", 4, 0);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "s", 8, { "flags", 1, 0, 0 }, { "count", 2, 32, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "u64", 8, 0);
	t_int(&target, "long", 8, 1);
	t_struct(&target, "s", 16, { "flags", 1, 0, 0 }, { "count", 2, 64, 0 });
	side_end(&target);
	r = calc(3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	assert_int_equal(r.orig_size, 4);
	assert_int_equal(r.new_size, 8);
	assert_false(r.size_unsafe);
	r = calc(3, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	assert_int_equal(r.new_val, 8);
	assert_int_equal(r.new_size, 8);
	assert_true(r.size_unsafe);
	expect(3, "0:1", BPF_CORE_FIELD_BYTE_SIZE, 4, 8);
	done();
}

/* Bitfields: the smallest aligned load from the field's own type up that
 * holds all its bits, and the shifts that take them out of a u64.
 *   object: struct b { unsigned int lo:3, mid:5; int neg:4, cross:4 }
 *           at bits 0, 3, 8, 16
 *   kernel: struct b { unsigned int x:28, mid:5 (bits 28-32: across a
 *           4-byte boundary), lo:3 at bit 70; int neg:4 at 100, cross:4
 *           at 62 (across an 8-byte boundary: no load reads it) } */
static void bitfields(void **state)
{
	(void)state;
	side_begin(&local);
	t_int(&local, "unsigned int", 4, 0);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "b", 4, { "lo", 1, 0, 3 }, { "mid", 1, 3, 5 }, { "neg", 2, 8, 4 },
		 { "cross", 2, 16, 4 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "unsigned int", 4, 0);
	t_int(&target, "int", 4, 1);
	t_struct(&target, "b", 16, { "x", 1, 0, 28 }, { "mid", 1, 28, 5 }, { "lo", 1, 70, 3 },
		 { "neg", 2, 100, 4 }, { "cross", 2, 62, 4 });
	side_end(&target);
	/* lo: bits 70-72 sit in the u32 at byte 8 (bits 64-95) */
	expect(3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 8);
	expect(3, "0:0", BPF_CORE_FIELD_BYTE_SIZE, 4, 4);
	/* left shift: 64 - (bit + bits - load start): local 64 - 3, kernel 64 - (70 + 3 - 64) */
	expect(3, "0:0", BPF_CORE_FIELD_LSHIFT_U64, 61, 55);
	expect(3, "0:0", BPF_CORE_FIELD_RSHIFT_U64, 61, 61);
	expect(3, "0:0", BPF_CORE_FIELD_SIGNED, 0, 0);
	/* mid: bits 28-32 are in no u32: a u64 load at byte 0 */
	expect(3, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0);
	expect(3, "0:1", BPF_CORE_FIELD_BYTE_SIZE, 4, 8);
	expect(3, "0:1", BPF_CORE_FIELD_LSHIFT_U64, 64 - 8, 64 - 33);
	expect(3, "0:1", BPF_CORE_FIELD_RSHIFT_U64, 59, 59);
	/* neg: signed, bits 100-103 in the u32 at byte 12 */
	expect(3, "0:2", BPF_CORE_FIELD_SIGNED, 1, 1);
	expect(3, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, 0, 12);
	expect(3, "0:2", BPF_CORE_FIELD_LSHIFT_U64, 64 - 12, 64 - (100 + 4 - 96));
	expect(3, "0:2", BPF_CORE_FIELD_RSHIFT_U64, 60, 60);
	/* cross: libbpf refuses the load too */
	calc_fails(3, "0:3", BPF_CORE_FIELD_BYTE_OFFSET, "cannot be read with one 64-bit load");
	{
		/* the compiler's bitfield loads need not be libbpf's: not checked */
		struct rb_core_result r = calc(3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
		assert_false(r.validate);
		assert_int_equal(r.orig_size, 0); /* no width change for bitfields */
		r = calc(3, "0:0", BPF_CORE_FIELD_RSHIFT_U64);
		assert_true(r.validate);
	}
	done();
}

/* Arrays: an element of an array member; a kernel array too short for
 * the index; a flexible array, which has any index. */
static void arrays(void **state)
{
	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_array(&local, 1, 4);                                             /* 2: int[4] */
	t_array(&local, 1, 0);                                             /* 3: int[] */
	t_struct(&local, "a", 24, { "n", 1, 0, 0 }, { "v", 2, 32, 0 }, { "tail", 3, 160, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	t_array(&target, 1, 2);                                            /* 2: int[2] */
	t_array(&target, 1, 0);
	t_struct(&target, "a", 16, { "v", 2, 0, 0 }, { "n", 1, 64, 0 }, { "tail", 3, 96, 0 });
	side_end(&target);
	/* a.v[1]: 4 + 4 locally, 0 + 4 in the kernel */
	expect(4, "0:1:1", BPF_CORE_FIELD_BYTE_OFFSET, 8, 4);
	expect(4, "0:1:1", BPF_CORE_FIELD_BYTE_SIZE, 4, 4);
	expect(4, "0:1", BPF_CORE_FIELD_BYTE_SIZE, 16, 8);
	/* a.v[3]: past the kernel's two elements */
	expect(4, "0:1:3", BPF_CORE_FIELD_EXISTS, 1, 0);
	expect_poison(4, "0:1:3", BPF_CORE_FIELD_BYTE_OFFSET, "index 3 is past the 2 elements");
	/* a.tail[5]: a flexible array, last member: any index */
	expect(4, "0:2:5", BPF_CORE_FIELD_BYTE_OFFSET, 20 + 20, 12 + 20);
	/* libbpf: only offsets and sizes make sense for an element */
	calc_fails(4, "0:1:1", BPF_CORE_FIELD_SIGNED, "cannot apply to an array element");
	done();
}

/* Two candidates that disagree fail the load, naming both; two that agree
 * are fine (deduplication leaves such twins in kernels). */
static void ambiguous_candidates(void **state)
{
	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "dup", 8, { "a", 1, 0, 0 }, { "b", 1, 32, 0 });
	t_struct(&local, "twin", 4, { "a", 1, 0, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	t_struct(&target, "dup", 8, { "a", 1, 0, 0 }, { "b", 1, 32, 0 });   /* 2 */
	t_struct(&target, "dup", 8, { "b", 1, 0, 0 }, { "a", 1, 32, 0 });   /* 3 */
	t_struct(&target, "twin", 4, { "a", 1, 0, 0 });                     /* 4 */
	t_struct(&target, "twin", 4, { "a", 1, 0, 0 });                     /* 5 */
	side_end(&target);
	calc_fails(2, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, "struct dup [2] in vmlinux");
	calc_fails(2, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, "struct dup [3] in vmlinux");
	calc_fails(2, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, "different answers");
	/* even where the answer is the same: b exists in both, but not at
	 * the same place (libbpf: "field offset ambiguity") */
	calc_fails(2, "0:1", BPF_CORE_FIELD_EXISTS, "has the field at bit 32");
	expect(3, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, 0, 0);
	/* twins as types: each has its own id, so the target id is ambiguous */
	calc_fails(3, "0", BPF_CORE_TYPE_ID_TARGET, "twin [5] in vmlinux gives 5");
	expect(3, "0", BPF_CORE_TYPE_SIZE, 4, 4);
	done();
}

/* The candidate cache: once a record of a type matched only some
 * candidates, later records of that type consider only those (libbpf's
 * rule), in one context. */
static void candidates_narrow(void **state)
{
	struct rb_core_ctx ctx;
	struct rb_core_result r;

	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "s", 8, { "only_in_first", 1, 0, 0 }, { "both", 1, 32, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	t_struct(&target, "s", 8, { "only_in_first", 1, 0, 0 }, { "both", 1, 32, 0 });
	t_struct(&target, "s", 8, { "both", 1, 0, 0 });
	side_end(&target);
	/* alone, "both" is ambiguous: byte 4 in the first, 0 in the second */
	calc_fails(2, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, "different answers");
	/* after only_in_first matched the first alone, it is unambiguous */
	ctx = context();
	r = calc_in(&ctx, 2, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	assert_int_equal(r.target_id, 2);
	r = calc_in(&ctx, 2, "0:1", BPF_CORE_FIELD_BYTE_OFFSET);
	assert_int_equal(r.new_val, 4);
	rb_core_ctx_free(&ctx);
	done();
}

/* ---- types ------------------------------------------------------------------ */

static void type_kinds(void **state)
{
	(void)state;
	build_task();
	expect(L_TASK, "0", BPF_CORE_TYPE_EXISTS, 1, 1);
	expect(L_TASK, "0", BPF_CORE_TYPE_SIZE, 16, 24);
	expect(L_TASK, "0", BPF_CORE_TYPE_ID_TARGET, L_TASK, T_TASK);
	expect(L_TASK, "0", BPF_CORE_TYPE_ID_LOCAL, L_TASK, L_TASK);
	expect(L_INT, "0", BPF_CORE_TYPE_SIZE, 4, 4);
	/* ids are not checked against the instruction (linking renumbers them) */
	assert_false(calc(L_TASK, "0", BPF_CORE_TYPE_ID_TARGET).validate);
	assert_false(calc(L_TASK, "0", BPF_CORE_TYPE_ID_LOCAL).validate);
	/* void: its own id is 0; anything else has nothing to look for */
	expect(0, "0", BPF_CORE_TYPE_ID_LOCAL, 0, 0);
	calc_fails(0, "0", BPF_CORE_TYPE_EXISTS, "anonymous");
	calc_fails(L_PTR, "0", BPF_CORE_TYPE_EXISTS, "anonymous"); /* a pointer has no name */
	done();

	/* a type the kernel lacks: 0 for every type kind, never poisoned */
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "nowhere", 4, { "a", 1, 0, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	side_end(&target);
	expect(2, "0", BPF_CORE_TYPE_EXISTS, 1, 0);
	expect(2, "0", BPF_CORE_TYPE_SIZE, 4, 0);
	expect(2, "0", BPF_CORE_TYPE_ID_TARGET, 2, 0);
	expect(2, "0", BPF_CORE_TYPE_MATCHES, 1, 0);
	expect(2, "0:0", BPF_CORE_FIELD_EXISTS, 1, 0);
	expect_poison(2, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, "the target has no struct nowhere");
	done();
}

/* type_matches is stricter than type_exists: member names and types,
 * integer sizes and signs, array lengths. */
static void type_matches(void **state)
{
	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);                                         /* 1 */
	t_struct(&local, "same", 4, { "a", 1, 0, 0 });                      /* 2 */
	t_struct(&local, "other_int", 4, { "a", 1, 0, 0 });                 /* 3 */
	t_struct(&local, "subset___x", 4, { "b", 1, 0, 0 });                /* 4 */
	t_struct(&local, "renamed", 4, { "a", 1, 0, 0 });                   /* 5 */
	t_array(&local, 1, 3);                                              /* 6 */
	t_struct(&local, "arr", 12, { "v", 6, 0, 0 });                      /* 7 */
	t_struct(&local, "opaque", 4, { "a", 1, 0, 0 });                    /* 8 */
	t_ptr(&local, 8);                                                   /* 9 */
	t_struct(&local, "holder", 8, { "p", 9, 0, 0 });                    /* 10 */
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);                                        /* 1 */
	t_int(&target, "unsigned int", 4, 0);                               /* 2 */
	t_struct(&target, "same", 8, { "z", 1, 0, 0 }, { "a", 1, 32, 0 });  /* 3 */
	t_struct(&target, "other_int", 4, { "a", 2, 0, 0 });                /* 4 */
	t_struct(&target, "subset", 8, { "a", 1, 0, 0 }, { "b", 1, 32, 0 });/* 5 */
	t_struct(&target, "renamed", 4, { "c", 1, 0, 0 });                  /* 6 */
	t_array(&target, 1, 4);                                             /* 7 */
	t_struct(&target, "arr", 16, { "v", 7, 0, 0 });                     /* 8 */
	t_fwd(&target, "opaque", 0);                                        /* 9 */
	t_ptr(&target, 9);                                                  /* 10 */
	t_struct(&target, "holder", 8, { "p", 10, 0, 0 });                  /* 11 */
	side_end(&target);
	expect(2, "0", BPF_CORE_TYPE_MATCHES, 1, 1);   /* extra kernel members are fine */
	expect(3, "0", BPF_CORE_TYPE_MATCHES, 1, 0);   /* int vs unsigned int */
	expect(3, "0", BPF_CORE_TYPE_EXISTS, 1, 1);    /* yet it exists */
	expect(4, "0", BPF_CORE_TYPE_MATCHES, 1, 1);   /* flavour, subset of members */
	expect(5, "0", BPF_CORE_TYPE_MATCHES, 1, 0);   /* member a is gone */
	expect(7, "0", BPF_CORE_TYPE_MATCHES, 1, 0);   /* int[3] vs int[4] */
	expect(7, "0", BPF_CORE_TYPE_EXISTS, 1, 1);
	/* behind a pointer a struct matches a forward declaration of it */
	expect(10, "0", BPF_CORE_TYPE_MATCHES, 1, 1);
	done();
}

/* ---- enums --------------------------------------------------------------- */

static void enums(void **state)
{
	(void)state;
	side_begin(&local);
	t_enum(&local, BTF_KIND_ENUM, "pid_type", 4, 0,
	       (const struct enumerator[]){ { "PIDTYPE_PID", 0 }, { "PIDTYPE_TGID", 1 },
					    { "PIDTYPE_GONE", 2 }, { "PIDTYPE_NEG___v2", 3 } }, 4);
	t_enum(&local, BTF_KIND_ENUM, "big", 4, 0,
	       (const struct enumerator[]){ { "BIG", 1 } }, 1);
	side_end(&local);
	side_begin(&target);
	t_enum(&target, BTF_KIND_ENUM, "pid_type", 4, 1,
	       (const struct enumerator[]){ { "PIDTYPE_NEG", -5 }, { "PIDTYPE_PID", 0 },
					    { "PIDTYPE_TGID", 7 } }, 3);
	t_enum(&target, BTF_KIND_ENUM64, "big", 8, 0,
	       (const struct enumerator[]){ { "BIG", 0x100000002ll } }, 1);
	side_end(&target);
	expect(1, "1", BPF_CORE_ENUMVAL_VALUE, 1, 7);
	expect(1, "1", BPF_CORE_ENUMVAL_EXISTS, 1, 1);
	expect(1, "2", BPF_CORE_ENUMVAL_EXISTS, 1, 0);
	expect_poison(1, "2", BPF_CORE_ENUMVAL_VALUE, "enum pid_type has no value PIDTYPE_GONE");
	/* enumerator names have flavours too; a negative 32-bit value widens */
	expect(1, "3", BPF_CORE_ENUMVAL_VALUE, 3, (uint64_t)-5);
	/* an enum may be an enum64 in the kernel */
	expect(2, "0", BPF_CORE_ENUMVAL_VALUE, 1, 0x100000002ull);
	expect(2, "0", BPF_CORE_TYPE_SIZE, 4, 8);
	expect(2, "0", BPF_CORE_TYPE_MATCHES, 1, 0);   /* sizes differ */
	done();
}

/* ---- module BTF --------------------------------------------------------- */

static int modules_asked;
static struct rb_core_target module_target;

static int give_module(void *arg, const struct rb_core_target **mods, size_t *count,
		       struct rb_error *err)
{
	(void)arg;
	(void)err;
	modules_asked++;
	module_target = (struct rb_core_target){ &module.btf, "module m" };
	*mods = &module_target;
	*count = 1;
	return 0;
}

/* A type vmlinux lacks is looked for in the modules' split BTF; the
 * modules are asked for once, and only then. */
static void module_types(void **state)
{
	struct rb_core_ctx ctx;
	struct rb_core_result r;
	uint32_t m_conn;

	(void)state;
	side_begin(&local);
	t_int(&local, "int", 4, 1);
	t_struct(&local, "conn", 8, { "mark", 1, 0, 0 });
	side_end(&local);
	side_begin(&target);
	t_int(&target, "int", 4, 1);
	t_struct(&target, "task", 4, { "pid", 1, 0, 0 });
	side_end(&target);
	/* the module's types continue vmlinux's ids and refer to its int */
	side_begin_split(&module, &target);
	m_conn = t_struct(&module, "conn", 12, { "zone", 1, 0, 0 }, { "mark", 1, 64, 0 });
	side_end_split(&module, &target);
	assert_int_equal(m_conn, 3);
	ctx = context();
	ctx.modules = give_module;
	modules_asked = 0;
	r = calc_in(&ctx, 1, "0", BPF_CORE_TYPE_SIZE); /* int: in vmlinux */
	assert_int_equal(modules_asked, 0);
	r = calc_in(&ctx, 2, "0:0", BPF_CORE_FIELD_BYTE_OFFSET);
	assert_int_equal(modules_asked, 1);
	assert_int_equal(r.new_val, 8);
	assert_string_equal(r.target, "module m");
	assert_int_equal(r.target_id, m_conn);
	r = calc_in(&ctx, 2, "0", BPF_CORE_TYPE_ID_TARGET);
	assert_int_equal(r.new_val, m_conn);
	assert_int_equal(modules_asked, 1);
	rb_core_ctx_free(&ctx);
	side_free(&module);
	done();
}

/* ---- patching ------------------------------------------------------------ */

static struct rb_core_result result(uint64_t orig, uint64_t val)
{
	return (struct rb_core_result){ .orig_val = orig, .new_val = val, .validate = 1 };
}

static void patch_ok(struct bpf_insn *insn, size_t room, const struct rb_core_result *res,
		     struct rb_core_patched *done_)
{
	struct rb_error err = { 0 };

	if (rb_core_patch(insn, room, res, done_, &err))
		fail_msg("%s", err.msg);
}

static void patch_fails(struct bpf_insn *insn, size_t room, const struct rb_core_result *res,
			const char *needle)
{
	struct rb_core_patched d;
	struct rb_error err = { 0 };

	if (rb_core_patch(insn, room, res, &d, &err) == 0)
		fail_msg("patched; expected \"%s\"", needle);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
}

static void patching(void **state)
{
	struct rb_core_result res = result(8, 1280);
	struct rb_core_patched d;
	struct bpf_insn insn[2];

	(void)state;
	/* r1 += 8 -> r1 += 1280 */
	insn[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 1, .imm = 8 };
	patch_ok(insn, 1, &res, &d);
	assert_int_equal(insn[0].imm, 1280);
	assert_false(d.poisoned);
	/* r0 = *(u64 *)(r1 + 8) -> + 1280 */
	insn[0] = (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_DW, .src_reg = 1, .off = 8 };
	patch_ok(insn, 1, &res, &d);
	assert_int_equal(insn[0].off, 1280);
	assert_int_equal(insn[0].code, BPF_LDX | BPF_MEM | BPF_DW);
	/* r1 = 8 ll -> the 64-bit value in both halves */
	res = result(8, 0x100000002ull);
	insn[0] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1, .imm = 8 };
	insn[1] = (struct bpf_insn){ 0 };
	patch_ok(insn, 2, &res, &d);
	assert_int_equal(insn[0].imm, 2);
	assert_int_equal(insn[1].imm, 1);
	/* the instruction must hold what the record says */
	res = result(8, 16);
	insn[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 4 };
	patch_fails(insn, 1, &res, "holds 4, not the 8");
	/* ...unless the result says not to check (type ids, bitfields) */
	res.validate = 0;
	patch_ok(insn, 1, &res, &d);
	assert_int_equal(insn[0].imm, 16);
	/* what CO-RE cannot patch */
	res = result(8, 16);
	insn[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_X, .imm = 8 };
	patch_fails(insn, 1, &res, "takes a register");
	insn[0] = (struct bpf_insn){ .code = BPF_JMP | BPF_JEQ | BPF_K, .imm = 8 };
	patch_fails(insn, 1, &res, "not one CO-RE patches");
	insn[0] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .src_reg = 1, .imm = 8 };
	patch_fails(insn, 2, &res, "not a plain 64-bit immediate load"); /* a map's */
	insn[0] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .imm = 8 };
	patch_fails(insn, 1, &res, "not a plain 64-bit immediate load"); /* truncated */
	res = result(8, 40000);
	insn[0] = (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_W, .off = 8 };
	patch_fails(insn, 1, &res, "does not fit the instruction's 16-bit offset");
}

/* A load of a field that changed size takes the new width; one whose
 * value would not survive it, and unsatisfiable records, become the
 * poison call (both slots of an ld_imm64). */
static void patching_widths_and_poison(void **state)
{
	struct rb_core_result res = result(0, 8);
	struct rb_core_patched d;
	struct bpf_insn insn[2];

	(void)state;
	res.orig_size = 4;
	res.new_size = 8;
	insn[0] = (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 2, .off = 0 };
	patch_ok(insn, 1, &res, &d);
	assert_int_equal(insn[0].code, BPF_LDX | BPF_MEM | BPF_DW);
	assert_int_equal(insn[0].off, 8);
	assert_int_equal(d.size_from, 4);
	assert_int_equal(d.size_to, 8);
	/* the instruction's width must be the field's */
	insn[0] = (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_H, .off = 0 };
	patch_fails(insn, 1, &res, "accesses 2 bytes, not the field's 4");
	/* no load has 3 bytes */
	res.new_size = 3;
	insn[0] = (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_W, .off = 0 };
	patch_fails(insn, 1, &res, "no load or store has that width");
	/* a signed field that changed size: poisoned, not read wrong */
	res.new_size = 8;
	res.size_unsafe = 1;
	insn[0] = (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 2, .off = 0 };
	patch_ok(insn, 1, &res, &d);
	assert_true(d.poisoned);
	assert_true(rb_core_is_poison(&insn[0]));
	assert_int_equal(insn[0].imm, 0xbad2310);
	/* ...but an ALU immediate of its offset is just a number */
	insn[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 0 };
	patch_ok(insn, 1, &res, &d);
	assert_false(d.poisoned);
	assert_int_equal(insn[0].imm, 8);
	/* unsatisfiable: whatever the instruction is */
	res = result(8, 0);
	res.poison = 1;
	snprintf(res.why, sizeof(res.why), "gone");
	insn[0] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1, .imm = 8 };
	insn[1] = (struct bpf_insn){ 0 };
	patch_ok(insn, 2, &res, &d);
	assert_true(d.poisoned);
	assert_string_equal(d.why, "gone");
	assert_true(rb_core_is_poison(&insn[0]));
	assert_true(rb_core_is_poison(&insn[1]));
	assert_int_equal(insn[0].code, BPF_JMP | BPF_CALL);
	assert_int_equal(insn[0].dst_reg, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(field_that_moved),
		cmocka_unit_test(missing_field_is_unsatisfiable),
		cmocka_unit_test(flavours),
		cmocka_unit_test(anonymous_members),
		cmocka_unit_test(field_that_changed_size),
		cmocka_unit_test(bitfields),
		cmocka_unit_test(arrays),
		cmocka_unit_test(ambiguous_candidates),
		cmocka_unit_test(candidates_narrow),
		cmocka_unit_test(type_kinds),
		cmocka_unit_test(type_matches),
		cmocka_unit_test(enums),
		cmocka_unit_test(module_types),
		cmocka_unit_test(patching),
		cmocka_unit_test(patching_widths_and_poison),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
