/* Shared by bench/rawbpf_phases.c and bench/libbpf_phases.c (issue 15,
 * item 3): time each phase of a load -- open, load, attach, detach -- and,
 * inside each, every bpf(2) call by command.
 *
 * Both loaders issue bpf(2) through libc's syscall(): rawbpf from
 * loader/kernel/bpf_syscall.c (linked statically here), libbpf from
 * libbpf.so, whose undefined reference to syscall binds to the
 * executable's definition (the executable is searched first). So defining
 * syscall() below counts and times every bpf() and perf_event_open() call
 * of either loader in-process, without strace's per-call cost in the
 * figures. Calls made another way (a raw `syscall` instruction) would be
 * missed: bench/run.sh cross-checks the counts with strace -c when it is
 * installed.
 *
 * Per phase the report gives: median wall time; mean user and system CPU
 * (getrusage, summed over all runs and divided, because one phase is
 * shorter than the accounting granularity); and per bpf command the number
 * of calls and the mean wall time spent inside them (kernel time: the
 * verifier inside BPF_PROG_LOAD, etc., which both loaders pay). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <linux/bpf.h>

enum { PH_OPEN, PH_LOAD, PH_ATTACH, PH_DETACH, PH_CLOSE, PH_N };
static const char *const phase_names[PH_N] = { "open", "load", "attach", "detach", "close" };

#define NCMD 64 /* bpf commands; slot NCMD-1 is perf_event_open */
#define CMD_PERF (NCMD - 1)

struct bucket {
	long calls;
	double ns;     /* wall time inside the calls */
	double cpu_ns; /* this thread's CPU time inside them (the kernel's work) */
};

static struct {
	int phase;
	struct bucket cmd[PH_N][NCMD];
} ph;

static long (*real_syscall)(long, ...);

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* ns-precise, unlike getrusage's user/system split (tick-sampled, then
 * scaled): user + system CPU of this thread. */
static double thread_cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Six long arguments cover every system call on x86-64 and arm64; the
 * extra ones are ignored by the kernel. */
long syscall(long nr, ...)
{
	va_list ap;
	long a[6], ret;
	double t0, c0;
	int slot = -1;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (!real_syscall)
		real_syscall = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (nr == SYS_bpf)
		slot = a[0] >= 0 && a[0] < CMD_PERF ? (int)a[0] : CMD_PERF - 1;
	else if (nr == SYS_perf_event_open)
		slot = CMD_PERF;
	c0 = slot >= 0 ? thread_cpu_ns() : 0;
	t0 = slot >= 0 ? now_ns() : 0;
	ret = real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (slot >= 0) {
		ph.cmd[ph.phase][slot].calls++;
		ph.cmd[ph.phase][slot].ns += now_ns() - t0;
		ph.cmd[ph.phase][slot].cpu_ns += thread_cpu_ns() - c0;
	}
	return ret;
}

/* 1,000 programs and 1,000 maps need more than the default 1,024 fds. */
static void raise_nofile(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) == 0) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

#define MAX_RUNS 1001
static double wall[PH_N][MAX_RUNS];
static double user_us[PH_N], sys_us[PH_N], cpu_us[PH_N];
static long first_calls[PH_N]; /* bpf() calls of run 0: a one-shot CLI's count */
static struct rusage ru0;
static double t_start, cpu_start;


static double tv_us(struct timeval tv)
{
	return tv.tv_sec * 1e6 + tv.tv_usec;
}

static void phase_begin(int phase)
{
	ph.phase = phase;
	getrusage(RUSAGE_SELF, &ru0);
	cpu_start = thread_cpu_ns();
	t_start = now_ns();
}

