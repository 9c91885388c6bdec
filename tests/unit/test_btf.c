/* The BTF parser on hand-built blobs (each kind, each way of being broken),
 * on a clang-built .BTF, and on the running kernel's own BTF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "btf/builder.h"
#include "elf/btf.h"
#include "elf/elf_reader.h"

static struct btf_builder b;

/* int, struct point { int x; int y; }, typedef point_t, const point_t,
 * point_t[3], int *, an enum, a func proto + func, a var and its DATASEC. */
static void build_sample(void)
{
	uint32_t i, pt, td, cst, arr, ptr, en, proto, fn, var, ds;
	uint32_t int_enc = (1u << 24) | 32; /* signed, 32 bits */

	bb_init(&b);
	i = bb_type(&b, "int", BTF_KIND_INT, 0, 4);
	bb_words(&b, &int_enc, 1);
	pt = bb_type(&b, "point", BTF_KIND_STRUCT, 2, 8);
	{
		uint32_t m[] = { bb_string(&b, "x"), i, 0, bb_string(&b, "y"), i, 32 };
		bb_words(&b, m, 6);
	}
	td = bb_type(&b, "point_t", BTF_KIND_TYPEDEF, 0, pt);
	cst = bb_type(&b, NULL, BTF_KIND_CONST, 0, td);
	arr = bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);
	{
		uint32_t a[] = { cst, i, 3 };
		bb_words(&b, a, 3);
	}
	ptr = bb_type(&b, NULL, BTF_KIND_PTR, 0, i);
	en = bb_type(&b, "color", BTF_KIND_ENUM, 2, 4);
	{
		uint32_t e[] = { bb_string(&b, "RED"), 0, bb_string(&b, "GREEN"), 1 };
		bb_words(&b, e, 4);
	}
	proto = bb_type(&b, NULL, BTF_KIND_FUNC_PROTO, 1, i);
	{
		uint32_t p[] = { bb_string(&b, "ctx"), ptr };
		bb_words(&b, p, 2);
	}
	fn = bb_type(&b, "prog", BTF_KIND_FUNC, 1 /* global */, proto);
	var = bb_type(&b, "points", BTF_KIND_VAR, 0, arr);
	{
		uint32_t linkage = 1;
		bb_words(&b, &linkage, 1);
	}
	ds = bb_type(&b, ".data", BTF_KIND_DATASEC, 1, 0);
	{
		uint32_t v[] = { var, 0, 24 };
		bb_words(&b, v, 3);
	}
	(void)en;
	(void)fn;
	(void)ds;
	bb_finish(&b);
}

static void expect_error(const char *needle)
{
	struct btf btf;
	struct rb_error err = { 0 };

	if (btf_parse(&btf, "t.o", b.blob, b.blob_len, &err) == 0) {
		btf_free(&btf);
		fail_msg("expected an error containing \"%s\"", needle);
	}
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
}

static void every_kind_parses(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	const struct btf_type *t;

	(void)state;
	build_sample();
	assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
	assert_int_equal(btf.count, 12); /* 11 types + void */
	t = btf_type_by_id(&btf, 2);
	assert_int_equal(btf_kind(t), BTF_KIND_STRUCT);
	assert_string_equal(btf_name(&btf, t->name_off), "point");
	assert_int_equal(btf_vlen(t), 2);
	assert_string_equal(btf_name(&btf, ((const struct btf_member *)btf_extra(t))[1].name_off),
			    "y");
	assert_null(btf_type_by_id(&btf, 0));
	assert_null(btf_type_by_id(&btf, 12));
	assert_int_equal(btf_find(&btf, "prog", BTF_KIND_FUNC), 9);
	assert_int_equal(btf_find(&btf, "prog", BTF_KIND_STRUCT), -1);
	btf_free(&btf);
}

static void resolve_and_size(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint64_t size;
	uint32_t id;

	(void)state;
	build_sample();
	assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
	assert_int_equal(btf_resolve(&btf, 4, &id, &err), 0); /* const point_t -> point */
	assert_int_equal(id, 2);
	assert_int_equal(btf_type_size(&btf, 4, &size, &err), 0);
	assert_int_equal(size, 8);
	assert_int_equal(btf_type_size(&btf, 5, &size, &err), 0); /* point_t[3] */
	assert_int_equal(size, 24);
	assert_int_equal(btf_type_size(&btf, 6, &size, &err), 0); /* int * */
	assert_int_equal(size, 8);
	assert_int_equal(btf_type_size(&btf, 10, &size, &err), 0); /* the VAR */
	assert_int_equal(size, 24);
	assert_int_equal(btf_type_size(&btf, 8, &size, &err), -1); /* FUNC_PROTO */
	assert_int_equal(btf_type_size(&btf, 0, &size, &err), -1); /* void */
	btf_free(&btf);
}

static void typedef_loops_do_not_hang(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint64_t size;
	uint32_t id;

	(void)state;
	bb_init(&b);
	bb_type(&b, "a", BTF_KIND_TYPEDEF, 0, 2); /* 1 -> 2 */
	bb_type(&b, "b", BTF_KIND_TYPEDEF, 0, 1); /* 2 -> 1 */
	bb_finish(&b);
	assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
	assert_int_equal(btf_resolve(&btf, 1, &id, &err), -1);
	assert_non_null(strstr(err.msg, "loop"));
	assert_int_equal(btf_type_size(&btf, 2, &size, &err), -1);
	btf_free(&btf);
}

