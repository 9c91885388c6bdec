/* What a user watching `rawbpf run` sees while it runs, not only once CMD
 * has exited: events on stdout shortly after the traced action (perf
 * buffers and ring buffers, JSON and human output, stdout a pipe), lost
 * counts that add up under a flood, and CMD's end noticed however rawbpf
 * was started (SIGCHLD ignored by its parent) and a second signal reaching
 * CMD's whole process group.
 *
 * Nothing here sleeps and hopes: each wait is for a line rawbpf prints,
 * with a deadline after which the test fails instead of hanging. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

#define MAGIC 0x6d61657274730000ULL /* tests/progs/stream.bpf.c */

/* A rawbpf that runs while the test reads its stdout and stderr. */
struct live {
	struct result r; /* out and err grow as they are read */
	pid_t pid;
	int out, err;    /* read ends; -1 at end of file */
	size_t out_len, err_len;
	struct kernel_ids before;
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void live_start(struct live *l, char *const argv[])
{
	int out[2], err[2];
	size_t len = 1;

	memset(l, 0, sizeof(*l));
	kernel_ids(&l->before);
	for (int i = 0; argv[i]; i++)
		len += strlen(argv[i]) + 1;
	l->r.cmd = calloc(1, len);
	for (int i = 0; argv[i] && l->r.cmd; i++)
		strcat(strcat(l->r.cmd, i ? " " : ""), argv[i]);
	l->r.out = strdup("");
	l->r.err = strdup("");
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	l->pid = fork();
	assert_true(l->pid >= 0);
	if (l->pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	l->out = out[0];
	l->err = err[0];
}

static void append(int *fd, char **buf, size_t *len)
{
	char chunk[65536];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	*buf = realloc(*buf, *len + (size_t)n + 1);
	assert_non_null(*buf);
	memcpy(*buf + *len, chunk, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
}

/* Read both pipes until done(l, ctx) holds or `seconds` pass. Returns 1
 * when it holds, 0 on timeout or when both pipes ended first. */
static int live_wait(struct live *l, int (*done)(struct live *, void *), void *ctx,
		     double seconds)
{
	double deadline = now() + seconds;

	while (!done(l, ctx)) {
		struct pollfd p[2] = { { .fd = l->out, .events = POLLIN },
				       { .fd = l->err, .events = POLLIN } };
		int left = (int)((deadline - now()) * 1000);

		if (left <= 0 || (l->out < 0 && l->err < 0))
			return 0;
		if (poll(p, 2, left) < 0 && errno != EINTR)
			return 0;
		if (l->out >= 0 && (p[0].revents & (POLLIN | POLLHUP)))
			append(&l->out, &l->r.out, &l->out_len);
		if (l->err >= 0 && (p[1].revents & (POLLIN | POLLHUP)))
			append(&l->err, &l->r.err, &l->err_len);
	}
	return 1;
}

static int ended(struct live *l, void *ctx)
{
	(void)ctx;
	return l->out < 0 && l->err < 0;
}

/* Send sig (0: none), read to the end, reap; then nothing may be left. */
static void live_stop(struct live *l, int sig)
{
	char left[512];
	int ws, finished;

	if (sig)
		kill(l->pid, sig);
	finished = live_wait(l, ended, NULL, 30);
	if (!finished)
		kill(l->pid, SIGKILL);
	assert_int_equal(waitpid(l->pid, &ws, 0), l->pid);
	l->r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	if (!finished)
		fail_run(&l->r, "rawbpf did not end within 30 s%s", sig ? " of the signal" : "");
	if (wait_no_new_ids(&l->before, 10, left, sizeof(left)))
		fail_run(&l->r, "left in the kernel after rawbpf exited:%s", left);
}

/* Kill rawbpf and fail: it did not print what it should have by now. */
__attribute__((noreturn)) static void live_fail(struct live *l, const char *what)
{
	int ws;

	kill(l->pid, SIGKILL);
	waitpid(l->pid, &ws, 0);
	l->r.status = -1;
	fail_run(&l->r, "%s", what);
}

static int attached(struct live *l, void *ctx)
{
	const char *const enabled[] = { "PERF_EVENT_IOC_ENABLE) = 0", NULL };

	(void)ctx;
	return count_lines_with(l->r.err, enabled) >= 1;
}

static void run_driver(const char *mode, const char *count)
{
	char *driver[] = { (char *)DRIVER, (char *)mode, (char *)count, NULL };
	struct result d;

	run_argv(&d, driver);
	expect_status(&d, 0);
	result_free(&d);
}

/* ---- Events appear while rawbpf runs -------------------------------------- */

struct want {
	int json;
	int perf, ring; /* how many of each to wait for */
};

static int count_events(const char *out, int json, const char *map)
{
	char json_map[64];
	const char *const json_needles[] = { "\"type\":\"event\"", json_map, NULL };
	const char *const perf_human[] = { "event events cpu ", NULL };
	const char *const ring_human[] = { "event ring, ", NULL };

	snprintf(json_map, sizeof(json_map), "\"map\":\"%s\"", map);
	if (json)
		return count_lines_with(out, json_needles);
	return count_lines_with(out, strcmp(map, "ring") == 0 ? ring_human : perf_human);
}

static int have_events(struct live *l, void *ctx)
{
	const struct want *w = ctx;

	return count_events(l->r.out, w->json, "events") >= w->perf &&
	       count_events(l->r.out, w->json, "ring") >= w->ring;
}

/* README's own example, `rawbpf run --verbose exec_events.bpf.o`, with no
 * CMD: each event must be on stdout (a pipe, so block-buffered unless
 * rawbpf flushes) within seconds of the traced action, before any signal.
 * Before the fix, perf buffer events appeared only at SIGINT's final drain. */
static void events_stream(int json)
{
	char *with_json[] = { (char *)build_path("rawbpf"), "run", "--verbose", "--json",
			      (char *)TPROG("stream"), NULL };
	char *human[] = { (char *)build_path("rawbpf"), "run", "--verbose",
			  (char *)TPROG("stream"), NULL };
	struct want w = { .json = json, .perf = 5, .ring = 5 };
	struct live l;

	live_start(&l, json ? with_json : human);
	if (!live_wait(&l, attached, NULL, 30))
		live_fail(&l, "rawbpf never reported attaching its tracepoint");
	run_driver("getppid", "5");
	if (!live_wait(&l, have_events, &w, 10))
		live_fail(&l, "5 getppid calls made: their 5 perf buffer and 5 ring buffer "
			  "events were not all on stdout within 10 s, while rawbpf runs");
	live_stop(&l, SIGINT);
	expect_status(&l.r, 0);
	/* and none twice: the final drain must not print them again */
	if (count_events(l.r.out, json, "events") != 5 || count_events(l.r.out, json, "ring") != 5)
		fail_run(&l.r, "expected exactly 5 events of each map");
	result_free(&l.r);
}

static void json_events_stream_while_running(void **state)
{
	(void)state;
	events_stream(1);
}

static void human_events_stream_while_running(void **state)
{
	(void)state;
	events_stream(0);
}

static int exec_seen(struct live *l, void *ctx)
{
	/* "rbdriver" in hex, as the event's file name holds it */
	(void)ctx;
	return strstr(l->r.out, "7262647269766572") != NULL;
}

/* README's example itself: progs/exec_events, no CMD; one exec of the
 * driver must be on stdout while rawbpf runs. */
static void readme_exec_events_example_streams(void **state)
{
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--verbose", "--json",
			 (char *)PROG("exec_events"), NULL };
	struct live l;

	(void)state;
	live_start(&l, argv);
	if (!live_wait(&l, attached, NULL, 30))
		live_fail(&l, "rawbpf never reported attaching its tracepoint");
	run_driver("getppid", "0");
	if (!live_wait(&l, exec_seen, NULL, 10))
		live_fail(&l, "the driver was executed, and no event naming it reached stdout "
			  "within 10 s while rawbpf runs");
	live_stop(&l, SIGINT);
	expect_status(&l.r, 0);
	result_free(&l.r);
}

/* ---- Lost counts under a flood -------------------------------------------- */

#define FLOOD 20000

struct tally {
	int delivered;            /* perf events of map "events" */
	int probes_seen;          /* of them, seq >= FLOOD */
	unsigned long long lost;  /* sum of the "lost" lines' counts */
	unsigned char *seen;      /* seq -> delivered already */
	int duplicates, bad;
};

static void tally_event(void *ctx, const struct result *r, int cpu, const uint8_t *data,
			size_t size)
{
	struct tally *t = ctx;
	uint64_t seq = le_u64(data, 8);

	(void)r;
	(void)cpu;
	if (size < 16 || le_u64(data + 8, 8) != MAGIC || seq >= 2 * FLOOD) {
		t->bad++;
		return;
	}
	if (t->seen[seq]++)
		t->duplicates++;
	t->delivered++;
	if (seq >= FLOOD)
		t->probes_seen++;
}

static void tally_lost(struct tally *t, const char *out)
{
	const char *p = out;

	t->lost = 0;
	while ((p = strstr(p, "{\"type\":\"lost\",\"map\":\"events\"")) != NULL) {
		const char *c = strstr(p, "\"count\":");
		if (c)
			t->lost += strtoull(c + strlen("\"count\":"), NULL, 10);
		p++;
	}
}

static int probe_arrived(struct live *l, void *ctx)
{
	struct tally *t = ctx;

	memset(t->seen, 0, 2 * FLOOD);
	t->delivered = t->probes_seen = t->duplicates = t->bad = 0;
	each_event(&l->r, "events", tally_event, t);
	return t->probes_seen > 0;
}

/* One page per CPU (4 KiB: 15 of these 272-byte records) against 20,000
 * events: most are lost. Then single "probe" events until one is
 * delivered: a PERF_RECORD_LOST is written only in front of the next record
 * that fits (perf_output_begin() in kernel/events/ring_buffer.c), so a
 * delivered probe flushes every count still pending. Then every event is
 * accounted for: delivered + lost = sent. Each CPU's ring keeps its own
 * pending count, so the driver runs on one CPU only (the affinity is
 * inherited by the driver): the probe that gets through on that CPU
 * flushes everything. Before the fix the ring was not
 * read while rawbpf ran, so it stayed full: no probe came through, and the
 * lost counts covered only a few of the events. */
static void perf_lost_counts_add_up_under_flood(void **state)
{
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--verbose", "--json",
			 "--pages", "1", (char *)TPROG("stream"), NULL };
	char flood[16];
	struct tally t = { .seen = calloc(2 * FLOOD, 1) };
	struct live l;
	int probes = 0;
	cpu_set_t all, one;

	(void)state;
	assert_non_null(t.seen);
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	CPU_ZERO(&one);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &all)) {
			CPU_SET(cpu, &one);
			break;
		}
	snprintf(flood, sizeof(flood), "%d", FLOOD);
	live_start(&l, argv);
	if (!live_wait(&l, attached, NULL, 30))
		live_fail(&l, "rawbpf never reported attaching its tracepoint");
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	run_driver("getppid", flood);
	/* Each probe waits up to 2 s: one made while rawbpf still drains
	 * the flood may find the ring full and be lost itself (it is then
	 * counted), and the next one is sent. */
	while (probes < 20) {
		run_driver("getppid", "1");
		probes++;
		if (live_wait(&l, probe_arrived, &t, 2))
			break;
	}
	sched_setaffinity(0, sizeof(all), &all);
	if (t.probes_seen == 0)
		live_fail(&l, "no probe event reached stdout while rawbpf ran: the perf ring "
			  "is not read until the end");
	live_stop(&l, SIGINT);
	expect_status(&l.r, 0);
	probe_arrived(&l, &t); /* everything, with the final drain */
	tally_lost(&t, l.r.out);
	if (t.bad || t.duplicates)
		fail_run(&l.r, "%d malformed and %d duplicated events", t.bad, t.duplicates);
	if ((unsigned long long)t.delivered + t.lost != (unsigned long long)(FLOOD + probes))
		fail_run(&l.r, "sent %d events; delivered %d + lost %llu = %llu", FLOOD + probes,
			 t.delivered, t.lost, (unsigned long long)t.delivered + t.lost);
	if (t.lost == 0)
		fail_run(&l.r, "20000 events into 4 KiB rings and none lost: the flood did not "
			 "test the lost records");
	printf("flood: %d sent, %d delivered, %llu lost\n", FLOOD + probes, t.delivered, t.lost);
	free(t.seen);
	result_free(&l.r);
}

