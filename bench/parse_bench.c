/* Benchmark 1: open + parse + link, no system calls.
 * For each object on the command line: the median time of
 * rb_object_open_buffer() plus linking every program (with fake map fds),
 * over many runs, in microseconds. Also the kernel's own BTF, parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loader/kernel/kernel.h"

#define RUNS 201

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
			free(data);
		}
	}
	return 0;
}
