/* .BTF.ext: clang's, hand-built ones, and malformed ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"
#include "clang_sample.h"
#include "elf/btf.h"
#include "elf/btf_ext.h"

static struct btf_builder b;
static uint8_t blob[4096];
static size_t blob_len;

/* Strings the hand-built .BTF.ext refer to, added to the every-kind .BTF. */
static uint32_t xdp, file, line, access;

static void parse_btf(struct btf *btf)
{
	struct rb_error err = { 0 };

	build_every_kind(&b);
	xdp = bb_string(&b, "xdp");
	file = bb_string(&b, "prog.c");
	line = bb_string(&b, "return 0;");
	access = bb_string(&b, "0:1");
	bb_finish(&b);
	if (btf_parse(btf, "t.o", b.blob, b.blob_len, &err))
		fail_msg("%s", err.msg);
}

static void expect_ext_error(const struct btf *btf, const char *needle)
{
	struct btf_ext ext;
	struct rb_error err = { 0 };

	if (btf_ext_parse(&ext, btf, blob, blob_len, &err) == 0) {
		btf_ext_free(&ext);
		fail_msg("expected an error containing \"%s\"", needle);
	}
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_null(ext.data);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
}

void ext_from_clang(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct rb_error err = { 0 };
	struct btf_ext_block block;
	struct bpf_line_info_rec li;
	struct bpf_core_relo_rec cr;
	uint32_t pos = 0;

	(void)state;
	assert_int_equal(btf_parse(&btf, "sample.bpf.o", sample_btf, sample_btf_len, &err), 0);
	assert_int_equal(btf_ext_parse(&ext, &btf, sample_btf_ext, sample_btf_ext_len, &err), 0);

	/* func_info: one block per code section, in the order clang wrote */
	assert_int_equal(ext.func_info.rec_size, 8);
	assert_true(btf_ext_next_block(&ext.func_info, &btf, &pos, &block));
	assert_string_equal(block.section, "tracepoint/demo");
	assert_int_equal(block.count, 1);
	assert_int_equal(btf_ext_func_info(&block, 0).insn_off, 0);
	assert_int_equal(btf_ext_func_info(&block, 0).type_id,
			 btf_find_by_name_kind(&btf, "prog", BTF_KIND_FUNC));
	assert_true(btf_ext_next_block(&ext.func_info, &btf, &pos, &block));
	assert_string_equal(block.section, ".text");
	assert_int_equal(btf_ext_func_info(&block, 0).type_id,
			 btf_find_by_name_kind(&btf, "add_one", BTF_KIND_FUNC));
	assert_false(btf_ext_next_block(&ext.func_info, &btf, &pos, &block));

	/* line_info: where "int v = ctx->y;" is */
	assert_true(btf_ext_find_block(&ext.line_info, &btf, "tracepoint/demo", &block));
	assert_int_equal(block.count, 10);
	li = btf_ext_line_info(&block, 0);
	assert_int_equal(li.insn_off, 0);
	assert_string_equal(btf_name(&btf, li.file_name_off), "./sample.bpf.c");
	assert_int_equal(btf_line_num(li.line_col), 33);
	assert_int_equal(btf_line_col(li.line_col), 15);
	assert_non_null(strstr(btf_name(&btf, li.line_off), "int v = ctx->y;"));
	assert_int_equal(btf_ext_line_info(&block, 9).insn_off, 144);

	/* CO-RE: ctx->y is field 1 of struct point, at access "0:1" */
	assert_true(btf_ext_find_block(&ext.core_relo, &btf, "tracepoint/demo", &block));
	assert_int_equal(block.count, 1);
	cr = btf_ext_core_relo(&block, 0);
	assert_int_equal(cr.type_id, btf_find_by_name_kind(&btf, "point", BTF_KIND_STRUCT));
	assert_string_equal(btf_name(&btf, cr.access_str_off), "0:1");
	assert_int_equal(cr.kind, 0); /* the field's byte offset */
	assert_false(btf_ext_find_block(&ext.core_relo, &btf, ".text", &block));
	assert_int_equal(block.count, 0);

	/* what the loader reads: the records of one section, or none */
	assert_true(btf_ext_find_block(&ext.line_info, &btf, ".text", &block));
	assert_int_equal(block.count, 3);
	assert_non_null(block.records);
	assert_false(btf_ext_find_block(&ext.line_info, &btf, "nothing", &block));
	assert_int_equal(block.count, 0);
	assert_null(block.records);
	btf_ext_free(&ext);
	btf_free(&btf);
}

