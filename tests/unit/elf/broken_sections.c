/* Objects with broken sections, names, symbols or relocations: each must
 * be refused with a message that names the section or symbol. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"

static void expect_opens(struct elf_builder *b)
{
	struct elf_file elf;
	struct rb_error err = { 0 };

	if (elf_open(&elf, "t.o", b->out, b->size, &err))
		fail_msg("refused: %s", err.msg);
	elf_close(&elf);
}

static void expect_relocations(struct elf_builder *b)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *rels;
	size_t n;

	assert_int_equal(elf_open(&elf, "t.o", b->out, b->size, &err), 0);
	if (elf_relocations(&elf, &elf.sections[S_RELXDP], &rels, &n, &err))
		fail_msg("refused: %s", err.msg);
	free(rels);
	elf_close(&elf);
}

void section_bytes_past_the_end(void **state)
{
	struct elf_builder b;
	Elf64_Shdr *maps, *bss, saved;

	(void)state;
	sample_build(&b);
	maps = eb_shdr(&b, S_MAPS);
	saved = *maps;
	maps->sh_offset = b.size - 4;
	expect_error(b.out, b.size, "bytes of section 3 (maps)", "past the end", NULL);
	*maps = saved;
	maps->sh_size = b.size;
	expect_error(b.out, b.size, "bytes of section 3 (maps)", "past the end", NULL);
	/* sh_offset + sh_size overflows 64 bits, either way round. */
	*maps = saved;
	maps->sh_offset = UINT64_MAX - 2;
	expect_error(b.out, b.size, "bytes of section 3 (maps)", "past the end", NULL);
	*maps = saved;
	maps->sh_size = UINT64_MAX - 7;
	expect_error(b.out, b.size, "bytes of section 3 (maps)", "past the end", NULL);
	*maps = saved;
	/* SHT_NOBITS has no bytes in the file: any offset and size will do. */
	bss = eb_shdr(&b, S_BSS);
	bss->sh_offset = UINT64_MAX - 2;
	bss->sh_size = UINT64_MAX;
	expect_opens(&b);
	eb_free(&b);
}

void overlapping_sections(void **state)
{
	struct elf_builder b;
	Elf64_Shdr *lic;

	(void)state;
	sample_build(&b);
	lic = eb_shdr(&b, S_LICENSE);
	lic->sh_offset = b.offsets[S_MAPS] + 2;
	expect_error(b.out, b.size, "sections 3 (maps) and 4 (license) overlap", NULL);
	lic->sh_offset = b.offsets[S_MAPS];
	expect_error(b.out, b.size, "sections 3 (maps) and 4 (license) overlap", NULL);
	/* The last byte of one is the first of the next. */
	lic->sh_offset = b.offsets[S_MAPS] + SAMPLE_MAPS_SIZE - 1;
	expect_error(b.out, b.size, "overlap", NULL);
	/* One section inside a bigger one, a third between them. */
	lic->sh_offset = b.offsets[S_XDP] + 8;
	expect_error(b.out, b.size, "sections 1 (xdp) and 4 (license) overlap", NULL);
	/* Touching is not overlapping, and an empty section overlaps nothing. */
	lic->sh_offset = b.offsets[S_MAPS] + SAMPLE_MAPS_SIZE;
	expect_opens(&b);
	lic->sh_offset = b.offsets[S_MAPS] + 4;
	lic->sh_size = 0;
	expect_opens(&b);
	eb_free(&b);
}

void bad_section_names(void **state)
{
	struct elf_builder b;
	uint64_t names_size;

	(void)state;
	sample_build(&b);
	names_size = eb_shdr(&b, b.shstrtab)->sh_size;
	eb_shdr(&b, S_MAPS)->sh_name = (Elf64_Word)names_size + 10;
	expect_error(b.out, b.size, "name of section 3",
		     "past the end of string table .shstrtab", NULL);
	eb_shdr(&b, S_MAPS)->sh_name = (Elf64_Word)names_size;
	expect_error(b.out, b.size, "name of section 3", "past the end", NULL);
	eb_shdr(&b, S_MAPS)->sh_name = UINT32_MAX;
	expect_error(b.out, b.size, "name of section 3", "past the end", NULL);
	eb_free(&b);

	/* A name table whose last byte is not NUL: the last name runs off. */
	sample_build(&b);
	eb_bytes(&b, b.shstrtab)[eb_shdr(&b, b.shstrtab)->sh_size - 1] = 'x';
	expect_error(b.out, b.size, "name of section 9", "not NUL-terminated", NULL);
	eb_free(&b);
}

