/* rbdriver: the kernel tests' event source. It makes an exact number of
 * events, so a test can compare a count with the number it asked for:
 *   rbdriver getppid N    N getppid(2) system calls
 *   rbdriver func N       N calls of rbdriver_target(), for uprobes
 *   rbdriver getpgid N    N getpgid(own pid) system calls, each asking the
 *                         LSM hook task_getpgid (not asked for pid 0)
 *   rbdriver spin MS      spin in rbdriver_spin_here() for MS milliseconds of
 *                         CPU time, for the sampling profiler (progs/profile):
 *                         the top stack must be in that function
 *   rbdriver core N       for the CO-RE test objects (tests/progs/core_*):
 *                         first become what they read (SCHED_RESET_ON_FORK,
 *                         uid RBDRIVER_CORE_UID), then N getppid(2), then
 *                         print what they must have found (see core_setup)
 * The test programs count only tasks named "rbdriver" (this binary's
 * comm), so whatever else runs on the machine does not change a count. */
#define _GNU_SOURCE /* setresuid */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000 /* include/uapi/linux/sched.h */
#endif
/* The uid `rbdriver core` takes, which tests/progs/core_task reads from
 * the task's cred: a number no test machine gives its users by chance. */
#define RBDRIVER_CORE_UID 4242

/* The uprobe target (tests/progs/uprobe_own.bpf.c names it). noinline and
 * externally visible, so the symbol exists and each call enters it; the
 * empty asm is opaque to the optimiser, so the loop cannot be folded. */
__attribute__((noinline)) unsigned long rbdriver_target(unsigned long x)
{
	__asm__ __volatile__("" : "+r"(x));
	return x ^ 1;
}

/* `spin`: the profiled function. noinline and externally visible, so it
 * is a symbol of its own in .symtab that samples land in. It asks for the
 * CPU time it has used (clock_gettime(CLOCK_PROCESS_CPUTIME_ID), a system
 * call) only every million rounds, so nearly every sample is in the loop
 * itself; CPU time, not wall time, so a busy machine makes the run longer
 * but not the profile thinner. */
__attribute__((noinline)) void rbdriver_spin_here(unsigned long long ms)
{
	struct timespec start, now;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
	do {
		for (unsigned long i = 0; i < 1000000; i++)
			x += i;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	} while ((unsigned long long)(now.tv_sec - start.tv_sec) * 1000 +
			 (unsigned long long)(now.tv_nsec - start.tv_nsec) / 1000000 < ms);
}

/* The raw system call: glibc's getppid() is not cached today, but a
 * wrapper that ever was would silently make fewer events. */
static void one_getppid(void)
{
	syscall(SYS_getppid);
}

static void one_getpgid(void)
{
	syscall(SYS_getpgid, (long)getpid());
}

/* volatile: every call's result is stored, so no call can be dropped. */
static volatile unsigned long acc;

static void one_func(void)
{
	acc = rbdriver_target(acc);
}

/* The ninth field of /proc/self/stat: the task's flags (PF_*, in
 * task_struct.flags), as proc_pid_stat() prints them; -1 when unreadable.
 * The name field may hold spaces and ')', so count from its last ')'. */
static long long task_flags(void)
{
	char buf[1024], *p;
	FILE *f = fopen("/proc/self/stat", "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	long long flags = -1;

	if (f)
		fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after ") ": state ppid pgrp session tty_nr tpgid flags */
	if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lld", &flags) != 1)
		flags = -1;
	return flags;
}

/* `core`: make the task what the CO-RE test objects read. The raw system
 * call: musl's sched_setscheduler() is a stub that says ENOSYS. */
static int core_setup(void)
{
	int param[1] = { 0 }; /* struct sched_param: sched_priority 0 */

	if (syscall(SYS_sched_setscheduler, 0, SCHED_OTHER | SCHED_RESET_ON_FORK, param) != 0) {
		perror("rbdriver: sched_setscheduler(SCHED_RESET_ON_FORK)");
		return -1;
	}
	if (setresuid(RBDRIVER_CORE_UID, RBDRIVER_CORE_UID, RBDRIVER_CORE_UID) != 0) {
		perror("rbdriver: setresuid");
		return -1;
	}
	return 0;
}

/* What the objects must have found, on one line the tests parse. */
static void core_report(void)
{
	printf("rbdriver core: pid=%d tgid=%d ppid=%d uid=%d flags=%lld comm=rbdriver\n",
	       (int)syscall(SYS_gettid), (int)getpid(), (int)getppid(), (int)getuid(),
	       task_flags());
	fflush(stdout);
}

static const struct mode {
	const char *name;
	void (*once)(void);
} modes[] = {
	{ "getppid", one_getppid },
	{ "func", one_func },
	{ "getpgid", one_getpgid },
	{ "core", one_getppid },
};

int main(int argc, char **argv)
{
	const struct mode *mode = NULL;
	unsigned long long n;
	char *end;

	for (size_t i = 0; argc == 3 && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(argv[1], modes[i].name) == 0)
			mode = &modes[i];
	if (!mode && argc == 3 && strcmp(argv[1], "spin") == 0) {
		rbdriver_spin_here(strtoull(argv[2], NULL, 10));
		return 0;
	}
	if (!mode) {
		fprintf(stderr, "usage: rbdriver getppid|func|getpgid|core N, rbdriver spin MS\n");
		return 2;
	}
	/* A wrong count must not pass as some other number of events. */
	errno = 0;
	n = strtoull(argv[2], &end, 10);
	if (errno || end == argv[2] || *end || argv[2][0] == '-') {
		fprintf(stderr, "rbdriver: N must be a non-negative integer, not '%s'\n", argv[2]);
		return 2;
	}
	if (strcmp(mode->name, "core") == 0 && core_setup() != 0)
		return 1;
	while (n--)
		mode->once();
	if (strcmp(mode->name, "core") == 0)
		core_report();
	return 0;
}
