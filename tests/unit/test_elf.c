/* The ELF reader, on objects built in memory (tests/unit/elf/builder.c), so
 * that no compiler is needed: here valid ones, in tests/unit/elf/ objects
 * broken one way each and sweeps of every truncation and byte corruption
 * (run them under SANITIZE=1 too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "elf/cases.h"

static void sections_are_indexed(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };
	const struct elf_section *xdp, *bss, *maps;

	(void)state;
	sample_build(&b);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf_check_bpf_object(&elf, &err), 0);
	assert_int_equal(elf.type, ET_REL);
	assert_int_equal(elf.machine, RB_EM_BPF);
	assert_int_equal(elf.nsections, b.nsections);
	assert_int_equal(elf.nsegments, 0);
	assert_string_equal(elf.sections[0].name, "");
	assert_null(elf.sections[0].data);

	xdp = elf_section_by_name(&elf, "xdp");
	assert_ptr_equal(xdp, &elf.sections[S_XDP]);
	assert_int_equal(xdp->index, S_XDP);
	assert_int_equal(xdp->type, SHT_PROGBITS);
	assert_int_equal(xdp->flags, SHF_ALLOC | SHF_EXECINSTR);
	assert_int_equal(xdp->size, SAMPLE_XDP_SIZE);
	assert_int_equal(xdp->offset, b.offsets[S_XDP]);
	assert_ptr_equal(xdp->data, b.out + b.offsets[S_XDP]);
	assert_int_equal(xdp->data[0], 0x18); /* the ld_imm64 */

	maps = elf_section_by_name(&elf, "maps");
	assert_non_null(maps);
	assert_int_equal(maps->size, SAMPLE_MAPS_SIZE);
	assert_ptr_equal(maps->data, eb_bytes(&b, S_MAPS));
	bss = elf_section_by_name(&elf, ".bss");
	assert_int_equal(bss->type, SHT_NOBITS);
	assert_int_equal(bss->size, SAMPLE_BSS_SIZE);
	assert_null(bss->data);

	assert_string_equal(elf.sections[S_RELXDP].name, ".relxdp");
	assert_int_equal(elf.sections[S_RELXDP].info, S_XDP);
	assert_int_equal(elf.sections[S_RELXDP].link, b.symtab);
	assert_string_equal(elf.sections[b.shstrtab].name, ".shstrtab");
	assert_ptr_equal(elf.symtab, &elf.sections[b.symtab]);
	assert_string_equal(elf.symtab->name, ".symtab");
	assert_null(elf_section_by_name(&elf, "nonexistent"));
	assert_null(elf_section_by_name(&elf, "xd"));
	elf_close(&elf);
	/* elf_close() leaves an empty file: closing again is harmless. */
	assert_null(elf.sections);
	elf_close(&elf);
	eb_free(&b);
}