void ext_hand_built(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct rb_error err = { 0 };
	struct btf_ext_block block;
	struct bpf_line_info_rec li;

	(void)state;
	parse_btf(&btf);
	/* func_info records of 12 bytes: a newer compiler's, with a field
	 * rawbpf does not know, which must be stepped over. */
	uint32_t func[] = { 12, xdp, 2, 0, ID_FUNC, 0xdead, 16, ID_FUNC, 0xbeef };
	uint32_t lines[] = { 16, xdp, 1, 8, file, line, (12u << 10) | 5 };
	uint32_t core[] = { 16, xdp, 1, 8, ID_POINT, access, 0 };
	blob_len = eb_build(blob, sizeof(blob), func, 9, lines, 7, core, 7);
	assert_int_equal(btf_ext_parse(&ext, &btf, blob, blob_len, &err), 0);
	assert_true(btf_ext_find_block(&ext.func_info, &btf, "xdp", &block));
	assert_int_equal(block.count, 2);
	assert_int_equal(block.rec_size, 12);
	assert_int_equal(btf_ext_func_info(&block, 1).insn_off, 16);
	assert_int_equal(btf_ext_func_info(&block, 1).type_id, ID_FUNC);
	/* Decoding with the wrong reader never reads past a record. */
	li = btf_ext_line_info(&block, 1);
	assert_int_equal(li.file_name_off, ID_FUNC);
	assert_int_equal(li.line_col, 0);
	assert_true(btf_ext_find_block(&ext.line_info, &btf, "xdp", &block));
	li = btf_ext_line_info(&block, 0);
	assert_string_equal(btf_name(&btf, li.line_off), "return 0;");
	assert_int_equal(btf_line_num(li.line_col), 12);
	assert_int_equal(btf_line_col(li.line_col), 5);
	assert_true(btf_ext_find_block(&ext.core_relo, &btf, "xdp", &block));
	assert_int_equal(btf_ext_core_relo(&block, 0).type_id, ID_POINT);
	btf_ext_free(&ext);
	btf_free(&btf);
}

/* No info at all (the loader once computed NULL + 0 here: UBSan), and an
 * older 24-byte header without the CO-RE part. */
void ext_without_sections(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct rb_error err = { 0 };
	struct btf_ext_block block;
	uint32_t pos = 0;

	(void)state;
	parse_btf(&btf);
	blob_len = eb_build(blob, sizeof(blob), NULL, 0, NULL, 0, NULL, 0);
	assert_int_equal(btf_ext_parse(&ext, &btf, blob, blob_len, &err), 0);
	assert_null(ext.func_info.data);
	assert_false(btf_ext_next_block(&ext.func_info, &btf, &pos, &block));
	assert_false(btf_ext_find_block(&ext.line_info, &btf, "xdp", &block));
	assert_false(btf_ext_find_block(&ext.func_info, &btf, "xdp", &block));
	assert_null(block.records);
	assert_int_equal(block.count, 0);
	btf_ext_free(&ext);

	uint32_t func[] = { 8, xdp, 1, 0, ID_FUNC };
	struct btf_ext_header old = { .magic = BTF_MAGIC, .version = 1, .hdr_len = 24,
				      .func_info_off = 0, .func_info_len = sizeof(func) };
	memcpy(blob, &old, 24);
	memcpy(blob + 24, func, sizeof(func));
	blob_len = 24 + sizeof(func);
	assert_int_equal(btf_ext_parse(&ext, &btf, blob, blob_len, &err), 0);
	assert_true(btf_ext_find_block(&ext.func_info, &btf, "xdp", &block));
	assert_null(ext.core_relo.data);
	btf_ext_free(&ext);
	btf_free(&btf);
}

static struct btf_ext_header *ext_header(void)
{
	return (struct btf_ext_header *)blob;
}

/* A valid blob with one func_info record of section "xdp", to break:
 * header 0x00, rec_size 0x20, block 0x24, record 0x2c. */
static uint32_t *one_func(void)
{
	uint32_t func[] = { 8, xdp, 1, 0, ID_FUNC };

	blob_len = eb_build(blob, sizeof(blob), func, 5, NULL, 0, NULL, 0);
	return (uint32_t *)(blob + 32);
}

/* One record each of line_info and CO-RE, returned at its first word. */
static uint32_t *one_line(void)
{
	uint32_t lines[] = { 16, xdp, 1, 0, file, line, 1u << 10 };

	blob_len = eb_build(blob, sizeof(blob), NULL, 0, lines, 7, NULL, 0);
	return (uint32_t *)(blob + 32 + 12);
}

