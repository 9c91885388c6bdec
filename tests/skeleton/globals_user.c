/* The user space of tests/progs/skel_globals.bpf.c, written as a
 * libbpf-bootstrap program is, on the header `rawbpf gen skeleton` makes
 * (skel_globals_bpf.skel.h). tests/kernel/kernel/skeleton.c generates the
 * header, compiles this with cc and runs it:
 *     globals_user RBDRIVER N
 * open, set .rodata, load, attach, N getppid calls by the driver, read
 * .bss through the mmap'd pointer, change .data, M more calls, check the
 * program used the new value, destroy. Prints "ok ..." and exits 0, or
 * says what differs and exits 1. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "skel_globals_bpf.skel.h"

static int failures;

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "globals_user: %s: ", #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			failures++; \
		} \
	} while (0)

static void drive(const char *driver, int n)
{
	char count[16];
	pid_t pid;
	int status;

	snprintf(count, sizeof(count), "%d", n);
	pid = fork();
	if (pid == 0) {
		execl(driver, driver, "getppid", count, (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "%s getppid %d did not run", driver, n);
}

/* .rodata is read-only once loaded: a write is a SIGSEGV (in a child). */
static int rodata_write_faults(struct skel_globals_bpf *skel)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL); /* not a sanitizer's handler: the signal itself */
		skel->rodata->cfg.multiplier = 99;
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGSEGV;
}

int main(int argc, char **argv)
{
	struct rb_open_opts opts = { .policy = RB_MOUNT_TRACEFS };
	struct skel_globals_bpf *skel;
	int n = argc > 2 ? atoi(argv[2]) : 0, m = 5;
	unsigned long long want;

	if (argc != 3 || n <= 0) {
		fprintf(stderr, "usage: globals_user RBDRIVER N\n");
		return 2;
	}
	skel = skel_globals_bpf__open_opts(&opts, NULL);
	if (!skel) {
		perror("globals_user: open");
		return 1;
	}
	/* before load: the object's initial values, writable */
	CHECK(skel->rodata->cfg.multiplier == 1, "multiplier %u", skel->rodata->cfg.multiplier);
	CHECK(strcmp(skel->data->name, "skel_globals") == 0, "name %s", skel->data->name);
	CHECK(skel->data->word == 0x1122334455667788UL, "word %lx", skel->data->word);
	skel->rodata->cfg.multiplier = 3;
	skel->rodata->add_base = 10;
	memcpy((char *)skel->rodata->cfg.label, "skeleton", 8);
	if (skel_globals_bpf__load(skel) || skel_globals_bpf__attach(skel)) {
		perror("globals_user: load and attach");
		skel_globals_bpf__destroy(skel);
		return 1;
	}
	CHECK(skel->links.count_getppid != NULL, "no link");
	/* after load: the maps' own pages */
	CHECK(skel->rodata->cfg.multiplier == 3, "multiplier %u after load",
	      skel->rodata->cfg.multiplier);
	CHECK(skel->bss->hits == 0, "hits %llu before any call", skel->bss->hits);
	drive(argv[1], n);
	CHECK(skel->bss->hits == (unsigned long long)n, "hits %llu, want %d", skel->bss->hits, n);
	CHECK(skel->bss->stats.calls == (unsigned long long)n, "calls %llu", skel->bss->stats.calls);
	want = (unsigned long long)n * (1 * 3 + 10);
	CHECK(skel->bss->stats.sum == want, "sum %llu, want %llu", skel->bss->stats.sum, want);
	CHECK(skel->bss->stats.last_pid != 0, "last_pid 0");
	CHECK(memcmp(skel->bss->last_label, "skeleton", 8) == 0, "label %.8s",
	      skel->bss->last_label);
	CHECK(skel->bss->counters[0] + skel->bss->counters[1] + skel->bss->counters[2] +
	      skel->bss->counters[3] == n, "counters do not add up to %d", n);
	CHECK(skel->bss->pointer == NULL, "pointer set");
	/* a write from user space, seen by the program without a system call */
	skel->data->bump = 5;
	drive(argv[1], m);
	want += (unsigned long long)m * (5 * 3 + 10);
	CHECK(skel->bss->stats.sum == want, "sum %llu after bump = 5, want %llu",
	      skel->bss->stats.sum, want);
	CHECK(rodata_write_faults(skel), ".rodata is writable after load");
	skel_globals_bpf__detach(skel);
	CHECK(skel->links.count_getppid == NULL, "link kept after detach");
	drive(argv[1], 1);
	CHECK(skel->bss->hits == (unsigned long long)(n + m), "hits %llu after detach",
	      skel->bss->hits);
	skel_globals_bpf__destroy(skel);
	if (failures)
		return 1;
	printf("ok hits=%d sum=%llu\n", n + m, want);
	return 0;
}
