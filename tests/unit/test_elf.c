/* The ELF reader on a real object and on objects broken one way each.
 *
 * The valid base is build/progs/count_syscalls.bpf.o (built by make before
 * the unit tests run). Each test copies it, breaks one thing, and checks
 * the error names the problem. The sweeps at the end feed every truncation
 * and thousands of single-byte corruptions through the whole pure open path
 * (ELF reader + object model): each must succeed or fail with a message,
 * never crash (run them under SANITIZE=1 too). */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/rawbpf.h"

static uint8_t *base;
static size_t base_size;

static int load_base(void **state)
{
	const char *build = getenv("BUILD");
	char path[512];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/progs/count_syscalls.bpf.o", build && *build ? build : "build");
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s: run make first\n", path);
		return -1;
	}
	base = malloc(1 << 20);
	base_size = fread(base, 1, 1 << 20, f);
	fclose(f);
	return base_size > sizeof(Elf64_Ehdr) ? 0 : -1;
}

static int free_base(void **state)
{
	(void)state;
	free(base);
	return 0;
}

static uint8_t *copy_base(void)
{
	uint8_t *c = malloc(base_size);
	memcpy(c, base, base_size);
	return c;
}

static Elf64_Ehdr *ehdr(uint8_t *b) { return (Elf64_Ehdr *)b; }
static Elf64_Shdr *shdr(uint8_t *b, size_t i) { return (Elf64_Shdr *)(b + ehdr(b)->e_shoff) + i; }

static size_t section_index(uint8_t *b, const char *name)
{
	const char *names = (const char *)b + shdr(b, ehdr(b)->e_shstrndx)->sh_offset;

	for (size_t i = 1; i < ehdr(b)->e_shnum; i++)
		if (strcmp(names + shdr(b, i)->sh_name, name) == 0)
			return i;
	fail_msg("no section %s", name);
	return 0;
}

/* elf_open must fail, and its message must contain `needle`. */
static void expect_elf_error(const uint8_t *data, size_t size, const char *needle)
{
	struct elf_file elf;
	struct rb_error err = { 0 };

	if (elf_open(&elf, "t.o", data, size, &err) == 0) {
		int ok = elf_check_bpf_object(&elf, &err);
		elf_close(&elf);
		if (ok == 0)
			fail_msg("expected an error containing \"%s\"", needle);
	}
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err.msg, needle);
	assert_non_null(strstr(err.msg, "t.o"));
}

/* ---- a valid object ---------------------------------------------------- */

static void valid_object_is_indexed(void **state)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	const struct elf_section *maps, *prog;
	const struct elf_symbol *sym;

	(void)state;
	assert_int_equal(elf_open(&elf, "t.o", base, base_size, &err), 0);
	assert_int_equal(elf_check_bpf_object(&elf, &err), 0);
	maps = elf_section_by_name(&elf, "maps");
	prog = elf_section_by_name(&elf, "tracepoint/raw_syscalls/sys_enter");
	assert_non_null(maps);
	assert_non_null(prog);
	assert_int_equal(maps->size, 20);
	assert_true(prog->flags & SHF_EXECINSTR);
	assert_int_equal(prog->size % 8, 0);
	sym = elf_symbol_by_name(&elf, "count_syscalls");
	assert_non_null(sym);
	assert_int_equal(sym->shndx, prog->index);
	assert_int_equal(sym->type, STT_FUNC);
	assert_int_equal(sym->bind, STB_GLOBAL);
	sym = elf_symbol_by_name(&elf, "syscalls");
	assert_non_null(sym);
	assert_int_equal(sym->shndx, maps->index);
	assert_null(elf_section_by_name(&elf, "nonexistent"));
	elf_close(&elf);
}

static void relocations_are_decoded(void **state)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *rels;
	size_t n;
	const struct elf_section *rel;

	(void)state;
	assert_int_equal(elf_open(&elf, "t.o", base, base_size, &err), 0);
	rel = elf_section_by_name(&elf, ".reltracepoint/raw_syscalls/sys_enter");
	assert_non_null(rel);
	assert_int_equal(elf_relocations(&elf, rel, &rels, &n, &err), 0);
	assert_int_equal(n, 2); /* lookup and update both name the map */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rels[i].type, R_BPF_64_64_);
		assert_string_equal(elf.symbols[rels[i].sym].name, "syscalls");
		assert_int_equal(rels[i].offset % 8, 0);
	}
	free(rels);
	elf_close(&elf);
}

/* ---- broken headers ---------------------------------------------------- */

static void empty_and_not_elf(void **state)
{
	uint8_t junk[100] = "this is not an object";

	(void)state;
	expect_elf_error(base, 0, "empty");
	expect_elf_error(junk, sizeof(junk), "not an ELF file");
}