static uint32_t *one_core(void)
{
	uint32_t core[] = { 16, xdp, 1, 0, ID_POINT, access, 0 };

	blob_len = eb_build(blob, sizeof(blob), NULL, 0, NULL, 0, core, 7);
	return (uint32_t *)(blob + 32 + 12);
}

void ext_malformed(void **state)
{
	struct btf btf;
	size_t full;

	(void)state;
	parse_btf(&btf);
	one_func();
	full = blob_len;
	blob_len = 0;
	expect_ext_error(&btf, "t.o: .BTF.ext: 0 bytes, too short for the 24-byte header");
	blob_len = 23;
	expect_ext_error(&btf, "23 bytes, too short");
	blob_len = full;
	ext_header()->magic = 0x9FeB;
	expect_ext_error(&btf, "big-endian");
	one_func();
	ext_header()->version = 2;
	expect_ext_error(&btf, "version 2 at byte offset 2");
	one_func();
	ext_header()->flags = 4;
	expect_ext_error(&btf, "flags 0x4 at byte offset 3");
	one_func();
	ext_header()->hdr_len = 20;
	expect_ext_error(&btf, "header length 20 at byte offset 4");
	ext_header()->hdr_len = 4000;
	expect_ext_error(&btf, "header length 4000");
	one_func();
	ext_header()->func_info_len += 100;
	expect_ext_error(&btf, "the func_info section at byte offset 0x20 + 120 bytes is past "
		     "the end of the blob (52 bytes)");
	one_func();
	ext_header()->line_info_off = 0xfffffff0;
	ext_header()->line_info_len = 16;
	expect_ext_error(&btf, "the line_info section at byte offset 0x100000010");
	one_func();
	ext_header()->func_info_len = 2;
	expect_ext_error(&btf, "func_info section at byte offset 0x20: 2 bytes, too short "
		     "for its record size");

	one_func()[0] = 4;
	expect_ext_error(&btf, "func_info record size 4 at byte offset 0x20: must be a multiple "
		     "of 4, and at least 8");
	one_func()[0] = 10;
	expect_ext_error(&btf, "func_info record size 10");
	one_line()[-3] = 12;
	expect_ext_error(&btf, "line_info record size 12");
	one_core()[-3] = 8;
	expect_ext_error(&btf, "CO-RE relocation record size 8");

	one_func();
	ext_header()->func_info_len = 8; /* rec_size and half a block header */
	expect_ext_error(&btf, "func_info block at byte offset 0x24: 4 bytes, too short for "
		     "its 8-byte header");
	one_func()[1] = 5000;
	expect_ext_error(&btf, "func_info block at byte offset 0x24: section name offset 5000 "
		     "is past the .BTF string section");
	one_func()[2] = 0;
	expect_ext_error(&btf, "func_info block for section \"xdp\" at byte offset 0x24 has no "
		     "records");
	one_func()[2] = 5;
	expect_ext_error(&btf, "5 records of 8 bytes do not fit in the 8 bytes left");
	one_func()[2] = 0xffffffff;
	expect_ext_error(&btf, "4294967295 records of 8 bytes do not fit");

	one_func()[3] = 3;
	expect_ext_error(&btf, "func_info record 0 for section \"xdp\" at byte offset 0x2c: "
		     "instruction offset 3 is not a multiple of 8");
	one_func()[4] = ID_INT;
	expect_ext_error(&btf, "type id 1 is not a FUNC in .BTF");
	one_func()[4] = 5000;
	expect_ext_error(&btf, "type id 5000 is not a FUNC in .BTF");
	one_line()[1] = 5000;
	expect_ext_error(&btf, "line_info record 0 for section \"xdp\" at byte offset 0x2c: "
		     "file name offset 5000 or line offset");
	one_line()[2] = 5000;
	expect_ext_error(&btf, "line offset 5000 is past the .BTF string section");
	one_core()[1] = 5000;
	expect_ext_error(&btf, "CO-RE relocation record 0 for section \"xdp\" at byte offset "
		     "0x2c: type id 5000 does not exist in .BTF");
	one_core()[2] = 5000;
	expect_ext_error(&btf, "access string offset 5000 is past the .BTF string section");
	btf_free(&btf);
}

