/* CO-RE relocation records read against the object's BTF (elf/core_relo.c):
 * kind names, access strings, which member each index names, the bit
 * offset, the C spelling; and the records that must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"
#include "clang_sample.h"
#include "elf/btf.h"
#include "elf/btf_ext.h"
#include "elf/core_relo.h"

void core_kind_names(void **state)
{
	static const char *const want[] = {
		"field_byte_offset", "field_byte_size", "field_exists", "field_signed",
		"field_lshift_u64", "field_rshift_u64", "type_id_local", "type_id_target",
		"type_exists", "type_size", "enumval_exists", "enumval_value", "type_matches",
	};

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), BPF_CORE_KIND_COUNT);
	for (uint32_t k = 0; k < BPF_CORE_KIND_COUNT; k++)
		assert_string_equal(btf_core_kind_name(k), want[k]);
	assert_null(btf_core_kind_name(BPF_CORE_KIND_COUNT));
	assert_null(btf_core_kind_name(UINT32_MAX));
	assert_int_equal(btf_core_kind_target(BPF_CORE_FIELD_BYTE_OFFSET), BTF_CORE_FIELD);
	assert_int_equal(btf_core_kind_target(BPF_CORE_FIELD_RSHIFT_U64), BTF_CORE_FIELD);
	assert_int_equal(btf_core_kind_target(BPF_CORE_TYPE_ID_LOCAL), BTF_CORE_TYPE);
	assert_int_equal(btf_core_kind_target(BPF_CORE_TYPE_SIZE), BTF_CORE_TYPE);
	assert_int_equal(btf_core_kind_target(BPF_CORE_TYPE_MATCHES), BTF_CORE_TYPE);
	assert_int_equal(btf_core_kind_target(BPF_CORE_ENUMVAL_EXISTS), BTF_CORE_ENUMVAL);
	assert_int_equal(btf_core_kind_target(BPF_CORE_ENUMVAL_VALUE), BTF_CORE_ENUMVAL);
}

static void expect_access_error(const char *access, const char *needle)
{
	uint32_t index[BTF_CORE_ACCESS_MAX], n = 99;
	struct rb_error err = { 0 };

	if (btf_core_access_parse(access, index, BTF_CORE_ACCESS_MAX, &n, &err) == 0)
		fail_msg("access \"%s\" parsed; expected \"%s\"", access, needle);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
}

void core_access_strings(void **state)
{
	uint32_t index[BTF_CORE_ACCESS_MAX], n;
	struct rb_error err = { 0 };
	char many[200] = "0";

	(void)state;
	assert_int_equal(btf_core_access_parse("0", index, BTF_CORE_ACCESS_MAX, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(index[0], 0);
	assert_int_equal(btf_core_access_parse("0:25:1", index, BTF_CORE_ACCESS_MAX, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(index[1], 25);
	assert_int_equal(index[2], 1);
	assert_int_equal(btf_core_access_parse("4294967295", index, 1, &n, &err), 0);
	assert_int_equal(index[0], UINT32_MAX);

	expect_access_error("", "\"\": expected a number at character 0");
	expect_access_error(":1", "expected a number at character 0");
	expect_access_error("0:", "\"0:\": expected a number at character 2");
	expect_access_error("0::1", "expected a number at character 2");
	expect_access_error("0:1x", "expected ':' at character 3");
	expect_access_error("0 1", "expected ':' at character 1");
	expect_access_error("-1", "expected a number at character 0");
	expect_access_error("x", "expected a number");
	expect_access_error("4294967296", "does not fit in 32 bits");
	expect_access_error("0:99999999999999999999", "the index at character 2 does not fit");
	for (int i = 1; i < 65; i++) /* 65 indexes */
		strcat(many, ":0");
	expect_access_error(many, "more than 64 indexes");
	many[strlen(many) - 2] = '\0'; /* 64: the limit */
	assert_int_equal(btf_core_access_parse(many, index, BTF_CORE_ACCESS_MAX, &n, &err), 0);
	assert_int_equal(n, 64);
}