static void symbols_are_indexed(void **state)
{
	static const struct {
		const char *name;
		uint16_t shndx;
		uint64_t size;
		uint8_t bind, type;
	} want[Y_COUNT] = {
		[Y_SUB] = { "sub", S_TEXT, SAMPLE_TEXT_SIZE, STB_LOCAL, STT_FUNC },
		[Y_COUNTS] = { "counts", S_MAPS, SAMPLE_MAPS_SIZE, STB_GLOBAL, STT_OBJECT },
		[Y_XDP_PROG] = { "xdp_prog", S_XDP, SAMPLE_XDP_SIZE, STB_GLOBAL, STT_FUNC },
		[Y_TOTAL] = { "total", S_BSS, SAMPLE_BSS_SIZE, STB_GLOBAL, STT_OBJECT },
		[Y_LICENSE] = { "_license", S_LICENSE, 4, STB_GLOBAL, STT_OBJECT },
	};
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };

	(void)state;
	sample_init(&b);
	/* A non-zero value, to tell st_value from the other fields. */
	b.symbols[Y_XDP_PROG].st_value = 8;
	eb_finish(&b);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf.nsymbols, Y_COUNT);
	assert_string_equal(elf.symbols[0].name, "");
	assert_int_equal(elf.symbols[0].shndx, SHN_UNDEF);
	for (uint32_t i = 1; i < Y_COUNT; i++) {
		const struct elf_symbol *s = &elf.symbols[i];
		assert_int_equal(s->index, i);
		assert_string_equal(s->name, want[i].name);
		assert_int_equal(s->shndx, want[i].shndx);
		assert_int_equal(s->size, want[i].size);
		assert_int_equal(s->bind, want[i].bind);
		assert_int_equal(s->type, want[i].type);
		assert_int_equal(s->visibility, STV_DEFAULT);
		assert_ptr_equal(elf_symbol_by_name(&elf, want[i].name, want[i].type), s);
		assert_ptr_equal(elf_symbol_in_section(&elf, want[i].shndx, want[i].name), s);
	}
	assert_int_equal(elf.symbols[Y_XDP_PROG].value, 8);
	/* Twice: by a scan, then through the name index (elf_symbols.c),
	 * which must find the very same symbols. */
	for (int indexed = 0; indexed < 2; indexed++) {
		if (indexed) {
			assert_null(elf.by_name);
			assert_int_equal(elf_index_symbol_names(&elf, &err), 0);
			assert_non_null(elf.by_name);
			assert_int_equal(elf.nnamed, Y_COUNT - 1);
		}
		for (uint32_t i = 1; i < Y_COUNT; i++) {
			const struct elf_symbol *s = &elf.symbols[i];
			assert_ptr_equal(elf_symbol_by_name(&elf, want[i].name, want[i].type), s);
			assert_ptr_equal(elf_symbol_in_section(&elf, want[i].shndx, want[i].name),
					 s);
		}
		/* the type and the section must match too */
		assert_null(elf_symbol_by_name(&elf, "counts", STT_FUNC));
		assert_null(elf_symbol_in_section(&elf, S_TEXT, "counts"));
		assert_null(elf_symbol_by_name(&elf, "nonexistent", STT_FUNC));
		/* the null symbol is no symbol */
		assert_null(elf_symbol_by_name(&elf, "", STT_NOTYPE));
		assert_null(elf_symbol_in_section(&elf, S_XDP, "nonexistent"));
	}
	elf_close(&elf);
	assert_null(elf.by_name);
	eb_free(&b);
}

/* An object whose names repeat (a static `x` in two sections, an `x` of
 * each type, an undefined `x`), share prefixes ("a", "ab", "abc") and
 * are missing (a section symbol), for the two indexes of elf_symbols.c. */
enum { N_A = 1, N_B, N_C, N_EMPTY };
static uint32_t names_build(struct elf_builder *b)
{
	static const uint8_t bytes[64];

	eb_init(b);
	assert_int_equal(eb_section(b, ".data.a", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, bytes,
				    sizeof(bytes)), N_A);
	assert_int_equal(eb_section(b, ".data.b", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, bytes,
				    sizeof(bytes)), N_B);
	assert_int_equal(eb_section(b, "xdp", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, bytes,
				    sizeof(bytes)), N_C);
	assert_int_equal(eb_section(b, ".rodata", SHT_PROGBITS, SHF_ALLOC, bytes,
				    sizeof(bytes)), N_EMPTY);
	eb_symbol(b, "x", SHN_UNDEF, 0, 0, STB_GLOBAL, STT_OBJECT);  /* 1 */
	eb_symbol(b, "x", N_A, 0, 8, STB_LOCAL, STT_OBJECT);        /* 2 */
	eb_symbol(b, "x", N_B, 0, 8, STB_LOCAL, STT_OBJECT);        /* 3 */
	eb_symbol(b, "x", N_C, 0, 8, STB_LOCAL, STT_FUNC);          /* 4 */
	eb_symbol(b, "x", N_B, 8, 8, STB_LOCAL, STT_FUNC);          /* 5 */
	eb_symbol(b, "abc", N_A, 8, 8, STB_LOCAL, STT_OBJECT);      /* 6 */
	eb_symbol(b, "a", N_C, 8, 8, STB_LOCAL, STT_FUNC);          /* 7 */
	eb_symbol(b, "ab", N_B, 16, 8, STB_LOCAL, STT_OBJECT);      /* 8 */
	eb_symbol(b, NULL, N_A, 0, 0, STB_LOCAL, STT_SECTION);      /* 9 */
	eb_symbol(b, "abs", SHN_ABS, 5, 0, STB_GLOBAL, STT_NOTYPE); /* 10 */
	eb_symbol(b, "ab", N_C, 16, 8, STB_GLOBAL, STT_FUNC);       /* 11 */
	eb_symbol(b, "b", N_A, 16, 8, STB_GLOBAL, STT_OBJECT);      /* 12 */
	eb_symbol(b, "common", SHN_COMMON, 8, 8, STB_GLOBAL, STT_OBJECT); /* 13 */
	eb_symbol(b, "ab", N_A, 24, 8, STB_GLOBAL, STT_OBJECT);     /* 14 */
	eb_finish(b);
	return 14;
}

