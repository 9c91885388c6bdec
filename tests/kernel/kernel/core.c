/* CO-RE against the running kernel, with two independent checks.
 *
 * Each CO-RE test object (tests/progs/core_*.bpf.c) is run both ways,
 * rawbpf applying the records (the default) and the kernel applying them
 * (`run --core-by-kernel`, BPF_PROG_LOAD core_relos), and what it read
 * must be what the test knows from elsewhere: the driver's ids from the
 * driver itself (rbdriver core), offsets, sizes and enumerator values from
 * the kernel's BTF read here with rawbpf's BTF parser, type ids from the
 * BTF of the object and of the kernel. Then each object is loaded both ways
 * through the library and the verifier's translated instructions must be
 * the same, instruction by instruction (xlated.c): the kernel is the
 * oracle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "elf/btf.h"
#include "elf/core_relo.h"
#include "loader/open/object.h"
#include "xlated.h"

#define BY_KERNEL 1
#define BY_RAWBPF 0

/* TPROG() for a name known at run time. */
static const char *tprog_path(const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "tests/progs/%s.bpf.o", name);
	return build_path(rel);
}

/* ---- What the test knows without CO-RE ----------------------------------- */

/* The kernel's BTF, parsed once for the whole group. */
static const struct btf *kernel_btf(void)
{
	static struct btf btf;
	static int parsed;
	struct rb_error err = { 0 };
	FILE *f;

	if (parsed)
		return &btf;
	f = fopen("/sys/kernel/btf/vmlinux", "r");
	if (!f)
		fail_msg("no /sys/kernel/btf/vmlinux: the CO-RE tests need the kernel's BTF");
	{
		size_t cap = 8 << 20, n = 0, got;
		uint8_t *data = malloc(cap);
		while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
			n += got;
			if (n == cap) {
				uint8_t *grown = realloc(data, cap *= 2);
				if (!grown)
					free(data);
				data = grown;
			}
		}
		fclose(f);
		if (!data || btf_parse_owned(&btf, "vmlinux", data, n, &err))
			fail_msg("/sys/kernel/btf/vmlinux: %s", err.msg);
	}
	parsed = 1;
	return &btf;
}

static uint32_t type_id(const struct btf *btf, const char *name, int kind)
{
	int id = btf_find_by_name_kind(btf, name, kind);

	if (id <= 0)
		fail_msg("%s: no type %s", btf->path, name);
	return (uint32_t)id;
}

static uint64_t type_size(const struct btf *btf, uint32_t id)
{
	struct rb_error err = { 0 };
	uint64_t size;

	if (btf_type_size(btf, id, &size, &err))
		fail_msg("%s", err.msg);
	return size;
}

/* Member `name` of struct `id` (looking into anonymous members, as C
 * does): its bit offset from the struct's start, bitfield size (0 for a
 * whole field) and type. 0 when found. */
static int member(const struct btf *btf, uint32_t id, const char *name, uint32_t *bit_off,
		  uint32_t *bits, uint32_t *type)
{
	const struct btf_type *s = btf_type_by_id(btf, id);
	const struct btf_member *m = btf_members(s);

	for (unsigned i = 0; i < btf_vlen(s); i++, m++) {
		const char *n = btf_name(btf, m->name_off);
		uint32_t inner;

		if (strcmp(n, name) == 0) {
			*bit_off = btf_member_bit_offset(s, m);
			*bits = btf_member_bitfield_size(s, m);
			*type = m->type;
			return 0;
		}
		if (n[0] == '\0' && member(btf, m->type, name, bit_off, bits, type) == 0) {
			inner = *bit_off;
			*bit_off = btf_member_bit_offset(s, m) + inner;
			return 0;
		}
	}
	return -1;
}

/* What a loader must answer for a field of the kernel's struct, as libbpf
 * defines it (tools/lib/bpf/relo_core.c, bpf_core_calc_field_relo; little
 * endian): for a bitfield, the smallest naturally aligned load of at least
 * its type's size that holds it, and the shifts that take it out of a u64. */
