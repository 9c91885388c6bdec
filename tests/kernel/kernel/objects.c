/* What real objects contain (the list), one tests/progs/ object
 * each: the shapes rawbpf must load, and those it must refuse clearly. */
#include <stdio.h>
#include <stdlib.h>
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
	/* sk_skb: a type rawbpf loads and does not attach (socket filters
	 * now attach, to an --iface) */
	rawbpf(&r, "run", "--type", "sk_skb", TPROG("text_only"), "--", "/bin/true");
	expect_status(&r, 0);
	result_free(&r);
	rawbpf(&r, "inspect", TPROG("text_only"));
	expect_status(&r, 0);
	expect_out_line(&r, "accept_all ", " .text ");
	result_free(&r);
}

/* A tracepoint-typed program in "mysection" could load but never attach
 * (no tracepoint is named), so the type given is sk_skb: loaded, not
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
	rawbpf(&r, "run", "--type", "sk_skb", TPROG("custom_section"), "--", "/bin/true");
	expect_status(&r, 0);
	/* said without --verbose: a program that never runs is no silent success */
	expect_err_line(&r, "program drop_all", "mysection", "not attached", "socket");
	result_free(&r);
	/* a kind that attaches somewhere, but "mysection" says not where:
	 * loaded, and run says why it is not attached (it once failed the
	 * whole run, looking for the tracepoint '') */
	rawbpf(&r, "run", "--type", "tracepoint", TPROG("custom_section"), "--", "/bin/true");
	expect_status(&r, 0);
	expect_err_line(&r, "program drop_all", "not attached", "--type gives it no attach target");
	result_free(&r);
	/* tp_btf, fentry, fexit need their target at load: refused at open */
	rawbpf(&r, "run", "--type", "tp_btf", TPROG("custom_section"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "program drop_all", "--type tp_btf cannot apply", "tp_btf/NAME");
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

/* `extern int x;` is neither __kconfig nor __ksym: still refused before
 * anything loads, naming it and saying what rawbpf does resolve (the
 * kinds it resolves: externs.c). */
static void extern_symbol_is_refused_by_name(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("extern_sym"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "extern_sym.bpf.o", "some_kernel_thing", "instruction",
			"without __kconfig or __ksym");
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

/* The number after "NAME=" in the driver's report line (rbdriver core). */
static long driver_says(const struct result *r, const char *name)
{
	char key[32];
	const char *line = strstr(r->out, "rbdriver core: "), *at;

	snprintf(key, sizeof(key), " %s=", name);
	at = line ? strstr(line, key) : NULL;
	if (!at)
		fail_run(r, "the driver did not report %s", name);
	return strtol(at + strlen(key), NULL, 10);
}

/* CO-RE records (tests/progs/core_read.bpf.c): rawbpf rewrites them for
 * this kernel, so the program reads the task's real parent, whose tgid is
 * the driver's getppid() (rawbpf itself, which started it). Loaded as
 * compiled it would read bytes 8-15 of the task instead and find no
 * parent (0). The other records: pid exists; task_struct's size is the
 * kernel's, not the 16 bytes of the object's own declaration;
 * PIDTYPE_TGID is 1. inspect lists the records as compiled. */
static void core_relocations_are_applied_and_listed(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("core_read"), "--", DRIVER, "core", "1");
	expect_status(&r, 0);
	expect_map_u64(&r, "seen", "00000000", (uint64_t)driver_says(&r, "ppid"));
	expect_map_u64(&r, "seen", "01000000", 1);
	if (strstr(r.out, "\"key\":\"02000000\",\"value\":\"1000000000000000\""))
		fail_run(&r, "type_size of task_struct is still the object's 16");
	expect_map_u64(&r, "seen", "03000000", 1);
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

/* A record in a subprogram two programs call (tests/progs/core_subprog):
 * each program's copy is patched where it landed, and both read the
 * driver's tgid. */
static void core_relocations_follow_subprograms(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", TPROG("core_subprog"), "--", DRIVER, "core", "1");
	expect_status(&r, 0);
	expect_map_u64(&r, "tgids", "00000000", (uint64_t)driver_says(&r, "tgid"));
	expect_map_u64(&r, "tgids", "01000000", (uint64_t)driver_says(&r, "tgid"));
	expect_err_line(&r, "prog first insn ", "CO-RE field_byte_offset struct task_struct.tgid: "
			"local 4 -> kernel ");
	expect_err_line(&r, "prog second insn ", "CO-RE field_byte_offset struct task_struct.tgid: "
			"local 4 -> kernel ");
	result_free(&r);
}

/* run --verbose tells each record as it is applied: the field in C, the
 * offset as compiled and the kernel's. */
static void core_relocations_are_narrated(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--verbose", TPROG("core_read"), "--", DRIVER, "getppid", "1");
	expect_status(&r, 0);
	expect_err_line(&r, "prog parent_tgid insn ", ": CO-RE field_byte_offset "
			"struct task_struct.real_parent: local 8 -> kernel ");
	expect_err_line(&r, "CO-RE field_exists struct task_struct.pid: local 1 -> kernel 1");
	expect_err_line(&r, "CO-RE enumval_value enum pid_type::PIDTYPE_TGID: local 1 -> kernel 1");
	expect_err_line(&r, "CO-RE: 5 relocations worked out against vmlinux (");
	result_free(&r);
}

/* A record this kernel cannot satisfy (a field no task_struct has) does
 * not fail the load: behind bpf_core_field_exists() its read is dead code,
 * and the program runs (tests/progs/core_guarded.bpf.c stores 7). Read
 * unguarded (core_unguarded), the verifier refuses the poisoned
 * instruction, and the error names the relocation, in C, and why. */
static void core_unsatisfiable_is_poisoned(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", TPROG("core_guarded"), "--", DRIVER, "getppid",
	       "1");
	expect_status(&r, 0);
	expect_map_u64(&r, "out", "00000000", 7);
	expect_err_line(&r, "CO-RE field_exists struct task_struct.rawbpf_no_such_field: "
			"local 1 -> kernel 0");
	expect_err_line(&r, "CO-RE field_byte_offset struct task_struct.rawbpf_no_such_field: "
			"cannot be satisfied (struct task_struct has no field rawbpf_no_such_field): "
			"poisoned, call 0xbad2310");
	result_free(&r);
	rawbpf(&r, "run", TPROG("core_unguarded"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err(&r, "invalid func unknown#195896080"); /* the verifier's own words */
	expect_err_line(&r, "is CO-RE relocation field_byte_offset of "
			"struct task_struct.rawbpf_no_such_field (access 0:1; program unguarded, "
			"instruction ", "cannot be satisfied on this kernel: struct task_struct "
			"has no field rawbpf_no_such_field");
	expect_err(&r, "bpf_core_field_exists()");
	result_free(&r);
}

/* run --btf FILE: CO-RE against a BTF given by the user instead of
 * /sys/kernel/btf, raw or in an ELF file's .BTF. The kernel's own file
 * given that way reads the same parent; an object's .BTF (core_read's
 * own, where real_parent is at byte 8) gives back the compiled offsets.
 * What is no BTF at all is refused before anything loads (exit 2). */
static void core_with_external_btf(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", "--btf", "/sys/kernel/btf/vmlinux",
	       TPROG("core_read"), "--", DRIVER, "core", "1");
	expect_status(&r, 0);
	expect_err_line(&r, "read /sys/kernel/btf/vmlinux: ", "for CO-RE instead of the kernel's");
	expect_err_line(&r, "CO-RE: 5 relocations worked out against /sys/kernel/btf/vmlinux (");
	expect_map_u64(&r, "seen", "00000000", (uint64_t)driver_says(&r, "ppid"));
	result_free(&r);
	rawbpf(&r, "run", "--verbose", "--btf", TPROG("core_read"), TPROG("core_read"), "--",
	       "/bin/true");
	expect_status(&r, 0);
	expect_err_line(&r, "CO-RE field_byte_offset struct task_struct.real_parent: "
			"local 8 -> kernel 8");
	expect_err_line(&r, "CO-RE type_size struct task_struct: local 16 -> kernel 16");
	result_free(&r);
	rawbpf(&r, "run", "--btf", "/etc/hostname", TPROG("core_read"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "/etc/hostname: neither raw BTF", "nor an ELF file with a .BTF section");
	result_free(&r);
	rawbpf(&r, "run", "--btf", DRIVER, TPROG("core_read"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "rbdriver: an ELF file without a .BTF section");
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
	cmocka_unit_test(core_relocations_are_applied_and_listed),
	cmocka_unit_test(core_relocations_follow_subprograms),
	cmocka_unit_test(core_relocations_are_narrated),
	cmocka_unit_test(core_unsatisfiable_is_poisoned),
	cmocka_unit_test(core_with_external_btf),
};
DEFINE_COUNT(object);