static long index_of(const struct elf_symbol *s)
{
	return s ? (long)s->index : 0;
}

static void symbol_names_index_finds_what_a_scan_does(void **state)
{
	static const char *names[] = { "x", "a", "ab", "abc", "abcd", "aa", "", "b", "abs",
				       "common", "w", "y", "xx", "A" };
	static const uint8_t types[] = { STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION };
	enum { NN = sizeof(names) / sizeof(names[0]), NT = sizeof(types), NS = 8 };
	long by_name[NN][NT], in_section[NN][NS];
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };

	(void)state;
	names_build(&b);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_true(elf.nsections <= NS);
	assert_null(elf.by_name); /* elf_open() leaves the name index to its user */
	/* what a scan finds: the first in symbol-table order */
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "x", STT_OBJECT)), 2);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "x", STT_FUNC)), 4);
	assert_int_equal(index_of(elf_symbol_in_section(&elf, N_B, "x")), 3);
	assert_int_equal(index_of(elf_symbol_in_section(&elf, N_A, "ab")), 14);
	for (size_t n = 0; n < NN; n++) {
		for (size_t t = 0; t < NT; t++)
			by_name[n][t] = index_of(elf_symbol_by_name(&elf, names[n], types[t]));
		for (size_t s = 0; s < NS; s++)
			in_section[n][s] = index_of(elf_symbol_in_section(&elf, (uint32_t)s,
									  names[n]));
	}

	assert_int_equal(elf_index_symbol_names(&elf, &err), 0);
	assert_int_equal(elf.nnamed, 14);
	/* sorted by name, then by symbol index */
	for (size_t i = 1; i < elf.nnamed; i++) {
		int c = strcmp(elf.by_name[i - 1]->name, elf.by_name[i]->name);
		assert_true(c < 0 || (c == 0 && elf.by_name[i - 1]->index < elf.by_name[i]->index));
	}
	for (size_t n = 0; n < NN; n++) {
		for (size_t t = 0; t < NT; t++)
			if (index_of(elf_symbol_by_name(&elf, names[n], types[t])) != by_name[n][t])
				fail_msg("by name \"%s\" type %u: %ld, a scan found %ld", names[n],
					 types[t],
					 index_of(elf_symbol_by_name(&elf, names[n], types[t])),
					 by_name[n][t]);
		for (size_t s = 0; s < NS; s++)
			if (index_of(elf_symbol_in_section(&elf, (uint32_t)s, names[n])) !=
			    in_section[n][s])
				fail_msg("\"%s\" in section %zu: %ld, a scan found %ld", names[n], s,
					 index_of(elf_symbol_in_section(&elf, (uint32_t)s, names[n])),
					 in_section[n][s]);
	}
	/* the same answers, spelled out */
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "x", STT_OBJECT)), 2); /* not 1: undefined */
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "x", STT_FUNC)), 4);
	assert_int_equal(index_of(elf_symbol_in_section(&elf, N_A, "x")), 2);
	assert_int_equal(index_of(elf_symbol_in_section(&elf, N_B, "x")), 3);
	assert_int_equal(index_of(elf_symbol_in_section(&elf, N_C, "x")), 4);
	assert_int_equal(index_of(elf_symbol_in_section(&elf, N_EMPTY, "x")), 0);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "a", STT_FUNC)), 7);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "ab", STT_OBJECT)), 8);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "ab", STT_FUNC)), 11);
	assert_int_equal(index_of(elf_symbol_in_section(&elf, N_A, "ab")), 14);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "abc", STT_OBJECT)), 6);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "a", STT_OBJECT)), 0);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "abcd", STT_OBJECT)), 0);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "aa", STT_FUNC)), 0);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "", STT_SECTION)), 9);
	/* indexing again replaces the index (no leak under SANITIZE=1) */
	assert_int_equal(elf_index_symbol_names(&elf, &err), 0);
	assert_int_equal(index_of(elf_symbol_by_name(&elf, "x", STT_FUNC)), 4);
	elf_close(&elf);
	eb_free(&b);
}

