/* Unit tests for reading input files (loader/read_file.c) and for how
 * errors of exhausted resources are reported (elf/error.c): no kernel, only
 * files under /tmp. A FIFO without a writer would block a plain open(2)
 * for ever, so an alarm ends a test that hangs. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/rawbpf.h"
#include "loader/open/read_file.h"
#include "elf/elf_reader.h"

#define MAX ((size_t)1 << 20)

static char dir[] = "/tmp/rawbpf-unit-inputs-XXXXXX";

static int make_dir(void **state)
{
	(void)state;
	alarm(10); /* a blocking open would otherwise hang the suite */
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	alarm(0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static const char *in_dir(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* rb_read_regular_file(path) fails with `kind` and a message containing
 * `want`, leaving *data NULL. */
static void expect_read_fails(const char *path, enum rb_error_kind kind, const char *want)
{
	struct rb_error err = { 0 };
	uint8_t *data = (uint8_t *)"not touched";
	size_t size = 7;

	assert_int_equal(rb_read_regular_file(path, path, MAX, &data, &size, &err), -1);
	assert_null(data);
	assert_int_equal(size, 0);
	assert_int_equal(err.kind, kind);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
	if (!strstr(err.msg, path))
		fail_msg("message \"%s\" does not name %s", err.msg, path);
}

static void regular_file_is_read_whole(void **state)
{
	const char *path = in_dir("small");
	struct rb_error err = { 0 };
	uint8_t *data;
	size_t size;
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("0123456789", f);
	fclose(f);
	assert_int_equal(rb_read_regular_file(path, path, MAX, &data, &size, &err), 0);
	assert_int_equal(size, 10);
	assert_memory_equal(data, "0123456789", 10);
	free(data);
}

static void empty_file_is_zero_bytes(void **state)
{
	const char *path = in_dir("empty");
	struct rb_error err = { 0 };
	uint8_t *data;
	size_t size = 1;
	int fd = open(path, O_CREAT | O_WRONLY, 0600);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(rb_read_regular_file(path, path, MAX, &data, &size, &err), 0);
	assert_int_equal(size, 0);
	assert_non_null(data);
	free(data);
}

static void dev_zero_is_refused(void **state)
{
	(void)state;
	expect_read_fails("/dev/zero", RB_ERR_INPUT, "is a character device, not a regular file");
}

static void directory_is_refused(void **state)
{
	(void)state;
	expect_read_fails(dir, RB_ERR_INPUT, "is a directory, not a regular file");
}

static void fifo_is_refused_without_blocking(void **state)
{
	const char *path = in_dir("fifo");

	(void)state;
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_read_fails(path, RB_ERR_INPUT, "is a FIFO (named pipe), not a regular file");
}

/* Refused by its size alone: 4 GiB of hole would not fit the test's
 * memory budget if it were read. */
static void file_over_the_limit_is_refused(void **state)
{
	const char *path = in_dir("sparse");
	int fd = open(path, O_CREAT | O_WRONLY, 0600);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4ll << 30), 0);
	close(fd);
	expect_read_fails(path, RB_ERR_INPUT, "is 4294967296 bytes, more than the 1 MiB");
}

static void missing_file_is_an_input_error(void **state)
{
	(void)state;
	expect_read_fails(in_dir("none"), RB_ERR_INPUT, "cannot open: No such file or directory");
}

/* rb_object_open() goes through the same reader. */
/* rb_read_elf_tables() on this test's own executable: what the ELF reader
 * uses (headers, symbols, strings) is byte for byte the file's, a
 * function's offset comes out as from the whole file, and the code, which
 * is not read, is zeros. */
static void elf_tables_are_the_files(void **state)
{
	struct rb_error err = { 0 };
	uint8_t *whole, *tables;
	size_t whole_size, size;
	struct elf_file a, b;
	uint64_t off_a, off_b;
	const struct elf_section *text;

	(void)state;
	assert_int_equal(rb_read_regular_file("/proc/self/exe", "self", 64 * MAX, &whole,
					      &whole_size, &err), 0);
	assert_int_equal(rb_read_elf_tables("/proc/self/exe", "self", 64 * MAX, &tables, &size,
					    &err), 0);
	assert_int_equal(size, whole_size);
	assert_int_equal(elf_open(&a, "whole", whole, whole_size, &err), 0);
	assert_int_equal(elf_open(&b, "tables", tables, size, &err), 0);
	assert_int_equal(a.nsections, b.nsections);
	assert_int_equal(a.nsymbols, b.nsymbols);
	assert_int_equal(a.nsegments, b.nsegments);
	for (size_t i = 1; i < a.nsymbols; i++)
		assert_string_equal(a.symbols[i].name, b.symbols[i].name);
	assert_memory_equal(a.symtab->data, b.symtab->data, a.symtab->size);
	assert_int_equal(elf_function_file_offset("whole", whole, whole_size, "main", &off_a, &err),
			 0);
	assert_int_equal(elf_function_file_offset("tables", tables, size, "main", &off_b, &err), 0);
	assert_int_equal(off_a, off_b);
	text = elf_section_by_name(&b, ".text");
	assert_non_null(text);
	for (uint64_t i = 0; i < text->size; i++)
		if (text->data[i])
			fail_msg(".text byte %llu was read: %#x", (unsigned long long)i, text->data[i]);
	assert_non_null(elf_section_by_name(&a, ".text"));
	assert_true(memcmp(elf_section_by_name(&a, ".text")->data, text->data, text->size) != 0);
	elf_close(&a);
	elf_close(&b);
	free(whole);
	rb_free_elf_tables(tables, size);
}