/* The record clang wrote for `ctx->y` (struct point { int x; int y; }). */
void core_from_clang(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct btf_ext_block block;
	struct btf_core_spec spec;
	struct bpf_core_relo_rec rec;
	struct rb_error err = { 0 };
	char text[128];

	(void)state;
	assert_int_equal(btf_parse(&btf, "sample.bpf.o", sample_btf, sample_btf_len, &err), 0);
	assert_int_equal(btf_ext_parse(&ext, &btf, sample_btf_ext, sample_btf_ext_len, &err), 0);
	assert_true(btf_ext_find_block(&ext.core_relo, &btf, "tracepoint/demo", &block));
	rec = btf_ext_core_relo(&block, 0);
	if (btf_core_spec_parse(&btf, &rec, &spec, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(spec.kind, BPF_CORE_FIELD_BYTE_OFFSET);
	assert_string_equal(spec.access, "0:1");
	assert_int_equal(spec.len, 2);
	assert_int_equal(spec.step[0].type_id, rec.type_id);
	assert_int_equal(spec.step[1].index, 1);
	assert_string_equal(spec.step[1].name, "y");
	assert_int_equal(spec.bit_offset, 32);
	assert_string_equal(btf_name(&btf, btf_type_by_id(&btf, spec.field_type)->name_off), "int");
	btf_core_spec_str(&btf, &spec, text, sizeof(text));
	assert_string_equal(text, "struct point.y");
	btf_ext_free(&ext);
	btf_free(&btf);
}

/* A BTF with what access strings walk through (ids in order):
 *   1 int
 *   2 struct inner { int a; int b[4]; }                        20 bytes
 *   3 int[4]
 *   4 union { int u; struct inner in; }                        anonymous
 *   5 struct outer { int x; union {...}; struct inner arr[2]; int data[]; }
 *       x at bit 0, the union at 32, arr at 192, data at 512;  64 bytes
 *   6 struct inner[2]
 *   7 typedef struct outer outer_t
 *   8 enum e { E_A = 0, E_B = 5 }
 *   9 int[] (flexible: 0 elements)
 *  10 const outer_t
 *  11 struct outer *
 *  12 struct mid { int pad[0]; int after; }: an array of 0 elements that
 *       is not the last member, so not a flexible array              */
enum { T_INT = 1, T_INNER, T_INT4, T_UNION, T_OUTER, T_INNER2, T_OUTER_T, T_ENUM, T_FLEX,
       T_CONST, T_PTR, T_MID };

static struct btf_builder b;
static struct btf btf;

/* Access strings, added to the BTF's strings before it is parsed. */
static const char *const accesses[] = {
	"0", "1", "2", "0:0", "0:1", "0:0:0", "0:1:1:1:2", "1:2:1:0", "0:3:100",
	"0:4", "0:2:2", "0:1:1:1:4", "0:x", "0:2", "00", "0:0:1", "0:5",
};
static uint32_t access_off[sizeof(accesses) / sizeof(accesses[0])];

static uint32_t access_str(const char *s)
{
	for (size_t i = 0; i < sizeof(accesses) / sizeof(accesses[0]); i++)
		if (strcmp(accesses[i], s) == 0)
			return access_off[i];
	fail_msg("access \"%s\" is not in the table", s);
	return 0;
}

static void build_core_btf(void)
{
	uint32_t int_enc = (BTF_INT_SIGNED << 24) | 32;
	struct rb_error err = { 0 };

	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 4);
	bb_words(&b, &int_enc, 1);
	bb_type(&b, "inner", BTF_KIND_STRUCT, 2, 20);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "a"), T_INT, 0, bb_string(&b, "b"), T_INT4, 32 }, 6);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);
	bb_words(&b, (uint32_t[]){ T_INT, T_INT, 4 }, 3);
	bb_type(&b, NULL, BTF_KIND_UNION, 2, 20);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "u"), T_INT, 0, bb_string(&b, "in"), T_INNER, 0 }, 6);
	bb_type(&b, "outer", BTF_KIND_STRUCT, 4, 64);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "x"), T_INT, 0, 0, T_UNION, 32,
				   bb_string(&b, "arr"), T_INNER2, 192,
				   bb_string(&b, "data"), T_FLEX, 512 }, 12);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);
	bb_words(&b, (uint32_t[]){ T_INNER, T_INT, 2 }, 3);
	bb_type(&b, "outer_t", BTF_KIND_TYPEDEF, 0, T_OUTER);
	bb_type(&b, "e", BTF_KIND_ENUM, 2, 4);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "E_A"), 0, bb_string(&b, "E_B"), 5 }, 4);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);
	bb_words(&b, (uint32_t[]){ T_INT, T_INT, 0 }, 3);
	bb_type(&b, NULL, BTF_KIND_CONST, 0, T_OUTER_T);
	bb_type(&b, NULL, BTF_KIND_PTR, 0, T_OUTER);
	bb_type(&b, "mid", BTF_KIND_STRUCT, 2, 4);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "pad"), T_FLEX, 0, bb_string(&b, "after"), T_INT, 0 },
		 6);
	for (size_t i = 0; i < sizeof(accesses) / sizeof(accesses[0]); i++)
		access_off[i] = bb_string(&b, accesses[i]);
	bb_finish(&b);
	if (btf_parse(&btf, "t.o", b.blob, b.blob_len, &err))
		fail_msg("%s", err.msg);
}

