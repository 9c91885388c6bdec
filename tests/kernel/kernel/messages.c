/* What rawbpf says about objects (rawbpf's issue 9, items 7 and 8):
 *  - names, strings and sections from an object reach the terminal
 *    escaped, whatever their bytes: a map named ESC [ 2 J must not clear
 *    the screen (inspect, run's events, map dump, printk lines, verifier
 *    logs, error messages);
 *  - a broken object is exit 2 with a message naming the section, and an
 *    unknown --type is a usage error even when no program needs one.
 * The crafted objects are compiled ones, copied with a few bytes changed
 * (a name in .strtab renamed to one of the same length, a section
 * header's sh_info), and tests/progs/printk_escape.bpf.c; the unit tests
 * build the other broken shapes in memory (tests/unit/elf/broken_objects.c)
 * and check the escaping byte by byte (tests/unit/test_messages.c). */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

#define ESC "\x1b"

/* A compiled object read into memory, to change and write to a file. */
struct copy {
	uint8_t *data;
	size_t size;
	char path[64];
};

static void copy_open(struct copy *c, const char *object)
{
	FILE *f = fopen(object, "rb");
	long size;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > (long)sizeof(Elf64_Ehdr));
	rewind(f);
	c->size = (size_t)size;
	c->data = malloc(c->size);
	assert_non_null(c->data);
	assert_int_equal(fread(c->data, 1, c->size, f), c->size);
	fclose(f);
}

/* The header of the section named `name` (section names are in
 * e_shstrndx's table: .strtab, for clang's objects). */
static Elf64_Shdr *copy_section(struct copy *c, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)c->data;
	Elf64_Shdr *sh = (Elf64_Shdr *)(c->data + eh->e_shoff);
	const char *names;

	/* a compiled object: only the tables used are checked */
	assert_true(eh->e_shoff + eh->e_shnum * sizeof(*sh) <= c->size);
	assert_true(eh->e_shstrndx < eh->e_shnum);
	names = (const char *)c->data + sh[eh->e_shstrndx].sh_offset;
	for (unsigned i = 1; i < eh->e_shnum; i++)
		if (strcmp(names + sh[i].sh_name, name) == 0)
			return &sh[i];
	fail_msg("no section %s", name);
	return NULL;
}

/* Replace the first `len` bytes equal to `from` in section `name` by `to`. */
static void copy_patch(struct copy *c, const char *name, const void *from, const void *to,
		       size_t len)
{
	Elf64_Shdr *sh = copy_section(c, name);
	uint8_t *at = memmem(c->data + sh->sh_offset, sh->sh_size, from, len);

	if (!at)
		fail_msg("section %s holds no \"%.*s\"", name, (int)len, (const char *)from);
	memcpy(at, to, len);
}

/* Rename symbol (or section) `from` in .strtab: `to` has the same length.
 * The NUL is part of the match, so the string found ends there; LLVM
 * shares tails (".debug_frame" is the end of ".rel.debug_frame"), so
 * both may change. */
static void copy_rename(struct copy *c, const char *from, const char *to)
{
	assert_int_equal(strlen(from), strlen(to));
	copy_patch(c, ".strtab", from, to, strlen(from) + 1);
}

/* Write the changed copy to a new file; returns its path. */
static const char *copy_write(struct copy *c)
{
	int fd;

	snprintf(c->path, sizeof(c->path), "/tmp/rawbpf-test-msg-XXXXXX");
	fd = mkstemp(c->path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, c->data, c->size), (ssize_t)c->size);
	close(fd);
	return c->path;
}

/* Each test's copy, removed again by the teardown however the test ends. */
static int copy_setup(void **state)
{
	*state = calloc(1, sizeof(struct copy));
	return *state ? 0 : -1;
}

static int copy_teardown(void **state)
{
	struct copy *c = *state;

	if (c->path[0])
		unlink(c->path);
	free(c->data);
	free(c);
	return 0;
}

/* No raw ESC anywhere: it would reach the terminal. */
static void expect_no_escape_byte(const struct result *r)
{
	if (strchr(r->out, 0x1b))
		fail_run(r, "stdout holds a raw ESC byte");
	if (strchr(r->err, 0x1b))
		fail_run(r, "stderr holds a raw ESC byte");
}

/* inspect: maps, relocations, the disassembly and section names, each
 * shown escaped (\xNN, the backslash doubled), the table still aligned. */