struct field_facts {
	uint32_t byte_offset, byte_size, is_signed, lshift, rshift;
};

static struct field_facts field(const char *strct, const char *name)
{
	const struct btf *btf = kernel_btf();
	struct field_facts f = { 0 };
	uint32_t bit_off, bits, type, resolved;
	const struct btf_type *t;
	struct rb_error err = { 0 };

	if (member(btf, type_id(btf, strct, BTF_KIND_STRUCT), name, &bit_off, &bits, &type))
		fail_msg("the kernel's struct %s has no member %s", strct, name);
	if (btf_resolve(btf, type, &resolved, &err))
		fail_msg("%s", err.msg);
	t = btf_type_by_id(btf, resolved);
	f.is_signed = btf_kind(t) == BTF_KIND_INT && (btf_int_encoding(t) & BTF_INT_SIGNED);
	f.byte_size = (uint32_t)type_size(btf, resolved);
	if (bits == 0) {
		f.byte_offset = bit_off / 8;
		bits = f.byte_size * 8;
	} else {
		f.byte_offset = bit_off / 8 / f.byte_size * f.byte_size;
		while (bit_off + bits - f.byte_offset * 8 > f.byte_size * 8) {
			f.byte_size *= 2;
			f.byte_offset = bit_off / 8 / f.byte_size * f.byte_size;
		}
	}
	f.lshift = 64 - (bit_off + bits - f.byte_offset * 8);
	f.rshift = 64 - bits;
	return f;
}

static int64_t enumerator(const char *enm, const char *name)
{
	const struct btf *btf = kernel_btf();
	const struct btf_type *t = btf_type_by_id(btf, type_id(btf, enm, BTF_KIND_ENUM));
	const struct btf_enum *e = btf_enums(t);

	for (unsigned i = 0; i < btf_vlen(t); i++, e++)
		if (strcmp(btf_name(btf, e->name_off), name) == 0)
			return e->val;
	fail_msg("the kernel's enum %s has no %s", enm, name);
	return -1;
}

/* What `rbdriver core` says it is: the line it prints after its system
 * calls. */
struct driver {
	int pid, tgid, ppid, uid;
	long long flags;
};

static struct driver driver_said(const struct result *r)
{
	struct driver d;
	char line[256];
	const char *p;

	if (find_line(r->out, (const char *const[]){ "rbdriver core: ", NULL }, line,
		      sizeof(line)))
		fail_run(r, "no 'rbdriver core:' line from the driver");
	p = strstr(line, "rbdriver core: ");
	if (sscanf(p, "rbdriver core: pid=%d tgid=%d ppid=%d uid=%d flags=%lld", &d.pid,
		   &d.tgid, &d.ppid, &d.uid, &d.flags) != 5 || d.flags < 0)
		fail_run(r, "cannot read the driver's line: %s", line);
	return d;
}

/* ---- Running the objects ---------------------------------------------------- */

static void run_core(struct result *r, const char *obj, int by_kernel)
{
	if (by_kernel)
		rawbpf(r, "run", "--json", "--core-by-kernel", obj, "--", DRIVER, "core", "1");
	else
		rawbpf(r, "run", "--json", obj, "--", DRIVER, "core", "1");
	expect_status(r, 0);
}

/* Key k of the objects' map `out` (tests/progs/core_test.h) holds want. */
#define expect_out_key(r, k, want) expect_key_at(__FILE__, __LINE__, r, k, want)
static void expect_key_at(const char *file, int line, const struct result *r, unsigned k,
			  uint64_t want)
{
	char key[16];

	snprintf(key, sizeof(key), "%02x000000", k);
	expect_map_u64_at(file, line, r, "out", key, want);
}

/* "rbdriver" as the u64 its first 8 bytes make, little-endian. */
static uint64_t comm_word(void)
{
	uint64_t w = 0;

	memcpy(&w, "rbdriver", 8);
	return w;
}

