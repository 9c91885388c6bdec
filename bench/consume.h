/* Shared by the two consumers of benchmark 3: run the driver, report. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static pid_t start_driver(const char *driver, const char *count)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(driver, "rbdriver", "getppid", count, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int driver_done(pid_t pid)
{
	int status;

	return waitpid(pid, &status, WNOHANG) == pid;
}

static void report(long events, unsigned long long lost, double start)
{
	struct rusage ru;
	double wall = seconds_now() - start;

	getrusage(RUSAGE_SELF, &ru);
	printf("%ld %llu %.4f %.4f\n", events, lost, wall,
	       ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
		       ru.ru_stime.tv_usec / 1e6);
}
