/* Systematic damage: every truncation of an object, and every single-byte
 * corruption of its headers and tables, fed to the reader and to the whole
 * pure open path (rb_object_open_buffer(): ELF, programs, maps, BTF,
 * relocations). Each must be accepted or refused with a message; a crash,
 * or under SANITIZE=1 any out-of-bounds read or undefined behaviour, fails.
 * Every input is a malloc()ed copy of exactly its size, so AddressSanitizer
 * sees a read one byte past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"
#include "loader/open/object.h"

/* Use everything elf_open() handed out, so that a pointer or size it
 * should not have accepted is read here, under the sanitizer. */
static void use_everything(const struct elf_file *elf)
{
	struct rb_error err = { 0 };
	unsigned sum = 0;

	for (size_t i = 0; i < elf->nsections; i++) {
		const struct elf_section *s = &elf->sections[i];
		struct elf_relocation *rels;
		size_t n;

		sum += (unsigned)strlen(s->name);
		for (uint64_t j = 0; s->data && j < s->size; j++)
			sum += s->data[j];
		if (s->type == SHT_REL && elf_relocations(elf, s, &rels, &n, &err) == 0)
			free(rels);
		else if (s->type == SHT_REL)
			assert_true(err.msg[0] != '\0');
	}
	for (size_t i = 0; i < elf->nsymbols; i++)
		sum += (unsigned)strlen(elf->symbols[i].name);
	elf_check_bpf_object(elf, &err);
	(void)sum;
}

static void must_not_crash(const uint8_t *data, size_t size)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct rb_object *obj = NULL;
	uint8_t *copy;

	if (open_copy(&elf, data, size, &copy, &err) == 0) {
		use_everything(&elf);
		elf_close(&elf);
	} else {
		assert_int_equal(err.kind, RB_ERR_INPUT);
		assert_non_null(strstr(err.msg, "t.o: "));
		assert_null(elf.sections);
		assert_null(elf.symbols);
		assert_null(elf.segments);
	}
	err = (struct rb_error){ 0 };
	if (rb_object_open_buffer(&obj, "t.o", copy, size, NULL, &err) == 0) {
		rb_object_close(obj);
	} else {
		assert_null(obj);
		assert_true(err.msg[0] != '\0');
		assert_int_not_equal(err.kind, RB_ERR_NONE);
	}
	free(copy);
}

static void truncate_all(const uint8_t *data, size_t size)
{
	for (size_t n = 0; n <= size; n++)
		must_not_crash(data, n);
}

/* Set each byte of [from, to) to each of a few telling values in turn. */
static void corrupt_range(uint8_t *data, size_t size, size_t from, size_t to)
{
	static const uint8_t values[] = { 0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff };

	for (size_t at = from; at < to && at < size; at++) {
		uint8_t saved = data[at];

		for (size_t v = 0; v < sizeof(values); v++) {
			data[at] = values[v];
			must_not_crash(data, size);
		}
		data[at] = saved ^ 0x10; /* near the valid value: a small offset or count */
		must_not_crash(data, size);
		data[at] = saved;
	}
}

/* The ELF header, the program headers and the section header table. */
static void corrupt_headers(uint8_t *data, size_t size)
{
	Elf64_Ehdr eh;

	memcpy(&eh, data, sizeof(eh));
	corrupt_range(data, size, 0, sizeof(eh) + eh.e_phnum * sizeof(Elf64_Phdr));
	corrupt_range(data, size, eh.e_shoff, size);
}

/* The samples: plain, with extended numbering, with program headers. */
static void build_variant(struct elf_builder *b, int variant)
{
	sample_init(b);
	b->extended = variant == 1;
	if (variant == 2) {
		b->type = ET_DYN;
		b->nphdrs = 2;
		b->phdrs[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_filesz = 64 };
		b->phdrs[1] = (Elf64_Phdr){ .p_type = PT_DYNAMIC };
	}
	eb_finish(b);
}

void sweep_truncations(void **state)
{
	struct elf_builder b;

	(void)state;
	for (int variant = 0; variant < 3; variant++) {
		build_variant(&b, variant);
		truncate_all(b.out, b.size);
		eb_free(&b);
	}
}

void sweep_header_corruptions(void **state)
{
	struct elf_builder b;

	(void)state;
	for (int variant = 0; variant < 3; variant++) {
		build_variant(&b, variant);
		corrupt_headers(b.out, b.size);
		eb_free(&b);
	}
}

/* Every byte of every section: code, maps, symbols, strings, relocations. */
void sweep_table_corruptions(void **state)
{
	struct elf_builder b;
	struct rb_object *obj;
	struct rb_error err = { 0 };

	(void)state;
	sample_build(&b);
	/* Only an object the open path takes undamaged leads it past the ELF
	 * reader into programs, maps and relocations. */
	if (rb_object_open_buffer(&obj, "t.o", b.out, b.size, NULL, &err))
		fail_msg("the sample object is refused: %s", err.msg);
	assert_int_equal(obj->program_count, 1);
	rb_object_close(obj);
	for (uint32_t i = 1; i < b.nsections; i++)
		if (b.sections[i].type != SHT_NOBITS)
			corrupt_range(b.out, b.size, b.offsets[i],
				      b.offsets[i] + b.sections[i].size);
	eb_free(&b);
}

static uint8_t *read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;

	if (!f)
		return NULL;
	data = malloc(1 << 20);
	assert_non_null(data);
	*size = fread(data, 1, 1 << 20, f);
	fclose(f);
	return data;
}

/* The same on a real clang object, when make has built one (it needs
 * clang, which these tests must not): its .BTF and .BTF.ext too. */
void sweep_clang_object(void **state)
{
	static const char *const names[] = {
		".symtab", ".strtab", ".reltracepoint/raw_syscalls/sys_enter",
		"maps", ".BTF", ".BTF.ext", ".rel.BTF.ext",
	};
	const char *build = getenv("BUILD");
	char path[512];
	struct elf_file elf;
	struct rb_error err = { 0 };
	uint8_t *data;
	size_t size = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/progs/count_syscalls.bpf.o",
		 build && *build ? build : "build");
	data = read_whole(path, &size);
	if (!data)
		data = read_whole("build/progs/count_syscalls.bpf.o", &size);
	if (!data) {
		print_message("no %s (needs clang and make): skipped\n", path);
		skip();
	}
	assert_int_equal(elf_open(&elf, "t.o", data, size, &err), 0);
	truncate_all(data, size);
	corrupt_headers(data, size);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct elf_section *s = elf_section_by_name(&elf, names[i]);
		assert_non_null(s);
		corrupt_range(data, size, s->offset, s->offset + s->size);
	}
	elf_close(&elf);
	free(data);
}