static void section_symbols_in_symbol_order(void **state)
{
	static const uint32_t want_a[] = { 2, 6, 9, 12, 14 }, want_b[] = { 3, 5, 8 },
			      want_c[] = { 4, 7, 11 };
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };
	const uint32_t *syms;
	size_t n = 99;

	(void)state;
	names_build(&b);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	syms = elf_section_symbols(&elf, N_A, &n);
	assert_int_equal(n, 5);
	assert_memory_equal(syms, want_a, sizeof(want_a));
	syms = elf_section_symbols(&elf, N_B, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(syms, want_b, sizeof(want_b));
	syms = elf_section_symbols(&elf, N_C, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(syms, want_c, sizeof(want_c));
	/* no symbols: the section without any, the null section (undefined
	 * symbols are in none), the generated tables; SHN_ABS and SHN_COMMON
	 * symbols are in no section */
	n = 99;
	elf_section_symbols(&elf, N_EMPTY, &n);
	assert_int_equal(n, 0);
	n = 99;
	elf_section_symbols(&elf, 0, &n);
	assert_int_equal(n, 0);
	for (uint32_t s = N_EMPTY + 1; s < elf.nsections; s++) {
		n = 99;
		elf_section_symbols(&elf, s, &n);
		assert_int_equal(n, 0);
	}
	/* past the sections */
	n = 99;
	assert_null(elf_section_symbols(&elf, (uint32_t)elf.nsections, &n));
	assert_int_equal(n, 0);
	n = 99;
	assert_null(elf_section_symbols(&elf, 0xffffffffu, &n));
	assert_int_equal(n, 0);
	elf_close(&elf);
	/* a closed file has no sections */
	n = 99;
	assert_null(elf_section_symbols(&elf, N_A, &n));
	assert_int_equal(n, 0);
	eb_free(&b);
}

static void relocations_are_decoded(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *rels;
	size_t n;

	(void)state;
	sample_build(&b);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf_relocations(&elf, &elf.sections[S_RELXDP], &rels, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rels[0].offset, 0);
	assert_int_equal(rels[0].sym, Y_COUNTS);
	assert_int_equal(rels[0].type, R_BPF_64_64_);
	assert_int_equal(rels[1].offset, 16);
	assert_int_equal(rels[1].sym, Y_SUB);
	assert_int_equal(rels[1].type, R_BPF_64_32_);
	free(rels);
	elf_close(&elf);
	eb_free(&b);
}

/* An empty relocation section decodes to nothing, and allocates nothing. */
static void empty_relocation_section(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *rels = (void *)1;
	size_t n = 5;

	(void)state;
	sample_build(&b);
	eb_shdr(&b, S_RELXDP)->sh_size = 0;
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf_relocations(&elf, &elf.sections[S_RELXDP], &rels, &n, &err), 0);
	assert_null(rels);
	assert_int_equal(n, 0);
	elf_close(&elf);
	eb_free(&b);
}

/* e_shstrndx 0: the file is fine, its sections simply have no names. */
static void no_section_names(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };

	(void)state;
	sample_init(&b);
	b.no_names = 1;
	eb_finish(&b);
	assert_int_equal(eb_ehdr(&b)->e_shstrndx, 0);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf_check_bpf_object(&elf, &err), 0);
	for (size_t i = 0; i < elf.nsections; i++)
		assert_string_equal(elf.sections[i].name, "");
	assert_null(elf_section_by_name(&elf, "xdp"));
	assert_int_equal(elf.sections[S_XDP].size, SAMPLE_XDP_SIZE);
	assert_string_equal(elf.symbols[Y_XDP_PROG].name, "xdp_prog");
	elf_close(&elf);
	eb_free(&b);
}

