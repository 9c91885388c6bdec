/* USDT notes and argument specs (elf/usdt_notes.c, elf/usdt_args.c): the
 * x86-64 operand forms into libbpf's spec layout, this test's own probes
 * (it is built with <sys/sdt.h>) read back from /proc/self/exe, and notes
 * broken one way each, read through the bounds checks. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/sdt.h>

#include "elf/usdt.h"
#include "loader/open/read_file.h"

/* A file of nothing but what the parsers read: a machine, a symbol, one
 * executable and one writable segment, and (for notes) one section. */
struct fake {
	struct elf_file elf;
	struct elf_section sections[3];
	struct elf_segment segments[2];
	struct elf_symbol symbols[2];
	uint8_t bytes[512];
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->elf.path = "fake";
	f->elf.machine = EM_X86_64;
	f->elf.type = ET_EXEC;
	f->elf.data = f->bytes;
	f->elf.size = sizeof(f->bytes);
	f->symbols[1] = (struct elf_symbol){ .name = "counter", .value = 0x405000, .shndx = 5 };
	f->elf.symbols = f->symbols;
	f->elf.nsymbols = 2;
	f->segments[0] = (struct elf_segment){ PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x1000, 0x1000 };
	f->segments[1] = (struct elf_segment){ PT_LOAD, PF_R | PF_W, 0x4000, 0x404000, 0x2000, 0x2000 };
	f->elf.segments = f->segments;
	f->elf.nsegments = 2;
	f->sections[1] = (struct elf_section){ .index = 1, .name = ".note.stapsdt", .type = SHT_NOTE,
					       .data = f->bytes };
	f->sections[2] = (struct elf_section){ .index = 2, .name = ".text", .type = SHT_PROGBITS };
	f->elf.sections = f->sections;
	f->elf.nsections = 3;
}

static int parse(struct fake *f, const char *args, struct elf_usdt_spec *spec, struct rb_error *err)
{
	struct elf_usdt_note note = { .provider = "p", .name = "n", .args = args, .pc = 0x401100 };

	return elf_usdt_parse_args(&f->elf, &note, spec, err);
}

static void x86_operands(void **state)
{
	static const struct {
		uint32_t type;
		int16_t reg;
		uint64_t off;
		int sign, shift;
	} want[] = {
		{ ELF_USDT_ARG_REG, 112, 0, 1, 56 },      /* -1@%dil */
		{ ELF_USDT_ARG_REG, 104, 0, 0, 56 },      /* 1@%sil */
		{ ELF_USDT_ARG_REG, 96, 0, 1, 48 },       /* -2@%dx */
		{ ELF_USDT_ARG_REG, 72, 0, 1, 32 },       /* -4@%r8d */
		{ ELF_USDT_ARG_REG, 0, 0, 0, 0 },         /* 8@%r15 */
		{ ELF_USDT_ARG_REG_DEREF, 152, (uint64_t)-8, 1, 0 }, /* -8@-8(%rsp) */
		{ ELF_USDT_ARG_REG_DEREF, 32, 0, 0, 32 }, /* 4@(%rbp) */
		{ ELF_USDT_ARG_CONST, 0, (uint64_t)-3, 1, 32 }, /* -4@$-3 */
		{ ELF_USDT_ARG_CONST, 0, 0x10, 0, 0 },    /* 8@$0x10 */
		{ ELF_USDT_ARG_REG_DEREF, 128, 0x405004 - 0x401100, 1, 32 }, /* -4@counter+4(%rip) */
	};
	struct fake f;
	struct elf_usdt_spec spec;
	struct rb_error err = { 0 };

	(void)state;
	fake_init(&f);
	assert_int_equal(parse(&f, " -1@%dil 1@%sil -2@%dx -4@%r8d 8@%r15 -8@-8(%rsp) 4@(%rbp)"
			      "  -4@$-3 8@$0x10 -4@counter+4(%rip) ", &spec, &err), 0);
	assert_int_equal(spec.arg_cnt, 10);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(spec.args[i].arg_type, want[i].type);
		assert_int_equal(spec.args[i].reg_off, want[i].reg);
		assert_int_equal(spec.args[i].val_off, want[i].off);
		assert_int_equal(spec.args[i].arg_signed, want[i].sign);
		assert_int_equal(spec.args[i].arg_bitshift, want[i].shift);
	}
	assert_int_equal(parse(&f, "", &spec, &err), 0);
	assert_int_equal(spec.arg_cnt, 0);
	assert_int_equal(elf_usdt_x86_reg_offset("rip"), 128);
	assert_int_equal(elf_usdt_x86_reg_offset("ah"), -1);
}

