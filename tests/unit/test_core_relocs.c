/* The CO-RE records rb_object_open() lists (loader/open/core_relocs.c), on
 * tests/progs/core_read.bpf.o: which function and instruction each is in,
 * its kind, the field in C and where clang placed it; and how a record
 * travels with its function when relocate/flatten.c appends it to the
 * programs that call it. What they become on the kernel is test_core.c's
 * (and the kernel tests'). No kernel calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/open/object.h"
#include "loader/open/read_file.h"
#include "loader/relocate/relocate.h"
#include "uapi/linux/bpf.h"

static uint8_t *read_object(const char *name, size_t *size)
{
	const char *build = getenv("BUILD");
	struct rb_error err = { 0 };
	char path[512];
	uint8_t *data;

	snprintf(path, sizeof(path), "%s/tests/progs/%s", build && *build ? build : "build",
		 name);
	/* the library's own reader: regular file, read once */
	if (rb_read_regular_file(path, path, 64 << 20, &data, size, &err))
		fail_msg("%s (not built?)", err.msg);
	return data;
}

static const struct {
	const char *kind, *what, *access;
	uint64_t bit_offset;
} want[] = {
	{ "field_byte_offset", "struct task_struct.real_parent", "0:2", 64 },
	{ "field_byte_offset", "struct task_struct.tgid", "0:1", 32 },
	{ "field_exists", "struct task_struct.pid", "0:0", 0 },
	{ "type_size", "struct task_struct", "0", 0 },
	{ "enumval_value", "enum pid_type::PIDTYPE_TGID", "1", 0 },
};

static void records_of_core_read(void **state)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	size_t size, count, nprogs;
	uint8_t *data = read_object("core_read.bpf.o", &size);
	const struct rb_core_reloc *r;
	const struct rb_program *prog;

	(void)state;
	if (rb_object_open_buffer(&obj, "core_read.bpf.o", data, size, NULL, &err))
		fail_msg("open: %s", err.msg);
	prog = rb_object_programs(obj, &nprogs);
	assert_int_equal(nprogs, 1);
	r = rb_object_core_relocs(obj, &count);
	assert_int_equal(count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < count; i++) {
		assert_string_equal(r[i].function, "parent_tgid");
		assert_true(r[i].in_program);
		assert_string_equal(r[i].section, "tracepoint/syscalls/sys_enter_getppid");
		assert_string_equal(r[i].kind_name, want[i].kind);
		assert_string_equal(r[i].what, want[i].what);
		assert_string_equal(r[i].access, want[i].access);
		assert_int_equal(r[i].bit_offset, want[i].bit_offset);
		assert_true(r[i].insn < prog->fn.insn_count);
		assert_true(i == 0 || r[i].insn > r[i - 1].insn); /* in instruction order */
	}
	/* The instruction a field_byte_offset record names holds the offset
	 * as compiled: clang's `r1 = 8` for real_parent, `r1 = 4` for tgid.
	 * That is the number CO-RE would replace. */
	for (size_t i = 0; i < 2; i++) {
		const struct bpf_insn *insn = &prog->fn.insns[r[i].insn];
		assert_int_equal(insn->code, BPF_ALU64 | BPF_MOV | BPF_K);
		assert_int_equal(insn->imm, (int32_t)(want[i].bit_offset / 8));
	}
	rb_object_close(obj);
	free(data);
}

/* tests/progs/core_subprog.bpf.o: the record of subprogram tgid_of()
 * becomes one of its relocations, and follows its instruction into each
 * program that calls it, at a different place in each; given an answer
 * (relocate/core.h), each copy is patched, and without one (the kernel's
 * CO-RE) left as compiled but still found. */
static void records_follow_their_function(void **state)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	size_t size, count, nsub, nprogs, sites[2];
	uint8_t *data = read_object("core_subprog.bpf.o", &size);
	const struct rb_core_reloc *r;
	struct rb_function *sub;
	struct rb_program *progs;
	struct rb_core_result answer = { .kind = 0, .orig_val = 4, .new_val = 1268, .validate = 1,
					 .orig_size = 4, .new_size = 4 };

	(void)state;
	if (rb_object_open_buffer(&obj, "core_subprog.bpf.o", data, size, NULL, &err))
		fail_msg("open: %s", err.msg);
	r = rb_object_core_relocs(obj, &count);
	assert_int_equal(count, 1);
	assert_string_equal(r->function, "tgid_of");
	assert_false(r->in_program);
	sub = rb_object_subprograms(obj, &nsub);
	assert_int_equal(nsub, 1);
	assert_int_equal(sub->reloc_count, 1);
	assert_int_equal(sub->relocs[0].kind, RB_RELOC_CORE);
	assert_int_equal(sub->relocs[0].insn, r->insn);
	assert_int_equal(sub->relocs[0].core.index, 0);
	progs = rb_object_programs(obj, &nprogs);
	assert_int_equal(nprogs, 2);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 100; /* a fake fd: nothing is loaded */
	for (size_t p = 0; p < 2; p++) {
		struct rb_relocated linked;

		if (rb_program_relocate_core(obj, &progs[p], &answer, &linked, &err))
			fail_msg("%s: %s", progs[p].fn.name, err.msg);
		assert_int_equal(linked.fn_count, 2); /* the program, then tgid_of */
		assert_int_equal(linked.core_count, 1);
		sites[p] = linked.core[0].insn;
		assert_int_equal(sites[p], linked.fns[1].base + r->insn);
		assert_int_equal(linked.core[0].record, 0);
		assert_false(linked.core[0].poisoned);
		assert_int_equal(linked.insns[sites[p]].imm, 1268); /* was r2 += 4 */
		rb_relocated_free(&linked);
		/* without an answer: as compiled, and still where it is */
		if (rb_program_relocate(obj, &progs[p], &linked, &err))
			fail_msg("%s: %s", progs[p].fn.name, err.msg);
		assert_int_equal(linked.core_count, 1);
		assert_int_equal(linked.core[0].insn, sites[p]);
		assert_int_equal(linked.insns[sites[p]].imm, 4);
		rb_relocated_free(&linked);
	}
	assert_true(sites[0] != sites[1]);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	rb_object_close(obj);
	free(data);
}

/* An object without CO-RE records lists none. */
static void no_records_without_core(void **state)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	size_t size, count = 7;
	uint8_t *data = read_object("map7.bpf.o", &size);

	(void)state;
	if (rb_object_open_buffer(&obj, "map7.bpf.o", data, size, NULL, &err))
		fail_msg("open: %s", err.msg);
	assert_null(rb_object_core_relocs(obj, &count));
	assert_int_equal(count, 0);
	rb_object_close(obj);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_of_core_read),
		cmocka_unit_test(records_follow_their_function),
		cmocka_unit_test(no_records_without_core),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
