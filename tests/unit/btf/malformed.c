/* .BTF that must be refused, each way once, and the error saying where;
 * then every truncation and many corruptions, which must be refused or
 * parsed but never crash (run them with make test SANITIZE=1). */
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

static struct btf_builder b;

static void expect_error_in(const uint8_t *blob, size_t len, const char *needle)
{
	struct btf btf;
	struct rb_error err = { 0 };

	if (btf_parse(&btf, "t.o", blob, len, &err) == 0) {
		btf_free(&btf);
		fail_msg("expected an error containing \"%s\"", needle);
	}
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_null(btf.data); /* nothing kept */
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
}

static void expect_error(const char *needle)
{
	expect_error_in(b.blob, b.blob_len, needle);
}

static struct btf_header *header(void)
{
	return (struct btf_header *)b.blob;
}

void bad_headers(void **state)
{
	static uint8_t longer[sizeof(b.blob) + 8];
	struct btf btf;
	struct rb_error err = { 0 };

	(void)state;
	build_every_kind(&b);
	expect_error_in(b.blob, 0, "0 bytes, too short for the 24-byte header");
	expect_error_in(b.blob, 23, "23 bytes, too short");
	header()->magic = 0x9FeB;
	expect_error("big-endian");
	header()->magic = 0x1234;
	expect_error("t.o: .BTF: bad magic 0x1234 at byte offset 0 (expected 0xeb9f)");
	build_every_kind(&b);
	header()->version = 2;
	expect_error("version 2 at byte offset 2");
	build_every_kind(&b);
	header()->flags = 1;
	expect_error("flags 0x1 at byte offset 3");
	build_every_kind(&b);
	header()->hdr_len = 8;
	expect_error("header length 8 at byte offset 4");
	header()->hdr_len = (uint32_t)b.blob_len + 4;
	expect_error("header length");
	build_every_kind(&b);
	header()->type_len += 400;
	expect_error("the type section at byte offset 0x18 + ");
	build_every_kind(&b);
	header()->str_off = 0xfffffff0; /* offset + length overflows 32 bits */
	expect_error("the string section at byte offset 0x100000008");
	build_every_kind(&b);
	header()->str_len += 1;
	expect_error("past the end of the blob");
	build_every_kind(&b);
	header()->type_off = 2;
	expect_error("the type section at byte offset 0x1a is not 4-byte aligned");
	build_every_kind(&b);
	header()->str_off = header()->type_len - 8;
	expect_error("overlap");

	/* A longer header from a newer format: fine while its extra fields
	 * are zero. */
	build_every_kind(&b);
	memcpy(longer, b.blob, 24);
	memcpy(longer + 32, b.blob + 24, b.blob_len - 24);
	((struct btf_header *)longer)->hdr_len = 32;
	assert_int_equal(btf_parse(&btf, "t.o", longer, b.blob_len + 8, &err), 0);
	assert_int_equal(btf.count, ID_END);
	btf_free(&btf);
	longer[29] = 1;
	expect_error_in(longer, b.blob_len + 8, "header byte 0x1d is not zero");
}

void bad_strings(void **state)
{
	char want[80];

	(void)state;
	build_every_kind(&b);
	header()->str_len = 0;
	expect_error("the string section at byte offset 0x");
	expect_error("must begin with the empty string");
	build_every_kind(&b);
	b.blob[24 + b.types_len] = 'x';
	expect_error("must begin with the empty string");
	build_every_kind(&b);
	b.blob[b.blob_len - 1] = 'x'; /* "BIG", the last string, loses its NUL */
	snprintf(want, sizeof(want), "the string at byte offset 0x%zx (string offset %u) is not",
		 b.blob_len - 4, b.strings_len - 4);
	expect_error(want);
	expect_error("NUL-terminated within the string section");
}

static void set_vlen(uint32_t id, unsigned vlen)
{
	struct btf_type *t = bb_record(&b, id);
	t->info = (t->info & ~0xffffu) | vlen;
}

void bad_types(void **state)
{
	static const uint32_t vlen_kinds[] = { ID_POINT, ID_UNION, ID_ENUM, ID_ENUM64,
					       ID_PROTO, ID_DATASEC };
	static const struct { uint32_t id, word; const char *what; } names[] = {
		{ ID_POINT, 3, "member 0: name offset 5000" },
		{ ID_UNION, 6, "member 1: name offset 5000" },
		{ ID_PROTO, 3, "parameter 0: name offset 5000" },
		{ ID_ENUM, 5, "value 1: name offset 5000" },
		{ ID_ENUM64, 3, "value 0: name offset 5000" },
		{ ID_FWD, 0, "name offset 5000 is past the string section" },
	};
	char want[160];

	(void)state;
	build_every_kind(&b);
	bb_record(&b, ID_POINT)->info = 20u << 24;
	expect_error("t.o: .BTF: type 2 at byte offset 0x28: unknown kind 20");
	bb_record(&b, ID_POINT)->info = 0;
	expect_error("type 2 at byte offset 0x28: unknown kind 0");
	bb_record(&b, ID_POINT)->info = 31u << 24;
	expect_error("unknown kind 31");

	for (size_t i = 0; i < sizeof(vlen_kinds) / sizeof(vlen_kinds[0]); i++) {
		build_every_kind(&b);
		set_vlen(vlen_kinds[i], 0xffff);
		snprintf(want, sizeof(want), "type %u at byte offset 0x%x: %s with vlen 65535: needs",
			 vlen_kinds[i], bb_offset(&b, vlen_kinds[i]),
			 btf_kind_name(btf_kind(bb_record(&b, vlen_kinds[i]))));
		expect_error(want);
		expect_error("but the type section has");
	}

	/* Kinds with a fixed extra part: an INT without its u32, a record
	 * without its last words. */
	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 4);
	bb_finish(&b);
	expect_error("type 1 at byte offset 0x18: INT with vlen 0: needs 4 bytes after the "
		     "record, but the type section has 0 left");
	bb_init(&b);
	bb_type(&b, NULL, BTF_KIND_PTR, 0, 0);
	b.types_len -= 4;
	bb_finish(&b);
	expect_error("type 1 at byte offset 0x18: only 8 bytes are left in the type section");

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		build_every_kind(&b);
		((uint32_t *)bb_record(&b, names[i].id))[names[i].word] = 5000;
		snprintf(want, sizeof(want), "type %u at byte offset 0x%x: %s", names[i].id,
			 bb_offset(&b, names[i].id), names[i].what);
		expect_error(want);
	}

	build_every_kind(&b);
	((int32_t *)bb_record(&b, ID_DECL_TAG))[3] = -2;
	expect_error("DECL_TAG component_idx -2 is not valid");
}

