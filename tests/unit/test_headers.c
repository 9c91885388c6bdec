/* rawbpf's BPF-side headers against libbpf's: the programs of tests/headers/
 * are built for five architectures against uapi/bpf/ (rawbpf) and against
 * /usr/include/bpf/ (libbpf-dev), by tests/headers/headers.mk. A program
 * written for libbpf must mean the same with rawbpf's headers: the same
 * programs, the same instructions, the same CO-RE records (function,
 * instruction, kind, access and field in C; only the BTF type ids may
 * differ, since the two builds' BTF describes different headers). Then
 * what libbpf 1.1 lacks (tests/headers/newer.bpf.c) is checked against
 * expectations. No kernel calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

static const char *const arches[] = { "x86", "arm64", "s390", "riscv", "powerpc" };
#define ARCH_COUNT (sizeof(arches) / sizeof(arches[0]))

/* The programs built against both (headers.mk: all but HDR_RAWBPF_ONLY) */
static const char *const compared[] = { "core_reads", "helpers", "tracing", "user_regs", "net" };

/* libbpf-dev installed: the Makefile built the libbpf twins */
static int have_libbpf(void)
{
	return access("/usr/include/bpf/bpf_core_read.h", F_OK) == 0;
}

/* $BUILD/tests/headers/WORLD/ARCH/NAME.bpf.o, opened; fails the test when
 * it is missing or refused. */
static struct rb_object *open_built(const char *world, const char *arch, const char *name)
{
	const char *build = getenv("BUILD");
	struct rb_error err = { 0 };
	struct rb_object *obj;
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/headers/%s/%s/%s.bpf.o",
		 build && *build ? build : "build", world, arch, name);
	if (access(path, F_OK) != 0)
		fail_msg("%s: not built (tests/headers/headers.mk builds it)", path);
	if (rb_object_open(&obj, path, NULL, &err))
		fail_msg("open %s: %s", path, err.msg);
	return obj;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* One function of each build: name, section, every instruction byte, and
 * the relocation records (kind, instruction, symbol). */
static void compare_function(const char *what, const struct rb_function *a,
			     const struct rb_function *b)
{
	if (strcmp(a->name, b->name) || strcmp(a->section_name, b->section_name))
		fail_msg("%s: rawbpf has %s in %s, libbpf %s in %s", what, a->name,
			 a->section_name, b->name, b->section_name);
	if (a->insn_count != b->insn_count)
		fail_msg("%s %s: %zu instructions with rawbpf's headers, %zu with libbpf's", what,
			 a->name, a->insn_count, b->insn_count);
	for (size_t i = 0; i < a->insn_count; i++)
		if (memcmp(&a->insns[i], &b->insns[i], sizeof(struct bpf_insn)))
			fail_msg("%s %s: instruction %zu differs: code 0x%02x r%u r%u off %d imm %d "
				 "(rawbpf) vs code 0x%02x r%u r%u off %d imm %d (libbpf)", what,
				 a->name, i, a->insns[i].code, a->insns[i].dst_reg,
				 a->insns[i].src_reg, a->insns[i].off, a->insns[i].imm,
				 b->insns[i].code, b->insns[i].dst_reg, b->insns[i].src_reg,
				 b->insns[i].off, b->insns[i].imm);
	if (a->reloc_count != b->reloc_count)
		fail_msg("%s %s: %zu relocations vs %zu", what, a->name, a->reloc_count,
			 b->reloc_count);
	for (size_t i = 0; i < a->reloc_count; i++)
		if (a->relocs[i].kind != b->relocs[i].kind || a->relocs[i].insn != b->relocs[i].insn ||
		    !same_str(a->relocs[i].symbol, b->relocs[i].symbol))
			fail_msg("%s %s: relocation %zu differs (%s at insn %zu vs %s at insn %zu)",
				 what, a->name, i, a->relocs[i].symbol, a->relocs[i].insn,
				 b->relocs[i].symbol, b->relocs[i].insn);
}

