/* Values printed by their BTF types (elf/btf_value.c), on BTF built by
 * hand: the shapes `rawbpf map dump` meets (structs, bitfields, anonymous
 * unions, strings, enums, signed numbers, global data) in both spellings,
 * and the refusals (a size that is not the type's, a buffer too small).
 * The spellings are checked against bpftool on real maps by the kernel
 * tests (tests/kernel/kernel/toolbox.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "btf/builder.h"
#include "elf/btf.h"
#include "elf/btf_value.h"

enum {
	T_INT = 1, /* int */
	T_U8,      /* unsigned char */
	T_BOOL,    /* _Bool */
	T_CHARS,   /* char[6] */
	T_COLOR,   /* enum color { RED = 0, BLUE = 7 } */
	T_ANON,    /* union { int a; unsigned char b; } */
	T_REC,     /* struct rec { int n; int lo:3, hi:5 (bitfields); char name[6];
		      enum color c; union { ... }; _Bool ok; } */
	T_VAR,     /* int counter */
	T_SEC,     /* .bss: counter at 0 */
	T_SLOTS,   /* int[4] */
	T_HIST,    /* struct hist { int slots[4]; unsigned char tag; } */
};

static struct btf_builder b;
static struct btf btf;

static int setup(void **state)
{
	struct rb_error err = { 0 };
	(void)state;
	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 4);
	bb_words(&b, (uint32_t[]){ (BTF_INT_SIGNED << 24) | 32 }, 1);
	bb_type(&b, "unsigned char", BTF_KIND_INT, 0, 1);
	bb_words(&b, (uint32_t[]){ 8 }, 1);
	bb_type(&b, "_Bool", BTF_KIND_INT, 0, 1);
	bb_words(&b, (uint32_t[]){ (BTF_INT_BOOL << 24) | 8 }, 1);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);
	bb_words(&b, (uint32_t[]){ T_U8, T_INT, 6 }, 3);
	bb_type(&b, "color", BTF_KIND_ENUM, 2, 4);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "RED"), 0, bb_string(&b, "BLUE"), 7 }, 4);
	bb_type(&b, NULL, BTF_KIND_UNION, 2, 4);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "a"), T_INT, 0, bb_string(&b, "b"), T_U8, 0 }, 6);
	/* kind_flag set: member offsets carry bitfield sizes (btf.rst 2.2.4) */
	bb_type(&b, "rec", BTF_KIND_STRUCT, 7, 28);
	bb_words(&b, (uint32_t[]){
		bb_string(&b, "n"), T_INT, 0,
		bb_string(&b, "lo"), T_INT, (3u << 24) | 32,
		bb_string(&b, "hi"), T_INT, (5u << 24) | 35,
		bb_string(&b, "name"), T_CHARS, 64,
		bb_string(&b, "c"), T_COLOR, 128,
		0, T_ANON, 160,
		bb_string(&b, "ok"), T_BOOL, 192 }, 21);
	bb_type(&b, "counter", BTF_KIND_VAR, 0, T_INT);
	bb_words(&b, (uint32_t[]){ BTF_VAR_GLOBAL_ALLOCATED }, 1);
	bb_type(&b, ".bss", BTF_KIND_DATASEC, 1, 4);
	bb_words(&b, (uint32_t[]){ T_VAR, 0, 4 }, 3);
	bb_type(&b, NULL, BTF_KIND_ARRAY, 0, 0);
	bb_words(&b, (uint32_t[]){ T_INT, T_INT, 4 }, 3);
	bb_type(&b, "hist", BTF_KIND_STRUCT, 2, 20);
	bb_words(&b, (uint32_t[]){ bb_string(&b, "slots"), T_SLOTS, 0,
				   bb_string(&b, "tag"), T_U8, 128 }, 6);
	bb_finish(&b);
	bb_record(&b, T_REC)->info |= 1u << 31;
	return btf_parse(&btf, "test", b.blob, b.blob_len, &err) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	btf_free(&btf);
	return 0;
}

/* n = -2, lo = 5 and hi = 17 as bits of signed bitfields (so -3 and -15,
 * as C reads them), name "sh", c BLUE, a = 0x41, ok false */
static const uint8_t rec[28] = {
	0xfe, 0xff, 0xff, 0xff,  /* n */
	5 | (17 << 3), 0, 0, 0,  /* lo: bits 32-34, hi: bits 35-39 */
	's', 'h', 0, 0, 0, 0,    /* name */
	0, 0,                    /* padding */
	7, 0, 0, 0,              /* c */
	0x41, 0, 0, 0,           /* the anonymous union */
	0, 0, 0, 0,              /* ok, padding */
};

