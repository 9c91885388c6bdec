/* The sample object and the error checks shared by the ELF tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"

/* Instructions as bytes: code, dst|src<<4, off (2), imm (4). */
static const uint8_t xdp_insns[SAMPLE_XDP_SIZE] = {
	0x18, 0x01, 0, 0, 0, 0, 0, 0, /* r1 = counts ll (relocated) */
	0x00, 0x00, 0, 0, 0, 0, 0, 0,
	0x85, 0x10, 0, 0, 0xff, 0xff, 0xff, 0xff, /* call sub (pc-relative) */
	0x95, 0x00, 0, 0, 0, 0, 0, 0, /* exit */
};
static const uint8_t text_insns[SAMPLE_TEXT_SIZE] = {
	0xb7, 0x00, 0, 0, 1, 0, 0, 0, /* r0 = 1 */
	0x95, 0x00, 0, 0, 0, 0, 0, 0, /* exit */
};
/* struct bpf_map_def: type BPF_MAP_TYPE_HASH, key 4, value 8, 16 entries. */
static const uint32_t maps[SAMPLE_MAPS_SIZE / 4] = { 1, 4, 8, 16, 0 };
static const char license[] = "GPL";

void sample_init(struct elf_builder *b)
{
	eb_init(b);
	eb_section(b, "xdp", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, xdp_insns,
		   sizeof(xdp_insns));
	eb_section(b, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text_insns,
		   sizeof(text_insns));
	eb_section(b, "maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, maps, sizeof(maps));
	eb_section(b, "license", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, license,
		   sizeof(license));
	eb_section(b, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, NULL, SAMPLE_BSS_SIZE);
	eb_symbol(b, "sub", S_TEXT, 0, SAMPLE_TEXT_SIZE, STB_LOCAL, STT_FUNC);
	eb_symbol(b, "counts", S_MAPS, 0, SAMPLE_MAPS_SIZE, STB_GLOBAL, STT_OBJECT);
	eb_symbol(b, "xdp_prog", S_XDP, 0, SAMPLE_XDP_SIZE, STB_GLOBAL, STT_FUNC);
	eb_symbol(b, "total", S_BSS, 0, SAMPLE_BSS_SIZE, STB_GLOBAL, STT_OBJECT);
	eb_symbol(b, "_license", S_LICENSE, 0, sizeof(license), STB_GLOBAL, STT_OBJECT);
	eb_reloc(b, S_XDP, 0, Y_COUNTS, R_BPF_64_64_);
	eb_reloc(b, S_XDP, 16, Y_SUB, R_BPF_64_32_);
}

void sample_build(struct elf_builder *b)
{
	sample_init(b);
	eb_finish(b);
	assert_int_equal(b->rel_of[S_XDP], S_RELXDP);
}

int open_copy(struct elf_file *elf, const uint8_t *data, size_t size,
	      uint8_t **copy, struct rb_error *err)
{
	/* malloc(0) may return NULL; one spare byte is never handed over. */
	*copy = malloc(size ? size : 1);
	assert_non_null(*copy);
	if (size)
		memcpy(*copy, data, size);
	return elf_open(elf, "t.o", *copy, size, err);
}

static void expect_message(const struct rb_error *err, va_list ap)
{
	const char *needle;

	assert_int_equal(err->kind, RB_ERR_INPUT);
	if (!strstr(err->msg, "t.o"))
		fail_msg("error \"%s\" does not name the file", err->msg);
	while ((needle = va_arg(ap, const char *)))
		if (!strstr(err->msg, needle))
			fail_msg("error \"%s\" does not contain \"%s\"", err->msg, needle);
}

void expect_error(const uint8_t *data, size_t size, ...)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	uint8_t *copy;
	va_list ap;

	if (open_copy(&elf, data, size, &copy, &err) == 0) {
		int ret = elf_check_bpf_object(&elf, &err);
		elf_close(&elf);
		if (ret == 0)
			fail_msg("the object was accepted");
	}
	free(copy);
	va_start(ap, size);
	expect_message(&err, ap);
	va_end(ap);
}

void expect_reloc_error(struct elf_builder *b, ...)
{
	struct elf_file elf;
	struct rb_error err = { 0 };
	struct elf_relocation *rels = (void *)1;
	size_t n = 7;
	va_list ap;

	assert_int_equal(elf_open(&elf, "t.o", b->out, b->size, &err), 0);
	assert_int_equal(elf_relocations(&elf, &elf.sections[S_RELXDP], &rels, &n, &err), -1);
	/* A failure leaves nothing to free. */
	assert_null(rels);
	assert_int_equal(n, 0);
	elf_close(&elf);
	va_start(ap, b);
	expect_message(&err, ap);
	va_end(ap);
}
