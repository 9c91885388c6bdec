/* Objects that are valid ELF but broken as BPF objects (rawbpf's issue 9,
 * item 8): the whole pure open path, rb_object_open_buffer(), must refuse
 * each with RB_ERR_INPUT (exit 2) and a message naming the file, the
 * section and the offset or index, and must keep accepting the shapes
 * real objects have. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"
#include "loader/rawbpf.h"

/* Open b's bytes as the object "t.o"; returns rb_object_open_buffer()'s
 * result, the object closed again. */
static int open_object(struct elf_builder *b, const char *type, struct rb_error *err)
{
	struct rb_open_opts opts = { .type_override = type };
	struct rb_object *obj;
	int ret = rb_object_open_buffer(&obj, "t.o", b->out, b->size, &opts, err);

	if (ret == 0)
		rb_object_close(obj);
	else
		assert_null(obj);
	return ret;
}

static void expect_object_opens(struct elf_builder *b)
{
	struct rb_error err = { 0 };

	if (open_object(b, NULL, &err))
		fail_msg("refused: %s", err.msg);
}

/* Refused as a bad input, with every one of the NULL-terminated needles
 * (and the file's name) in the message. */
static void expect_object_error(struct elf_builder *b, const char *type, ...)
{
	struct rb_error err = { 0 };
	const char *needle;
	va_list ap;

	if (open_object(b, type, &err) == 0)
		fail_msg("the object was accepted");
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!type && !strstr(err.msg, "t.o: "))
		fail_msg("error \"%s\" does not name the file", err.msg);
	va_start(ap, type);
	while ((needle = va_arg(ap, const char *)))
		if (!strstr(err.msg, needle))
			fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
	va_end(ap);
}

/* The sample with its one legacy map definition `size` bytes long (the
 * symbol's size too, as clang writes it); bytes past 20 are zero. */
static void sample_with_map_size(struct elf_builder *b, uint64_t size)
{
	static uint32_t def[16] = { 1, 4, 8, 16 }; /* hash, key 4, value 8, 16 entries */

	assert_true(size <= sizeof(def));
	sample_init(b);
	b->sections[S_MAPS].data = def;
	b->sections[S_MAPS].size = size;
	b->symbols[Y_COUNTS].st_size = size;
	eb_finish(b);
}

void legacy_map_definition_sizes(void **state)
{
	static const uint64_t good[] = { 16, 20, 24, 28, 36, 64 };
	struct elf_builder b;

	(void)state;
	/* 4, 5, 6 or 7 u32 fields, and longer ones (iproute2's 9) zero past 7 */
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		sample_with_map_size(&b, good[i]);
		expect_object_opens(&b);
		eb_free(&b);
	}
	/* One map, 19 bytes: no struct bpf_map_def is 19 bytes long. */
	sample_with_map_size(&b, 19);
	expect_object_error(&b, NULL, "section maps", "19 bytes for 1 map symbol make 19-byte definitions",
			    "4-byte integers", NULL);
	eb_free(&b);
	sample_with_map_size(&b, 22);
	expect_object_error(&b, NULL, "section maps", "22-byte definitions", NULL);
	eb_free(&b);
	sample_with_map_size(&b, 12);
	expect_object_error(&b, NULL, "section maps", "too small", NULL);
	eb_free(&b);
}

void legacy_map_symbols_inside_the_section(void **state)
{
	struct elf_builder b;

	(void)state;
	/* at offset 20 of a 20-byte section: a multiple of the size, and past the end */
	sample_build(&b);
	eb_sym(&b, Y_COUNTS)->st_value = SAMPLE_MAPS_SIZE;
	expect_object_error(&b, NULL, "section maps", "map counts at offset 0x14",
			    "runs past the end of the section (20 bytes)", NULL);
	eb_sym(&b, Y_COUNTS)->st_value = UINT64_MAX - 3; /* value + size overflows */
	expect_object_error(&b, NULL, "map counts", "runs past the end", NULL);
	eb_sym(&b, Y_COUNTS)->st_value = 0;
	/* the symbol says 28 bytes, the section has 20 */
	eb_sym(&b, Y_COUNTS)->st_size = 28;
	expect_object_error(&b, NULL, "map counts at offset 0x0 (28 bytes)",
			    "runs past the end", NULL);
	/* the symbol says 16 bytes: not the size the section divides into */
	eb_sym(&b, Y_COUNTS)->st_size = 16;
	expect_object_error(&b, NULL, "map counts is 16 bytes", "20-byte definitions", NULL);
	/* no size at all (hand-written objects): the section's division holds */
	eb_sym(&b, Y_COUNTS)->st_size = 0;
	expect_object_opens(&b);
	eb_free(&b);
}

