/* Benchmark 1: open + parse + link, no system calls.
 * For each object on the command line: the median time of
 * rb_object_open_buffer() plus linking every program (with fake map fds),
 * over many runs, in microseconds. Also the kernel's own BTF: parsed, its
 * index by name built, and lookups by name with the index and without. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loader/kernel/kernel.h"

#define RUNS 201
#define STR_(x) #x
#define STR(x) STR_(x)

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static uint8_t *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(32 << 20);

	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	*size = fread(buf, 1, 32 << 20, f);
	fclose(f);
	return buf;
}

static int open_and_link(const char *path, const uint8_t *data, size_t size)
{
	struct rb_object *obj;
	struct rb_error err;

	if (rb_object_open_buffer(&obj, path, data, size, NULL, &err))
		return -1;
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 1000 + (int)i;
	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_relocated linked;
		if (rb_program_relocate(obj, &obj->programs[i], &linked, &err) == 0)
			rb_relocated_free(&linked);
	}
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	rb_object_close(obj);
	return 0;
}

static double median_us(int (*fn)(const char *, const uint8_t *, size_t), const char *path,
			const uint8_t *data, size_t size, int runs)
{
	double t[RUNS];

	for (int i = 0; i < runs; i++) {
		double start = now_us();
		if (fn(path, data, size))
			return -1;
		t[i] = now_us() - start;
	}
	qsort(t, (size_t)runs, sizeof(t[0]), compare);
	return t[runs / 2];
}

static int parse_btf(const char *path, const uint8_t *data, size_t size)
{
	struct btf btf;
	struct rb_error err;

	if (btf_parse(&btf, path, data, size, &err))
		return -1;
	btf_free(&btf);
	return 0;
}

/* Lookups by name in the kernel's BTF (elf/btf_lookup.c): the first one
 * scans, the second builds the index; after that, LOOKUPS names against the index, and the
 * same names by reading every record, as btf_find_by_name_kind did before
 * the index (CO-RE looks a name up per relocation). The names are those of
 * every k-th named struct, spread over the ids. */
#define LOOKUPS 1000

static struct btf vmlinux; /* parsed once; the names point into it */
static const char *names[LOOKUPS];

static int linear_find(const struct btf *btf, const char *name, int kind)
{
	for (uint32_t id = 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		if ((int)btf_kind(t) == kind && strcmp(btf_name(btf, t->name_off), name) == 0)
			return (int)id;
	}
	return -1;
}

/* Lookup number `which` (1 or 2) is timed, on a fresh parse each run. */
static double nth_lookup_us(const uint8_t *data, size_t size, int runs, int which)
{
	double t[RUNS];
	struct rb_error err;
	struct btf btf;

	for (int i = 0; i < runs; i++) {
		double start;

		if (btf_parse(&btf, "vmlinux", data, size, &err))
			return -1;
		if (which == 2 && btf_find_by_name_kind(&btf, names[1], BTF_KIND_STRUCT) < 0)
			return -1;
		start = now_us(); /* a name near the end of the ids: a scan's worst case */
		if (btf_find_by_name_kind(&btf, names[LOOKUPS - 1], BTF_KIND_STRUCT) < 0)
			return -1;
		t[i] = now_us() - start;
		btf_free(&btf);
	}
	qsort(t, (size_t)runs, sizeof(t[0]), compare);
	return t[runs / 2];
}

static int lookups(const char *how, const uint8_t *data, size_t size)
{
	(void)data, (void)size;
	for (int i = 0; i < LOOKUPS; i++)
		if ((how[0] == 'i' ? btf_find_by_name_kind(&vmlinux, names[i], BTF_KIND_STRUCT)
				   : linear_find(&vmlinux, names[i], BTF_KIND_STRUCT)) < 0)
			return -1;
	return 0;
}

static void bench_lookups(const uint8_t *data, size_t size)
{
	struct rb_error err;
	uint32_t structs = 0, n = 0, step, seen = 0;

	if (btf_parse(&vmlinux, "vmlinux", data, size, &err))
		return;
	for (uint32_t id = 1; id < vmlinux.count; id++) {
		const struct btf_type *t = btf_type_by_id(&vmlinux, id);
		structs += btf_kind(t) == BTF_KIND_STRUCT && t->name_off;
	}
	step = structs > LOOKUPS ? structs / LOOKUPS : 1;
	for (uint32_t id = 1; id < vmlinux.count && n < LOOKUPS; id++) {
		const struct btf_type *t = btf_type_by_id(&vmlinux, id);
		if (btf_kind(t) == BTF_KIND_STRUCT && t->name_off && seen++ % step == 0)
			names[n++] = btf_name(&vmlinux, t->name_off);
	}
	for (; n && n < LOOKUPS; n++) /* fewer structs than LOOKUPS: repeat */
		names[n] = names[n % seen];
	if (n < LOOKUPS) {
		btf_free(&vmlinux);
		return;
	}
	printf("%-44s %10s %12.1f\n", "  first lookup by name (a scan)", "",
	       nth_lookup_us(data, size, 21, 1));
	printf("%-44s %10s %12.1f\n", "  second lookup (builds the name index)", "",
	       nth_lookup_us(data, size, 21, 2));
	btf_find_by_name_kind(&vmlinux, names[0], BTF_KIND_STRUCT);
	btf_find_by_name_kind(&vmlinux, names[0], BTF_KIND_STRUCT); /* built here */
	printf("%-44s %10s %12.1f\n", "  " STR(LOOKUPS) " lookups by name, index", "",
	       median_us(lookups, "index", data, size, 21));
	printf("%-44s %10s %12.1f\n", "  " STR(LOOKUPS) " lookups by name, linear scan", "",
	       median_us(lookups, "linear", data, size, 5));
	btf_free(&vmlinux);
}

int main(int argc, char **argv)
{
	printf("%-44s %10s %12s\n", "object", "bytes", "median us");
	for (int i = 1; i < argc; i++) {
		size_t size;
		uint8_t *data = read_all(argv[i], &size);
		double us = data ? median_us(open_and_link, argv[i], data, size, RUNS) : -1;
		const char *base = strrchr(argv[i], '/');

		if (us < 0)
			printf("%-44s %10zu %12s\n", base ? base + 1 : argv[i], size, "error");
		else
			printf("%-44s %10zu %12.1f\n", base ? base + 1 : argv[i], size, us);
		free(data);
	}
	{
		size_t size;
		uint8_t *data = read_all("/sys/kernel/btf/vmlinux", &size);
		if (data) {
			printf("%-44s %10zu %12.1f\n", "/sys/kernel/btf/vmlinux (BTF parse)", size,
			       median_us(parse_btf, "vmlinux", data, size, 21));
			bench_lookups(data, size);
			free(data);
		}
	}
	return 0;
}