/* tests/progs/core_task.bpf.c: the driver's ids through pointers, an array
 * and nested structs, records in a subprogram, a flavour whose missing
 * field is poisoned behind field_exists. */
static void check_task(int by_kernel)
{
	struct result r;
	struct driver d;

	run_core(&r, TPROG("core_task"), by_kernel);
	d = driver_said(&r);
	expect_out_key(&r, 0, (uint64_t)d.pid);   /* thread_pid->numbers[0].nr */
	expect_out_key(&r, 1, (uint64_t)d.tgid);  /* tgid */
	expect_out_key(&r, 2, (uint64_t)d.ppid);  /* real_parent->tgid */
	expect_out_key(&r, 3, comm_word());       /* comm[16] */
	expect_out_key(&r, 4, (uint64_t)d.uid);   /* cred->uid.val */
	expect_out_key(&r, 5, (uint64_t)d.pid);   /* pid, read in the program */
	expect_out_key(&r, 6, 0);                 /* task_struct___old.state exists? */
	expect_out_key(&r, 7, 1);                 /* task_struct.__state exists? */
	expect_out_key(&r, 8, 0);                 /* __state: TASK_RUNNING */
	result_free(&r);
}

/* tests/progs/core_bits.bpf.c: a bitfield read, and each field kind. */
static void check_bits(int by_kernel)
{
	struct field_facts rof = field("task_struct", "sched_reset_on_fork");
	struct field_facts mig = field("task_struct", "sched_migrated");
	struct field_facts pid = field("task_struct", "pid");
	struct result r;

	run_core(&r, TPROG("core_bits"), by_kernel);
	expect_out_key(&r, 0, 1); /* the driver set SCHED_RESET_ON_FORK */
	expect_out_key(&r, 1, rof.byte_offset);
	expect_out_key(&r, 2, rof.byte_size);
	expect_out_key(&r, 3, rof.is_signed);
	expect_out_key(&r, 4, rof.lshift);
	expect_out_key(&r, 5, rof.rshift);
	expect_out_key(&r, 6, mig.byte_offset);
	expect_out_key(&r, 7, mig.byte_size);
	expect_out_key(&r, 8, mig.is_signed);
	expect_out_key(&r, 9, mig.lshift);
	expect_out_key(&r, 10, mig.rshift);
	expect_out_key(&r, 11, pid.is_signed);
	expect_out_key(&r, 12, pid.byte_size);
	result_free(&r);
}

/* tests/progs/core_types.bpf.c: type ids, existence, sizes, matches, and
 * enumerators. The local type id is the object's own. */
static void check_types(int by_kernel)
{
	const struct btf *k = kernel_btf();
	struct rb_object *obj;
	struct rb_error err = { 0 };
	uint32_t local_id, task_id = type_id(k, "task_struct", BTF_KIND_STRUCT);
	struct result r;

	if (rb_object_open(&obj, TPROG("core_types"), NULL, &err))
		fail_msg("%s", err.msg);
	local_id = type_id(obj->btf, "task_struct", BTF_KIND_STRUCT);
	rb_object_close(obj);

	run_core(&r, TPROG("core_types"), by_kernel);
	expect_out_key(&r, 0, local_id);
	expect_out_key(&r, 1, task_id);
	expect_out_key(&r, 2, 1);                     /* struct task_struct exists */
	expect_out_key(&r, 3, 0);                     /* struct rawbpf_no_such_type */
	expect_out_key(&r, 4, type_size(k, task_id));
	expect_out_key(&r, 5, 1);                     /* list_head matches */
	expect_out_key(&r, 6, 0);                     /* callback_head with an int does not */
	expect_out_key(&r, 7, 1);                     /* PIDTYPE_TGID exists */
	expect_out_key(&r, 8, 0);                     /* PIDTYPE_RAWBPF_NONE does not */
	expect_out_key(&r, 9, (uint64_t)enumerator("pid_type", "PIDTYPE_PGID"));
	expect_out_key(&r, 10, 77);                   /* its guarded, poisoned, value */
	expect_out_key(&r, 11, type_size(k, type_id(k, "pid_type", BTF_KIND_ENUM)));
	result_free(&r);
}

