/* make bench, section 5b: rawbpf's gzip reader (elf/inflate.c) against
 * zlib on the same bytes, in one process.
 *
 *   inflate_bench RUNS [FILE]    FILE defaults to /proc/config.gz
 *
 * A load with __kconfig externs reads the kernel's config, on most systems
 * the gzip file /proc/config.gz, and rawbpf inflates it itself (no zlib).
 * Each run decompresses FILE 100 times with inflate_gzip() (which checks
 * the CRC-32 and the length of the gzip trailer), then 100 times with
 * zlib's inflate() in gzip mode (which checks both too); the time is
 * CLOCK_THREAD_CPUTIME_ID, this thread's CPU, so the other CPU's work
 * does not count. Prints one line:
 *   in_bytes out_bytes rawbpf_us zlib_us     (medians over RUNS, per call) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "elf/inflate.h"

#define CALLS 100

static double cpu_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int zlib_once(const uint8_t *in, size_t n, uint8_t *out, size_t out_size)
{
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) /* 16 +: a gzip wrapper */
		return -1;
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)out_size;
	r = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	return r == Z_STREAM_END ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *path = argc > 2 ? argv[2] : "/proc/config.gz";
	int runs = argc > 1 ? atoi(argv[1]) : 0;
	static uint8_t in[1 << 22];
	double *r_us, *z_us;
	size_t n, out_size = 0;
	uint8_t *zout;
	FILE *f;

	if (runs < 1) {
		fprintf(stderr, "usage: %s RUNS [FILE.gz]\n", argv[0]);
		return 2;
	}
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	n = fread(in, 1, sizeof(in), f);
	fclose(f);
	r_us = calloc((size_t)runs, sizeof(*r_us));
	z_us = calloc((size_t)runs, sizeof(*z_us));
	if (!r_us || !z_us)
		return 1;
	zout = NULL;
	for (int run = 0; run < runs; run++) {
		double t0 = cpu_us();
		for (int i = 0; i < CALLS; i++) {
			struct rb_error err = { 0 };
			uint8_t *out;
			if (inflate_gzip(path, in, n, 1u << 28, &out, &out_size, &err)) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			free(out);
		}
		r_us[run] = (cpu_us() - t0) / CALLS;
		if (!zout && !(zout = malloc(out_size + 1)))
			return 1;
		t0 = cpu_us();
		for (int i = 0; i < CALLS; i++)
			if (zlib_once(in, n, zout, out_size + 1)) {
				fprintf(stderr, "%s: zlib refuses it\n", path);
				return 1;
			}
		z_us[run] = (cpu_us() - t0) / CALLS;
	}
	qsort(r_us, (size_t)runs, sizeof(*r_us), by_value);
	qsort(z_us, (size_t)runs, sizeof(*z_us), by_value);
	printf("%zu %zu %.0f %.0f\n", n, out_size, r_us[runs / 2], z_us[runs / 2]);
	free(zout);
	free(r_us);
	free(z_us);
	return 0;
}