static void x86_operands_refused(void **state)
{
	static const struct {
		const char *args, *why;
	} cases[] = {
		{ "3@%eax", "not 1, 2, 4 or 8" },
		{ "-4@%ah", "not one of x86-64's" },
		{ "8@(%rax,%rbx,8)", "index register" },
		{ "8@16(%rip)", "with a number, not a symbol" },
		{ "-4@nosuch(%rip)", "not in the file's symbol table" },
		{ "-4@counter(%rax)", "only understood %rip-relative" },
		{ "%eax", "no SIZE@" },
		{ "4@%eaxx", "not one of x86-64's" },
		{ "4@$", "not a number" },
		{ "4@8(%rax", "not closed" },
		{ "1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al",
		  "more than 12 arguments" },
	};
	struct fake f;
	struct elf_usdt_spec spec;
	struct rb_error err;

	(void)state;
	fake_init(&f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(parse(&f, cases[i].args, &spec, &err), -1);
		if (!strstr(err.msg, cases[i].why))
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].args, err.msg, cases[i].why);
	}
	f.elf.machine = EM_AARCH64;
	assert_int_equal(parse(&f, "-4@x0", &spec, &err), -1);
	assert_non_null(strstr(err.msg, "x86-64's (EM_X86_64) only"));
}

/* Append a note (owner "stapsdt", type 3) to f's section; `strings` is the
 * descriptor's text part, `len` bytes of it (NULs inside). */
static void add_note(struct fake *f, uint64_t pc, uint64_t base, uint64_t sema,
		     const char *strings, size_t len)
{
	uint8_t *p = f->bytes + f->sections[1].size;
	uint32_t hdr[3] = { 8, (uint32_t)(24 + len), 3 };

	memcpy(p, hdr, 12);
	memcpy(p + 12, "stapsdt", 8);
	memcpy(p + 20, &pc, 8);
	memcpy(p + 28, &base, 8);
	memcpy(p + 36, &sema, 8);
	memcpy(p + 44, strings, len);
	f->sections[1].size += 44 + ((len + 3) & ~(size_t)3);
}

#define NOTE(f, pc, base, sema, s) add_note(f, pc, base, sema, s, sizeof(s))

