/* Benchmark 5, CO-RE, the libbpf side: the same work as
 * bench/rawbpf_core_load.c (open the object; load it, which reads the
 * kernel's BTF, applies the CO-RE records and loads every program; close),
 * RUNS times in one process, with libbpf. Prints
 *     open_us load_us total_us maxrss_kib
 * Built only by `make bench`, against the distribution's libbpf-dev.
 * Usage: libbpf_core_load RUNS OBJ */
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_RUNS 1001

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

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

int main(int argc, char **argv)
{
	static double open_us[MAX_RUNS], load_us[MAX_RUNS], total_us[MAX_RUNS];
	int runs = argc == 3 ? atoi(argv[1]) : 0;
	struct rusage ru;

	if (runs <= 0 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: libbpf_core_load RUNS OBJ\n");
		return 2;
	}
	libbpf_set_print(silent);
	for (int i = 0; i < runs; i++) {
		struct bpf_object *obj;
		double a = now_us(), b, c;

		obj = bpf_object__open_file(argv[2], NULL);
		if (!obj)
			return 1;
		b = now_us();
		if (bpf_object__load(obj))
			return 1;
		c = now_us();
		bpf_object__close(obj);
		open_us[i] = b - a;
		load_us[i] = c - b;
		total_us[i] = c - a;
	}
	qsort(open_us, (size_t)runs, sizeof(double), compare);
	qsort(load_us, (size_t)runs, sizeof(double), compare);
	qsort(total_us, (size_t)runs, sizeof(double), compare);
	getrusage(RUSAGE_SELF, &ru);
	printf("%.0f %.0f %.0f %ld\n", open_us[runs / 2], load_us[runs / 2], total_us[runs / 2],
	       ru.ru_maxrss);
	return 0;
}