static void truncated_header_at_every_length(void **state)
{
	(void)state;
	for (size_t n = 4; n < sizeof(Elf64_Ehdr); n++)
		expect_elf_error(base, n, "truncated");
}

static void wrong_class_and_byte_order(void **state)
{
	uint8_t *b = copy_base();

	(void)state;
	b[EI_CLASS] = ELFCLASS32;
	expect_elf_error(b, base_size, "64-bit");
	b[EI_CLASS] = ELFCLASS64;
	b[EI_DATA] = ELFDATA2MSB;
	expect_elf_error(b, base_size, "big-endian");
	b[EI_DATA] = 7;
	expect_elf_error(b, base_size, "byte order");
	free(b);
}

static void wrong_type_and_machine(void **state)
{
	uint8_t *b = copy_base();

	(void)state;
	ehdr(b)->e_type = ET_EXEC;
	expect_elf_error(b, base_size, "not a relocatable object");
	ehdr(b)->e_type = ET_REL;
	ehdr(b)->e_machine = EM_X86_64;
	expect_elf_error(b, base_size, "not a BPF object");
	free(b);
}

static void bad_section_table(void **state)
{
	uint8_t *b = copy_base();
	Elf64_Ehdr saved = *ehdr(b);

	(void)state;
	ehdr(b)->e_shentsize = 32;
	expect_elf_error(b, base_size, "e_shentsize");
	*ehdr(b) = saved;
	ehdr(b)->e_shoff = base_size - 64;
	expect_elf_error(b, base_size, "section header table");
	ehdr(b)->e_shoff = UINT64_MAX - 8; /* offset + size would overflow */
	expect_elf_error(b, base_size, "past the end");
	*ehdr(b) = saved;
	ehdr(b)->e_shnum = 60000;
	expect_elf_error(b, base_size, "cannot fit");
	*ehdr(b) = saved;
	ehdr(b)->e_shstrndx = saved.e_shnum + 3;
	expect_elf_error(b, base_size, "section-name table index");
	free(b);
}

/* ---- broken sections --------------------------------------------------- */

static void section_bytes_past_the_end(void **state)
{
	uint8_t *b = copy_base();
	size_t i = section_index(b, "maps");

	(void)state;
	shdr(b, i)->sh_offset = base_size - 4;
	expect_elf_error(b, base_size, "past the end");
	shdr(b, i)->sh_offset = UINT64_MAX - 2; /* offset + size overflows */
	expect_elf_error(b, base_size, "past the end");
	free(b);
}

static void overlapping_sections(void **state)
{
	uint8_t *b = copy_base();
	size_t maps = section_index(b, "maps"), lic = section_index(b, "license");

	(void)state;
	shdr(b, lic)->sh_offset = shdr(b, maps)->sh_offset + 2;
	expect_elf_error(b, base_size, "overlap");
	free(b);
}

static void section_names(void **state)
{
	uint8_t *b = copy_base();
	size_t strtab = ehdr(b)->e_shstrndx, maps = section_index(b, "maps");

	(void)state;
	shdr(b, maps)->sh_name = (Elf64_Word)shdr(b, strtab)->sh_size + 10;
	expect_elf_error(b, base_size, "past the end of string table");
	free(b);
	b = copy_base();
	/* a name table whose last byte is not NUL: the last name runs off */
	b[shdr(b, strtab)->sh_offset + shdr(b, strtab)->sh_size - 1] = 'x';
	expect_elf_error(b, base_size, "not NUL-terminated");
	free(b);
}

static void symbol_table(void **state)
{
	uint8_t *b = copy_base();
	size_t symtab = section_index(b, ".symtab");
	Elf64_Sym *syms = (Elf64_Sym *)(b + shdr(b, symtab)->sh_offset);

	(void)state;
	shdr(b, symtab)->sh_entsize = 16;
	expect_elf_error(b, base_size, "entry size");
	shdr(b, symtab)->sh_entsize = sizeof(Elf64_Sym);
	shdr(b, symtab)->sh_link = 999;
	expect_elf_error(b, base_size, "string table index");
	free(b);

	b = copy_base();
	syms = (Elf64_Sym *)(b + shdr(b, symtab)->sh_offset);
	syms[2].st_name = 0x7fffffff;
	expect_elf_error(b, base_size, "string offset");
	free(b);

	b = copy_base();
	syms = (Elf64_Sym *)(b + shdr(b, symtab)->sh_offset);
	syms[2].st_shndx = 4000;
	expect_elf_error(b, base_size, "sections");
	free(b);

	b = copy_base();
	shdr(b, symtab)->sh_type = SHT_PROGBITS; /* no symbol table at all */
	expect_elf_error(b, base_size, "no symbol table");
	free(b);
}