void relocation_against_null_symbol(void **state)
{
	struct elf_builder b;
	Elf64_Rel *r;

	(void)state;
	sample_build(&b);
	expect_object_opens(&b);
	r = eb_rel(&b, S_XDP, 0); /* r1 = counts ll */
	r->r_info = ELF64_R_INFO(0, R_BPF_64_64_);
	/* not "extern symbol , which ...": the entry, its offset, symbol 0 */
	expect_object_error(&b, NULL, ".relxdp entry 0", "offset 0x0", "symbol 0",
			    "null symbol", NULL);
	expect_reloc_error(&b, ".relxdp entry 0", "symbol 0", NULL);
	r = eb_rel(&b, S_XDP, 1); /* call sub */
	r->r_info = ELF64_R_INFO(0, R_BPF_64_32_);
	*eb_rel(&b, S_XDP, 0) = (Elf64_Rel){ 0, ELF64_R_INFO(Y_COUNTS, R_BPF_64_64_) };
	expect_object_error(&b, NULL, ".relxdp entry 1", "offset 0x10", "symbol 0", NULL);
	/* R_BPF_NONE patches nothing: against symbol 0 it is ELF's no-op */
	r->r_info = ELF64_R_INFO(0, R_BPF_NONE_);
	{
		struct elf_file elf;
		struct rb_error err = { 0 };
		struct elf_relocation *rels;
		size_t n;

		assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
		if (elf_relocations(&elf, &elf.sections[S_RELXDP], &rels, &n, &err))
			fail_msg("refused: %s", err.msg);
		assert_int_equal(n, 2);
		assert_int_equal(rels[1].sym, 0);
		free(rels);
		elf_close(&elf);
	}
	eb_free(&b);
}

void relocation_section_targets(void **state)
{
	static const uint8_t debug[16];
	struct elf_builder b;
	Elf64_Shdr *rel;
	uint32_t info, frame;

	(void)state;
	sample_build(&b);
	rel = eb_shdr(&b, S_RELXDP);
	/* sh_info naming the relocation section itself: its relocations
	 * would be skipped and the program refused by the verifier */
	rel->sh_info = S_RELXDP;
	expect_object_error(&b, NULL, "relocation section .relxdp (index 6)",
			    "applies to section 6 (.relxdp, itself)", "sh_info", NULL);
	rel->sh_info = S_LICENSE;
	expect_object_error(&b, NULL, ".relxdp (index 6)", "section 4 (license)",
			    "neither code nor", NULL);
	rel->sh_info = b.strtab;
	expect_object_error(&b, NULL, ".relxdp", "(.strtab)", NULL);
	eb_free(&b);

	/* What clang makes and rawbpf skips: relocations of debug data
	 * (every compiled object in the kernel tests has .rel.BTF and
	 * .rel.BTF.ext too). */
	sample_init(&b);
	info = eb_section(&b, ".debug_info", SHT_PROGBITS, 0, debug, sizeof(debug));
	frame = eb_section(&b, ".debug_frame", SHT_PROGBITS, 0, debug, sizeof(debug));
	eb_reloc(&b, info, 8, Y_COUNTS, R_BPF_64_ABS32_);
	eb_reloc(&b, frame, 8, Y_XDP_PROG, R_BPF_64_ABS32_);
	eb_finish(&b);
	expect_object_opens(&b);
	eb_free(&b);
	/* An address inside legacy map definitions would be lost in the
	 * map: refused, not skipped (only .maps takes initial values). */
	sample_init(&b);
	eb_reloc(&b, S_MAPS, 0, Y_COUNTS, R_BPF_64_ABS64_);
	eb_finish(&b);
	expect_object_error(&b, NULL, "section .relmaps", "maps+0x0", "naming counts",
			    "only BTF-defined maps (.maps) take initial values", NULL);
	/* the same section under a name rawbpf does not know */
	eb_free(&b);
	sample_init(&b);
	info = eb_section(&b, ".notes", SHT_PROGBITS, 0, debug, sizeof(debug));
	eb_reloc(&b, info, 8, Y_COUNTS, R_BPF_64_ABS32_);
	eb_finish(&b);
	expect_object_error(&b, NULL, "relocation section .rel.notes", "(.notes)", NULL);
	eb_free(&b);
}

void unknown_type_override(void **state)
{
	struct elf_builder b;

	(void)state;
	sample_build(&b);
	/* the sample's only program is in "xdp", which implies its type: an
	 * override nothing needs must still be a real type */
	expect_object_error(&b, "bogus", "unknown program type 'bogus'", "xdp",
			    "tracepoint", "socket", NULL);
	expect_object_error(&b, "", "unknown program type ''", NULL);
	{
		struct rb_error err = { 0 };
		assert_int_equal(open_object(&b, "socket", &err), 0);
	}
	eb_free(&b);
}