/* A file cut short: the reader's message is the one of the whole file
 * (the tables past the end are not there either way). */
static void cut_elf_tables_fail_as_the_file(void **state)
{
	const char *path = in_dir("cut");
	struct rb_error e1 = { 0 }, e2 = { 0 };
	uint8_t *whole, *tables;
	size_t whole_size, size;
	struct elf_file a, b;
	FILE *f;

	(void)state;
	assert_int_equal(rb_read_regular_file("/proc/self/exe", "self", 64 * MAX, &whole,
					      &whole_size, &e1), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(whole, 1, 4096, f), 4096); /* headers, no section table */
	fclose(f);
	free(whole);
	assert_int_equal(rb_read_regular_file(path, path, MAX, &whole, &whole_size, &e1), 0);
	assert_int_equal(rb_read_elf_tables(path, path, MAX, &tables, &size, &e2), 0);
	assert_int_equal(elf_open(&a, path, whole, whole_size, &e1), -1);
	assert_int_equal(elf_open(&b, path, tables, size, &e2), -1);
	assert_string_equal(e1.msg, e2.msg);
	free(whole);
	rb_free_elf_tables(tables, size);
	expect_read_fails("/dev/zero", RB_ERR_INPUT, "not a regular file");
	assert_int_equal(rb_read_elf_tables("/dev/zero", "/dev/zero", MAX, &tables, &size, &e2), -1);
	assert_non_null(strstr(e2.msg, "is a character device, not a regular file"));
}

static void object_open_refuses_a_fifo(void **state)
{
	const char *path = in_dir("fifo.o");
	struct rb_object *obj = (struct rb_object *)1;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(rb_object_open(&obj, path, NULL, &err), -1);
	assert_null(obj);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "is a FIFO"));
}

/* Out of fds is the machine's state: whatever the caller thought the
 * failure would mean, it is RB_ERR_SYSTEM (exit 1), and the message says
 * the limit. */
static void emfile_is_a_system_error_with_the_limit(void **state)
{
	struct rb_error err = { 0 };
	struct rlimit lim;
	char want[96];

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &lim), 0);
	rb_fail_errno(&err, RB_ERR_INPUT, EMFILE, "x.o: cannot open");
	assert_int_equal(err.kind, RB_ERR_SYSTEM);
	assert_int_equal(err.errnum, EMFILE);
	snprintf(want, sizeof(want), "x.o: cannot open: too many open files: the limit is %llu "
		 "(ulimit -n)", (unsigned long long)lim.rlim_cur);
	assert_string_equal(err.msg, want);
}

static void resource_errors_are_never_input_errors(void **state)
{
	struct rb_error err = { 0 };

	(void)state;
	rb_fail_errno(&err, RB_ERR_INPUT, ENOMEM, "x");
	assert_int_equal(err.kind, RB_ERR_SYSTEM);
	rb_fail_errno(&err, RB_ERR_INPUT, ENFILE, "x");
	assert_int_equal(err.kind, RB_ERR_SYSTEM);
	assert_non_null(strstr(err.msg, "/proc/sys/fs/file-max"));
	rb_fail_errno(&err, RB_ERR_KERNEL, EMFILE, "x");
	assert_int_equal(err.kind, RB_ERR_KERNEL); /* exit 1 already */
	rb_fail_errno(&err, RB_ERR_INPUT, ENOENT, "x");
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_string_equal(err.msg, "x: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(emfile_is_a_system_error_with_the_limit),
		cmocka_unit_test(resource_errors_are_never_input_errors),
		cmocka_unit_test(regular_file_is_read_whole),
		cmocka_unit_test(empty_file_is_zero_bytes),
		cmocka_unit_test(dev_zero_is_refused),
		cmocka_unit_test(directory_is_refused),
		cmocka_unit_test(fifo_is_refused_without_blocking),
		cmocka_unit_test(file_over_the_limit_is_refused),
		cmocka_unit_test(missing_file_is_an_input_error),
		cmocka_unit_test(object_open_refuses_a_fifo),
		cmocka_unit_test(elf_tables_are_the_files),
		cmocka_unit_test(cut_elf_tables_fail_as_the_file),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