/* Returns how many CO-RE records the two builds share. */
static size_t compare_objects(const char *what, const struct rb_object *raw,
			      const struct rb_object *lib)
{
	size_t na, nb, ca, cb;
	const struct rb_program *pa = rb_object_programs(raw, &na), *pb = rb_object_programs(lib, &nb);
	const struct rb_function *sa = rb_object_subprograms(raw, &ca);
	const struct rb_function *sb = rb_object_subprograms(lib, &cb);
	const struct rb_core_reloc *ra, *rb;

	if (na != nb)
		fail_msg("%s: %zu programs with rawbpf's headers, %zu with libbpf's", what, na, nb);
	for (size_t i = 0; i < na; i++)
		compare_function(what, &pa[i].fn, &pb[i].fn);
	if (ca != cb)
		fail_msg("%s: %zu subprograms vs %zu", what, ca, cb);
	for (size_t i = 0; i < ca; i++)
		compare_function(what, &sa[i], &sb[i]);

	ra = rb_object_core_relocs(raw, &na);
	rb = rb_object_core_relocs(lib, &nb);
	if (na != nb)
		fail_msg("%s: %zu CO-RE records with rawbpf's headers, %zu with libbpf's", what, na,
			 nb);
	for (size_t i = 0; i < na; i++)
		if (!same_str(ra[i].function, rb[i].function) || ra[i].insn != rb[i].insn ||
		    ra[i].kind != rb[i].kind || strcmp(ra[i].access, rb[i].access) ||
		    strcmp(ra[i].what, rb[i].what) || ra[i].bit_offset != rb[i].bit_offset)
			fail_msg("%s: CO-RE record %zu: rawbpf's headers give %s insn %zu %s %s "
				 "(access %s), libbpf's %s insn %zu %s %s (access %s)", what, i,
				 ra[i].function, ra[i].insn, ra[i].kind_name, ra[i].what,
				 ra[i].access, rb[i].function, rb[i].insn, rb[i].kind_name,
				 rb[i].what, rb[i].access);
	return na;
}

static void rawbpf_and_libbpf_headers_agree(void **state)
{
	size_t records = 0;

	(void)state;
	if (!have_libbpf()) {
		print_message("libbpf-dev is not installed (/usr/include/bpf/bpf_core_read.h): "
			      "nothing to compare with (make deps installs it)\n");
		skip();
	}
	for (size_t a = 0; a < ARCH_COUNT; a++)
		for (size_t n = 0; n < sizeof(compared) / sizeof(compared[0]); n++) {
			struct rb_object *raw = open_built("rawbpf", arches[a], compared[n]);
			struct rb_object *lib = open_built("libbpf", arches[a], compared[n]);
			char what[64];

			snprintf(what, sizeof(what), "%s (%s)", compared[n], arches[a]);
			records += compare_objects(what, raw, lib);
			rb_object_close(raw);
			rb_object_close(lib);
		}
	/* not an empty comparison: core_reads alone has dozens per arch */
	assert_true(records > 100);
}

/* The record of `fn` whose kind and field are these, or NULL. */
static const struct rb_core_reloc *find_record(const struct rb_object *obj, const char *fn,
					       const char *kind, const char *what)
{
	size_t count;
	const struct rb_core_reloc *r = rb_object_core_relocs(obj, &count);

	for (size_t i = 0; i < count; i++)
		if (same_str(r[i].function, fn) && strcmp(r[i].kind_name, kind) == 0 &&
		    strcmp(r[i].what, what) == 0)
			return &r[i];
	return NULL;
}

#define expect_record(obj, arch, fn, kind, what)                                             \
	do {                                                                                 \
		if (!find_record(obj, fn, kind, what))                                       \
			fail_msg("%s: %s has no CO-RE record %s %s", arch, fn, kind, what);  \
	} while (0)

/* Without libbpf to compare with, rawbpf's headers still make the records
 * the macros promise: every kind clang 14 knows, from core_reads. */
static void core_reads_makes_every_kind(void **state)
{
	static const char *const kinds[] = {
		"field_byte_offset", "field_byte_size", "field_exists", "field_signed",
		"field_lshift_u64", "field_rshift_u64", "type_id_local", "type_id_target",
		"type_exists", "type_size", "enumval_exists", "enumval_value",
	};
	struct rb_object *obj = open_built("rawbpf", "x86", "core_reads");
	const struct rb_core_reloc *r;
	size_t count;

	(void)state;
	r = rb_object_core_relocs(obj, &count);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t i = 0;

		while (i < count && strcmp(r[i].kind_name, kinds[k]) != 0)
			i++;
		if (i == count)
			fail_msg("core_reads (x86): no CO-RE record of kind %s", kinds[k]);
	}
	/* BPF_CORE_READ(t, real_parent, tgid): one record per struct stepped through */
	expect_record(obj, "x86", "every_macro", "field_byte_offset", "struct task_struct.real_parent");
	expect_record(obj, "x86", "every_macro", "field_byte_offset", "struct task_struct.tgid");
	/* BPF_CORE_READ(t, children.next): a member chain is one access */
	expect_record(obj, "x86", "every_macro", "field_byte_offset", "struct task_struct.children.next");
	/* bpf_core_field_exists(struct T, f) names the flavour */
	expect_record(obj, "x86", "every_macro", "field_exists", "struct task_struct___old.state");
	expect_record(obj, "x86", "every_macro", "enumval_value", "enum pid_type::PIDTYPE_SID");
	/* BPF_CORE_READ_BITFIELD: the four numbers, from the tp_btf program */
	expect_record(obj, "x86", "bitfields_direct", "field_byte_size", "struct task_struct.prio");
	expect_record(obj, "x86", "bitfields_direct", "field_signed", "struct task_struct.prio");
	expect_record(obj, "x86", "bitfields_direct", "field_lshift_u64", "struct task_struct.prio");
	expect_record(obj, "x86", "bitfields_direct", "field_rshift_u64", "struct task_struct.prio");
	rb_object_close(obj);
}