/* The escape for 0xff00 sections or more: counts in section 0. */
static void extended_section_numbering(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };

	(void)state;
	sample_init(&b);
	b.extended = 1;
	eb_finish(&b);
	assert_int_equal(eb_ehdr(&b)->e_shnum, 0);
	assert_int_equal(eb_ehdr(&b)->e_shstrndx, SHN_XINDEX);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf.nsections, b.nsections);
	assert_ptr_equal(elf_section_by_name(&elf, "maps"), &elf.sections[S_MAPS]);
	assert_string_equal(elf.sections[b.shstrtab].name, ".shstrtab");
	elf_close(&elf);

	/* Section 0 counting more sections than the file holds. */
	eb_shdr(&b, 0)->sh_size = 1000000;
	expect_error(b.out, b.size, "1000000 section headers", "cannot fit", NULL);
	eb_shdr(&b, 0)->sh_size = b.nsections;
	eb_shdr(&b, 0)->sh_link = 500;
	expect_error(b.out, b.size, "section-name table index 500", "out of range", NULL);
	eb_free(&b);
}

/* No section header table at all (e_shoff 0): nothing to index. */
static void no_section_table(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };

	(void)state;
	sample_build(&b);
	eb_ehdr(&b)->e_shoff = 0;
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf.nsections, 0);
	assert_null(elf.symtab);
	assert_null(elf_section_by_name(&elf, "xdp"));
	assert_int_equal(elf_check_bpf_object(&elf, &err), -1);
	assert_non_null(strstr(err.msg, "no symbol table"));
	elf_close(&elf);
	eb_free(&b);
}

/* Executables and shared libraries: program headers (for uprobes). */
static void program_headers(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };

	(void)state;
	sample_init(&b);
	b.type = ET_DYN;
	b.machine = EM_X86_64;
	b.phdrs[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
				   .p_offset = 0, .p_vaddr = 0x1000, .p_filesz = 0x80,
				   .p_memsz = 0x90 };
	b.phdrs[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_flags = PF_R };
	b.nphdrs = 2;
	eb_finish(&b);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf.type, ET_DYN);
	assert_int_equal(elf.nsegments, 2);
	assert_int_equal(elf.segments[0].type, PT_LOAD);
	assert_int_equal(elf.segments[0].flags, PF_R | PF_X);
	assert_int_equal(elf.segments[0].vaddr, 0x1000);
	assert_int_equal(elf.segments[0].filesz, 0x80);
	assert_int_equal(elf.segments[0].memsz, 0x90);
	assert_int_equal(elf.segments[1].type, PT_NOTE);
	/* The reader takes it; only the BPF check refuses it. */
	assert_int_equal(elf_check_bpf_object(&elf, &err), -1);
	assert_non_null(strstr(err.msg, "not a relocatable object"));
	elf_close(&elf);
	eb_free(&b);
}

/* A shared library as a uprobe sees it: functions at virtual addresses,
 * mapped from the file by PT_LOAD segments (elf_function_file_offset). */
