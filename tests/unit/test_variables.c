/* Unit tests for the model of global variables (loader/open/variables.c):
 * the list rb_object_open() builds from the BTF DATASECs, or from the
 * symbol table for an object without BTF. The object is
 * tests/progs/twin_statics.bpf.o, linked from two units that each have a
 * `static x` and a `static y`: two variables named x in two sections, two
 * named y in one, each of its own type. No kernel calls. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/open/read_file.h"
#include "loader/rawbpf.h"

struct expected {
	const char *name, *section;
	uint32_t offset, size;
	const char *type; /* as inspect spells it */
};

static const struct expected twins[] = {
	{ "x", ".data", 0, 4, "volatile __u32" },
	{ "y", ".data", 4, 2, "volatile __u16" },
	{ "y", ".data", 8, 8, "volatile __u64" },
	{ "x", ".bss", 0, 16, "volatile char[16]" },
};
#define TWINS (sizeof(twins) / sizeof(twins[0]))

static uint8_t *read_object(size_t *size)
{
	const char *build = getenv("BUILD");
	struct rb_error err = { 0 };
	char path[512];
	uint8_t *data;

	snprintf(path, sizeof(path), "%s/tests/progs/twin_statics.bpf.o",
		 build && *build ? build : "build");
	/* the library's own reader: regular file, read once */
	if (rb_read_regular_file(path, path, 64 << 20, &data, size, &err))
		fail_msg("%s (not built? make builds it with bpftool)", err.msg);
	return data;
}

/* Rename .BTF (and .BTF.ext) to .XTF: the object then has no BTF, and its
 * variables must come from the symbol table. */
static void hide_btf(uint8_t *data, size_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;
	const Elf64_Shdr *names;
	char *strings;

	assert_true(eh->e_shoff + (uint64_t)(eh->e_shstrndx + 1) * sizeof(Elf64_Shdr) <= size);
	names = (const Elf64_Shdr *)(data + eh->e_shoff) + eh->e_shstrndx;
	assert_true(names->sh_offset + names->sh_size <= size);
	strings = (char *)data + names->sh_offset;
	for (uint64_t i = 0; i + 4 <= names->sh_size; i++)
		if (memcmp(strings + i, ".BTF", 4) == 0)
			strings[i + 1] = 'X';
}

static const struct rb_variable *open_variables(struct rb_object **obj, const uint8_t *data,
						size_t size, size_t *count)
{
	struct rb_error err = { 0 };

	if (rb_object_open_buffer(obj, "twin_statics.bpf.o", data, size, NULL, &err))
		fail_msg("open: %s", err.msg);
	return rb_object_variables(*obj, count);
}

/* Each variable where it is, in its section's map, `typed`: with its own
 * type, or with none. */
static void expect_twins(const struct rb_object *obj, const struct rb_variable *vars,
			 size_t count, int typed)
{
	size_t map_count;
	const struct rb_map *maps = rb_object_maps(obj, &map_count);

	assert_int_equal(count, TWINS);
	for (size_t i = 0; i < TWINS; i++) {
		char type[128];

		assert_string_equal(vars[i].name, twins[i].name);
		assert_string_equal(vars[i].section_name, twins[i].section);
		assert_true(vars[i].map < map_count);
		assert_string_equal(maps[vars[i].map].name, twins[i].section);
		assert_int_equal(vars[i].offset, twins[i].offset);
		assert_int_equal(vars[i].size, twins[i].size);
		if (!typed) {
			assert_int_equal(vars[i].btf_type_id, 0);
			continue;
		}
		assert_int_not_equal(vars[i].btf_type_id, 0);
		assert_int_equal(rb_object_btf_type_name(obj, vars[i].btf_type_id, type,
							 sizeof(type)), 0);
		assert_string_equal(type, twins[i].type);
	}
}

/* From BTF: each x and y with its own type, and the linker's offsets (a
 * lookup of the symbol by name would give the second y the first's). */
static void variables_from_btf_keep_their_own_types(void **state)
{
	struct rb_object *obj;
	size_t size, count;
	uint8_t *data = read_object(&size);
	const struct rb_variable *vars = open_variables(&obj, data, size, &count);

	(void)state;
	expect_twins(obj, vars, count, 1);
	rb_object_close(obj);
	free(data);
}

/* Without BTF: the same list from the symbol table, without types. */
static void variables_from_symbols_without_btf(void **state)
{
	struct rb_object *obj;
	size_t size, count;
	uint8_t *data = read_object(&size);
	const struct rb_variable *vars;

	(void)state;
	hide_btf(data, size);
	vars = open_variables(&obj, data, size, &count);
	expect_twins(obj, vars, count, 0);
	rb_object_close(obj);
	free(data);
}

/* --set cannot tell two variables of one name apart: it says so. */
static void set_refuses_an_ambiguous_name(void **state)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	size_t size, count;
	uint8_t *data = read_object(&size);

	(void)state;
	open_variables(&obj, data, size, &count);
	assert_int_equal(rb_object_set_global(obj, "y", "1", &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "more than one variable named y (in .data and .data)"));
	assert_int_equal(rb_object_set_global(obj, "z", "1", &err), -1);
	assert_non_null(strstr(err.msg, "no global variable named z"));
	rb_object_close(obj);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(variables_from_btf_keep_their_own_types),
		cmocka_unit_test(variables_from_symbols_without_btf),
		cmocka_unit_test(set_refuses_an_ambiguous_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