void bad_symbol_table(void **state)
{
	struct elf_builder b;
	Elf64_Shdr *symtab, saved;

	(void)state;
	sample_build(&b);
	symtab = eb_shdr(&b, b.symtab);
	saved = *symtab;
	symtab->sh_entsize = 16;
	expect_error(b.out, b.size, "symbol table .symtab", "entry size 16", NULL);
	*symtab = saved;
	symtab->sh_size -= 1; /* one more byte would overlap .strtab */
	expect_error(b.out, b.size, "symbol table .symtab", "size 143", NULL);
	*symtab = saved;
	symtab->sh_link = 999;
	expect_error(b.out, b.size, "string table index 999 is out of range", NULL);
	symtab->sh_link = 0;
	expect_error(b.out, b.size, "string table index 0 is out of range", NULL);
	symtab->sh_link = S_MAPS;
	expect_error(b.out, b.size, "name of symbol 1", "section 3 (maps)",
		     "is used as a string table but is not one", NULL);
	*symtab = saved;
	symtab->sh_offset = b.size - 8;
	expect_error(b.out, b.size, "bytes of section 7 (.symtab)", "past the end", NULL);
	eb_free(&b);

	/* A symbol string table whose last byte is not NUL. */
	sample_build(&b);
	eb_bytes(&b, b.strtab)[eb_shdr(&b, b.strtab)->sh_size - 1] = 'x';
	expect_error(b.out, b.size, "name of symbol 5", "not NUL-terminated",
		     "string table .strtab", NULL);
	eb_free(&b);
}

void bad_symbols(void **state)
{
	struct elf_builder b;
	Elf64_Sym *counts, saved;

	(void)state;
	sample_build(&b);
	counts = eb_sym(&b, Y_COUNTS);
	saved = *counts;
	counts->st_name = 0x7fffffff;
	expect_error(b.out, b.size, "name of symbol 2",
		     "string offset 0x7fffffff is past the end of string table .strtab", NULL);
	*counts = saved;
	counts->st_shndx = 4000;
	expect_error(b.out, b.size, "symbol 2 (counts)",
		     "section index 4000 is out of range (10 sections)", NULL);
	counts->st_shndx = (uint16_t)b.nsections;
	expect_error(b.out, b.size, "symbol 2 (counts)", "out of range", NULL);
	counts->st_shndx = SHN_XINDEX;
	expect_error(b.out, b.size, "symbol 2 (counts)", "extended section index", NULL);
	/* Special sections are not indexes into the table. */
	counts->st_shndx = SHN_ABS;
	expect_opens(&b);
	counts->st_shndx = SHN_COMMON;
	expect_opens(&b);
	eb_free(&b);
}

void missing_symbol_table(void **state)
{
	struct elf_builder b;

	(void)state;
	sample_init(&b);
	b.no_symtab = 1;
	eb_finish(&b);
	expect_error(b.out, b.size, "no symbol table", "stripped", NULL);
	/* Its relocations have no symbols to refer to. */
	expect_reloc_error(&b, "uses symbol table section 0", NULL);
	eb_free(&b);

	sample_build(&b);
	eb_shdr(&b, b.symtab)->sh_type = SHT_PROGBITS;
	expect_error(b.out, b.size, "no symbol table", NULL);
	eb_free(&b);
}

void bad_relocation_sections(void **state)
{
	struct elf_builder b;
	Elf64_Shdr *rel, saved;
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *rels;
	size_t n;

	(void)state;
	sample_build(&b);
	rel = eb_shdr(&b, S_RELXDP);
	saved = *rel;
	rel->sh_info = 900;
	expect_reloc_error(&b, ".relxdp applies to section 900, which does not exist", NULL);
	rel->sh_info = 0;
	expect_reloc_error(&b, ".relxdp applies to section 0, which does not exist", NULL);
	rel->sh_info = S_BSS;
	expect_reloc_error(&b, "section 5 (.bss), which has no bytes in the file", NULL);
	*rel = saved;
	rel->sh_entsize = 8;
	expect_reloc_error(&b, ".relxdp", "entry size 8", NULL);
	*rel = saved;
	rel->sh_size = 17;
	expect_reloc_error(&b, ".relxdp", "size 17", NULL);
	*rel = saved;
	rel->sh_link = b.strtab;
	expect_reloc_error(&b, ".relxdp uses symbol table section 8",
			   "the symbol table is section 7", NULL);
	*rel = saved;

	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf_relocations(&elf, &elf.sections[S_MAPS], &rels, &n, &err), -1);
	assert_non_null(strstr(err.msg, "section maps is not an SHT_REL relocation section"));
	elf_close(&elf);
	eb_free(&b);
}