/* ---- CMD's end and signals ------------------------------------------------ */

/* A parent that ignores SIGCHLD passes that on through exec; the kernel
 * then reaps CMD itself and sends no SIGCHLD. Before the fix rawbpf waited
 * for ever. */
static void cmd_end_seen_with_sigchld_ignored(void **state)
{
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--json", (char *)TPROG("map7"),
			 "--", (char *)DRIVER, "getppid", "3", NULL };
	struct live l;

	(void)state;
	signal(SIGCHLD, SIG_IGN);
	live_start(&l, argv); /* the fork inherits SIG_IGN, and keeps it across exec */
	signal(SIGCHLD, SIG_DFL);
	live_stop(&l, 0);
	expect_status(&l.r, 0);
	expect_map_u64(&l.r, "counts", "00000000", 3);
	result_free(&l.r);
}

/* /proc/PID/stat's state: 'Z' for a zombie, 0 when the process is gone. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : '?';
}

struct pids {
	long shell, sleeper;
};

static int passed_on(struct live *l, void *ctx)
{
	(void)ctx;
	return strstr(l->r.err, "passed on to the command") != NULL;
}

static int pids_printed(struct live *l, void *ctx)
{
	struct pids *p = ctx;
	const char *line = strstr(l->r.out, "pids ");

	return line && strchr(line, '\n') && sscanf(line, "pids %ld %ld", &p->shell, &p->sleeper) == 2;
}

/* CMD is a shell that ignores SIGTERM and waits for a child that ignores
 * it too. The first SIGTERM is passed on and ignored; the second must kill
 * CMD's whole process group, the child included. Before the fix only CMD
 * was killed, and its child lived on. */
