/* Benchmark 5, CO-RE, the rawbpf side: open a CO-RE object, then load it
 * (which reads the kernel's BTF, /sys/kernel/btf/vmlinux, applies every
 * CO-RE record and BPF_PROG_LOADs each program), then close it; RUNS times
 * in one process. Prints the medians, in microseconds, of the open, of the
 * load and of both, and the process's peak resident memory:
 *     open_us load_us total_us maxrss_kib
 * bench/libbpf_core_load.c does the same with libbpf; bench/run.sh puts
 * the two side by side. Usage: rawbpf_core_load RUNS OBJ */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "loader/rawbpf.h"

#define MAX_RUNS 1001

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
		fprintf(stderr, "usage: rawbpf_core_load RUNS OBJ\n");
		return 2;
	}
	for (int i = 0; i < runs; i++) {
		struct rb_object *obj;
		struct rb_error err = { 0 };
		double a = now_us(), b, c;

		if (rb_object_open(&obj, argv[2], NULL, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		b = now_us();
		if (rb_object_load(obj, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		c = now_us();
		rb_object_close(obj);
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