static void walk_all(const struct btf_ext *ext, const struct btf *btf)
{
	const struct btf_ext_info *infos[] = { &ext->func_info, &ext->line_info, &ext->core_relo };
	struct btf_ext_block block;
	uint32_t sum = 0;

	for (size_t k = 0; k < 3; k++) {
		uint32_t pos = 0;
		while (btf_ext_next_block(infos[k], btf, &pos, &block))
			for (uint32_t i = 0; i < block.count; i++)
				sum += btf_ext_core_relo(&block, i).insn_off;
	}
	(void)sum;
}

static void parse_ext_or_refuse(const struct btf *btf, const uint8_t *data, size_t len)
{
	struct btf_ext ext;
	struct rb_error err = { 0 };

	if (btf_ext_parse(&ext, btf, data, len, &err)) {
		assert_int_equal(err.kind, RB_ERR_INPUT);
		return;
	}
	walk_all(&ext, btf);
	btf_ext_free(&ext);
}

/* Every prefix, and each byte set to a few values. */
void ext_every_truncation(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(btf_parse(&btf, "sample.bpf.o", sample_btf, sample_btf_len, &err), 0);
	for (size_t n = 0; n <= sample_btf_ext_len; n++)
		parse_ext_or_refuse(&btf, sample_btf_ext, n);
	for (size_t i = 0; i < sample_btf_ext_len; i++) {
		const uint8_t v = sample_btf_ext[i];
		const uint8_t values[] = { 0, 0xff, v ^ 0x01, v ^ 0x80, v + 0x10 };
		for (size_t k = 0; k < sizeof(values); k++) {
			memcpy(blob, sample_btf_ext, sample_btf_ext_len);
			blob[i] = values[k];
			parse_ext_or_refuse(&btf, blob, sample_btf_ext_len);
		}
	}
	btf_free(&btf);
}

/* Section names for the blocks below, given in no sorted order. */
static uint32_t sec_names[5];
static const char *const sec_strs[5] = { "xdp", ".text", "tc", "kprobe/a", "abc" };

static void parse_btf_sections(struct btf *btf)
{
	struct rb_error err = { 0 };

	build_every_kind(&b);
	for (size_t i = 0; i < 5; i++)
		sec_names[i] = bb_string(&b, sec_strs[i]);
	xdp = sec_names[0];
	file = bb_string(&b, "prog.c");
	line = bb_string(&b, "return 0;");
	access = bb_string(&b, "0:1");
	bb_finish(&b);
	if (btf_parse(btf, "t.o", b.blob, b.blob_len, &err))
		fail_msg("%s", err.msg);
}

/* func_info and line_info records in instruction order, per block (the
 * order restarts with each block); CO-RE records in any order. */
void ext_records_in_order(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct rb_error err = { 0 };
	struct btf_ext_block block;

	(void)state;
	parse_btf_sections(&btf);
	/* records 0, 16, 8 of "xdp": record 2 (at 0x2c + 2 * 8) is out of order */
	uint32_t func[] = { 8, xdp, 3, 0, ID_FUNC, 16, ID_FUNC, 8, ID_FUNC };
	blob_len = eb_build(blob, sizeof(blob), func, 9, NULL, 0, NULL, 0);
	expect_ext_error(&btf, "func_info record 2 for section \"xdp\" at byte offset 0x3c: "
			 "instruction offset 8 comes after 16: the records are not in "
			 "instruction order");
	/* line_info: record 1 of "tc" (block at 0x24, records from 0x2c, 16 bytes) */
	uint32_t lines[] = { 16, sec_names[2], 2, 8, file, line, 1u << 10, 0, file, line,
			     2u << 10 };
	blob_len = eb_build(blob, sizeof(blob), NULL, 0, lines, 11, NULL, 0);
	expect_ext_error(&btf, "line_info record 1 for section \"tc\" at byte offset 0x3c: "
			 "instruction offset 0 comes after 8: the records are not in "
			 "instruction order");
	/* a second block starts again from any offset; the order is of one
	 * block, not of the whole info section */
	uint32_t two[] = { 8, xdp, 2, 0, ID_FUNC, 16, ID_FUNC, sec_names[2], 2, 0, ID_FUNC, 8,
			   ID_FUNC };
	uint32_t core[] = { 16, xdp, 3, 16, ID_POINT, access, 0, 8, ID_POINT, access, 0,
			    0, ID_POINT, access, 0 };
	blob_len = eb_build(blob, sizeof(blob), two, 13, NULL, 0, core, 15);
	if (btf_ext_parse(&ext, &btf, blob, blob_len, &err))
		fail_msg("%s", err.msg);
	assert_true(btf_ext_find_block(&ext.func_info, &btf, "tc", &block));
	assert_int_equal(block.count, 2);
	assert_int_equal(btf_ext_func_info(&block, 1).insn_off, 8);
	/* CO-RE records are kept as written */
	assert_true(btf_ext_find_block(&ext.core_relo, &btf, "xdp", &block));
	assert_int_equal(block.count, 3);
	assert_int_equal(btf_ext_core_relo(&block, 0).insn_off, 16);
	assert_int_equal(btf_ext_core_relo(&block, 2).insn_off, 0);
	btf_ext_free(&ext);
	btf_free(&btf);
}