static void array_of_itself_does_not_hang(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint64_t size;
	uint32_t a[] = { 1, 1, 2 }; /* elements of type 1: itself */

	(void)state;
	bb_init(&b);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);
	bb_words(&b, a, 3);
	bb_finish(&b);
	assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
	assert_int_equal(btf_type_size(&btf, 1, &size, &err), -1);
	btf_free(&btf);
}

static void bad_headers(void **state)
{
	struct btf_header *h = (struct btf_header *)b.blob;

	(void)state;
	build_sample();
	b.blob_len = 10;
	expect_error("too short");
	build_sample();
	h->magic = 0x9FeB;
	expect_error("big-endian");
	build_sample();
	h->version = 2;
	expect_error("version");
	build_sample();
	h->hdr_len = 8;
	expect_error("header length");
	build_sample();
	h->type_len += 400;
	expect_error("past the end");
	build_sample();
	h->str_off = 0xfffffff0; /* offset + length overflows 32 bits */
	expect_error("past the end");
	build_sample();
	b.blob[b.blob_len - 1] = 'x'; /* last string not terminated */
	expect_error("NUL");
}

static void bad_types(void **state)
{
	struct btf_type *t;

	(void)state;
	build_sample();
	t = (struct btf_type *)(b.blob + sizeof(struct btf_header) + 16); /* type 2 */
	t->info = (30u << 24);
	expect_error("unknown kind 30");

	build_sample();
	t = (struct btf_type *)(b.blob + sizeof(struct btf_header) + 16);
	t->info = (BTF_KIND_STRUCT << 24) | 900; /* 900 members: past the end */
	expect_error("run past the end");

	build_sample();
	t = (struct btf_type *)(b.blob + sizeof(struct btf_header) + 16);
	t->name_off = 5000;
	expect_error("name offset");

	bb_init(&b);
	bb_type(&b, "p", BTF_KIND_PTR, 0, 77); /* points at a type that does not exist */
	bb_finish(&b);
	expect_error("refers to type id 77");

	bb_init(&b);
	bb_type(&b, "s", BTF_KIND_STRUCT, 1, 4);
	{
		uint32_t m[] = { 0, 42, 0 }; /* member of type 42 */
		bb_words(&b, m, 3);
	}
	bb_finish(&b);
	expect_error("refers to type id 42");

	bb_init(&b);
	bb_type(&b, "s", BTF_KIND_STRUCT, 1, 4);
	{
		uint32_t m[] = { 3000, 0, 0 }; /* member name outside the strings */
		bb_words(&b, m, 3);
	}
	bb_finish(&b);
	expect_error("member or parameter name");

	build_sample();
	((struct btf_header *)b.blob)->type_len -= 2; /* cut the last record */
	expect_error("aligned");
}

static void every_truncation_is_refused_or_parsed(void **state)
{
	size_t full;

	(void)state;
	build_sample();
	full = b.blob_len;
	for (size_t n = 0; n < full; n++) {
		struct btf btf;
		struct rb_error err = { 0 };
		if (btf_parse(&btf, "t.o", b.blob, n, &err) == 0)
			btf_free(&btf);
		else
			assert_true(err.msg[0] != '\0');
	}
}

/* .BTF of an object clang built (make builds tests/progs before the unit
 * tests): a BTF-defined ring buffer and array map. */
static void clang_built_btf(void **state)
{
	const char *build = getenv("BUILD");
	char path[512];
	static uint8_t file[1 << 20];
	struct elf_file elf;
	struct btf btf;
	struct rb_error err = { 0 };
	const struct elf_section *sec;
	int64_t ds;
	FILE *f;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/progs/btf_ring.bpf.o", build && *build ? build : "build");
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(file, 1, sizeof(file), f);
	fclose(f);
	assert_int_equal(elf_open(&elf, path, file, n, &err), 0);
	sec = elf_section_by_name(&elf, ".BTF");
	assert_non_null(sec);
	assert_int_equal(btf_parse(&btf, path, sec->data, sec->size, &err), 0);
	ds = btf_find(&btf, ".maps", BTF_KIND_DATASEC);
	assert_true(ds > 0);
	assert_int_equal(btf_vlen(btf_type_by_id(&btf, (uint32_t)ds)), 2);
	assert_true(btf_find(&btf, "emit", BTF_KIND_FUNC) > 0);
	assert_true(btf_find(&btf, "seen", BTF_KIND_VAR) > 0);
	btf_free(&btf);
	elf_close(&elf);
}

static void kernel_btf(void **state)
{
	static uint8_t blob[32 << 20];
	struct btf btf;
	struct rb_error err = { 0 };
	uint64_t size;
	int64_t id;
	FILE *f = fopen("/sys/kernel/btf/vmlinux", "rb");
	size_t n;

	(void)state;
	if (!f)
		skip(); /* a kernel without CONFIG_DEBUG_INFO_BTF */
	n = fread(blob, 1, sizeof(blob), f);
	fclose(f);
	assert_int_equal(btf_parse(&btf, "vmlinux", blob, n, &err), 0);
	assert_true(btf.count > 10000);
	id = btf_find(&btf, "task_struct", BTF_KIND_STRUCT);
	assert_true(id > 0);
	assert_int_equal(btf_type_size(&btf, (uint32_t)id, &size, &err), 0);
	assert_true(size > 1000);
	btf_free(&btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_parses),
		cmocka_unit_test(resolve_and_size),
		cmocka_unit_test(typedef_loops_do_not_hang),
		cmocka_unit_test(array_of_itself_does_not_hang),
		cmocka_unit_test(bad_headers),
		cmocka_unit_test(bad_types),
		cmocka_unit_test(every_truncation_is_refused_or_parsed),
		cmocka_unit_test(clang_built_btf),
		cmocka_unit_test(kernel_btf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