static void struct_both_ways(void **state)
{
	char buf[512];

	(void)state;
	assert_int_equal(btf_value_format(&btf, T_REC, rec, sizeof(rec), 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "{ .n = -2, .lo = -3, .hi = -15, .name = \"sh\", .c = BLUE, "
			    ".a = 65, .b = 65, .ok = false }");
	assert_int_equal(btf_value_format(&btf, T_REC, rec, sizeof(rec), 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "{\"n\":-2,\"lo\":-3,\"hi\":-15,\"name\":\"sh\",\"c\":\"BLUE\","
			    "\"a\":65,\"b\":65,\"ok\":false}");
}

static void datasec_and_scalars(void **state)
{
	const uint8_t four[4] = { 3, 0, 0, 0 }, odd[6] = { 'a', 1, 'b', 0, 0, 0 };
	char buf[128];

	(void)state;
	assert_int_equal(btf_value_format(&btf, T_SEC, four, 4, 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "{\".bss\":[{\"counter\":3}]}");
	assert_int_equal(btf_value_format(&btf, T_SEC, four, 4, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "{ .counter = 3 }");
	/* an enum value with no name: the number */
	assert_int_equal(btf_value_format(&btf, T_COLOR, four, 4, 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "3");
	/* bytes that are not a string: an array of numbers */
	assert_int_equal(btf_value_format(&btf, T_CHARS, odd, 6, 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "[97,1,98,0,0,0]");
}

static void refusals(void **state)
{
	char buf[16];

	(void)state;
	/* a size that is not the type's */
	assert_int_equal(btf_value_format(&btf, T_REC, rec, 20, 0, buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	/* a buffer too small: nothing half-written */
	assert_int_equal(btf_value_format(&btf, T_REC, rec, sizeof(rec), 0, buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	/* no such type, void */
	assert_int_equal(btf_value_format(&btf, 999, rec, 4, 0, buf, sizeof(buf)), -1);
	assert_int_equal(btf_value_format(&btf, 0, rec, 4, 0, buf, sizeof(buf)), -1);
}

/* The block style: a member a line, nested levels four spaces deeper,
 * arrays on their line; the same values as the line style. */
static void block_style(void **state)
{
	char buf[512];
	uint8_t h[20] = { 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'x' };

	(void)state;
	assert_int_equal(btf_value_format(&btf, T_REC, rec, sizeof(rec), BTF_VALUE_BLOCK, buf,
					  sizeof(buf)), 0);
	assert_string_equal(buf, "{\n    .n = -2,\n    .lo = -3,\n    .hi = -15,\n"
			    "    .name = \"sh\",\n    .c = BLUE,\n    .a = 65,\n    .b = 65,\n"
			    "    .ok = false,\n}");
	assert_int_equal(btf_value_format(&btf, T_HIST, h, sizeof(h), BTF_VALUE_BLOCK, buf,
					  sizeof(buf)), 0);
	assert_string_equal(buf, "{\n    .slots = [1, 2, 0, 3],\n    .tag = 120,\n}");
	assert_int_equal(btf_value_format(&btf, T_SEC, h, 4, BTF_VALUE_BLOCK, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "{\n    .counter = 1,\n}");
}

/* Histograms by BTF: a struct with a `slots` array of integers. */
static void hist_slots(void **state)
{
	struct btf_slots sl;
	uint32_t size;

	(void)state;
	assert_int_equal(btf_hist_slots(&btf, T_HIST, &sl), 1);
	assert_int_equal(sl.offset, 0);
	assert_int_equal(sl.elem_size, 4);
	assert_int_equal(sl.count, 4);
	assert_int_equal(btf_hist_slots(&btf, T_REC, &sl), 0);   /* no member slots */
	assert_int_equal(btf_hist_slots(&btf, T_SLOTS, &sl), 0); /* an array, not a struct */
	assert_int_equal(btf_is_count(&btf, T_INT, &size), 1);
	assert_int_equal(size, 4);
	assert_int_equal(btf_is_count(&btf, T_BOOL, &size), 0);
	assert_int_equal(btf_is_count(&btf, T_REC, &size), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(struct_both_ways),
		cmocka_unit_test(datasec_and_scalars),
		cmocka_unit_test(refusals),
		cmocka_unit_test(block_style),
		cmocka_unit_test(hist_slots),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
