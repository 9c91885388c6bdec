/* loader/rawbpf.h beside the system's kernel headers, in both orders.
 *
 * A program that uses rawbpf will often include <linux/bpf.h> too, for the
 * BPF_* numbers the public structs hold as plain integers. So the public
 * header must neither define what the kernel's headers define (struct
 * bpf_insn, BPF_OBJ_NAME_LEN, the BTF kinds) nor include rawbpf's pinned
 * copies of them. This file includes <linux/bpf.h> and <linux/btf.h> before
 * it, public_header/after.c after it; both are compiled with -Werror, so a
 * redefinition fails the build. The cases check that the integers hold the
 * kernel's numbers, read through the system's own definitions. */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/perf_event.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/rawbpf.h"
#include "public_header/after.h"

_Static_assert(RB_OBJ_NAME_LEN == BPF_OBJ_NAME_LEN, "the kernel's name length");

static void section_table_holds_kernel_numbers(void **state)
{
	const struct rb_section_def *d;

	(void)state;
	d = rb_section_def_find("tracepoint/syscalls/sys_enter_execve");
	assert_non_null(d);
	assert_int_equal(d->prog_type, BPF_PROG_TYPE_TRACEPOINT);
	d = rb_section_def_find("xdp");
	assert_non_null(d);
	assert_int_equal(d->prog_type, BPF_PROG_TYPE_XDP);
	d = rb_section_def_find("fentry/do_exit");
	assert_non_null(d);
	assert_int_equal(d->prog_type, BPF_PROG_TYPE_TRACING);
	assert_int_equal(d->expected_attach_type, BPF_TRACE_FENTRY);
}

static void type_names_and_kinds(void **state)
{
	struct rb_map ring = { .type = BPF_MAP_TYPE_RINGBUF };
	struct rb_map perf = { .type = BPF_MAP_TYPE_PERF_EVENT_ARRAY };
	struct rb_map percpu = { .type = BPF_MAP_TYPE_PERCPU_ARRAY, .value_size = 4 };

	(void)state;
	assert_string_equal(rb_map_type_name(BPF_MAP_TYPE_RINGBUF), "ringbuf");
	assert_string_equal(rb_map_type_name(BPF_MAP_TYPE_LPM_TRIE), "lpm_trie");
	assert_string_equal(rb_map_type_name(0xffff), "unknown");
	assert_string_equal(rb_prog_type_name(BPF_PROG_TYPE_KPROBE), "kprobe");
	assert_string_equal(rb_prog_type_name(BPF_PROG_TYPE_SYSCALL), "syscall");
	assert_true(rb_map_is_ringbuf(&ring));
	assert_false(rb_map_is_dumpable(&ring));
	assert_true(rb_map_is_perf_event_array(&perf));
	assert_false(rb_map_is_perf_event_array(&ring));
	assert_false(rb_map_is_dumpable(&perf));
	assert_true(rb_map_is_per_cpu(&percpu));
	assert_true(rb_map_is_dumpable(&percpu));
	assert_int_equal(rb_map_value_buffer_size(&percpu, 2), 16);
}

/* struct bpf_insn is only named in rawbpf.h: the system's definition is
 * the one the disassembler is handed here. */
static void disasm_reads_system_insns(void **state)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 7 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char line[128];

	(void)state;
	assert_int_equal(rb_disasm_insn(insns, 3, 0, NULL, NULL, line, sizeof(line)), 1);
	assert_string_equal(line, "r0 = 7");
	assert_int_equal(rb_disasm_insn(insns, 3, 1, NULL, NULL, line, sizeof(line)), 1);
	assert_string_equal(line, "call bpf_map_lookup_elem#1");
	assert_int_equal(rb_disasm_insn(insns, 3, 2, NULL, NULL, line, sizeof(line)), 1);
	assert_string_equal(line, "exit");
	assert_int_equal(rb_insn_code(insns, 2), BPF_JMP | BPF_EXIT);
	assert_string_equal(rb_helper_name(BPF_FUNC_trace_printk), "trace_printk");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(section_table_holds_kernel_numbers),
		cmocka_unit_test(type_names_and_kinds),
		cmocka_unit_test(disasm_reads_system_insns),
		cmocka_unit_test(object_read_through_accessors),
		cmocka_unit_test(broken_object_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