static void inspect_escapes_names(void **state)
{
	struct copy *c = *state;
	struct result r;

	copy_open(c, TPROG("map7"));
	copy_rename(c, "counts", ESC "[2J\\c");
	copy_rename(c, "_frame", "_fr" ESC "me");
	rawbpf(&r, "inspect", "--disasm", copy_write(c));
	expect_status(&r, 0);
	expect_no_escape_byte(&r);
	/* 10 columns, padded to 20 as "%-20s" would, then the type */
	expect_out_line(&r, "  \\x1b[2J\\\\c           array ");
	expect_out_line(&r, "map fd", "\\x1b[2J\\\\c");
	expect_out_line(&r, "r1 = map[\\x1b[2J\\\\c]");
	expect_out_line(&r, " .debug_fr\\x1bme ");
	expect_out_line(&r, " .rel.debug_fr\\x1bme ");
	result_free(&r);
}

/* run: the map dump at the end, human and JSON. */
static void run_escapes_map_names(void **state)
{
	struct copy *c = *state;
	struct result r;

	copy_open(c, TPROG("map7"));
	copy_rename(c, "counts", ESC "[2J\\c");
	copy_write(c);
	rawbpf(&r, "run", c->path, "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	expect_no_escape_byte(&r);
	expect_out_line(&r, "map \\x1b[2J\\\\c (array, key 4 B, value 8 B");
	expect_out_line(&r, "key 0  value 3");
	result_free(&r);
	rawbpf(&r, "run", "--json", c->path, "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	expect_no_escape_byte(&r);
	expect_out_line(&r, "\"map\":\"\\u001b[2J\\\\c\"");
	result_free(&r);
}

/* run: each event line names its map. exec_events sends one event per
 * execve, CMD's own included. */
static void run_escapes_event_map_names(void **state)
{
	struct copy *c = *state;
	struct result r;

	copy_open(c, PROG("exec_events"));
	/* "events" is also the tail of the program's name, exec_events */
	copy_rename(c, "events", ESC "[2J\\e");
	rawbpf(&r, "run", copy_write(c), "--", "/bin/true");
	expect_status(&r, 0);
	expect_no_escape_byte(&r);
	expect_out_line(&r, "event \\x1b[2J\\\\e cpu ", " bytes");
	result_free(&r);
}

/* run: printk lines from trace_pipe carry whatever a %s argument held
 * (tests/progs/printk_escape.bpf.c prints ESC [ 2 J and a backslash). */
/* run --json: bpf_printk("rb newline\n") (tests/progs/printk_newline.bpf.c)
 * is one record per message, and the empty line the kernel adds after each
 * is none (it was {"type":"printk","text":""}). */
static void run_prints_no_empty_printk_records(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("printk_newline"), "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	if (count_lines_with(r.out, (const char *const[]){ "{\"type\":\"printk\"",
				     "bpf_trace_printk: rb newline\"}", NULL }) != 3)
		fail_run(&r, "expected 3 printk records");
	if (strstr(r.out, "\"text\":\"\"}"))
		fail_run(&r, "an empty printk record");
	result_free(&r);
}

/* bpf_printk only in subprograms (tests/progs/printk_subprog.bpf.c): a
 * static __noinline function and a bpf_loop callback. trace_pipe is opened
 * all the same, so the lines arrive (they were lost: only the programs' own
 * instructions were searched for the helper). */
static void run_reads_printk_of_subprograms(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("printk_subprog"), "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	if (count_lines_with(r.out, (const char *const[]){ "{\"type\":\"printk\"",
				     "bpf_trace_printk: rb in subprogram\"}", NULL }) != 3)
		fail_run(&r, "expected 3 printk records from the subprogram");
	if (count_lines_with(r.out, (const char *const[]){ "{\"type\":\"printk\"",
				     "bpf_trace_printk: rb in callback\"}", NULL }) != 6)
		fail_run(&r, "expected 6 printk records from the callback");
	result_free(&r);
}

static void run_escapes_printk_text(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("printk_escape"), "--", DRIVER, "getppid", "2");
	expect_status(&r, 0);
	expect_no_escape_byte(&r);
	if (count_lines_with(r.out, (const char *const[]){ "printk ", "bpf_trace_printk: text "
				     "\\x1b[2J\\\\ end", NULL }) != 2)
		fail_run(&r, "expected 2 printk lines with the text escaped");
	result_free(&r);
}