static void second_sigterm_kills_command_group(void **state)
{
	char *argv[] = { (char *)build_path("rawbpf"), "run", (char *)TPROG("map7"), "--",
			 "/bin/sh", "-c", "trap '' TERM; sleep 600 & echo pids $$ $!; wait", NULL };
	struct pids p = { 0 };
	struct live l;
	double deadline;
	char st;

	(void)state;
	live_start(&l, argv);
	if (!live_wait(&l, pids_printed, &p, 30))
		live_fail(&l, "the command never printed its pids");
	/* Two signals sent at once would merge into one pending SIGTERM:
	 * the second is sent once rawbpf says it passed the first on. */
	kill(l.pid, SIGTERM);
	if (!live_wait(&l, passed_on, NULL, 30))
		live_fail(&l, "rawbpf did not say it passed SIGTERM on to the command");
	live_stop(&l, SIGTERM);
	expect_status(&l.r, 128 + SIGKILL);
	/* SIGKILL is delivered asynchronously: wait (bounded) until the child
	 * is a zombie or gone, then insist. */
	deadline = now() + 10;
	while ((st = proc_state((pid_t)p.sleeper)) != 0 && st != 'Z' && now() < deadline)
		usleep(10000);
	if (st != 0 && st != 'Z') {
		kill((pid_t)p.sleeper, SIGKILL);
		fail_run(&l.r, "CMD's child (pid %ld) still runs after the second SIGTERM",
			 p.sleeper);
	}
	result_free(&l.r);
}

const struct CMUnitTest stream_tests[] = {
	cmocka_unit_test(json_events_stream_while_running),
	cmocka_unit_test(human_events_stream_while_running),
	cmocka_unit_test(readme_exec_events_example_streams),
	cmocka_unit_test(perf_lost_counts_add_up_under_flood),
	cmocka_unit_test(cmd_end_seen_with_sigchld_ignored),
	cmocka_unit_test(second_sigterm_kills_command_group),
};
DEFINE_COUNT(stream);
