/* Unit tests for the pure parts of loader/: relocation on instruction
 * buffers, the section-name table, kernel names and CPU lists. No kernel
 * calls: the "fds" below are just numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/kernel/kernel.h"
#include "loader/open/open.h"

#define LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)

/* r1 = map (2 slots); r0 = 0; exit */
static struct bpf_insn prog_insns[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
	{ .code = LD_IMM64, .dst_reg = 1, .imm = 0 },
	{ .code = 0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

struct fixture {
	struct rb_object obj;
	struct rb_map maps[2];
	struct rb_program prog;
	struct rb_reloc reloc;
};

static void make_fixture(struct fixture *f, enum rb_reloc_kind kind)
{
	memset(f, 0, sizeof(*f));
	f->maps[0] = (struct rb_map){ .name = "first", .fd = 7 };
	f->maps[1] = (struct rb_map){ .name = "counts", .fd = 42 };
	f->reloc = (struct rb_reloc){ .kind = kind, .insn = 1, .symbol = "counts" };
	if (kind == RB_RELOC_MAP_FD)
		f->reloc.map_fd.map = 1;
	else if (kind == RB_RELOC_MAP_VALUE)
		f->reloc.map_value.map = 1;
	f->prog = (struct rb_program){ .fn = { .name = "p", .insns = prog_insns, .insn_count = 4,
					       .relocs = &f->reloc, .reloc_count = 1 } };
	f->obj = (struct rb_object){ .path = "test.o", .maps = f->maps, .map_count = 2,
				     .programs = &f->prog, .program_count = 1 };
}

/* Link f's program; returns the linked copy (the caller frees it). */
static struct bpf_insn *link_ok(struct fixture *f, size_t *count)
{
	struct rb_relocated out;
	struct rb_error err = { 0 };

	if (rb_program_relocate(&f->obj, &f->prog, &out, &err))
		fail_msg("link failed: %s", err.msg);
	free(out.fns);
	*count = out.count;
	return out.insns;
}

static int link_fails(struct fixture *f, struct rb_error *err)
{
	struct rb_relocated out;
	int ret = rb_program_relocate(&f->obj, &f->prog, &out, err);

	if (ret == 0)
		rb_relocated_free(&out);
	return ret;
}

static void map_fd_relocation_writes_pseudo_and_fd(void **state)
{
	struct fixture f;
	struct bpf_insn *copy;
	size_t count;

	(void)state;
	make_fixture(&f, RB_RELOC_MAP_FD);
	copy = link_ok(&f, &count);
	assert_int_equal(count, 4);
	assert_int_equal(copy[1].src_reg, BPF_PSEUDO_MAP_FD);
	assert_int_equal(copy[1].imm, 42);
	assert_int_equal(copy[1].dst_reg, 1);
	assert_int_equal(copy[2].imm, 0);
	/* the object's own instructions are untouched */
	assert_int_equal(prog_insns[1].src_reg, 0);
	assert_int_equal(prog_insns[1].imm, 0);
	/* other instructions are untouched */
	assert_memory_equal(&copy[0], &prog_insns[0], sizeof(copy[0]));
	assert_memory_equal(&copy[3], &prog_insns[3], sizeof(copy[3]));
	free(copy);
}

static void map_value_relocation_writes_fd_and_offset(void **state)
{
	struct fixture f;
	struct bpf_insn *copy;
	size_t count;

	(void)state;
	make_fixture(&f, RB_RELOC_MAP_VALUE);
	f.reloc.map_value.offset = 24;
	copy = link_ok(&f, &count);
	assert_int_equal(copy[1].src_reg, BPF_PSEUDO_MAP_VALUE);
	assert_int_equal(copy[1].imm, 42);
	assert_int_equal(copy[2].imm, 24);
	free(copy);
}

/* Section 3 holds: main (insns 0-3) then helper (insns 4-5) then other (6-7).
 * main calls helper through a relocation; helper calls other with a plain
 * pc-relative call (no relocation), as clang emits within one section. */
static struct bpf_insn text[] = {
	{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = -1 },
	{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 2 },
	{ .code = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
	/* helper */
	{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = 1 }, /* -> 6 */
	{ .code = BPF_JMP | BPF_EXIT },
	/* other */
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 7 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static void calls_append_subprograms_transitively(void **state)
{
	struct rb_reloc relocs[] = {
		{ .kind = RB_RELOC_CALL, .insn = 0, .call = { .section = 3, .insn = 4 },
		  .symbol = "helper" },
		{ .kind = RB_RELOC_FUNC, .insn = 1, .func = { .section = 3, .insn = 6 },
		  .symbol = "other" },
	};
	struct rb_function subs[] = {
		{ .name = "helper", .section = 3, .first_insn = 4, .insns = text + 4, .insn_count = 2 },
		{ .name = "other", .section = 3, .first_insn = 6, .insns = text + 6, .insn_count = 2 },
	};
	struct rb_program prog = { .fn = { .name = "main", .section = 3, .first_insn = 0,
					   .insns = text, .insn_count = 4, .relocs = relocs,
					   .reloc_count = 2 } };
	struct rb_object obj = { .path = "t.o", .programs = &prog, .program_count = 1,
				 .subprogs = subs, .subprog_count = 2 };
	struct rb_relocated linked;
	struct bpf_insn *out;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(rb_index_functions(&obj, &err), 0); /* as rb_object_open() does */
	assert_int_equal(rb_program_relocate(&obj, &prog, &linked, &err), 0);
	out = linked.insns;
	/* main (4) + helper (2) + other (2); each appended once */
	assert_int_equal(linked.count, 8);
	assert_int_equal(linked.fn_count, 3);
	assert_ptr_equal(linked.fns[1].fn, &subs[0]);
	assert_int_equal(linked.fns[1].base, 4);
	assert_int_equal(linked.fns[2].base, 6);
	/* call at 0 -> helper placed at 4: imm = 4 - 0 - 1 */
	assert_int_equal(out[0].imm, 3);
	/* callback at 1 -> other placed at 6 (reached first through the
	 * callback, so placed right after helper): imm = 6 - 1 - 1 */
	assert_int_equal(out[1].src_reg, BPF_PSEUDO_FUNC);
	assert_int_equal(out[1].imm, 4);
	/* helper's own pc-relative call at 4 still reaches other at 6 */
	assert_int_equal(out[4].imm, 1);
	assert_int_equal(out[6].imm, 7);
	rb_relocated_free(&linked);
	free(obj.functions_by_start);
}

static void call_into_nowhere_is_refused(void **state)
{
	struct rb_reloc reloc = { .kind = RB_RELOC_CALL, .insn = 0,
				  .call = { .section = 9, .insn = 0 }, .symbol = "ghost" };
	struct rb_program prog = { .fn = { .name = "main", .section = 3, .insns = text,
					   .insn_count = 4, .relocs = &reloc, .reloc_count = 1 } };
	struct rb_object obj = { .path = "t.o", .programs = &prog, .program_count = 1 };
	struct rb_relocated out;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(rb_index_functions(&obj, &err), 0);
	assert_int_equal(rb_program_relocate(&obj, &prog, &out, &err), -1);
	assert_non_null(strstr(err.msg, "in no function"));
	free(obj.functions_by_start);
}

/* ---- open/place_index.c: what is at a place of the object ---- */

/* Section 3: f0 [0, 4), f1 [4, 6), a gap, f2 [10, 12); section 5: g0 [2, 3).
 * Listed out of order in programs[] and subprogs[], so only the sort puts
 * them in place order. */
static void function_at_finds_the_holder(void **state)
{
	struct rb_function subs[] = {
		{ .name = "f1", .section = 3, .first_insn = 4, .insn_count = 2 },
		{ .name = "f0", .section = 3, .first_insn = 0, .insn_count = 4 },
	};
	struct rb_program progs[] = {
		{ .fn = { .name = "g0", .section = 5, .first_insn = 2, .insn_count = 1 } },
		{ .fn = { .name = "f2", .section = 3, .first_insn = 10, .insn_count = 2 } },
	};
	struct rb_object obj = { .path = "t.o", .programs = progs, .program_count = 2,
				 .subprogs = subs, .subprog_count = 2 };
	const struct rb_function *f0 = &subs[1], *f1 = &subs[0], *f2 = &progs[1].fn,
				 *g0 = &progs[0].fn;
	const struct {
		uint32_t section;
		size_t insn;
		const struct rb_function *want;
	} cases[] = {
		{ 3, 0, f0 }, { 3, 3, f0 },       /* first and last of the first function */
		{ 3, 4, f1 }, { 3, 5, f1 },       /* of the next, adjacent one */
		{ 3, 6, NULL }, { 3, 9, NULL },   /* the gap */
		{ 3, 10, f2 }, { 3, 11, f2 },     /* the section's last function */
		{ 3, 12, NULL }, { 3, 1000, NULL }, /* past its end */
		{ 5, 0, NULL }, { 5, 1, NULL },   /* before the section's first function */
		{ 5, 2, g0 }, { 5, 3, NULL },
		{ 4, 0, NULL }, { 4, 11, NULL },  /* a section between (f2 holds 11 of 3) */
		{ 0, 0, NULL }, { 1, 2, NULL },   /* lower than any */
		{ 6, 2, NULL }, { 9, 0, NULL }, { 0xffffffffu, 2, NULL }, /* higher than any */
	};
	struct rb_error err = { 0 };

	(void)state;
	assert_null(rb_function_at(&obj, 3, 0)); /* not indexed yet: none */
	assert_int_equal(rb_index_functions(&obj, &err), 0);
	assert_int_equal(obj.function_index_count, 4);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct rb_function *got = rb_function_at(&obj, cases[k].section,
							       cases[k].insn);
		if (got != cases[k].want)
			fail_msg("section %u insn %zu: %s, not %s", cases[k].section, cases[k].insn,
				 got ? got->name : "none",
				 cases[k].want ? cases[k].want->name : "none");
	}
	/* indexing again (after adding a function) replaces the index */
	obj.subprog_count = 1;
	assert_int_equal(rb_index_functions(&obj, &err), 0);
	assert_int_equal(obj.function_index_count, 3);
	assert_null(rb_function_at(&obj, 3, 0));
	assert_ptr_equal(rb_function_at(&obj, 3, 5), f1);
	free(obj.functions_by_start);

	/* no functions: an empty index */
	struct rb_object none = { .path = "t.o" };
	assert_int_equal(rb_index_functions(&none, &err), 0);
	assert_null(none.functions_by_start);
	assert_null(rb_function_at(&none, 3, 0));
}

static void expect_overlap(struct rb_object *obj, const char *needle)
{
	struct rb_error err = { 0 };

	assert_int_equal(rb_index_functions(obj, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, "overlap") || !strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"overlap\" and \"%s\"", err.msg, needle);
	free(obj->functions_by_start);
	obj->functions_by_start = NULL;
}

static void overlapping_functions_are_refused(void **state)
{
	struct rb_function subs[] = {
		{ .name = "beta", .section_name = "xdp", .section = 3, .first_insn = 2,
		  .insn_count = 4 },
		{ .name = "gamma", .section_name = "xdp", .section = 3, .first_insn = 0,
		  .insn_count = 2 },
	};
	struct rb_program prog = { .fn = { .name = "alpha", .section_name = "xdp", .section = 3,
					   .first_insn = 0, .insn_count = 4 } };
	struct rb_object obj = { .path = "t.o", .programs = &prog, .program_count = 1,
				 .subprogs = subs, .subprog_count = 1 };
	struct rb_error err = { 0 };

	(void)state;
	/* alpha [0, 4) and beta [2, 6): both named, with their instructions */
	expect_overlap(&obj, "t.o: section xdp: functions alpha (instructions 0-3) and beta "
		       "(2-5) overlap");
	/* the same start, other sizes: not an alias */
	subs[0].first_insn = 0;
	subs[0].insn_count = 2;
	expect_overlap(&obj, "functions alpha (instructions 0-3) and beta (0-1) overlap");
	/* overlapping subprograms */
	obj.program_count = 0;
	subs[0] = (struct rb_function){ .name = "beta", .section_name = "xdp", .section = 3,
					.first_insn = 0, .insn_count = 3 };
	obj.subprog_count = 2;
	expect_overlap(&obj, "gamma");
	/* touching is not overlapping, nor the same places in other sections */
	subs[0].first_insn = 2;
	assert_int_equal(rb_index_functions(&obj, &err), 0);
	obj.program_count = 1;
	prog.fn.section = 4;
	assert_int_equal(rb_index_functions(&obj, &err), 0);
	assert_ptr_equal(rb_function_at(&obj, 4, 3), &prog.fn);
	assert_ptr_equal(rb_function_at(&obj, 3, 1), &subs[1]);
	assert_ptr_equal(rb_function_at(&obj, 3, 2), &subs[0]);
	free(obj.functions_by_start);
}

/* Two symbols for the same instructions are one function: the first of
 * programs[] then subprogs[] is found. */
static void aliases_resolve_to_the_first(void **state)
{
	struct rb_function subs[] = {
		{ .name = "before", .section = 3, .first_insn = 0, .insn_count = 4 },
		{ .name = "sub_alias", .section = 3, .first_insn = 4, .insn_count = 2 },
		{ .name = "sub_alias2", .section = 3, .first_insn = 4, .insn_count = 2 },
		{ .name = "s1", .section = 3, .first_insn = 6, .insn_count = 2 },
		{ .name = "s2", .section = 3, .first_insn = 6, .insn_count = 2 },
		{ .name = "s3", .section = 3, .first_insn = 6, .insn_count = 2 },
		{ .name = "after", .section = 3, .first_insn = 8, .insn_count = 1 },
	};
	struct rb_program progs[] = {
		{ .fn = { .name = "other", .section = 2, .first_insn = 4, .insn_count = 2 } },
		{ .fn = { .name = "prog", .section = 3, .first_insn = 4, .insn_count = 2 } },
		{ .fn = { .name = "prog2", .section = 3, .first_insn = 4, .insn_count = 2 } },
	};
	struct rb_object obj = { .path = "t.o", .programs = progs, .program_count = 3,
				 .subprogs = subs, .subprog_count = 7 };
	struct rb_error err = { 0 };

	(void)state;
	if (rb_index_functions(&obj, &err))
		fail_msg("%s", err.msg);
	assert_ptr_equal(rb_function_at(&obj, 3, 4), &progs[1].fn);
	assert_ptr_equal(rb_function_at(&obj, 3, 5), &progs[1].fn);
	assert_ptr_equal(rb_function_at(&obj, 3, 3), &subs[0]);
	assert_ptr_equal(rb_function_at(&obj, 3, 6), &subs[3]); /* subprogs alone: the first */
	assert_ptr_equal(rb_function_at(&obj, 3, 7), &subs[3]);
	assert_ptr_equal(rb_function_at(&obj, 3, 8), &subs[6]);
	assert_ptr_equal(rb_function_at(&obj, 2, 4), &progs[0].fn);
	/* with no program among them, the first subprogram (indexing again
	 * frees the old index) */
	obj.program_count = 0;
	assert_int_equal(rb_index_functions(&obj, &err), 0);
	assert_ptr_equal(rb_function_at(&obj, 3, 5), &subs[1]);
	free(obj.functions_by_start);
}

static void maps_by_place(void **state)
{
	struct rb_map maps[] = {
		{ .name = "m_b", .section = 4, .offset = 32 },
		{ .name = "m_a", .section = 4, .offset = 0 },
		{ .name = "plain", .section = 6, .offset = 0 },
		{ .name = ".data", .section = 6, .offset = 0, .is_data = 1 },
		{ .name = "dup", .section = 4, .offset = 32 },
		{ .name = "m_c", .section = 2, .offset = 8 },
		{ .name = ".rodata", .section = 7, .offset = 0, .is_data = 1 },
	};
	struct rb_object obj = { .path = "t.o", .maps = maps, .map_count = 7 };
	static const struct {
		uint32_t section;
		uint64_t offset;
		long want;
	} at[] = {
		{ 4, 0, 1 }, { 4, 32, 0 }, /* of m_b and dup, the first in maps[] */
		{ 4, 16, -1 }, { 4, 33, -1 }, { 4, 1000, -1 }, { 4, 31, -1 },
		{ 2, 8, 5 }, { 2, 0, -1 }, { 2, 16, -1 },
		{ 6, 0, 2 }, { 7, 0, 6 },
		{ 0, 0, -1 }, { 1, 8, -1 }, { 3, 0, -1 }, { 5, 0, -1 }, { 8, 0, -1 },
		{ 0xffffffffu, 0, -1 },
	};
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(rb_map_at(&obj, 4, 0), -1); /* not indexed yet */
	assert_int_equal(rb_map_in_section(&obj, 4, 0), -1);
	assert_int_equal(rb_index_maps(&obj, &err), 0);
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++)
		if (rb_map_at(&obj, at[k].section, at[k].offset) != at[k].want)
			fail_msg("map at section %u offset %llu: %ld, not %ld", at[k].section,
				 (unsigned long long)at[k].offset,
				 rb_map_at(&obj, at[k].section, at[k].offset), at[k].want);
	/* the section's global-data map, passing a plain one before it */
	assert_int_equal(rb_map_in_section(&obj, 6, 1), 3);
	assert_int_equal(rb_map_in_section(&obj, 7, 1), 6);
	assert_int_equal(rb_map_in_section(&obj, 4, 1), -1);
	assert_int_equal(rb_map_in_section(&obj, 2, 1), -1);
	/* any map of the section: one of it */
	for (uint32_t s = 0; s < 10; s++) {
		long m = rb_map_in_section(&obj, s, 0);
		int has = s == 2 || s == 4 || s == 6 || s == 7;
		if (has ? m < 0 || maps[m].section != s : m != -1)
			fail_msg("section %u: map %ld", s, m);
	}
	assert_int_equal(rb_map_in_section(&obj, 6, 0), 2);
	/* indexing again replaces the index */
	maps[1].offset = 40;
	assert_int_equal(rb_index_maps(&obj, &err), 0);
	assert_int_equal(rb_map_at(&obj, 4, 0), -1);
	assert_int_equal(rb_map_at(&obj, 4, 40), 1);
	free(obj.maps_by_place);

	struct rb_object none = { .path = "t.o" };
	assert_int_equal(rb_index_maps(&none, &err), 0);
	assert_int_equal(rb_map_at(&none, 0, 0), -1);
	assert_int_equal(rb_map_in_section(&none, 0, 1), -1);
}

static void relocation_needs_created_map(void **state)
{
	struct fixture f;
	struct rb_error err = { 0 };

	(void)state;
	make_fixture(&f, RB_RELOC_MAP_FD);
	f.maps[1].fd = -1;
	assert_int_equal(link_fails(&f, &err), -1);
	assert_non_null(strstr(err.msg, "counts"));
}

static void relocation_past_the_end_is_refused(void **state)
{
	struct fixture f;
	struct rb_error err = { 0 };

	(void)state;
	make_fixture(&f, RB_RELOC_MAP_FD);
	f.reloc.insn = 3; /* an ld_imm64 there would need slot 4 */
	assert_int_equal(link_fails(&f, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
}

/* An extern rawbpf does not know (`extern int x;`: loader/open/externs.c
 * models it with why) is refused by name, at its instruction. */
static void extern_relocation_names_symbol_and_insn(void **state)
{
	struct rb_extern ext = { .name = "some_kernel_thing", .kind = RB_EXTERN_UNKNOWN,
				 .why = "it is declared without __kconfig or __ksym" };
	struct fixture f;
	struct rb_error err = { 0 };

	(void)state;
	make_fixture(&f, RB_RELOC_EXTERN);
	f.reloc.symbol = "some_kernel_thing";
	f.obj.externs = &ext;
	f.obj.extern_count = 1;
	assert_int_equal(link_fails(&f, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "some_kernel_thing"));
	assert_non_null(strstr(err.msg, "instruction 1"));
	assert_non_null(strstr(err.msg, "__kconfig"));
	/* one the model does not have: out of range, still named */
	f.obj.extern_count = 0;
	assert_int_equal(link_fails(&f, &err), -1);
	assert_non_null(strstr(err.msg, "some_kernel_thing"));
}

static void calls_helper_finds_helper_calls(void **state)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_trace_printk },
		{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct rb_program p = { .fn = { .insns = insns, .insn_count = 3 } };

	(void)state;
	assert_true(rb_program_calls_helper(&p, BPF_FUNC_trace_printk));
	/* a BPF-to-BPF call with imm 1 is not a call of helper 1 */
	assert_false(rb_program_calls_helper(&p, BPF_FUNC_map_lookup_elem));
}

static void section_table_matches_prefixes(void **state)
{
	const struct rb_section_def *d;

	(void)state;
	d = rb_section_def_find("tracepoint/syscalls/sys_enter_execve");
	assert_non_null(d);
	assert_int_equal(d->prog_type, BPF_PROG_TYPE_TRACEPOINT);
	assert_string_equal(d->provider->name, "tracepoint");
	assert_int_equal(rb_section_def_find("tp/a/b")->prog_type, BPF_PROG_TYPE_TRACEPOINT);
	assert_true(rb_section_def_find("kretprobe/do_exit")->flags & RB_SEC_RETURN_PROBE);
	assert_int_equal(rb_section_def_find("raw_tp/sys_enter")->prog_type,
			 BPF_PROG_TYPE_RAW_TRACEPOINT);
	assert_int_equal(rb_section_def_find("tp_btf/sched_switch")->expected_attach_type,
			 BPF_TRACE_RAW_TP);
	/* whole-word prefixes */
	assert_int_equal(rb_section_def_find("xdp")->prog_type, BPF_PROG_TYPE_XDP);
	/* XDP run from a map's entry: their own attach type, not attached */
	assert_int_equal(rb_section_def_find("xdp/devmap")->expected_attach_type, BPF_XDP_DEVMAP);
	assert_null(rb_section_def_find("xdp/devmap")->provider);
	assert_int_equal(rb_section_def_find("xdp/cpumap")->expected_attach_type, BPF_XDP_CPUMAP);
	assert_true(rb_section_def_find("xdp.frags/devmap")->flags & RB_SEC_XDP_FRAGS);
	assert_int_equal(rb_section_def_find("xdp.frags")->expected_attach_type, BPF_XDP);
	assert_true(rb_section_def_find("xdp.frags")->flags & RB_SEC_XDP_FRAGS);
	assert_false(rb_section_def_find("xdp")->flags & RB_SEC_XDP_FRAGS);
	assert_string_equal(rb_section_def_find("xdp/some_name")->type_name, "xdp");
	assert_int_equal(rb_section_def_find("xdp/eth0")->prog_type, BPF_PROG_TYPE_XDP);
	assert_null(rb_section_def_find("xdpfoo"));
	assert_null(rb_section_def_find("mysection"));
	/* no target: loaded, not attached (libbpf's convention for a tail
	 * call's target); "tp" alike, but not "tp_btf" */
	d = rb_section_def_find("tracepoint");
	assert_non_null(d);
	assert_int_equal(d->prog_type, BPF_PROG_TYPE_TRACEPOINT);
	assert_null(d->provider);
	assert_null(rb_section_def_find("tp")->provider);
	assert_null(rb_section_def_find("tp_btf"));
	assert_int_equal(rb_section_def_by_type_name("socket")->prog_type,
			 BPF_PROG_TYPE_SOCKET_FILTER);
	assert_null(rb_section_def_by_type_name("nonsense"));
}

static void kernel_names_are_sanitised_and_truncated(void **state)
{
	char name[BPF_OBJ_NAME_LEN];

	(void)state;
	rb_kernel_name(name, "counts");
	assert_string_equal(name, "counts");
	rb_kernel_name(name, "a_very_long_map_name_indeed");
	assert_string_equal(name, "a_very_long_map");
	assert_int_equal(strlen(name), 15);
	rb_kernel_name(name, "my-map:1.x");
	assert_string_equal(name, "my_map_1.x");
}

static void cpu_lists_parse(void **state)
{
	int n = 0;

	(void)state;
	assert_int_equal(rb_parse_cpu_list("0\n", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rb_parse_cpu_list("0-1\n", &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rb_parse_cpu_list("0-3,8,10-11", &n), 0);
	assert_int_equal(n, 12);
	assert_int_equal(rb_parse_cpu_list("", &n), -1);
	assert_int_equal(rb_parse_cpu_list("3-1", &n), -1);
	assert_int_equal(rb_parse_cpu_list("x", &n), -1);
	assert_int_equal(rb_parse_cpu_list("0-", &n), -1);
	assert_int_equal(rb_parse_cpu_list("0,,1", &n), -1);
}

static void per_cpu_value_buffers_round_to_8(void **state)
{
	struct rb_map m = { .type = BPF_MAP_TYPE_PERCPU_ARRAY, .value_size = 12 };

	(void)state;
	assert_int_equal(rb_map_value_stride(&m), 16);
	assert_int_equal(rb_map_value_buffer_size(&m, 4), 64);
	m.value_size = 8; /* already a multiple of 8: no padding */
	assert_int_equal(rb_map_value_stride(&m), 8);
	assert_int_equal(rb_map_value_buffer_size(&m, 3), 24);
	m.type = BPF_MAP_TYPE_ARRAY;
	m.value_size = 12;
	assert_int_equal(rb_map_value_stride(&m), 12);
	assert_int_equal(rb_map_value_buffer_size(&m, 4), 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_fd_relocation_writes_pseudo_and_fd),
		cmocka_unit_test(map_value_relocation_writes_fd_and_offset),
		cmocka_unit_test(calls_append_subprograms_transitively),
		cmocka_unit_test(call_into_nowhere_is_refused),
		cmocka_unit_test(function_at_finds_the_holder),
		cmocka_unit_test(overlapping_functions_are_refused),
		cmocka_unit_test(aliases_resolve_to_the_first),
		cmocka_unit_test(maps_by_place),
		cmocka_unit_test(relocation_needs_created_map),
		cmocka_unit_test(relocation_past_the_end_is_refused),
		cmocka_unit_test(extern_relocation_names_symbol_and_insn),
		cmocka_unit_test(calls_helper_finds_helper_calls),
		cmocka_unit_test(section_table_matches_prefixes),
		cmocka_unit_test(kernel_names_are_sanitised_and_truncated),
		cmocka_unit_test(cpu_lists_parse),
		cmocka_unit_test(per_cpu_value_buffers_round_to_8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
