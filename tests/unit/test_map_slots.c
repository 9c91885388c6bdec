/* The initial values of maps of maps and program arrays that
 * rb_object_open() collects from .rel.maps (loader/open/map_slots.c) and
 * the inner map definition it reads from BTF (open/maps_btf.c), on
 * tests/progs/map_in_map.bpf.o and tail_call.bpf.o; then the same objects
 * with their .rel.maps records altered, each refused with a message that
 * says where and why. No kernel calls. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "elf/elf_reader.h"
#include "loader/open/read_file.h"
#include "loader/rawbpf.h"
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

static struct rb_object *open_ok(const char *name, const uint8_t *data, size_t size)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };

	if (rb_object_open_buffer(&obj, name, data, size, NULL, &err))
		fail_msg("%s refused: %s", name, err.msg);
	return obj;
}

static const struct rb_map *map_named(struct rb_object *obj, const char *name)
{
	const struct rb_map *m = rb_object_map_by_name(obj, name);

	if (!m)
		fail_msg("no map %s", name);
	return m;
}

static void map_of_maps_slots_and_inner_definition(void **state)
{
	size_t size, count;
	uint8_t *data = read_object("map_in_map.bpf.o", &size);
	struct rb_object *obj = open_ok("map_in_map.bpf.o", data, size);
	const struct rb_map *outer = map_named(obj, "outer");
	struct rb_map *maps = rb_object_maps(obj, &count);

	(void)state;
	assert_int_equal(outer->type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	assert_int_equal(outer->key_size, 4);
	assert_int_equal(outer->value_size, 4); /* implied by __array(values, ...) */
	assert_non_null(outer->inner);
	assert_string_equal(outer->inner->name, "outer.inner");
	assert_int_equal(outer->inner->type, BPF_MAP_TYPE_ARRAY);
	assert_int_equal(outer->inner->key_size, 4);
	assert_int_equal(outer->inner->value_size, 8);
	assert_int_equal(outer->inner->max_entries, 1);
	assert_int_equal(outer->inner->fd, -1);
	assert_int_equal(outer->slot_count, 2);
	assert_int_equal(outer->slots[0].index, 0);
	assert_string_equal(maps[outer->slots[0].target].name, "inner_a");
	assert_int_equal(outer->slots[1].index, 1);
	assert_string_equal(maps[outer->slots[1].target].name, "inner_b");
	assert_string_equal(outer->slots[1].symbol, "inner_b");
	/* the inner maps themselves are plain maps of the object */
	assert_null(map_named(obj, "inner_a")->inner);
	assert_int_equal(map_named(obj, "inner_a")->slot_count, 0);
	rb_object_close(obj);
	free(data);
}

static void program_array_slots_name_programs(void **state)
{
	size_t size, count;
	uint8_t *data = read_object("tail_call.bpf.o", &size);
	struct rb_object *obj = open_ok("tail_call.bpf.o", data, size);
	const struct rb_map *jump = map_named(obj, "jump");
	struct rb_program *progs = rb_object_programs(obj, &count);

	(void)state;
	assert_int_equal(jump->type, BPF_MAP_TYPE_PROG_ARRAY);
	assert_int_equal(jump->value_size, 4);
	assert_null(jump->inner);
	assert_int_equal(jump->slot_count, 2);
	assert_int_equal(jump->slots[0].index, 0);
	assert_string_equal(progs[jump->slots[0].target].fn.name, "odd");
	assert_int_equal(jump->slots[1].index, 1);
	assert_string_equal(progs[jump->slots[1].target].fn.name, "even");
	/* SEC("tracepoint"): a tracepoint program with nowhere to attach */
	assert_int_equal(progs[jump->slots[0].target].type, BPF_PROG_TYPE_TRACEPOINT);
	assert_null(progs[jump->slots[0].target].def->provider);
	rb_object_close(obj);
	free(data);
}

/* The .rel.maps records of a copy of an object, to alter. */
struct altered {
	uint8_t *data;
	size_t size;
	Elf64_Rel *rels;
	size_t count;
};

static void alter(struct altered *a, const char *name)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	const struct elf_section *rel;

	a->data = read_object(name, &a->size);
	if (elf_open(&elf, name, a->data, a->size, &err))
		fail_msg("%s: %s", name, err.msg);
	rel = elf_section_by_name(&elf, ".rel.maps");
	assert_non_null(rel);
	a->rels = (Elf64_Rel *)(a->data + rel->offset); /* 8-aligned in the file */
	a->count = rel->size / sizeof(Elf64_Rel);
	elf_close(&elf);
}

/* The index of symbol `name` in the object's symbol table. */
static uint32_t symbol_index(const struct altered *a, const char *name)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	uint32_t index = 0;

	assert_int_equal(elf_open(&elf, "t.o", a->data, a->size, &err), 0);
	for (size_t i = 1; i < elf.nsymbols; i++)
		if (strcmp(elf.symbols[i].name, name) == 0)
			index = (uint32_t)i;
	elf_close(&elf);
	assert_int_not_equal(index, 0);
	return index;
}

static void expect_refused(const struct altered *a, const char *const needles[])
{
	struct rb_object *obj;
	struct rb_error err = { 0 };

	if (rb_object_open_buffer(&obj, "t.o", a->data, a->size, NULL, &err) == 0)
		fail_msg("the altered object was opened");
	assert_int_equal(err.kind, RB_ERR_INPUT);
	for (int i = 0; needles[i]; i++)
		if (!strstr(err.msg, needles[i]))
			fail_msg("expected \"%s\" in: %s", needles[i], err.msg);
}

#define REFUSED(a, ...) expect_refused(a, (const char *const[]){ __VA_ARGS__, NULL })

static void altered_records_are_refused(void **state)
{
	struct altered a;
	Elf64_Rel saved;

	(void)state;
	alter(&a, "map_in_map.bpf.o");
	assert_int_equal(a.count, 2);
	saved = a.rels[0];
	/* halfway into a slot */
	a.rels[0].r_offset += 4;
	REFUSED(&a, ".rel.maps", "inside map outer's definition", "not on one of its values");
	/* on the definition itself (its first field) */
	a.rels[0].r_offset = saved.r_offset - 24;
	REFUSED(&a, "inside map outer's definition");
	/* two records for one slot */
	a.rels[0].r_offset = a.rels[1].r_offset;
	REFUSED(&a, "map outer: slot 1 is given twice");
	/* a relocation type that is not a 64-bit address */
	a.rels[0] = saved;
	a.rels[0].r_info = ELF64_R_INFO(ELF64_R_SYM(saved.r_info), R_BPF_64_ABS32_);
	REFUSED(&a, "relocation type 3", "R_BPF_64_ABS64");
	/* a map of maps holding a program */
	a.rels[0].r_info = ELF64_R_INFO(symbol_index(&a, "count"), R_BPF_64_ABS64_);
	REFUSED(&a, "map of maps outer, slot 0: count is not a map defined in .maps");
	free(a.data);

	alter(&a, "tail_call.bpf.o");
	assert_int_equal(a.count, 2);
	/* a program array holding a map */
	a.rels[1].r_info = ELF64_R_INFO(symbol_index(&a, "counts"), R_BPF_64_ABS64_);
	REFUSED(&a, "program array jump, slot 1: counts is not a program");
	free(a.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_of_maps_slots_and_inner_definition),
		cmocka_unit_test(program_array_slots_name_programs),
		cmocka_unit_test(altered_records_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