static void function_file_offsets(void **state)
{
	static const uint8_t code[0x40];
	struct elf_builder b;
	struct rb_error err = { 0 };
	uint64_t offset = 0;
	uint32_t text;

	(void)state;
	eb_init(&b);
	b.type = ET_DYN;
	b.machine = EM_X86_64;
	text = eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, code,
			  sizeof(code));
	eb_symbol(&b, "in_first", text, 0x1010, 8, STB_GLOBAL, STT_FUNC);
	eb_symbol(&b, "in_second", text, 0x5008, 8, STB_GLOBAL, STT_FUNC);
	eb_symbol(&b, "nowhere", text, 0x9000, 8, STB_GLOBAL, STT_FUNC);
	eb_symbol(&b, "a_variable", text, 0x1020, 8, STB_GLOBAL, STT_OBJECT);
	eb_symbol(&b, "imported", SHN_UNDEF, 0, 0, STB_GLOBAL, STT_FUNC);
	eb_symbol(&b, "strlen", text, 0x1030, 8, STB_GLOBAL, STT_GNU_IFUNC);
	eb_symbol(&b, "__strlen_avx2", text, 0x1038, 8, STB_LOCAL, STT_FUNC);
	eb_symbol(&b, "__strlen_sse2", text, 0x1040, 8, STB_LOCAL, STT_FUNC);
	eb_symbol(&b, "memchr", text, 0x1048, 8, STB_GLOBAL, STT_GNU_IFUNC);
	/* file 0x0..0x200 at 0x1000, and file 0x400.. at 0x5000 (memsz past filesz) */
	b.phdrs[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0, .p_vaddr = 0x1000,
				   .p_filesz = 0x200, .p_memsz = 0x200 };
	b.phdrs[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x300, .p_vaddr = 0x9000,
				   .p_filesz = 0x10, .p_memsz = 0x10 };
	b.phdrs[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x400, .p_vaddr = 0x5000,
				   .p_filesz = 0x8, .p_memsz = 0x100 };
	b.nphdrs = 3;
	eb_finish(&b);

	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "in_first", &offset,
						  &err), 0);
	assert_int_equal(offset, 0x10);
	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "in_second", &offset,
						  &err), 0);
	assert_int_equal(offset, 0x408);
	/* Only a loaded segment maps code: a PT_NOTE at the address does not. */
	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "nowhere", &offset,
						  &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_string_equal(err.msg, "lib.so: nowhere (0x9000) is in no loaded segment");
	/* A variable is not a function, nor is a function the library imports. */
	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "a_variable", &offset,
						  &err), -1);
	assert_string_equal(err.msg, "lib.so has no function a_variable in .symtab");
	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "imported", &offset,
						  &err), -1);
	assert_string_equal(err.msg, "lib.so has no function imported in .symtab");
	/* An IFUNC's address is its resolver: refused, naming the
	 * implementations the symbol table has, or how glibc names them. */
	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "strlen", &offset,
						  &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "lib.so: strlen is an IFUNC (STT_GNU_IFUNC)"));
	assert_non_null(strstr(err.msg, "probe an implementation instead: __strlen_avx2, "
				       "__strlen_sse2"));
	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "memchr", &offset,
						  &err), -1);
	assert_non_null(strstr(err.msg, "memchr is an IFUNC"));
	assert_non_null(strstr(err.msg, "like __memchr_avx2 and __memchr_sse2), but .symtab "
				       "lists none"));
	/* What is not ELF says so, under the caller's name for it. */
	assert_int_equal(elf_function_file_offset("lib.so", code, sizeof(code), "in_first",
						  &offset, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "lib.so: "));
	eb_free(&b);

	/* Stripped of .symtab (and with no .dynsym): nothing to look in. */
	eb_init(&b);
	b.type = ET_DYN;
	b.machine = EM_X86_64;
	b.no_symtab = 1;
	eb_section(&b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, code, sizeof(code));
	eb_finish(&b);
	assert_int_equal(elf_function_file_offset("lib.so", b.out, b.size, "in_first", &offset,
						  &err), -1);
	assert_string_equal(err.msg, "lib.so has no function in_first in its symbol tables "
				     "(none: stripped?)");
	eb_free(&b);
}

