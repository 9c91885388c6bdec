/* The BTF parser (elf/btf.h, elf/btf_ext.h): well-formed blobs here, built
 * by hand with a type of every kind and by clang; malformed ones, .BTF.ext
 * and the kernel's own BTF in tests/unit/btf/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "btf/cases.h"
#include "btf/clang_sample.h"
#include "elf/btf.h"

static struct btf_builder b;

static void parse_every_kind(struct btf *btf)
{
	struct rb_error err = { 0 };

	build_every_kind(&b);
	if (btf_parse(btf, "t.o", b.blob, b.blob_len, &err))
		fail_msg("%s", err.msg);
}

static const char *name_of(const struct btf *btf, uint32_t id)
{
	return btf_name(btf, btf_type_by_id(btf, id)->name_off);
}

static void every_kind_parses(void **state)
{
	static const unsigned kinds[ID_END] = {
		[ID_INT] = BTF_KIND_INT, [ID_POINT] = BTF_KIND_STRUCT,
		[ID_POINT_T] = BTF_KIND_TYPEDEF, [ID_CONST] = BTF_KIND_CONST,
		[ID_ARRAY] = BTF_KIND_ARRAY, [ID_PTR] = BTF_KIND_PTR, [ID_ENUM] = BTF_KIND_ENUM,
		[ID_PROTO] = BTF_KIND_FUNC_PROTO, [ID_FUNC] = BTF_KIND_FUNC,
		[ID_VAR] = BTF_KIND_VAR, [ID_DATASEC] = BTF_KIND_DATASEC,
		[ID_UNION] = BTF_KIND_UNION, [ID_FWD] = BTF_KIND_FWD,
		[ID_VOLATILE] = BTF_KIND_VOLATILE, [ID_RESTRICT] = BTF_KIND_RESTRICT,
		[ID_FLOAT] = BTF_KIND_FLOAT, [ID_DECL_TAG] = BTF_KIND_DECL_TAG,
		[ID_TYPE_TAG] = BTF_KIND_TYPE_TAG, [ID_ENUM64] = BTF_KIND_ENUM64,
	};
	struct btf btf;

	(void)state;
	parse_every_kind(&btf);
	assert_int_equal(btf.count, ID_END); /* 19 types, and void */
	for (uint32_t id = 1; id < ID_END; id++) {
		assert_int_equal(btf_kind(btf_type_by_id(&btf, id)), kinds[id]);
		assert_int_equal(btf_type_offset(&btf, id), bb_offset(&b, id));
	}
	assert_null(btf_type_by_id(&btf, 0)); /* void has no record */
	assert_null(btf_type_by_id(&btf, ID_END));
	assert_string_equal(btf_kind_name(BTF_KIND_FUNC_PROTO), "FUNC_PROTO");
	assert_string_equal(btf_kind_name(20), "?");
	assert_string_equal(btf_name(&btf, 0), "");
	assert_string_equal(btf_name(&btf, 1u << 30), ""); /* not a string */
	assert_string_equal(name_of(&btf, ID_FWD), "opaque");
	btf_free(&btf);
	assert_null(btf.data); /* freed and emptied */
	assert_int_equal(btf.count, 0);
}