/* Decode a record, check its spelling and bit offset. */
static void expect_spec(uint32_t type, const char *access, uint32_t kind, const char *text,
			uint64_t bit_offset)
{
	struct bpf_core_relo_rec rec = { 0, type, access_str(access), kind };
	struct btf_core_spec spec;
	struct rb_error err = { 0 };
	char got[128];

	if (btf_core_spec_parse(&btf, &rec, &spec, &err))
		fail_msg("%s (type %u, \"%s\"): %s", text, type, access, err.msg);
	btf_core_spec_str(&btf, &spec, got, sizeof(got));
	assert_string_equal(got, text);
	assert_int_equal(spec.bit_offset, bit_offset);
}

static void expect_spec_error(uint32_t type, const char *access, uint32_t kind,
			      const char *needle)
{
	struct bpf_core_relo_rec rec = { 0, type, access_str(access), kind };
	struct btf_core_spec spec;
	struct rb_error err = { 0 };

	if (btf_core_spec_parse(&btf, &rec, &spec, &err) == 0)
		fail_msg("type %u, \"%s\", kind %u decoded; expected \"%s\"", type, access, kind,
			 needle);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
}

void core_hand_built(void **state)
{
	struct bpf_core_relo_rec rec;
	struct btf_core_spec spec;
	struct rb_error err = { 0 };

	(void)state;
	build_core_btf();
	expect_spec(T_OUTER, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, "struct outer.x", 0);
	/* through the anonymous union, which C does not name */
	expect_spec(T_OUTER, "0:1:1:1:2", BPF_CORE_FIELD_BYTE_SIZE, "struct outer.in.b[2]",
		    32 + 0 + 32 + 2 * 32);
	/* p[1].arr[1].a: one struct outer, then arr, then one struct inner */
	expect_spec(T_OUTER, "1:2:1:0", BPF_CORE_FIELD_EXISTS, "struct outer[1].arr[1].a",
		    64 * 8 + 192 + 20 * 8);
	/* a flexible array has any index */
	expect_spec(T_OUTER, "0:3:100", BPF_CORE_FIELD_BYTE_OFFSET, "struct outer.data[100]",
		    512 + 100 * 32);
	/* the type as the program named it; typedefs and const are followed */
	expect_spec(T_OUTER_T, "0:0", BPF_CORE_FIELD_SIGNED, "outer_t.x", 0);
	expect_spec(T_CONST, "0:2", BPF_CORE_FIELD_LSHIFT_U64, "const outer_t.arr", 192);
	expect_spec(T_OUTER, "0", BPF_CORE_FIELD_BYTE_OFFSET, "struct outer", 0);
	expect_spec(T_OUTER, "0", BPF_CORE_TYPE_SIZE, "struct outer", 0);
	expect_spec(T_OUTER_T, "0", BPF_CORE_TYPE_EXISTS, "outer_t", 0);
	expect_spec(T_ENUM, "1", BPF_CORE_ENUMVAL_VALUE, "enum e::E_B", 0);
	expect_spec(T_ENUM, "0", BPF_CORE_ENUMVAL_EXISTS, "enum e::E_A", 0);

	/* the steps themselves, for the loader that will apply them */
	rec = (struct bpf_core_relo_rec){ 0, T_OUTER, access_str("0:1:1:1:2"), 0 };
	assert_int_equal(btf_core_spec_parse(&btf, &rec, &spec, &err), 0);
	assert_int_equal(spec.len, 5);
	assert_int_equal(spec.step[1].type_id, T_OUTER);
	assert_string_equal(spec.step[1].name, "");
	assert_int_equal(spec.step[2].type_id, T_UNION);
	assert_string_equal(spec.step[2].name, "in");
	assert_int_equal(spec.step[3].type_id, T_INNER);
	assert_string_equal(spec.step[3].name, "b");
	assert_int_equal(spec.step[4].type_id, T_INT4);
	assert_int_equal(spec.step[4].index, 2);
	assert_int_equal(spec.field_type, T_INT);
	btf_free(&btf);
}