static void phase_end(int run)
{
	struct rusage ru;
	int p = ph.phase;

	wall[p][run] = (now_ns() - t_start) / 1e3;
	cpu_us[p] += (thread_cpu_ns() - cpu_start) / 1e3;
	getrusage(RUSAGE_SELF, &ru);
	if (run == 0)
		for (int c = 0; c < NCMD; c++)
			first_calls[p] += ph.cmd[p][c].calls;
	user_us[p] += tv_us(ru.ru_utime) - tv_us(ru0.ru_utime);
	sys_us[p] += tv_us(ru.ru_stime) - tv_us(ru0.ru_stime);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static const char *cmd_name(int c)
{
	switch (c) {
	case BPF_MAP_CREATE: return "MAP_CREATE";
	case BPF_PROG_LOAD: return "PROG_LOAD";
	case BPF_BTF_LOAD: return "BTF_LOAD";
	case BPF_MAP_UPDATE_ELEM: return "MAP_UPDATE";
	case BPF_MAP_LOOKUP_ELEM: return "MAP_LOOKUP";
	case BPF_MAP_FREEZE: return "MAP_FREEZE";
	case BPF_LINK_CREATE: return "LINK_CREATE";
	case BPF_RAW_TRACEPOINT_OPEN: return "RAW_TP_OPEN";
	case BPF_OBJ_GET_INFO_BY_FD: return "GET_INFO";
	case BPF_PROG_ATTACH: return "PROG_ATTACH";
	case BPF_PROG_DETACH: return "PROG_DETACH";
	case BPF_BTF_GET_FD_BY_ID: return "BTF_GET_FD";
	case 36: return "TOKEN_CREATE"; /* BPF_TOKEN_CREATE, newer than uapi/ */
	case CMD_PERF: return "perf_event_open";
	default: return NULL;
	}
}

/* One line per phase:
 *   PHASE wall_median_us user_mean_us sys_mean_us cpu_mean_us calls_run0
 *         calls_mean kernel_us loader_cpu_us [CMD=calls/us ...]
 * calls are bpf() and perf_event_open() calls; kernel_us is the mean wall
 * time spent inside them per run; cpu is the thread's CPU time, and
 * loader_cpu that minus the CPU time inside those calls: what the loader
 * itself spends (its other system calls, open/read/mmap, included). */
static void phases_report(int runs)
{
	for (int p = 0; p < PH_N; p++) {
		long calls = 0;
		double ns = 0, cpu_ns = 0;

		qsort(wall[p], (size_t)runs, sizeof(double), cmp_double);
		for (int c = 0; c < NCMD; c++) {
			calls += ph.cmd[p][c].calls;
			ns += ph.cmd[p][c].ns;
			cpu_ns += ph.cmd[p][c].cpu_ns;
		}
		printf("%s %.0f %.0f %.0f %.0f %ld %.1f %.0f %.0f", phase_names[p], wall[p][runs / 2],
		       user_us[p] / runs, sys_us[p] / runs, cpu_us[p] / runs, first_calls[p],
		       (double)calls / runs, ns / 1e3 / runs, (cpu_us[p] - cpu_ns / 1e3) / runs);
		for (int c = 0; c < NCMD; c++) {
			const char *n = cmd_name(c);
			char other[16];

			if (!ph.cmd[p][c].calls)
				continue;
			if (!n) {
				snprintf(other, sizeof(other), "cmd%d", c);
				n = other;
			}
			printf(" %s=%.1f/%.0f", n, (double)ph.cmd[p][c].calls / runs,
			       ph.cmd[p][c].ns / 1e3 / runs);
		}
		printf("\n");
	}
}

/* Usage: X_phases RUNS OBJ [noattach] */
static int phases_args(int argc, char **argv, int *attach)
{
	int runs = argc >= 3 ? atoi(argv[1]) : 0;

	*attach = !(argc == 4 && strcmp(argv[3], "noattach") == 0);
	if (runs <= 0 || runs > MAX_RUNS || argc > 4) {
		fprintf(stderr, "usage: %s RUNS OBJ [noattach]\n", argv[0]);
		exit(2);
	}
	raise_nofile();
	return runs;
}