static void broken_relocations(void **state)
{
	uint8_t *b = copy_base();
	size_t reli = section_index(b, ".reltracepoint/raw_syscalls/sys_enter");
	Elf64_Rel *rel = (Elf64_Rel *)(b + shdr(b, reli)->sh_offset);
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *out;
	size_t n;

	(void)state;
	rel[0].r_info = ELF64_R_INFO(5000, R_BPF_64_64_);
	assert_int_equal(elf_open(&elf, "t.o", b, base_size, &err), 0);
	assert_int_equal(elf_relocations(&elf, &elf.sections[reli], &out, &n, &err), -1);
	assert_non_null(strstr(err.msg, "symbol index 5000 is out of range"));
	elf_close(&elf);

	memcpy(b, base, base_size);
	rel[0].r_offset = 1 << 20;
	assert_int_equal(elf_open(&elf, "t.o", b, base_size, &err), 0);
	assert_int_equal(elf_relocations(&elf, &elf.sections[reli], &out, &n, &err), -1);
	assert_non_null(strstr(err.msg, "outside section"));
	elf_close(&elf);

	memcpy(b, base, base_size);
	shdr(b, reli)->sh_info = 900;
	assert_int_equal(elf_open(&elf, "t.o", b, base_size, &err), 0);
	assert_int_equal(elf_relocations(&elf, &elf.sections[reli], &out, &n, &err), -1);
	assert_non_null(strstr(err.msg, "does not exist"));
	elf_close(&elf);
	free(b);
}

/* ---- sweeps: never crash ------------------------------------------------ */

/* The whole pure path: ELF, programs, maps, relocations. */
static void open_must_not_crash(const uint8_t *data, size_t size)
{
	struct rb_object *obj = NULL;
	struct rb_error err = { 0 };

	if (rb_object_open_buffer(&obj, "t.o", data, size, NULL, &err) == 0) {
		rb_object_close(obj);
		return;
	}
	assert_null(obj);
	assert_true(err.msg[0] != '\0');
	assert_int_not_equal(err.kind, RB_ERR_NONE);
}

static void every_truncation(void **state)
{
	(void)state;
	for (size_t n = 0; n <= base_size; n++)
		open_must_not_crash(base, n);
}

static void corrupt_header_and_section_table(void **state)
{
	uint8_t *b = copy_base();
	size_t shoff = ehdr(base)->e_shoff, table = ehdr(base)->e_shnum * sizeof(Elf64_Shdr);
	static const uint8_t values[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };

	(void)state;
	for (size_t i = 0; i < sizeof(Elf64_Ehdr) + table; i++) {
		size_t at = i < sizeof(Elf64_Ehdr) ? i : shoff + (i - sizeof(Elf64_Ehdr));
		for (size_t v = 0; v < sizeof(values); v++) {
			b[at] = values[v];
			open_must_not_crash(b, base_size);
		}
		b[at] = base[at];
	}
	free(b);
}

static void corrupt_symbols_relocations_and_code(void **state)
{
	uint8_t *b = copy_base();
	const char *names[] = { ".symtab", ".reltracepoint/raw_syscalls/sys_enter",
				"tracepoint/raw_syscalls/sys_enter", "maps", ".strtab",
				".BTF", ".BTF.ext" };

	(void)state;
	for (size_t s = 0; s < sizeof(names) / sizeof(names[0]); s++) {
		Elf64_Shdr *sh = shdr(b, section_index(b, names[s]));
		for (size_t i = 0; i < sh->sh_size; i++) {
			size_t at = sh->sh_offset + i;
			b[at] ^= 0xff;
			open_must_not_crash(b, base_size);
			b[at] = base[at];
		}
	}
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_object_is_indexed),
		cmocka_unit_test(relocations_are_decoded),
		cmocka_unit_test(empty_and_not_elf),
		cmocka_unit_test(truncated_header_at_every_length),
		cmocka_unit_test(wrong_class_and_byte_order),
		cmocka_unit_test(wrong_type_and_machine),
		cmocka_unit_test(bad_section_table),
		cmocka_unit_test(section_bytes_past_the_end),
		cmocka_unit_test(overlapping_sections),
		cmocka_unit_test(section_names),
		cmocka_unit_test(symbol_table),
		cmocka_unit_test(broken_relocations),
		cmocka_unit_test(every_truncation),
		cmocka_unit_test(corrupt_header_and_section_table),
		cmocka_unit_test(corrupt_symbols_relocations_and_code),
	};
	return cmocka_run_group_tests(tests, load_base, free_base);
}