/* Does `fn` call helper `id` (call imm, src_reg 0)? */
static int calls_helper(const struct rb_object *obj, const char *fn, int32_t id)
{
	size_t n;
	const struct rb_program *p = rb_object_programs(obj, &n);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(p[i].fn.name, fn))
			continue;
		for (size_t k = 0; k < p[i].fn.insn_count; k++) {
			const struct bpf_insn *insn = &p[i].fn.insns[k];

			if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0 && insn->imm == id)
				return 1;
		}
	}
	return 0;
}

/* helpers.bpf.c, with rawbpf's headers alone: each program calls the
 * kernel's helper ids (enum bpf_func_id, stable ABI), and bpf_printk with
 * five arguments goes through bpf_trace_vprintk. */
static const struct {
	const char *fn;
	int32_t id;
	const char *helper;
} helper_calls[] = {
	{ "typed_task", 158, "bpf_get_current_task_btf" },
	{ "typed_task", 156, "bpf_task_storage_get" },
	{ "typed_task", 195, "bpf_map_lookup_percpu_elem" },
	{ "typed_task", 194, "bpf_kptr_xchg" },
	{ "stacks", 67, "bpf_get_stack" },
	{ "stacks", 125, "bpf_ktime_get_boot_ns" },
	{ "stacks", 160, "bpf_ktime_get_coarse_ns" },
	{ "stacks", 118, "bpf_jiffies64" },
	{ "stacks", 80, "bpf_get_current_cgroup_id" },
	{ "stacks", 173, "bpf_get_func_ip" },
	{ "stacks", 42, "bpf_get_numa_node_id" },
	{ "stacks", 115, "bpf_probe_read_kernel_str" },
	{ "stacks", 182, "bpf_strncmp" },
	{ "stacks", 109, "bpf_send_signal" },
	{ "printing", 6, "bpf_trace_printk (bpf_printk, 2 arguments)" },
	{ "printing", 177, "bpf_trace_vprintk (bpf_printk, 5 arguments)" },
	{ "printing", 181, "bpf_loop" },
	{ "printing", 131, "bpf_ringbuf_reserve" },
	{ "printing", 165, "bpf_snprintf (BPF_SNPRINTF)" },
	{ "printing", 132, "bpf_ringbuf_submit" },
	{ "jump", 12, "bpf_tail_call (bpf_tail_call_static)" },
	{ "seq", 126, "bpf_seq_printf (BPF_SEQ_PRINTF)" },
	{ "seq", 127, "bpf_seq_write" },
};

/* The r3 of bpf_tail_call_static: `r3 = 1` just before the `call 12`
 * (its asm puts the slot there as an immediate). */
static int tail_call_slot(const struct rb_object *obj)
{
	size_t n;
	const struct rb_program *p = rb_object_programs(obj, &n);

	for (size_t i = 0; i < n; i++)
		for (size_t k = 1; strcmp(p[i].fn.name, "jump") == 0 && k < p[i].fn.insn_count; k++) {
			const struct bpf_insn *call = &p[i].fn.insns[k], *r3 = call - 1;

			if (call->code == (BPF_JMP | BPF_CALL) && call->imm == 12 &&
			    r3->code == (BPF_ALU64 | BPF_MOV | BPF_K) && r3->dst_reg == 3)
				return r3->imm;
		}
	return -1;
}

static void helpers_call_the_kernels_ids(void **state)
{
	(void)state;
	for (size_t a = 0; a < ARCH_COUNT; a++) {
		struct rb_object *obj = open_built("rawbpf", arches[a], "helpers");

		for (size_t i = 0; i < sizeof(helper_calls) / sizeof(helper_calls[0]); i++)
			if (!calls_helper(obj, helper_calls[i].fn, helper_calls[i].id))
				fail_msg("helpers (%s): %s does not call %s (call %d)", arches[a],
					 helper_calls[i].fn, helper_calls[i].helper, helper_calls[i].id);
		assert_int_equal(tail_call_slot(obj), 1);
		rb_object_close(obj);
	}
}

