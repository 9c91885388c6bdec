/* The CO-RE records rawbpf hands the kernel with core_by_kernel
 * (loader/kernel/core_by_kernel.c), on tests/progs/core_task.bpf.o, whose
 * subprogram read_task has records of its own: every record must name, in
 * the flattened program, the very instruction it named in the object (the
 * program's own at the same index, the subprogram's where it was
 * appended), with the object's type id, access string and kind. No kernel
 * calls: the map and BTF fds are made up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/kernel/kernel.h"

static struct rb_object *open_object(const char *name, int by_kernel)
{
	struct rb_open_opts opts = { .core_by_kernel = by_kernel };
	const char *build = getenv("BUILD");
	struct rb_error err = { 0 };
	struct rb_object *obj;
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/progs/%s", build && *build ? build : "build",
		 name);
	if (rb_object_open(&obj, path, &opts, &err))
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 100 + (int)i; /* as if created */
	obj->btf_fd = 99;                   /* as if loaded */
	return obj;
}

/* What the records of program 0 become: *flat and *info, to free. */
static int records_for_kernel(struct rb_object *obj, struct rb_relocated *flat,
			      struct rb_btf_info *info, struct rb_error *err)
{
	struct rb_program *prog = &obj->programs[0];

	if (rb_program_relocate(obj, prog, flat, err))
		fail_msg("%s", err->msg);
	if (rb_btf_program_info(obj, flat, info, err))
		fail_msg("%s", err->msg);
	return rb_core_relos_for_kernel(obj, prog, flat, info, err);
}

static const struct rb_placed *placed(const struct rb_relocated *flat, const char *name)
{
	for (size_t i = 0; i < flat->fn_count; i++)
		if (strcmp(flat->fns[i].fn->name, name) == 0)
			return &flat->fns[i];
	fail_msg("function %s was not placed", name);
	return NULL;
}

static void records_move_with_their_functions(void **state)
{
	struct rb_object *obj = open_object("core_task.bpf.o", 1);
	const struct rb_core_reloc *rel;
	struct rb_error err = { 0 };
	struct rb_relocated flat;
	struct rb_btf_info info;
	size_t n, in_subprogram = 0;
	const struct bpf_core_relo *k;

	(void)state;
	assert_int_equal(records_for_kernel(obj, &flat, &info, &err), 0);
	rel = rb_object_core_relocs(obj, &n);
	assert_true(n > 0);
	assert_int_equal(info.core_relo_count, n); /* one program: all of them */
	assert_true(info.func_count > 0);          /* the kernel reads them only with it */
	k = info.core_relos;
	for (size_t i = 0; i < n; i++) {
		/* the object's record i, where its function landed */
		const struct rb_placed *p = placed(&flat, rel[i].function);
		size_t at = p->base + rel[i].insn;
		int found = 0;

		in_subprogram += !rel[i].in_program;
		for (size_t j = 0; j < info.core_relo_count && !found; j++) {
			if (k[j].insn_off != at * sizeof(struct bpf_insn))
				continue;
			found = 1;
			assert_int_equal(k[j].type_id, rel[i].type_id);
			assert_int_equal(k[j].kind, rel[i].kind);
			assert_string_equal(btf_name(obj->btf, k[j].access_str_off), rel[i].access);
		}
		if (!found)
			fail_msg("record %zu (%s %s, %s insn %zu) is not at insn %zu", i,
				 rel[i].kind_name, rel[i].what, rel[i].function, rel[i].insn, at);
		/* as compiled: the kernel patches it */
		assert_memory_equal(&flat.insns[at], &p->fn->insns[rel[i].insn],
				    sizeof(struct bpf_insn));
		if (!rel[i].in_program)
			assert_true(at >= obj->programs[0].fn.insn_count); /* appended */
	}
	assert_true(in_subprogram > 0);
	rb_btf_info_free(&info);
	rb_relocated_free(&flat);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	obj->btf_fd = -1;
	rb_object_close(obj);
}

static void nothing_without_the_option_or_the_btf(void **state)
{
	struct rb_object *obj = open_object("core_task.bpf.o", 0);
	struct rb_error err = { 0 };
	struct rb_relocated flat;
	struct rb_btf_info info;

	(void)state;
	assert_int_equal(records_for_kernel(obj, &flat, &info, &err), 0);
	assert_int_equal(info.core_relo_count, 0); /* rawbpf applies them itself */
	rb_btf_info_free(&info);
	rb_relocated_free(&flat);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	obj->btf_fd = -1;
	rb_object_close(obj);

	obj = open_object("core_task.bpf.o", 1);
	obj->btf_fd = -1; /* the kernel refused the object's BTF */
	snprintf(obj->btf_warning, sizeof(obj->btf_warning), "the kernel refused the BTF");
	assert_int_equal(records_for_kernel(obj, &flat, &info, &err), -1);
	assert_non_null(strstr(err.msg, "needs the object's BTF loaded"));
	assert_non_null(strstr(err.msg, "the kernel refused the BTF"));
	rb_btf_info_free(&info);
	rb_relocated_free(&flat);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	rb_object_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_move_with_their_functions),
		cmocka_unit_test(nothing_without_the_option_or_the_btf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