/* tests/progs/core_size.bpf.c: direct loads in a tp_btf program, one of a
 * field whose size differs (u64 in the object, u32 in the kernel). */
static void check_size(int by_kernel)
{
	struct field_facts flags = field("task_struct", "flags");
	struct result r;
	struct driver d;

	run_core(&r, TPROG("core_size"), by_kernel);
	d = driver_said(&r);
	expect_out_key(&r, 0, (uint64_t)d.flags);
	expect_out_key(&r, 1, (uint64_t)d.pid);
	expect_out_key(&r, 2, (uint64_t)d.tgid);
	expect_out_key(&r, 3, flags.byte_size);
	result_free(&r);
}

static void core_task_by_kernel(void **state) { (void)state; check_task(BY_KERNEL); }
static void core_task_by_rawbpf(void **state) { (void)state; check_task(BY_RAWBPF); }
static void core_bits_by_kernel(void **state) { (void)state; check_bits(BY_KERNEL); }
static void core_bits_by_rawbpf(void **state) { (void)state; check_bits(BY_RAWBPF); }
static void core_types_by_kernel(void **state) { (void)state; check_types(BY_KERNEL); }
static void core_types_by_rawbpf(void **state) { (void)state; check_types(BY_RAWBPF); }
static void core_size_by_kernel(void **state) { (void)state; check_size(BY_KERNEL); }
static void core_size_by_rawbpf(void **state) { (void)state; check_size(BY_RAWBPF); }

/* ---- The oracle: the same translated instructions both ways --------------- */

static void compare(const char *name)
{
	struct core_compare_stats stats;
	struct kernel_ids before;
	char report[16384], left[1024];
	int ret;

	kernel_ids(&before);
	ret = core_compare(tprog_path(name), report, sizeof(report), &stats);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel:%s", left);
	if (ret != 0)
		fail_msg("%s: rawbpf's CO-RE and the kernel's %s:\n%s", name,
			 ret < 0 ? "could not both be loaded" : "differ", report);
	if (stats.programs == 0 || stats.insns == 0 || stats.core_relocs == 0)
		fail_msg("%s: nothing compared (%zu programs, %zu instructions, %zu CO-RE "
			 "records)", name, stats.programs, stats.insns, stats.core_relocs);
	printf("     %s: %zu CO-RE records; %s", name, stats.core_relocs, report);
}

static void core_task_same_both_ways(void **state) { (void)state; compare("core_task"); }
static void core_bits_same_both_ways(void **state) { (void)state; compare("core_bits"); }
static void core_types_same_both_ways(void **state) { (void)state; compare("core_types"); }
static void core_size_same_both_ways(void **state) { (void)state; compare("core_size"); }

/* ---- What the objects cover ----------------------------------------------- */

static const char *const objects[] = { "core_task", "core_bits", "core_types", "core_size" };

/* Together the objects have records of all 13 kinds, records in a
 * subprogram, and flavours (a type named NAME___SUFFIX); so the tests above
 * cover each. Read with the library alone: no kernel. */
static void core_objects_cover_every_kind(void **state)
{
	int kinds[BPF_CORE_KIND_COUNT] = { 0 }, in_subprogram = 0, flavours = 0;

	(void)state;
	for (size_t o = 0; o < sizeof(objects) / sizeof(objects[0]); o++) {
		struct rb_object *obj;
		struct rb_error err = { 0 };
		const struct rb_core_reloc *rel;
		size_t n;

		if (rb_object_open(&obj, tprog_path(objects[o]), NULL, &err))
			fail_msg("%s", err.msg);
		rel = rb_object_core_relocs(obj, &n);
		for (size_t i = 0; i < n; i++) {
			if (rel[i].kind < BPF_CORE_KIND_COUNT)
				kinds[rel[i].kind]++;
			in_subprogram += rel[i].function && !rel[i].in_program;
			flavours += strstr(rel[i].what, "___") != NULL;
		}
		rb_object_close(obj);
	}
	for (unsigned k = 0; k < BPF_CORE_KIND_COUNT; k++)
		if (!kinds[k])
			fail_msg("no CO-RE record of kind %u (%s) in the core_* objects", k,
				 btf_core_kind_name(k));
	if (!in_subprogram || !flavours)
		fail_msg("the core_* objects have %d records in subprograms, %d of flavours",
			 in_subprogram, flavours);
}

