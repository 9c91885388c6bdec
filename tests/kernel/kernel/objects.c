/* What real objects contain (the list), one tests/progs/ object
 * each: the shapes rawbpf must load, and those it must refuse clearly. */
#include <string.h>

#include "cases.h"
#include "check.h"

static void seven_field_map_definitions_load(void **state)
{
	struct result r;

	(void)state;
	/* two 28-byte definitions in "maps": 56 / 2 symbols = 28 per map */
	rawbpf(&r, "run", "--json", TPROG("map7"), "--", DRIVER, "getppid", "37");
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 37);
	expect_map_u64(&r, "counts", "01000000", 0); /* arrays list every index */
	result_free(&r);
}

static void static_function_alone_in_section_is_a_program(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("static_prog"), "--", DRIVER, "getppid", "12");
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 12);
	result_free(&r);
}

static void text_program_needs_type(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("text_only"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "text_only.bpf.o");
	expect_err(&r, "--type");
	result_free(&r);
	rawbpf(&r, "run", "--type", "socket", TPROG("text_only"), "--", "/bin/true");
	expect_status(&r, 0);
	result_free(&r);
	rawbpf(&r, "inspect", TPROG("text_only"));
	expect_status(&r, 0);
	expect_out_line(&r, "accept_all ", " .text ");
	result_free(&r);
}

/* A tracepoint-typed program in "mysection" could load but never attach
 * (no tracepoint is named), so the type given is socket: loaded, not
 * attached, and the run succeeds. */
static void custom_section_needs_type(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("custom_section"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "mysection");
	expect_err(&r, "--type");
	result_free(&r);
	rawbpf(&r, "run", "--type", "socket", TPROG("custom_section"), "--", "/bin/true");
	expect_status(&r, 0);
	/* said without --verbose: a program that never runs is no silent success */
	expect_err_line(&r, "program drop_all", "mysection", "not attached", "socket");
	result_free(&r);
	rawbpf(&r, "run", "--type", "no_such_type", TPROG("custom_section"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "no_such_type");
	result_free(&r);
	rawbpf(&r, "inspect", TPROG("custom_section"));
	expect_status(&r, 0);
	expect_out_line(&r, "drop_all ", " mysection ", "--type");
	result_free(&r);
}

static void missing_license_is_named_as_the_cause(void **state)
{
	struct result r;

	(void)state;
	/* bpf_probe_read_kernel is GPL-only: the kernel refuses it without one */
	rawbpf(&r, "run", TPROG("no_license"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err(&r, "no license section");
	expect_err(&r, "GPL");
	result_free(&r);
}

static void extern_symbol_is_refused_by_name(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("extern_sym"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "extern_sym.bpf.o", "some_kernel_thing", "instruction");
	result_free(&r);
}

static void big_endian_object_is_refused(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("big_endian"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "big_endian.bpf.o", "big-endian");
	result_free(&r);
}

/* A NULL-unchecked lookup in a hash map: refused by every kernel's verifier
 * (see conformance_reject for the array case). The log comes in full, with
 * the source lines that .BTF.ext gives, and nothing stays loaded (rawbpf()
 * compares the kernel's program and map ids before and after). */
static void verifier_refusal_shows_log(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("reject_null"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err(&r, "invalid mem access 'map_value_or_null'");
	expect_err(&r, "refused");
	expect_err(&r, "processed "); /* the log's last line: it is complete */
	expect_err(&r, "@ reject_null.bpf.c:");
	expect_err(&r, "bpf_map_lookup_elem(&counts, &key)");
	result_free(&r);
}

/* CO-RE records (tests/progs/core_read.bpf.c): run refuses the object
 * before anything is loaded, naming the first record in C; loaded as
 * compiled it would read the wrong bytes of the task and exit 0. inspect
 * lists every record, of four kinds. */
static void core_relocations_are_refused_and_listed(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("core_read"), "--", DRIVER, "getppid", "1");
	expect_status(&r, 2);
	expect_err_line(&r, "core_read.bpf.o", "program parent_tgid, instruction ",
			"CO-RE relocation field_byte_offset of struct task_struct.real_parent",
			"(access 0:2)", "5 CO-RE relocations");
	if (strstr(r.out, "\"type\":\"map\""))
		fail_run(&r, "nothing should have been loaded, and no map printed");
	result_free(&r);
	rawbpf(&r, "inspect", TPROG("core_read"));
	expect_status(&r, 0);
	expect_out(&r, "CO-RE relocations");
	expect_out_line(&r, "parent_tgid ", "field_byte_offset",
			"struct task_struct.real_parent (access 0:2, byte 8)");
	expect_out_line(&r, "parent_tgid ", "field_byte_offset",
			"struct task_struct.tgid (access 0:1, byte 4)");
	expect_out_line(&r, "parent_tgid ", "field_exists", "struct task_struct.pid (access 0:0");
	expect_out_line(&r, "parent_tgid ", "type_size", "struct task_struct (access 0)");
	expect_out_line(&r, "parent_tgid ", "enumval_value",
			"enum pid_type::PIDTYPE_TGID (access 1)");
	result_free(&r);
}

const struct CMUnitTest object_tests[] = {
	cmocka_unit_test(seven_field_map_definitions_load),
	cmocka_unit_test(static_function_alone_in_section_is_a_program),
	cmocka_unit_test(text_program_needs_type),
	cmocka_unit_test(custom_section_needs_type),
	cmocka_unit_test(missing_license_is_named_as_the_cause),
	cmocka_unit_test(extern_symbol_is_refused_by_name),
	cmocka_unit_test(big_endian_object_is_refused),
	cmocka_unit_test(verifier_refusal_shows_log),
	cmocka_unit_test(core_relocations_are_refused_and_listed),
};
DEFINE_COUNT(object);