/* One code section, two blocks in one info section: refused, in each. */
void ext_duplicate_blocks(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct rb_error err = { 0 };

	(void)state;
	parse_btf_sections(&btf);
	/* two blocks of "tc", one of "xdp" between them */
	uint32_t func[] = { 8, sec_names[2], 2, 0, ID_FUNC, 8, ID_FUNC, xdp, 1, 0, ID_FUNC,
			    sec_names[2], 1, 16, ID_FUNC };
	blob_len = eb_build(blob, sizeof(blob), func, 15, NULL, 0, NULL, 0);
	expect_ext_error(&btf, "two func_info blocks for section \"tc\"");
	uint32_t lines[] = { 16, xdp, 1, 0, file, line, 1u << 10, xdp, 1, 8, file, line,
			     2u << 10 };
	blob_len = eb_build(blob, sizeof(blob), NULL, 0, lines, 13, NULL, 0);
	expect_ext_error(&btf, "two line_info blocks for section \"xdp\"");
	uint32_t core[] = { 16, sec_names[4], 1, 0, ID_POINT, access, 0, sec_names[4], 1, 8,
			    ID_POINT, access, 0 };
	blob_len = eb_build(blob, sizeof(blob), NULL, 0, NULL, 0, core, 13);
	expect_ext_error(&btf, "two CO-RE relocation blocks for section \"abc\"");
	/* one block per info section for the same code section is the norm */
	uint32_t f1[] = { 8, xdp, 1, 0, ID_FUNC };
	uint32_t l1[] = { 16, xdp, 1, 0, file, line, 1u << 10 };
	uint32_t c1[] = { 16, xdp, 1, 0, ID_POINT, access, 0 };
	blob_len = eb_build(blob, sizeof(blob), f1, 5, l1, 7, c1, 7);
	if (btf_ext_parse(&ext, &btf, blob, blob_len, &err))
		fail_msg("%s", err.msg);
	btf_ext_free(&ext);
	btf_free(&btf);
}

/* Blocks of five sections, written in no sorted order, each found by name
 * (a binary search over info->sections). Block i has i + 1 records, the
 * first at instruction offset 8 * i. */
