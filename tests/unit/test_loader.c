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
	assert_int_equal(rb_program_relocate(&obj, &prog, &out, &err), -1);
	assert_non_null(strstr(err.msg, "in no function"));
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