/* Errors quote names from the object: escaped where they are printed. */
static void error_messages_escape_names(void **state)
{
	struct copy *c = *state;
	struct result r;

	copy_open(c, TPROG("extern_sym"));
	copy_rename(c, "some_kernel_thing", ESC "[2J_kernel_thing");
	rawbpf(&r, "run", copy_write(c), "--", "/bin/true");
	expect_status(&r, 2);
	expect_no_escape_byte(&r);
	expect_err_line(&r, c->path, "\\x1b[2J_kernel_thing", "instruction");
	result_free(&r);
}

/* The verifier log: the program's name escaped, the log's lines kept. */
static void verifier_log_escapes_names(void **state)
{
	struct copy *c = *state;
	struct result r;

	copy_open(c, TPROG("reject_null"));
	copy_rename(c, "bad", "b" ESC "d");
	rawbpf(&r, "run", copy_write(c), "--", "/bin/true");
	expect_status(&r, 1);
	expect_no_escape_byte(&r);
	expect_err_line(&r, "-- verifier log for b\\x1bd --");
	expect_err_line(&r, "invalid mem access 'map_value_or_null'");
	expect_err_line(&r, "processed "); /* a line of its own, still */
	expect_err_line(&r, "-- end of log --");
	expect_err_line(&r, "program b\\x1bd", "refused");
	result_free(&r);
}

/* The program's relocation section with sh_info naming itself: its
 * relocations were skipped, and the kernel refused the program
 * ("Permission denied", exit 1) for a map reference left as 0. */
static void relocation_section_for_itself_is_refused(void **state)
{
	const char *rel = ".reltracepoint/syscalls/sys_enter_getppid";
	struct copy *c = *state;
	struct result r;
	Elf64_Shdr *sh;
	Elf64_Ehdr *eh;

	copy_open(c, TPROG("map7"));
	sh = copy_section(c, rel);
	eh = (Elf64_Ehdr *)c->data;
	sh->sh_info = (uint32_t)(sh - (Elf64_Shdr *)(c->data + eh->e_shoff));
	copy_write(c);
	rawbpf(&r, "run", c->path, "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, c->path, rel, "itself", "sh_info");
	result_free(&r);
	rawbpf(&r, "inspect", c->path);
	expect_status(&r, 2);
	expect_err_line(&r, c->path, rel, "itself");
	result_free(&r);
}

/* Every section of count_syscalls implies its type: --type is not needed,
 * but a wrong one is still a usage error, naming the valid types. */
static void unknown_type_is_a_usage_error(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--type", "bogus", PROG("count_syscalls"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "unknown program type 'bogus'", "tracepoint", "xdp", "socket");
	if (r.out[0])
		fail_run(&r, "printed output for a usage error");
	result_free(&r);
	/* a valid one that no program needs changes nothing */
	rawbpf(&r, "run", "--type", "socket", PROG("count_syscalls"), "--", "/bin/true");
	expect_status(&r, 0);
	result_free(&r);
}

/* `int *where = &value;` in global data: clang's .rel.data entry cannot be
 * honoured, and skipping it (as rawbpf once did) loaded a zero where the
 * program expects a pointer. Refused, naming the place and the symbol. */
static void address_in_global_data_is_refused(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("data_pointer"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "data_pointer.bpf.o", ".rel.data", ".data+0x8", "address of value");
	result_free(&r);
	rawbpf(&r, "inspect", TPROG("data_pointer"));
	expect_status(&r, 2);
	result_free(&r);
}

const struct CMUnitTest message_tests[] = {
	cmocka_unit_test_setup_teardown(inspect_escapes_names, copy_setup, copy_teardown),
	cmocka_unit_test_setup_teardown(run_escapes_map_names, copy_setup, copy_teardown),
	cmocka_unit_test_setup_teardown(run_escapes_event_map_names, copy_setup, copy_teardown),
	cmocka_unit_test(run_escapes_printk_text),
	cmocka_unit_test(run_prints_no_empty_printk_records),
	cmocka_unit_test(run_reads_printk_of_subprograms),
	cmocka_unit_test_setup_teardown(error_messages_escape_names, copy_setup, copy_teardown),
	cmocka_unit_test_setup_teardown(verifier_log_escapes_names, copy_setup, copy_teardown),
	cmocka_unit_test_setup_teardown(relocation_section_for_itself_is_refused, copy_setup, copy_teardown),
	cmocka_unit_test(unknown_type_is_a_usage_error),
	cmocka_unit_test(address_in_global_data_is_refused),
};
DEFINE_COUNT(message);