/* Per architecture, the register each macro of newer.bpf.c names. */
static const struct {
	const char *arch;
	const char *parm1;         /* PT_REGS_PARM1 of a uprobe */
	const char *rc;            /* PT_REGS_RC of a uretprobe */
	const char *parm6;         /* PT_REGS_PARM6 (NULL: on the stack) */
	const char *parm8;         /* PT_REGS_PARM8 (NULL: on the stack) */
	const char *syscall_parm1; /* PT_REGS_PARM1_CORE_SYSCALL */
	const char *syscall_parm6; /* PT_REGS_PARM6_CORE_SYSCALL */
} regs[] = {
	{ "x86", "struct pt_regs.di", "struct pt_regs.ax", "struct pt_regs.r9", NULL,
	  "struct pt_regs.di", "struct pt_regs.r9" },
	{ "arm64", "struct user_pt_regs.regs[0]", "struct user_pt_regs.regs[0]",
	  "struct user_pt_regs.regs[5]", "struct user_pt_regs.regs[7]",
	  "struct pt_regs___arm64.orig_x0", "struct user_pt_regs.regs[5]" },
	{ "s390", "user_pt_regs.gprs[2]", "user_pt_regs.gprs[2]", NULL, NULL,
	  "struct pt_regs___s390.orig_gpr2", "user_pt_regs.gprs[7]" },
	{ "riscv", "struct user_regs_struct.a0", "struct user_regs_struct.a0",
	  "struct user_regs_struct.a5", "struct user_regs_struct.a7",
	  "struct user_regs_struct.a0", "struct user_regs_struct.a5" },
	{ "powerpc", "struct pt_regs.gpr[3]", "struct pt_regs.gpr[3]", "struct pt_regs.gpr[8]",
	  "struct pt_regs.gpr[10]", "struct pt_regs.orig_gpr3", "struct pt_regs.gpr[8]" },
};

static void newer_macros_name_the_right_registers(void **state)
{
	(void)state;
	assert_int_equal(sizeof(regs) / sizeof(regs[0]), ARCH_COUNT);
	for (size_t a = 0; a < ARCH_COUNT; a++) {
		struct rb_object *obj = open_built("rawbpf", regs[a].arch, "newer");
		const char *arch = regs[a].arch;

		assert_string_equal(arch, arches[a]);
		expect_record(obj, arch, "malloc_enter", "field_byte_offset", regs[a].parm1);
		expect_record(obj, arch, "malloc_exit", "field_byte_offset", regs[a].rc);
		if (regs[a].parm6)
			expect_record(obj, arch, "more_args", "field_byte_offset", regs[a].parm6);
		if (regs[a].parm8)
			expect_record(obj, arch, "more_args", "field_byte_offset", regs[a].parm8);
		expect_record(obj, arch, "more_args", "field_byte_offset", regs[a].syscall_parm6);
		expect_record(obj, arch, "first_syscall_arg", "field_byte_offset",
			      regs[a].syscall_parm1);
		/* BPF_PROBE_READ*: the helpers that exist on every architecture */
		if (!calls_helper(obj, "probe_reads", BPF_FUNC_probe_read_kernel) ||
		    !calls_helper(obj, "probe_reads", BPF_FUNC_probe_read_kernel_str) ||
		    !calls_helper(obj, "probe_reads", BPF_FUNC_probe_read_user) ||
		    !calls_helper(obj, "probe_reads", BPF_FUNC_probe_read_user_str))
			fail_msg("%s: BPF_PROBE_READ* do not call bpf_probe_read_{kernel,user}[_str]",
				 arch);
		if (calls_helper(obj, "probe_reads", BPF_FUNC_probe_read) ||
		    calls_helper(obj, "probe_reads", BPF_FUNC_probe_read_str))
			fail_msg("%s: BPF_PROBE_READ* call bpf_probe_read[_str]", arch);
		/* BPF_CORE_WRITE_BITFIELD and bpf_core_cast */
		expect_record(obj, arch, "write_and_cast", "field_byte_size", "struct task_struct.in_iowait");
		expect_record(obj, arch, "write_and_cast", "field_lshift_u64", "struct task_struct.in_iowait");
		expect_record(obj, arch, "write_and_cast", "type_id_target", "struct task_struct");
		rb_object_close(obj);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rawbpf_and_libbpf_headers_agree),
		cmocka_unit_test(core_reads_makes_every_kind),
		cmocka_unit_test(newer_macros_name_the_right_registers),
		cmocka_unit_test(helpers_call_the_kernels_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