static void notes_read_and_refused(void **state)
{
	struct fake f;
	struct elf_usdt_note *notes;
	size_t count;
	struct rb_error err = { 0 };

	(void)state;
	fake_init(&f);
	NOTE(&f, 0x401100, 0, 0, "prov\0name\0-4@%eax");
	NOTE(&f, 0x401200, 0, 0x404010, "prov\0guarded\0");
	assert_int_equal(elf_usdt_notes(&f.elf, &notes, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_string_equal(notes[0].provider, "prov");
	assert_string_equal(notes[0].name, "name");
	assert_string_equal(notes[0].args, "-4@%eax");
	assert_int_equal(notes[0].pc_offset, 0x1100);
	assert_int_equal(notes[0].sema_offset, 0);
	assert_string_equal(notes[1].args, "");
	assert_int_equal(notes[1].sema_offset, 0x4010);
	free(notes);

	/* prelink moved .stapsdt.base by 0x100 since the notes were written */
	fake_init(&f);
	f.sections[2] = (struct elf_section){ .index = 2, .name = ".stapsdt.base",
					      .type = SHT_PROGBITS, .addr = 0x401f00 };
	NOTE(&f, 0x401100, 0x401e00, 0x404010, "prov\0name\0");
	assert_int_equal(elf_usdt_notes(&f.elf, &notes, &count, &err), 0);
	assert_int_equal(notes[0].pc, 0x401200);
	assert_int_equal(notes[0].pc_offset, 0x1200);
	assert_int_equal(notes[0].sema_offset, 0x4110);
	free(notes);

	static const struct {
		uint64_t pc, sema;
		const char *s;
		size_t len;
		const char *why;
	} bad[] = {
		{ 0x401100, 0, "prov\0\0", 6, "no name" },
		{ 0x401100, 0, "prov", 4, "not NUL-terminated" },
		{ 0x401100, 0, "prov\0name", 9, "no argument string" },
		{ 0x401100, 0, "prov\0name\0args", 14, "argument string is not NUL" },
		{ 0x404100, 0, "prov\0name\0", 11, "not executable" },
		{ 0x900000, 0, "prov\0name\0", 11, "no loaded segment" },
		{ 0x401100, 0x401000, "prov\0name\0", 11, "an executable segment" },
		{ 0x401100, 0, "", 0, "fewer than the 27" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fake_init(&f);
		add_note(&f, bad[i].pc, 0, bad[i].sema, bad[i].s, bad[i].len);
		memset(&err, 0, sizeof(err));
		assert_int_equal(elf_usdt_notes(&f.elf, &notes, &count, &err), -1);
		if (!strstr(err.msg, bad[i].why))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, bad[i].why);
	}
	/* a header that says more than the section holds */
	fake_init(&f);
	NOTE(&f, 0x401100, 0, 0, "prov\0name\0");
	f.bytes[4] = 0xff;
	assert_int_equal(elf_usdt_notes(&f.elf, &notes, &count, &err), -1);
	assert_non_null(strstr(err.msg, "past the end"));
	/* no section: no probes, no error */
	fake_init(&f);
	f.sections[1].name = ".text";
	assert_int_equal(elf_usdt_notes(&f.elf, &notes, &count, &err), 0);
	assert_int_equal(count, 0);
}

/* This file's own probe, read from the running executable: the site's
 * file offset holds the nop (0x90) <sys/sdt.h> put there. */
__attribute__((noinline)) static void fire(int v)
{
	DTRACE_PROBE2(rbunit, probe, v, 7);
}

static void own_probes_from_proc_self_exe(void **state)
{
	struct elf_usdt_note *notes;
	struct elf_file elf;
	struct rb_error err = { 0 };
	uint8_t *data;
	size_t size, count;
	int found = 0;

	(void)state;
	fire(1);
	assert_int_equal(rb_read_regular_file("/proc/self/exe", "self", 1 << 30, &data, &size,
					      &err), 0);
	assert_int_equal(elf_open(&elf, "self", data, size, &err), 0);
	assert_int_equal(elf_usdt_notes(&elf, &notes, &count, &err), 0);
	for (size_t i = 0; i < count; i++) {
		struct elf_usdt_spec spec;

		if (strcmp(notes[i].provider, "rbunit") || strcmp(notes[i].name, "probe"))
			continue;
		found++;
		assert_true(notes[i].pc_offset < size);
		assert_int_equal(data[notes[i].pc_offset], 0x90);
		assert_int_equal(notes[i].semaphore, 0);
		assert_int_equal(elf_usdt_parse_args(&elf, &notes[i], &spec, &err), 0);
		assert_int_equal(spec.arg_cnt, 2);
		assert_int_equal(spec.args[1].arg_type, ELF_USDT_ARG_CONST);
		assert_int_equal(spec.args[1].val_off, 7);
	}
	assert_int_equal(found, 1);
	free(notes);
	elf_close(&elf);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(x86_operands),
		cmocka_unit_test(x86_operands_refused),
		cmocka_unit_test(notes_read_and_refused),
		cmocka_unit_test(own_probes_from_proc_self_exe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