void ext_find_block_by_name(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct rb_error err = { 0 };
	struct btf_ext_block block;
	uint32_t func[1 + 5 * 2 + 15 * 2], lines[1 + 5 * 2 + 15 * 4];
	size_t nf = 0, nl = 0;
	static const char *const absent[] = { "", "a", "ab", "abcd", "kprobe/", "tc2", "xd",
					      "xdpz", "zzz", ".", ".text2", "Xdp" };

	(void)state;
	parse_btf_sections(&btf);
	func[nf++] = 8;
	lines[nl++] = 16;
	for (uint32_t i = 0; i < 5; i++) {
		/* line_info in the reverse order of func_info */
		uint32_t li = 4 - i;
		func[nf++] = sec_names[i];
		func[nf++] = i + 1;
		for (uint32_t r = 0; r <= i; r++) {
			func[nf++] = 8 * (i + r);
			func[nf++] = ID_FUNC;
		}
		lines[nl++] = sec_names[li];
		lines[nl++] = li + 1;
		for (uint32_t r = 0; r <= li; r++) {
			lines[nl++] = 8 * (li + r);
			lines[nl++] = file;
			lines[nl++] = line;
			lines[nl++] = (li + 1) << 10;
		}
	}
	blob_len = eb_build(blob, sizeof(blob), func, nf, lines, nl, NULL, 0);
	if (btf_ext_parse(&ext, &btf, blob, blob_len, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(ext.func_info.nsections, 5);
	assert_int_equal(ext.line_info.nsections, 5);
	assert_null(ext.core_relo.sections);
	for (uint32_t i = 1; i < 5; i++)
		assert_true(strcmp(ext.func_info.sections[i - 1].name,
				   ext.func_info.sections[i].name) < 0);
	for (uint32_t i = 0; i < 5; i++) {
		if (!btf_ext_find_block(&ext.func_info, &btf, sec_strs[i], &block))
			fail_msg("no func_info block for \"%s\"", sec_strs[i]);
		assert_string_equal(block.section, sec_strs[i]);
		assert_int_equal(block.count, i + 1);
		assert_int_equal(block.rec_size, 8);
		assert_int_equal(btf_ext_func_info(&block, 0).insn_off, 8 * i);
		assert_int_equal(btf_ext_func_info(&block, i).insn_off, 16 * i);
		if (!btf_ext_find_block(&ext.line_info, &btf, sec_strs[i], &block))
			fail_msg("no line_info block for \"%s\"", sec_strs[i]);
		assert_string_equal(block.section, sec_strs[i]);
		assert_int_equal(block.count, i + 1);
		assert_int_equal(btf_line_num(btf_ext_line_info(&block, i).line_col), i + 1);
		assert_false(btf_ext_find_block(&ext.core_relo, &btf, sec_strs[i], &block));
	}
	for (size_t k = 0; k < sizeof(absent) / sizeof(absent[0]); k++) {
		assert_false(btf_ext_find_block(&ext.func_info, &btf, absent[k], &block));
		assert_int_equal(block.count, 0);
		assert_null(block.records);
		assert_false(btf_ext_find_block(&ext.line_info, &btf, absent[k], &block));
	}
	btf_ext_free(&ext);
	btf_free(&btf);
}

/* btf_ext_first_at(): the first record at or after an instruction offset. */
void ext_first_at(void **state)
{
	struct btf btf;
	struct btf_ext ext;
	struct rb_error err = { 0 };
	struct btf_ext_block block;
	static const struct { uint32_t off, want; } cases[] = {
		{ 0, 0 }, { 7, 0 }, { 8, 0 },      /* before the first, at it */
		{ 9, 1 }, { 16, 1 }, { 24, 2 },    /* between, at */
		{ 40, 2 }, { 41, 3 }, { 48, 3 },
		{ 49, 4 }, { 56, 4 }, { 0xffffffffu, 4 }, /* after the last */
	};

	(void)state;
	parse_btf_sections(&btf);
	/* 12-byte func_info records (the stride is rec_size, not 8) at 8, 16, 40, 48;
	 * line_info at the same offsets, and a one-record block */
	uint32_t func[] = { 12, xdp, 4, 8, ID_FUNC, 0, 16, ID_FUNC, 0, 40, ID_FUNC, 0, 48,
			    ID_FUNC, 0, sec_names[2], 1, 32, ID_FUNC, 0 };
	uint32_t lines[] = { 16, xdp, 4, 8, file, line, 1u << 10, 16, file, line, 2u << 10,
			     40, file, line, 3u << 10, 48, file, line, 4u << 10 };
	blob_len = eb_build(blob, sizeof(blob), func, 20, lines, 19, NULL, 0);
	if (btf_ext_parse(&ext, &btf, blob, blob_len, &err))
		fail_msg("%s", err.msg);
	assert_true(btf_ext_find_block(&ext.func_info, &btf, "xdp", &block));
	assert_int_equal(block.count, 4);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		if (btf_ext_first_at(&block, cases[k].off) != cases[k].want)
			fail_msg("func_info: first at %u: %u, not %u", cases[k].off,
				 btf_ext_first_at(&block, cases[k].off), cases[k].want);
	assert_true(btf_ext_find_block(&ext.line_info, &btf, "xdp", &block));
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		if (btf_ext_first_at(&block, cases[k].off) != cases[k].want)
			fail_msg("line_info: first at %u: %u, not %u", cases[k].off,
				 btf_ext_first_at(&block, cases[k].off), cases[k].want);
	assert_true(btf_ext_find_block(&ext.func_info, &btf, "tc", &block));
	assert_int_equal(btf_ext_first_at(&block, 0), 0);
	assert_int_equal(btf_ext_first_at(&block, 32), 0);
	assert_int_equal(btf_ext_first_at(&block, 33), 1);
	/* a section without a block: no records, so none is first */
	assert_false(btf_ext_find_block(&ext.func_info, &btf, "abc", &block));
	assert_int_equal(btf_ext_first_at(&block, 0), 0);
	btf_ext_free(&ext);
	btf_free(&btf);
}
