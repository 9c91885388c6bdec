/* The second order: loader/rawbpf.h first, the system's <linux/bpf.h>
 * and <linux/btf.h> after it (test_public_header.c has the first). A user
 * program reads an object through the public header only: this file uses
 * nothing else of rawbpf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/rawbpf.h"

#include <elf.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/perf_event.h>

#include "after.h"

/* progs/count_syscalls.bpf.c: one tracepoint program, one legacy hash map. */
void object_read_through_accessors(void **state)
{
	const char *build = getenv("BUILD");
	char path[512], sig[256];
	struct rb_object *obj;
	struct rb_error err = { 0 };
	struct rb_section_info sec;
	const struct rb_program *programs;
	const struct rb_map *maps;
	size_t count, i;

	(void)state;
	snprintf(path, sizeof(path), "%s/progs/count_syscalls.bpf.o",
		 build && *build ? build : "build");
	if (rb_object_open(&obj, path, NULL, &err)) {
		print_message("%s: %s (needs clang and make)\n", path, err.msg);
		fail();
	}
	assert_string_equal(rb_object_path(obj), path);
	assert_string_equal(rb_object_license(obj), "GPL");
	assert_int_equal(rb_object_kern_version(obj), 0);
	assert_string_equal(rb_object_btf_warning(obj), ""); /* not loaded */

	programs = rb_object_programs(obj, &count);
	assert_int_equal(count, 1);
	assert_int_equal(programs[0].type, BPF_PROG_TYPE_TRACEPOINT);
	assert_int_equal(programs[0].fd, -1);
	maps = rb_object_maps(obj, &count);
	assert_int_equal(count, 1);
	assert_int_equal(maps[0].type, BPF_MAP_TYPE_HASH);
	assert_int_equal(maps[0].key_size, 20);
	assert_true(rb_map_is_dumpable(&maps[0]));
	assert_false(rb_map_is_per_cpu(&maps[0]));

	/* The section view: find SEC("maps") by name among them all. */
	count = rb_object_section_count(obj);
	for (i = 1; i < count; i++) {
		assert_int_equal(rb_object_section(obj, (uint32_t)i, &sec), 0);
		if (strcmp(sec.name, "maps") == 0)
			break;
	}
	assert_true(i < count);
	assert_int_equal(sec.type, SHT_PROGBITS);
	assert_int_equal(sec.flags & (SHF_ALLOC | SHF_WRITE), SHF_ALLOC | SHF_WRITE);
	assert_int_equal(sec.size, 20); /* one struct bpf_map_def of 5 fields */
	assert_int_equal(rb_object_section(obj, (uint32_t)count, &sec), -1);

	/* BTF, spelled as C by the library. */
	assert_int_equal(rb_object_btf_func_signature(obj, "count_syscalls", sig, sizeof(sig)), 0);
	assert_string_equal(sig, "int count_syscalls(struct sys_enter_ctx *ctx)");
	assert_int_equal(rb_object_btf_func_signature(obj, "no_such", sig, sizeof(sig)), -1);
	assert_string_equal(sig, "");
	assert_false(rb_object_uses_trace_pipe(obj));
	rb_object_close(obj);
}

void broken_object_is_refused(void **state)
{
	static const uint8_t junk[64] = { 0x7f, 'E', 'L', 'F' };
	struct rb_object *obj = NULL;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(rb_object_open_buffer(&obj, "junk.o", junk, sizeof(junk), NULL, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "junk.o"));
}
