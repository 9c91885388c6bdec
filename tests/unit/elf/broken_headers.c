/* Objects with a broken ELF header, section header table or program header
 * table: each must be refused with a message that says what is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"

void empty_and_not_elf(void **state)
{
	static const uint8_t junk[100] = "this is not an object";

	(void)state;
	expect_error(junk, 0, "the file is empty", NULL);
	expect_error(junk, sizeof(junk), "not an ELF file", NULL);
	expect_error((const uint8_t *)"\x7f" "EL", 3, "not an ELF file", NULL);
}

void truncated_header(void **state)
{
	struct elf_builder b;

	(void)state;
	sample_build(&b);
	for (size_t n = 0; n < sizeof(Elf64_Ehdr); n++) {
		const char *why = n == 0 ? "empty" : n < SELFMAG ? "not an ELF file" : "truncated";
		expect_error(b.out, n, why, NULL);
		if (n >= SELFMAG)
			expect_error(b.out, n, "an ELF64 header needs 64", NULL);
	}
	eb_free(&b);
}

void wrong_class_and_byte_order(void **state)
{
	struct elf_builder b;

	(void)state;
	sample_build(&b);
	b.out[EI_CLASS] = ELFCLASS32;
	expect_error(b.out, b.size, "not a 64-bit ELF file", "EI_CLASS 1", NULL);
	b.out[EI_CLASS] = ELFCLASSNONE;
	expect_error(b.out, b.size, "EI_CLASS 0", NULL);
	b.out[EI_CLASS] = ELFCLASS64;
	b.out[EI_DATA] = ELFDATA2MSB;
	expect_error(b.out, b.size, "big-endian", "-target bpf", NULL);
	b.out[EI_DATA] = 7;
	expect_error(b.out, b.size, "unknown byte order", "EI_DATA 7", NULL);
	eb_free(&b);
}

/* The reader takes any ELF64 LE file; elf_check_bpf_object() does not. */
void wrong_type_and_machine(void **state)
{
	struct elf_builder b;

	(void)state;
	sample_build(&b);
	eb_ehdr(&b)->e_type = ET_EXEC;
	expect_error(b.out, b.size, "not a relocatable object", "e_type 2", NULL);
	eb_ehdr(&b)->e_type = ET_DYN;
	expect_error(b.out, b.size, "not a relocatable object", "e_type 3", NULL);
	eb_ehdr(&b)->e_type = ET_REL;
	eb_ehdr(&b)->e_machine = EM_X86_64;
	expect_error(b.out, b.size, "not a BPF object", "e_machine 62", NULL);
	eb_free(&b);
}

/* The table moved one byte further, so every header in it is misaligned. */
static void misaligned_table_is_read(struct elf_builder *b)
{
	size_t shoff = eb_ehdr(b)->e_shoff, table = b->size - shoff;
	uint8_t *moved = malloc(b->size + 1);
	struct elf_file elf;
	struct rb_error err = { 0 };

	assert_non_null(moved);
	memcpy(moved, b->out, shoff);
	moved[shoff] = 0;
	memcpy(moved + shoff + 1, b->out + shoff, table);
	((Elf64_Ehdr *)moved)->e_shoff = shoff + 1;
	assert_int_equal(elf_open(&elf, "t.o", moved, b->size + 1, &err), 0);
	assert_int_equal(elf.nsections, b->nsections);
	assert_string_equal(elf.sections[S_MAPS].name, "maps");
	elf_close(&elf);
	free(moved);
}

void bad_section_header_table(void **state)
{
	struct elf_builder b;
	Elf64_Ehdr saved;

	(void)state;
	sample_build(&b);
	saved = *eb_ehdr(&b);
	eb_ehdr(&b)->e_shentsize = 32;
	expect_error(b.out, b.size, "e_shentsize is 32", NULL);
	*eb_ehdr(&b) = saved;
	eb_ehdr(&b)->e_shoff = b.size - sizeof(Elf64_Shdr);
	expect_error(b.out, b.size, "section header table", "past the end", NULL);
	/* e_shoff + the table's size would overflow, or end exactly at 2^64. */
	eb_ehdr(&b)->e_shoff = UINT64_MAX - 8;
	expect_error(b.out, b.size, "section header table", "past the end", NULL);
	eb_ehdr(&b)->e_shoff = 0 - (uint64_t)(b.nsections * sizeof(Elf64_Shdr));
	expect_error(b.out, b.size, "section header table", "past the end", NULL);
	*eb_ehdr(&b) = saved;
	eb_ehdr(&b)->e_shnum = 60000;
	expect_error(b.out, b.size, "60000 section headers", "cannot fit", NULL);
	*eb_ehdr(&b) = saved;
	/* e_shnum 0 sends the reader to section 0 for the count, here 0. */
	eb_ehdr(&b)->e_shnum = 0;
	expect_error(b.out, b.size, "no symbol table", NULL);
	*eb_ehdr(&b) = saved;
	misaligned_table_is_read(&b);
	eb_free(&b);
}

void bad_section_name_table(void **state)
{
	struct elf_builder b;
	uint32_t names;

	(void)state;
	sample_build(&b);
	names = b.shstrtab;
	eb_ehdr(&b)->e_shstrndx = (uint16_t)b.nsections;
	expect_error(b.out, b.size, "section-name table index 10", "out of range", NULL);
	eb_ehdr(&b)->e_shstrndx = 0xfff0;
	expect_error(b.out, b.size, "section-name table index 65520", "out of range", NULL);
	eb_ehdr(&b)->e_shstrndx = S_MAPS;
	expect_error(b.out, b.size, "section-name table (section 3)", "not SHT_STRTAB", NULL);
	eb_ehdr(&b)->e_shstrndx = (uint16_t)names;
	eb_shdr(&b, names)->sh_offset = b.size;
	expect_error(b.out, b.size, "bytes of section 9 (.shstrtab)", "past the end", NULL);
	eb_free(&b);
}

void bad_program_header_table(void **state)
{
	struct elf_builder b;
	Elf64_Ehdr saved;

	(void)state;
	sample_init(&b);
	b.type = ET_EXEC;
	b.nphdrs = 2;
	b.phdrs[0].p_type = b.phdrs[1].p_type = PT_LOAD;
	eb_finish(&b);
	saved = *eb_ehdr(&b);
	eb_ehdr(&b)->e_phentsize = 32;
	expect_error(b.out, b.size, "e_phentsize is 32", NULL);
	*eb_ehdr(&b) = saved;
	eb_ehdr(&b)->e_phoff = b.size - sizeof(Elf64_Phdr);
	expect_error(b.out, b.size, "program header table", "past the end", NULL);
	/* Wrapping around: e_phoff + 56 is 45, a valid offset. */
	eb_ehdr(&b)->e_phoff = UINT64_MAX - 10;
	expect_error(b.out, b.size, "program header table", "past the end", NULL);
	*eb_ehdr(&b) = saved;
	eb_ehdr(&b)->e_phnum = 60000;
	expect_error(b.out, b.size, "60000 program headers", "cannot fit", NULL);
	/* PN_XNUM: the count is in section 0's sh_info. */
	eb_ehdr(&b)->e_phnum = PN_XNUM;
	eb_shdr(&b, 0)->sh_info = 3000;
	expect_error(b.out, b.size, "3000 program headers", "cannot fit", NULL);
	eb_free(&b);
}