void core_malformed(void **state)
{
	(void)state;
	build_core_btf();
	expect_spec_error(T_OUTER, "0:0", 13, "kind 13 is not one rawbpf knows");
	expect_spec_error(T_OUTER, "0:x", 0,
			  "CO-RE relocation field_byte_offset of struct outer (type id 5), access "
			  "\"0:x\": access string \"0:x\": expected a number at character 2");
	expect_spec_error(T_OUTER, "0:4", 0, "index 4 (step 1) is past the 4 members of "
			  "struct outer");
	expect_spec_error(T_OUTER, "0:2:2", 0, "index 2 (step 2) is past the 2 elements");
	expect_spec_error(T_OUTER, "0:1:1:1:4", 0, "index 4 (step 4) is past the 4 elements");
	expect_spec_error(T_OUTER, "0:0:0", 0, "index 0 (step 2) goes into INT");
	expect_spec_error(T_PTR, "0:0", 0, "index 0 (step 1) goes into PTR");
	expect_spec_error(0, "0:0", 0, "a field relocation needs a type, not void");
	expect_spec_error(T_OUTER, "0:0", BPF_CORE_TYPE_SIZE, "access must be \"0\"");
	expect_spec_error(T_OUTER, "1", BPF_CORE_TYPE_EXISTS, "access must be \"0\"");
	/* "0" exactly, as libbpf: "00" is the same number, not the same string */
	expect_spec_error(T_OUTER, "00", BPF_CORE_TYPE_SIZE, "access must be \"0\"");
	/* an array of 0 elements is flexible only as a struct's last member */
	expect_spec_error(T_MID, "0:0:1", 0, "index 1 (step 2) is past the 0 elements");
	expect_spec_error(T_FLEX, "0:5", 0, "index 5 (step 1) is past the 0 elements");
	expect_spec_error(T_OUTER, "0", BPF_CORE_ENUMVAL_VALUE, "needs an enum, not STRUCT");
	expect_spec_error(T_ENUM, "2", BPF_CORE_ENUMVAL_VALUE, "below the enum's 2 values");
	expect_spec_error(T_ENUM, "0:0", BPF_CORE_ENUMVAL_EXISTS, "below the enum's 2 values");
	btf_free(&btf);
}