/* Each place a record holds a type id, as the word of the record. */
static const struct { uint32_t id, word; } refs[] = {
	{ ID_PTR, 2 }, { ID_POINT_T, 2 }, { ID_CONST, 2 }, { ID_VOLATILE, 2 },
	{ ID_RESTRICT, 2 }, { ID_FUNC, 2 }, { ID_VAR, 2 }, { ID_DECL_TAG, 2 },
	{ ID_TYPE_TAG, 2 },
	{ ID_PROTO, 2 },    /* the return type */
	{ ID_PROTO, 4 },    /* a parameter */
	{ ID_ARRAY, 3 },    /* the element type */
	{ ID_ARRAY, 4 },    /* the index type */
	{ ID_POINT, 4 },    /* member 0 */
	{ ID_UNION, 7 },    /* member 1 */
	{ ID_DATASEC, 3 },  /* the variable */
};

void bad_references(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	char want[160];

	(void)state;
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		uint32_t id = refs[i].id;

		build_every_kind(&b);
		((uint32_t *)bb_record(&b, id))[refs[i].word] = ID_END;
		snprintf(want, sizeof(want),
			 "t.o: .BTF: type %u at byte offset 0x%x: refers to type id %u, but the "
			 "last type id is %u", id, bb_offset(&b, id), ID_END, ID_END - 1);
		expect_error(want);
		/* One less is the last type: fine. */
		((uint32_t *)bb_record(&b, id))[refs[i].word] = ID_END - 1;
		assert_int_equal(btf_parse(&btf, "t.o", b.blob, b.blob_len, &err), 0);
		btf_free(&btf);
	}
	/* Of several bad ids, the largest is named, with its referrer. */
	build_every_kind(&b);
	((uint32_t *)bb_record(&b, ID_PTR))[2] = 77;
	((uint32_t *)bb_record(&b, ID_VAR))[2] = 99;
	((uint32_t *)bb_record(&b, ID_FUNC))[2] = 88;
	expect_error("type 10 at byte offset");
	expect_error("refers to type id 99");
}

static void parse_or_refuse(const uint8_t *blob, size_t len)
{
	struct btf btf;
	struct rb_error err = { 0 };
	uint64_t size;
	uint32_t out;

	if (btf_parse(&btf, "t.o", blob, len, &err)) {
		assert_int_equal(err.kind, RB_ERR_INPUT);
		assert_true(err.msg[0] != '\0');
		return;
	}
	/* Parsed: everything reachable must be safe to walk, and end. */
	for (uint32_t id = 0; id <= btf.count; id++) {
		const struct btf_type *t = btf_type_by_id(&btf, id);
		if (t)
			(void)btf_name(&btf, t->name_off);
		(void)btf_resolve(&btf, id, &out, &err);
		(void)btf_type_size(&btf, id, &size, &err);
	}
	(void)btf_find_by_name_kind(&btf, "x", BTF_KIND_STRUCT);
	btf_free(&btf);
}

void every_truncation_is_refused_or_parsed(void **state)
{
	(void)state;
	build_every_kind(&b);
	for (size_t n = 0; n <= b.blob_len; n++)
		parse_or_refuse(b.blob, n);
	for (size_t n = 0; n <= sample_btf_len; n++)
		parse_or_refuse(sample_btf, n);
}

/* Each byte set to a few values: header fields, kinds, vlens, ids and
 * name offsets all go wrong somewhere in here. */
static void corrupt_each_byte(const uint8_t *blob, size_t len)
{
	static uint8_t copy[8192];

	assert_true(len <= sizeof(copy));
	for (size_t i = 0; i < len; i++) {
		const uint8_t values[] = { 0, 0xff, blob[i] ^ 0x01, blob[i] ^ 0x80, blob[i] + 0x10 };
		for (size_t v = 0; v < sizeof(values); v++) {
			memcpy(copy, blob, len);
			copy[i] = values[v];
			parse_or_refuse(copy, len);
		}
	}
}

void every_corruption_is_refused_or_parsed(void **state)
{
	(void)state;
	build_every_kind(&b);
	corrupt_each_byte(b.blob, b.blob_len);
	corrupt_each_byte(sample_btf, sample_btf_len);
}
