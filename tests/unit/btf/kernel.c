/* The running kernel's BTF (CONFIG_DEBUG_INFO_BTF): some 5 MB and 100,000+
 * types, parsed in one pass. Skipped when the kernel has none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "cases.h"
#include "elf/btf.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"
#define RUNS 7

/* The whole file; sysfs may not tell its size up front, so read until EOF. */
static uint8_t *read_all(FILE *f, size_t *len)
{
	size_t cap = 1 << 20;
	uint8_t *buf = malloc(cap);

	*len = 0;
	while (buf) {
		size_t n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
		if (*len == cap) {
			uint8_t *grown = realloc(buf, cap * 2);
			if (!grown)
				free(buf);
			buf = grown;
			cap *= 2;
		}
	}
	return buf;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Every named type of the kernel is found by its name and kind: the first
 * one found has that name and kind and no higher id, and walking on from it
 * reaches the type (a scan per type would take minutes). */
static void every_kernel_name_is_found(const struct btf *btf)
{
	double start = now_ms(), first;

	assert_int_equal(btf_find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT) > 0, 1);
	first = now_ms() - start;
	start = now_ms();
	for (uint32_t id = 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		const char *name = btf_name(btf, t->name_off);
		int kind = (int)btf_kind(t), found;

		if (!name[0])
			continue;
		found = btf_find_by_name_kind(btf, name, kind);
		assert_true(found > 0 && (uint32_t)found <= id);
		assert_int_equal(btf_kind(btf_type_by_id(btf, (uint32_t)found)), kind);
		assert_string_equal(btf_name(btf, btf_type_by_id(btf, (uint32_t)found)->name_off),
				    name);
		while ((uint32_t)found < id)
			found = btf_find_next_by_name_kind(btf, name, kind, (uint32_t)found);
		assert_int_equal(found, id);
	}
	print_message("%s: first lookup by name (a scan) %.2f ms; then every named "
		      "type found by name in %.2f ms\n", VMLINUX, first, now_ms() - start);
}

void kernel_btf(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };
	double ms[RUNS];
	uint64_t size;
	uint32_t id;
	uint8_t *blob;
	size_t len;
	int task, pid;
	FILE *f = fopen(VMLINUX, "rb");

	(void)state;
	if (!f)
		skip(); /* a kernel without CONFIG_DEBUG_INFO_BTF */
	blob = read_all(f, &len);
	fclose(f);
	assert_non_null(blob);

	/* How long one parse takes: the median of a few, so that a stray slow
	 * run does not count. Quadratic work would take seconds here. */
	for (int i = 0; i < RUNS; i++) {
		double start = now_ms();
		if (btf_parse(&btf, VMLINUX, blob, len, &err))
			fail_msg("%s", err.msg);
		ms[i] = now_ms() - start;
		if (i < RUNS - 1)
			btf_free(&btf);
	}
	qsort(ms, RUNS, sizeof(ms[0]), by_value);
	print_message("%s: %zu bytes, %u types: parsed in %.2f ms (median of %d)\n", VMLINUX,
		      len, btf.count - 1, ms[RUNS / 2], RUNS);
	assert_true(ms[RUNS / 2] < 1000);

	assert_true(btf.count > 10000);
	task = btf_find_by_name_kind(&btf, "task_struct", BTF_KIND_STRUCT);
	assert_true(task > 0);
	assert_int_equal(btf_type_size(&btf, (uint32_t)task, &size, &err), 0);
	assert_true(size > 0);
	pid = btf_find_by_name_kind(&btf, "pid_t", BTF_KIND_TYPEDEF);
	assert_true(pid > 0);
	assert_int_equal(btf_resolve(&btf, (uint32_t)pid, &id, &err), 0);
	assert_int_equal(btf_kind(btf_type_by_id(&btf, id)), BTF_KIND_INT);
	assert_int_equal(btf_type_size(&btf, (uint32_t)pid, &size, &err), 0);
	assert_int_equal(size, 4);
	assert_int_equal(btf_find_by_name_kind(&btf, "no_such_type_here", BTF_KIND_STRUCT), -1);
	btf_free(&btf); /* again, so that the index is built by the lookups below */
	assert_int_equal(btf_parse(&btf, VMLINUX, blob, len, &err), 0);
	every_kernel_name_is_found(&btf);
	btf_free(&btf);
	free(blob);
}
