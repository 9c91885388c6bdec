/* Run a command RUNS times; print its median wall time (ms) and its peak
 * resident memory (KiB, from wait4's rusage), or "failed" if it ever
 * exits non-zero. Usage: time_cmd RUNS CMD [ARG...]
 * Between runs it calls $BENCH_CLEANUP (a shell command), untimed. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0;
	const char *cleanup = getenv("BENCH_CLEANUP");
	double *t;
	long rss = 0;

	if (runs <= 0) {
		fprintf(stderr, "usage: time_cmd RUNS CMD [ARG...]\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof(*t));
	for (int i = 0; i < runs; i++) {
		struct timespec a, b;
		struct rusage ru;
		int status;
		pid_t pid;

		clock_gettime(CLOCK_MONOTONIC, &a);
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			dup2(null, 2);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		wait4(pid, &status, 0, &ru);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("failed\n");
			return 1;
		}
		t[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
		if (cleanup && system(cleanup) != 0) {
			printf("cleanup failed\n");
			return 1;
		}
	}
	qsort(t, (size_t)runs, sizeof(*t), compare);
	printf("%.2f %ld\n", t[runs / 2], rss);
	return 0;
}
