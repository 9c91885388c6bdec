/* Shared by the two consumers of benchmark 3b (bench/rawbpf_drain.c,
 * bench/libbpf_drain.c): filling the rings, the flood's producer, the
 * record sink and the memcpy limit. Everything here is the same code for
 * both loaders, so only their consume calls differ. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sched_setaffinity; the build passes -D_GNU_SOURCE */
#endif
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long records;
static unsigned long long bytes, lost;
static char sink[65536];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* What a real consumer does at the least: copy the record out of the ring.
 * The empty asm keeps the compiler from dropping the copy. */
static void take(const void *data, unsigned size)
{
	if (size > sizeof(sink))
		size = sizeof(sink);
	memcpy(sink, data, size);
	__asm__ volatile("" : : "r"(sink) : "memory");
	records++;
	bytes += size;
}

/* drain.bpf.c emits for processes named "rbdrain": call getppid once on
 * every CPU (perf: each CPU's ring), or once (ring buffer: one ring). */
static void fill(int per_cpu)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t all, one;

	prctl(PR_SET_NAME, "rbdrain");
	sched_getaffinity(0, sizeof(all), &all);
	for (long c = 0; c < (per_cpu ? cpus : 1); c++) {
		CPU_ZERO(&one);
		CPU_SET(c, &one);
		if (per_cpu)
			sched_setaffinity(0, sizeof(one), &one);
		syscall(SYS_getppid);
	}
	sched_setaffinity(0, sizeof(all), &all);
	prctl(PR_SET_NAME, "drain-consumer"); /* the consumer must not emit */
}

/* The flood's producer: a child named "rbdrain" calling getppid CALLS
 * times (each call emits PER records, drain.bpf.c). */
static pid_t flood_start(long calls)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_NAME, "rbdrain");
		for (long i = 0; i < calls; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	return pid;
}

static int flood_done(pid_t pid)
{
	int status;

	return waitpid(pid, &status, WNOHANG) == pid;
}

/* The machine's limit for the same work: copy the same number of records of
 * the same size out of a buffer as large as the rings, at the ring's record
 * stride (size + 8-byte header, 8-aligned), into the same sink. */
static double memcpy_seconds(size_t ring_bytes)
{
	unsigned size = records ? (unsigned)(bytes / records) : 0;
	size_t stride = (size + 8 + 7) & ~(size_t)7;
	char *src = malloc(ring_bytes);
	double t;

	if (!src || !records)
		return 0;
	memset(src, 1, ring_bytes);
	t = now();
	for (long i = 0, off = 0; i < records; i++) {
		if (off + stride > ring_bytes)
			off = 0;
		memcpy(sink, src + off, size);
		__asm__ volatile("" : : "r"(sink) : "memory");
		off += stride;
	}
	t = now() - t;
	free(src);
	return t;
}