/* What follows each record, through the typed accessors. */
static void kind_specific_data(void **state)
{
	struct btf btf;
	const struct btf_type *t;

	(void)state;
	parse_every_kind(&btf);
	t = btf_type_by_id(&btf, ID_INT);
	assert_int_equal(btf_int_bits(t), 32);
	assert_int_equal(btf_int_encoding(t), BTF_INT_SIGNED);
	t = btf_type_by_id(&btf, ID_POINT);
	assert_int_equal(btf_vlen(t), 2);
	assert_string_equal(btf_name(&btf, btf_members(t)[1].name_off), "y");
	assert_int_equal(btf_member_bit_offset(t, &btf_members(t)[1]), 32);
	assert_int_equal(btf_member_bitfield_size(t, &btf_members(t)[1]), 0);
	t = btf_type_by_id(&btf, ID_ARRAY);
	assert_int_equal(btf_array(t)->type, ID_CONST);
	assert_int_equal(btf_array(t)->index_type, ID_INT);
	assert_int_equal(btf_array(t)->nelems, 3);
	t = btf_type_by_id(&btf, ID_ENUM);
	assert_string_equal(btf_name(&btf, btf_enums(t)[1].name_off), "GREEN");
	assert_int_equal(btf_enums(t)[1].val, 1);
	t = btf_type_by_id(&btf, ID_PROTO);
	assert_int_equal(t->type, ID_INT); /* the return type */
	assert_string_equal(btf_name(&btf, btf_params(t)[0].name_off), "ctx");
	assert_int_equal(btf_params(t)[0].type, ID_PTR);
	assert_int_equal(btf_vlen(btf_type_by_id(&btf, ID_FUNC)), BTF_FUNC_GLOBAL);
	assert_int_equal(btf_var(btf_type_by_id(&btf, ID_VAR))->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	t = btf_type_by_id(&btf, ID_DATASEC);
	assert_int_equal(btf_var_secinfos(t)[0].type, ID_VAR);
	assert_int_equal(btf_var_secinfos(t)[0].size, 24);
	assert_int_equal(btf_decl_tag(btf_type_by_id(&btf, ID_DECL_TAG))->component_idx, 1);
	t = btf_type_by_id(&btf, ID_ENUM64);
	assert_string_equal(btf_name(&btf, btf_enum64s(t)[0].name_off), "BIG");
	assert_int_equal(((uint64_t)btf_enum64s(t)[0].val_hi32 << 32) | btf_enum64s(t)[0].val_lo32,
			 0x100000002ull);
	btf_free(&btf);
}

static void expect_size(const struct btf *btf, uint32_t id, uint64_t want)
{
	struct rb_error err = { 0 };
	uint64_t size = 0;

	if (btf_type_size(btf, id, &size, &err))
		fail_msg("type %u: %s", id, err.msg);
	assert_int_equal(size, want);
}

static void expect_no_size(const struct btf *btf, uint32_t id, const char *needle)
{
	struct rb_error err = { 0 };
	uint64_t size = 0;

	assert_int_equal(btf_type_size(btf, id, &size, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fail_msg("type %u: \"%s\" does not contain \"%s\"", id, err.msg, needle);
}

static void sizes(void **state)
{
	struct btf btf;

	(void)state;
	parse_every_kind(&btf);
	expect_size(&btf, ID_INT, 4);
	expect_size(&btf, ID_POINT, 8);
	expect_size(&btf, ID_POINT_T, 8);   /* through the typedef */
	expect_size(&btf, ID_CONST, 8);     /* and the const */
	expect_size(&btf, ID_ARRAY, 24);    /* 3 x 8 */
	expect_size(&btf, ID_PTR, 8);
	expect_size(&btf, ID_ENUM, 4);
	expect_size(&btf, ID_VAR, 24);      /* a variable: its type's size */
	expect_size(&btf, ID_DATASEC, 24);
	expect_size(&btf, ID_UNION, 4);
	expect_size(&btf, ID_VOLATILE, 4);
	expect_size(&btf, ID_RESTRICT, 8);
	expect_size(&btf, ID_FLOAT, 4);
	expect_size(&btf, ID_TYPE_TAG, 4);
	expect_size(&btf, ID_ENUM64, 8);
	expect_no_size(&btf, 0, "void");
	expect_no_size(&btf, ID_FUNC, "FUNC has no size");
	expect_no_size(&btf, ID_PROTO, "FUNC_PROTO has no size");
	expect_no_size(&btf, ID_FWD, "FWD has no size");
	expect_no_size(&btf, ID_DECL_TAG, "DECL_TAG has no size");
	expect_no_size(&btf, ID_END, "there is no type 20");
	btf_free(&btf);
}

static void resolve(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint32_t id = 99;

	(void)state;
	parse_every_kind(&btf);
	assert_int_equal(btf_resolve(&btf, ID_CONST, &id, &err), 0); /* const point_t */
	assert_int_equal(id, ID_POINT);
	assert_int_equal(btf_resolve(&btf, ID_TYPE_TAG, &id, &err), 0);
	assert_int_equal(id, ID_INT);
	assert_int_equal(btf_resolve(&btf, ID_RESTRICT, &id, &err), 0);
	assert_int_equal(id, ID_PTR); /* a pointer is not followed */
	assert_int_equal(btf_resolve(&btf, ID_ARRAY, &id, &err), 0);
	assert_int_equal(id, ID_ARRAY);
	assert_int_equal(btf_resolve(&btf, 0, &id, &err), 0);
	assert_int_equal(id, 0);
	assert_int_equal(btf_resolve(&btf, 5000, &id, &err), -1);
	assert_non_null(strstr(err.msg, "there is no type 5000"));
	btf_free(&btf);
}

/* int a[5][6] as btf.rst 2.2.3 draws it, a zero-length array, and arrays
 * whose size does not fit in the u32 of a BTF size. */
static void arrays(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint32_t enc = 32;

	(void)state;
	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 4); /* 1 */
	bb_words(&b, &enc, 1);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 2: int[6] */
	bb_words(&b, (uint32_t[]){ 1, 1, 6 }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 3: int[5][6] */
	bb_words(&b, (uint32_t[]){ 2, 1, 5 }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 4: int[0] */
	bb_words(&b, (uint32_t[]){ 1, 1, 0 }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 5: int[2^30]: 4 GiB */
	bb_words(&b, (uint32_t[]){ 1, 1, 1u << 30 }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 6: int[6][2^30] */
	bb_words(&b, (uint32_t[]){ 5, 1, 6 }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 7: int[6][0xffffffff][0xffffffff] */
	bb_words(&b, (uint32_t[]){ 8, 1, 0xffffffff }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 8 */
	bb_words(&b, (uint32_t[]){ 2, 1, 0xffffffff }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0); /* 9: void[3] */
	bb_words(&b, (uint32_t[]){ 0, 1, 3 }, 3);
	bb_finish(&b);
	assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
	expect_size(&btf, 2, 24);
	expect_size(&btf, 3, 120);
	expect_size(&btf, 4, 0);
	expect_no_size(&btf, 5, "4 GiB");
	expect_no_size(&btf, 6, "4 GiB");
	expect_no_size(&btf, 7, "4 GiB");
	expect_no_size(&btf, 8, "4 GiB");
	expect_no_size(&btf, 9, "void");
	btf_free(&btf);
}

/* btf_type_size (and btf_resolve when `modifier_loop`) end with an error. */
static void expect_loop(const struct btf *btf, uint32_t id, int modifier_loop)
{
	struct rb_error err = { 0 };
	uint64_t size;
	uint32_t out;

	assert_int_equal(btf_type_size(btf, id, &size, &err), -1);
	assert_non_null(strstr(err.msg, "loop"));
	if (modifier_loop) {
		assert_int_equal(btf_resolve(btf, id, &out, &err), -1);
		assert_non_null(strstr(err.msg, "loop"));
	}
}

/* btf_parse accepts these (every id exists); walking them must end. */
static void loops_do_not_hang(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };

	(void)state;
	bb_init(&b);
	bb_type(&b, "a", BTF_KIND_TYPEDEF, 0, 2);  /* 1: a -> b */
	bb_type(&b, "b", BTF_KIND_TYPEDEF, 0, 1);  /* 2: b -> a */
	bb_type(&b, "self", BTF_KIND_TYPEDEF, 0, 3); /* 3: itself */
	bb_type(&b, NULL, BTF_KIND_CONST, 0, 5);   /* 4: const volatile const ... */
	bb_type(&b, NULL, BTF_KIND_VOLATILE, 0, 4); /* 5 */
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);   /* 6: an array of itself */
	bb_words(&b, (uint32_t[]){ 6, 0, 1 }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);   /* 7: array of typedef 8 ... */
	bb_words(&b, (uint32_t[]){ 8, 0, 1 }, 3);
	bb_type(&b, "t", BTF_KIND_TYPEDEF, 0, 7);  /* 8: ... of array 7 */
	bb_type(&b, "v", BTF_KIND_VAR, 0, 9);      /* 9: a variable of itself */
	bb_words(&b, (uint32_t[]){ 0 }, 1);
	bb_finish(&b);
	assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
	for (uint32_t id = 1; id <= 9; id++)
		expect_loop(&btf, id, id <= 5);
	btf_free(&btf);
}

/* The bound is the kernel's: 32 typedefs in a row resolve, 33 do not. */
static void long_chains(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint32_t enc = 32, id;

	(void)state;
	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 4); /* 1 */
	bb_words(&b, &enc, 1);
	for (uint32_t i = 2; i <= 34; i++)      /* 2 -> 1, 3 -> 2, ... */
		bb_type(&b, "t", BTF_KIND_TYPEDEF, 0, i - 1);
	bb_finish(&b);
	assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
	assert_int_equal(btf_resolve(&btf, 33, &id, &err), 0); /* 32 typedefs */
	assert_int_equal(id, 1);
	expect_size(&btf, 33, 4);
	assert_int_equal(btf_resolve(&btf, 34, &id, &err), -1);
	assert_non_null(strstr(err.msg, "more than 32"));
	btf_free(&btf);
}

static void find_by_name(void **state)
{
	struct btf btf;
	const struct btf_var_secinfo *v;

	(void)state;
	parse_every_kind(&btf);
	assert_int_equal(btf_find_by_name_kind(&btf, "prog", BTF_KIND_FUNC), ID_FUNC);
	assert_int_equal(btf_find_by_name_kind(&btf, "point", BTF_KIND_STRUCT), ID_POINT);
	assert_int_equal(btf_find_by_name_kind(&btf, "point", BTF_KIND_TYPEDEF), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, "nothing", BTF_KIND_STRUCT), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, ".data", BTF_KIND_DATASEC), ID_DATASEC);
	v = btf_datasec_var(&btf, ID_DATASEC, "points");
	assert_non_null(v);
	assert_int_equal(v->type, ID_VAR);
	assert_null(btf_datasec_var(&btf, ID_DATASEC, "other"));
	assert_null(btf_datasec_var(&btf, ID_POINT, "points")); /* not a DATASEC */
	btf_free(&btf);
}

/* The loader's fix-ups: in btf_parse's copy through btf_type_mut, or in a
 * copy of its own at btf_type_offset. The caller's bytes stay as they were. */
static void patching(void **state)
{
	static uint32_t copy[sizeof(b.blob) / 4]; /* u32s: aligned for the records */
	static struct btf_builder before;
	struct btf btf;
	struct btf_type *ds;

	(void)state;
	parse_every_kind(&btf);
	before = b;
	ds = btf_type_mut(&btf, ID_DATASEC);
	ds->size = 4096;
	btf_var_secinfos_mut(ds)[0].offset = 64;
	assert_int_equal(btf_type_by_id(&btf, ID_DATASEC)->size, 4096);
	assert_int_equal(btf_datasec_var(&btf, ID_DATASEC, "points")->offset, 64);
	assert_memory_equal(b.blob, before.blob, b.blob_len);

	memcpy(copy, btf.data, btf.size);
	ds = (struct btf_type *)((uint8_t *)copy + btf_type_offset(&btf, ID_DATASEC));
	assert_int_equal(btf_kind(ds), BTF_KIND_DATASEC);
	assert_int_equal(ds->size, 4096);
	btf_free(&btf);
}

/* btf_parse_owned: no copy; the buffer is the btf's, also when it fails
 * (under ASan, a leak would be reported). */
static void owned_buffer(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint8_t *data;

	(void)state;
	build_every_kind(&b);
	data = malloc(b.blob_len);
	assert_non_null(data);
	memcpy(data, b.blob, b.blob_len);
	assert_int_equal(btf_parse_owned(&btf, "t.o", data, b.blob_len, &err), 0);
	assert_ptr_equal(btf.data, data);
	assert_int_equal(btf.count, ID_END);
	btf_free(&btf);

	data = malloc(b.blob_len);
	assert_non_null(data);
	memcpy(data, b.blob, b.blob_len);
	data[0] = 0;
	assert_int_equal(btf_parse_owned(&btf, "t.o", data, b.blob_len, &err), -1);
	assert_non_null(strstr(err.msg, "bad magic"));
	assert_null(btf.data);
}

/* What clang 14 made of tests/unit/btf/clang_sample.c's source. */
static void clang_built(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	const struct btf_type *t, *proto;
	const struct btf_member *bits;
	uint32_t id;
	int rec, ds, fn;

	(void)state;
	assert_int_equal(btf_parse(&btf, "sample.bpf.o", sample_btf, sample_btf_len, &err), 0);
	assert_int_equal(btf.count, 41);
	rec = btf_find_by_name_kind(&btf, "rec", BTF_KIND_STRUCT);
	assert_true(rec > 0);
	expect_size(&btf, (uint32_t)rec, 88);
	t = btf_type_by_id(&btf, (uint32_t)rec);
	assert_int_equal(btf_vlen(t), 10);
	assert_true(btf_kflag(t)); /* it has a bitfield: sizes in the offsets */
	bits = &btf_members(t)[9];
	assert_string_equal(btf_name(&btf, bits->name_off), "bits");
	assert_int_equal(btf_member_bitfield_size(t, bits), 3);
	assert_int_equal(btf_member_bit_offset(t, bits), 640);

	ds = btf_find_by_name_kind(&btf, ".rodata", BTF_KIND_DATASEC);
	assert_true(ds > 0);
	assert_non_null(btf_datasec_var(&btf, (uint32_t)ds, "limit"));
	/* limit: const volatile u32 -> unsigned int */
	id = btf_datasec_var(&btf, (uint32_t)ds, "limit")->type;
	assert_int_equal(btf_resolve(&btf, btf_type_by_id(&btf, id)->type, &id, &err), 0);
	assert_string_equal(name_of(&btf, id), "unsigned int");

	fn = btf_find_by_name_kind(&btf, "add_one", BTF_KIND_FUNC);
	assert_true(fn > 0);
	assert_int_equal(btf_vlen(btf_type_by_id(&btf, (uint32_t)fn)), BTF_FUNC_STATIC);
	proto = btf_type_by_id(&btf, btf_type_by_id(&btf, (uint32_t)fn)->type);
	assert_int_equal(btf_kind(proto), BTF_KIND_FUNC_PROTO);
	assert_int_equal(btf_kind(btf_type_by_id(&btf, btf_params(proto)[0].type)),
			 BTF_KIND_RESTRICT);
	assert_true(btf_find_by_name_kind(&btf, "opaque", BTF_KIND_FWD) > 0);
	assert_true(btf_find_by_name_kind(&btf, "user", BTF_KIND_TYPE_TAG) > 0);
	assert_true(btf_find_by_name_kind(&btf, "record", BTF_KIND_DECL_TAG) > 0);
	assert_true(btf_find_by_name_kind(&btf, "double", BTF_KIND_FLOAT) > 0);
	btf_free(&btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_parses),
		cmocka_unit_test(kind_specific_data),
		cmocka_unit_test(sizes),
		cmocka_unit_test(resolve),
		cmocka_unit_test(arrays),
		cmocka_unit_test(loops_do_not_hang),
		cmocka_unit_test(long_chains),
		cmocka_unit_test(find_by_name),
		cmocka_unit_test(patching),
		cmocka_unit_test(owned_buffer),
		cmocka_unit_test(clang_built),
		cmocka_unit_test(bad_headers),
		cmocka_unit_test(bad_strings),
		cmocka_unit_test(bad_types),
		cmocka_unit_test(bad_references),
		cmocka_unit_test(every_truncation_is_refused_or_parsed),
		cmocka_unit_test(every_corruption_is_refused_or_parsed),
		cmocka_unit_test(ext_from_clang),
		cmocka_unit_test(ext_hand_built),
		cmocka_unit_test(ext_without_sections),
		cmocka_unit_test(ext_malformed),
		cmocka_unit_test(ext_every_truncation),
		cmocka_unit_test(ext_records_in_order),
		cmocka_unit_test(ext_duplicate_blocks),
		cmocka_unit_test(ext_find_block_by_name),
		cmocka_unit_test(ext_first_at),
		cmocka_unit_test(lookup_duplicate_names),
		cmocka_unit_test(lookup_index_is_built_by_a_lookup),
		cmocka_unit_test(lookup_many_names),
		cmocka_unit_test(lookup_names_across_words),
		cmocka_unit_test(lookup_clang_names),
		cmocka_unit_test(lookup_underscored_names),
		cmocka_unit_test(core_kind_names),
		cmocka_unit_test(core_access_strings),
		cmocka_unit_test(core_from_clang),
		cmocka_unit_test(core_hand_built),
		cmocka_unit_test(core_malformed),
		cmocka_unit_test(split_btf),
		cmocka_unit_test(split_btf_checks),
		cmocka_unit_test(kernel_btf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