void bad_relocations(void **state)
{
	struct elf_builder b;
	Elf64_Rel *r0, *r1, saved0, saved1;

	(void)state;
	sample_build(&b);
	r0 = eb_rel(&b, S_XDP, 0);
	r1 = eb_rel(&b, S_XDP, 1);
	saved0 = *r0;
	saved1 = *r1;
	r0->r_info = ELF64_R_INFO(5000, R_BPF_64_64_);
	expect_reloc_error(&b, ".relxdp entry 0",
			   "symbol index 5000 is out of range (6 symbols)", NULL);
	r0->r_info = ELF64_R_INFO(Y_COUNT, R_BPF_64_64_);
	expect_reloc_error(&b, "entry 0", "symbol index 6 is out of range", NULL);
	*r0 = saved0;
	r1->r_offset = 1 << 20;
	expect_reloc_error(&b, ".relxdp entry 1", "offset 0x100000",
			   "past the end of section xdp (size 0x20)", NULL);
	r1->r_offset = SAMPLE_XDP_SIZE;
	expect_reloc_error(&b, "entry 1", "past the end of section xdp", NULL);
	r1->r_offset = UINT64_MAX - 4; /* offset + width overflows */
	expect_reloc_error(&b, "entry 1", "past the end of section xdp", NULL);
	*r1 = saved1;
	expect_relocations(&b);
	/* An ld_imm64 is 16 bytes: one starting at the last instruction runs off. */
	r0->r_offset = SAMPLE_XDP_SIZE - 8;
	expect_reloc_error(&b, "entry 0", "+ 16 bytes", "past the end of section xdp", NULL);
	*r0 = saved0;
	/* A type the reader does not know: only its offset is checked. */
	r1->r_info = ELF64_R_INFO(Y_SUB, 99);
	r1->r_offset = SAMPLE_XDP_SIZE - 1;
	expect_relocations(&b);
	r1->r_offset = SAMPLE_XDP_SIZE;
	expect_reloc_error(&b, "entry 1", "+ 1 bytes (type 99)", NULL);
	eb_free(&b);
}

/* Relocations in data (.maps, .BTF.ext): 8 or 4 bytes, whether LLVM named
 * them R_BPF_64_ABS64/ABS32 or, before LLVM 12, R_BPF_64_64/64_32. */
void data_relocations(void **state)
{
	static const struct {
		uint32_t type;
		uint64_t width;
	} cases[] = {
		{ R_BPF_64_64_, 8 }, { R_BPF_64_ABS64_, 8 }, { R_BPF_64_32_, 4 },
		{ R_BPF_64_ABS32_, 4 }, { R_BPF_64_NODYLD32_, 4 },
	};
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *rels;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t last = SAMPLE_MAPS_SIZE - cases[i].width;

		sample_init(&b);
		eb_reloc(&b, S_MAPS, last, Y_COUNTS, cases[i].type);
		eb_finish(&b);
		assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
		if (elf_relocations(&elf, &elf.sections[b.rel_of[S_MAPS]], &rels, &n, &err))
			fail_msg("type %u refused: %s", cases[i].type, err.msg);
		assert_int_equal(n, 1);
		assert_int_equal(rels[0].offset, last);
		free(rels);
		/* One byte further runs off the end. */
		eb_rel(&b, S_MAPS, 0)->r_offset = last + 1;
		assert_int_equal(elf_relocations(&elf, &elf.sections[b.rel_of[S_MAPS]],
						 &rels, &n, &err), -1);
		assert_non_null(strstr(err.msg, "past the end of section maps"));
		elf_close(&elf);
		eb_free(&b);
	}
}