/* elf_read(), elf_section_read(), elf_string(), elf_bounds_check(). */
static void bounded_reads(void **state)
{
	struct elf_builder b;
	struct elf_file elf;
	struct rb_error err = { 0 };
	uint32_t word = 0;
	uint8_t bytes[16];
	const char *s;

	(void)state;
	sample_build(&b);
	assert_int_equal(elf_open(&elf, "t.o", b.out, b.size, &err), 0);
	assert_int_equal(elf_section_read(&elf, &elf.sections[S_MAPS], 8, 4, &word, &err), 0);
	assert_int_equal(word, 8); /* value_size */
	assert_int_equal(elf_section_read(&elf, &elf.sections[S_MAPS], 16, 4, &word, &err), 0);
	assert_int_equal(elf_section_read(&elf, &elf.sections[S_MAPS], 17, 4, &word, &err), -1);
	assert_non_null(strstr(err.msg, "t.o: section maps (index 3): offset 0x11 + 4 bytes is past the end (size 0x14)"));
	assert_int_equal(elf_section_read(&elf, &elf.sections[S_MAPS], UINT64_MAX, 2, &word, &err), -1);
	assert_int_equal(elf_section_read(&elf, &elf.sections[S_MAPS], 4, UINT64_MAX, &word, &err), -1);
	assert_int_equal(elf_section_read(&elf, &elf.sections[S_BSS], 0, 4, &word, &err), -1);
	assert_non_null(strstr(err.msg, "section .bss (index 5) has no bytes in the file"));
	assert_int_equal(elf_section_read(&elf, &elf.sections[S_BSS], 0, 0, &word, &err), 0);

	assert_int_equal(elf_read(&elf, "the header", 0, 16, bytes, &err), 0);
	assert_memory_equal(bytes, ELFMAG, SELFMAG);
	assert_int_equal(elf_read(&elf, "the end", b.size, 0, bytes, &err), 0);
	assert_int_equal(elf_read(&elf, "the end", b.size - 1, 2, bytes, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "t.o: the end (in the file): offset"));
	assert_int_equal(elf_bounds_check(&elf, "r", 10, 10, 0, &err), 0);
	assert_int_equal(elf_bounds_check(&elf, "r", 10, 11, 0, &err), -1);
	assert_int_equal(elf_bounds_check(&elf, "r", 10, 8, UINT64_MAX - 4, &err), -1);

	assert_int_equal(elf_string(&elf, &elf.sections[b.strtab], 1, &s, &err), 0);
	assert_string_equal(s, "sub");
	assert_int_equal(elf_string(&elf, &elf.sections[S_MAPS], 0, &s, &err), -1);
	assert_non_null(strstr(err.msg, "section 3 (maps) is used as a string table but is not one"));
	elf_close(&elf);
	eb_free(&b);
}

/* A NULL path must not reach printf's %s. */
static void null_path(void **state)
{
	struct elf_file elf;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(elf_open(&elf, NULL, (const uint8_t *)"", 0, &err), -1);
	assert_non_null(strstr(err.msg, "empty"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sections_are_indexed),
		cmocka_unit_test(symbols_are_indexed),
		cmocka_unit_test(symbol_names_index_finds_what_a_scan_does),
		cmocka_unit_test(section_symbols_in_symbol_order),
		cmocka_unit_test(relocations_are_decoded),
		cmocka_unit_test(empty_relocation_section),
		cmocka_unit_test(no_section_names),
		cmocka_unit_test(extended_section_numbering),
		cmocka_unit_test(no_section_table),
		cmocka_unit_test(program_headers),
		cmocka_unit_test(function_file_offsets),
		cmocka_unit_test(bounded_reads),
		cmocka_unit_test(null_path),
		/* tests/unit/elf/broken_headers.c */
		cmocka_unit_test(empty_and_not_elf),
		cmocka_unit_test(truncated_header),
		cmocka_unit_test(wrong_class_and_byte_order),
		cmocka_unit_test(wrong_type_and_machine),
		cmocka_unit_test(bad_section_header_table),
		cmocka_unit_test(bad_section_name_table),
		cmocka_unit_test(bad_program_header_table),
		/* tests/unit/elf/broken_sections.c */
		cmocka_unit_test(section_bytes_past_the_end),
		cmocka_unit_test(overlapping_sections),
		cmocka_unit_test(bad_section_names),
		cmocka_unit_test(bad_symbol_table),
		cmocka_unit_test(bad_symbols),
		cmocka_unit_test(missing_symbol_table),
		cmocka_unit_test(bad_relocation_sections),
		cmocka_unit_test(bad_relocations),
		cmocka_unit_test(data_relocations),
		/* tests/unit/elf/broken_objects.c */
		cmocka_unit_test(legacy_map_definition_sizes),
		cmocka_unit_test(legacy_map_symbols_inside_the_section),
		cmocka_unit_test(relocation_against_null_symbol),
		cmocka_unit_test(relocation_section_targets),
		cmocka_unit_test(unknown_type_override),
		/* tests/unit/elf/sweep.c */
		cmocka_unit_test(sweep_truncations),
		cmocka_unit_test(sweep_header_corruptions),
		cmocka_unit_test(sweep_table_corruptions),
		cmocka_unit_test(sweep_clang_object),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