/* --verbose tells each record left to the kernel, at its place in the
 * flattened program, and how many the kernel was given; an object without
 * CO-RE records loads with the option as without it. */
static void core_by_kernel_is_narrated(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", "--core-by-kernel", TPROG("core_task"), "--",
	       DRIVER, "core", "1");
	expect_status(&r, 0);
	expect_err_line(&r, "prog task_ids: ", "CO-RE relocations handed to the kernel",
			"(BPF_PROG_LOAD core_relos)");
	expect_err_line(&r, "prog task_ids insn ", "CO-RE field_byte_offset", "left to the kernel");
	result_free(&r);
	/* an object without CO-RE records loads the same with the option */
	rawbpf(&r, "run", "--json", "--core-by-kernel", TPROG("calls_and_globals"), "--", DRIVER,
	       "getppid", "9");
	expect_status(&r, 0);
	expect_map_u64(&r, ".bss", "00000000", 27);
	result_free(&r);
}

/* --btf gives rawbpf's CO-RE another kernel's types; the kernel's CO-RE
 * cannot use them, so the two are refused together, before anything loads. */
static void core_by_kernel_refuses_another_btf(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--core-by-kernel", "--btf", "/sys/kernel/btf/vmlinux",
	       TPROG("core_task"), "--", DRIVER, "core", "1");
	expect_status(&r, 2);
	expect_err_line(&r, "core_task.bpf.o", "against its own BTF only", "/sys/kernel/btf/vmlinux");
	if (strstr(r.out, "\"type\":\"map\""))
		fail_run(&r, "nothing should have been loaded");
	result_free(&r);
}

/* A record the kernel cannot satisfy, reachable (tests/progs/
 * core_unguarded.bpf.c): the kernel poisons it as libbpf does and the
 * verifier refuses the call; the error names the relocation in C, and the
 * kernel's number for it. */
static void core_by_kernel_names_the_poisoned_relocation(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--core-by-kernel", TPROG("core_unguarded"));
	expect_status(&r, 1);
	expect_err(&r, "invalid func unknown#195896080"); /* the verifier's line */
	expect_err_line(&r, "is CO-RE relocation field_byte_offset of "
			"struct task_struct.rawbpf_no_such_field", "program unguarded",
			"the kernel's relo #0");
	result_free(&r);
}

const struct CMUnitTest core_tests[] = {
	cmocka_unit_test(core_objects_cover_every_kind),
	cmocka_unit_test(core_task_by_kernel),
	cmocka_unit_test(core_bits_by_kernel),
	cmocka_unit_test(core_types_by_kernel),
	cmocka_unit_test(core_size_by_kernel),
	cmocka_unit_test(core_by_kernel_is_narrated),
	cmocka_unit_test(core_by_kernel_refuses_another_btf),
	cmocka_unit_test(core_by_kernel_names_the_poisoned_relocation),
	cmocka_unit_test(core_task_by_rawbpf),
	cmocka_unit_test(core_bits_by_rawbpf),
	cmocka_unit_test(core_types_by_rawbpf),
	cmocka_unit_test(core_size_by_rawbpf),
	cmocka_unit_test(core_task_same_both_ways),
	cmocka_unit_test(core_bits_same_both_ways),
	cmocka_unit_test(core_types_same_both_ways),
	cmocka_unit_test(core_size_same_both_ways),
};
DEFINE_COUNT(core);
