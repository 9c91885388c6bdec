/* The command itself: bad files and usage (exit 2), CMD's status passed
 * through, and ending on SIGINT/SIGTERM with nothing left loaded. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

/* A temporary file holding the first `size` bytes of `from` (all of it
 * when size is 0 and from is NULL: an empty file). */
static void make_file(char *name, const char *from, size_t size)
{
	char buf[4096];
	int fd = mkstemp(name);
	FILE *in;

	assert_true(fd >= 0 && size <= sizeof(buf));
	if (from) {
		in = fopen(from, "rb");
		assert_non_null(in);
		assert_int_equal(fread(buf, 1, size, in), size);
		fclose(in);
		assert_int_equal(write(fd, buf, size), (ssize_t)size);
	}
	close(fd);
}

static void bad_files_exit_2(void **state)
{
	char empty[] = "/tmp/rawbpf-test-empty-XXXXXX", trunc[] = "/tmp/rawbpf-test-trunc-XXXXXX";
	struct result r;

	(void)state;
	rawbpf(&r, "run", "/nonexistent/object.o");
	expect_status(&r, 2);
	expect_err(&r, "/nonexistent/object.o");
	result_free(&r);

	make_file(empty, NULL, 0);
	rawbpf(&r, "run", empty);
	expect_status(&r, 2);
	expect_err_line(&r, empty, "empty");
	result_free(&r);

	/* the ELF header and a little more of a real object: the section
	 * headers it points to are missing */
	make_file(trunc, PROG("hello"), 200);
	rawbpf(&r, "run", trunc);
	expect_status(&r, 2);
	expect_err(&r, trunc);
	result_free(&r);
	rawbpf(&r, "inspect", trunc);
	expect_status(&r, 2);
	expect_err(&r, trunc);
	result_free(&r);
	unlink(empty);
	unlink(trunc);
}

static void usage_errors_exit_2(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, NULL); /* no arguments at all */
	expect_status(&r, 2);
	expect_err(&r, "usage");
	result_free(&r);
	rawbpf(&r, "run");
	expect_status(&r, 2);
	result_free(&r);
	rawbpf(&r, "run", "--bogus", PROG("hello"));
	expect_status(&r, 2);
	expect_err(&r, "--bogus");
	result_free(&r);
	rawbpf(&r, "run", "--probe-mode", "legacy", PROG("hello"));
	expect_status(&r, 2);
	expect_err(&r, "auto, pmu or tracefs");
	result_free(&r);
	rawbpf(&r, "run", "--pages", "3", PROG("hello"));
	expect_status(&r, 2);
	expect_err(&r, "power of two");
	result_free(&r);
	rawbpf(&r, "run", PROG("hello"), "--");
	expect_status(&r, 2);
	result_free(&r);
	rawbpf(&r, "frobnicate");
	expect_status(&r, 2);
	result_free(&r);
	rawbpf(&r, "run", "--xdp-mode", "turbo", PROG("hello"));
	expect_status(&r, 2);
	expect_err(&r, "skb or native, not 'turbo'");
	result_free(&r);
	rawbpf(&r, "run", PROG("hello"), "--iface");
	expect_status(&r, 2);
	expect_err(&r, "--iface takes an interface name");
	result_free(&r);
}

/* A place-giving option that no program of the object takes would be
 * ignored, and the user would believe something is attached there: each
 * is refused, naming the option, before anything is attached. */
static void unused_attach_options_are_refused(void **state)
{
	static const char *const opts[][2] = {
		{ "--iface", "lo" }, { "--cgroup", "/sys/fs/cgroup" },
		{ "--xdp-mode", "skb" }, { "--netns", "/proc/self/ns/net" },
	};
	static const char *const names[] = {
		"an interface (iface)", "a cgroup", "an XDP mode", "a network namespace",
	};
	struct result r;

	(void)state;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		rawbpf(&r, "run", opts[i][0], opts[i][1], PROG("hello"), "--", DRIVER, "getppid", "1");
		expect_status(&r, 2);
		expect_err_line(&r, names[i], "was given, but no program of", "attaches to one");
		if (strstr(r.out, "getppid") || strstr(r.err, "rbdriver:"))
			fail_run(&r, "CMD ran although the run was refused");
		result_free(&r);
	}
}

static void command_not_found_leaves_nothing(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", PROG("exec_events"), "--", "/no/such/command");
	expect_status(&r, 127);
	expect_err(&r, "/no/such/command");
	result_free(&r);
}

static void command_status_is_passed_through(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", PROG("hello"), "--", "/bin/sh", "-c", "exit 7");
	expect_status(&r, 7);
	result_free(&r);
}

/* A stop signal that came while rawbpf set up (a slow load, Ctrl-C) is
 * not lost: CMD is not started, and the run ends as CMD would have, 128 +
 * the signal. The signal is made pending before rawbpf even starts (the
 * mask and pending signals survive exec), which is the same to rawbpf as
 * one that comes during the load, and certain. CMD would inherit the mask
 * with SIGTERM blocked and run to its end, counting 4 getppid calls: it
 * once did, as the signal reached it only after it started. */
static void stop_signal_before_cmd_starts_is_not_lost(void **state)
{
	const struct run_limits lim = { .pending_signal = SIGTERM };
	struct result r;

	(void)state;
	rawbpf_limited(&r, &lim, "run", "--json", TPROG("raw_tp_own"), "--", DRIVER, "getppid",
		       "4");
	expect_status(&r, 128 + SIGTERM);
	expect_err_line(&r, "before the command started", "not starting it");
	expect_map_u64(&r, "counts", "00000000", 0);
	result_free(&r);
}

/* Append what fd has to *buf within timeout_ms: 1 read, 0 end of file,
 * -1 nothing in time (a hung rawbpf fails the test instead of hanging it). */
static int read_more(int fd, char **buf, size_t *len, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char chunk[4096];
	ssize_t n;

	if (poll(&p, 1, timeout_ms) <= 0)
		return -1;
	n = read(fd, chunk, sizeof(chunk));
	if (n <= 0)
		return 0;
	*buf = realloc(*buf, *len + (size_t)n + 1);
	assert_non_null(*buf);
	memcpy(*buf + *len, chunk, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
	return 1;
}

/* `rawbpf run --verbose --json OBJ` with no CMD: wait until its narration says
 * every program is enabled (no sleeping), make 21 events, send `sig`. It
 * must print the maps with the counts, exit 0 and leave nothing: no program,
 * map or link, and no probe event in tracefs.
 * Two objects: map7 (a tracepoint) and uprobe_own with --probe-mode tracefs
 * (two uprobe_events entries, which must exist while it runs and be gone
 * after). */
static void ends_cleanly_on(int sig, int uprobe_events)
{
	static struct kernel_ids before;
	char out_name[] = "/tmp/rawbpf-test-sig-XXXXXX", left[512], cmd[600];
	char *driver[] = { (char *)DRIVER, uprobe_events ? "func" : "getppid", "21", NULL };
	const char *object = uprobe_events ? TPROG("uprobe_own") : TPROG("map7");
	const char *const enabled[] = { "PERF_EVENT_IOC_ENABLE) = 0", NULL };
	int attachments = uprobe_events ? 2 : 1;
	struct result r = { 0 }, drv;
	int err_pipe[2], out_fd, ws, got = 1;
	size_t len = 0;
	pid_t pid;

	kernel_ids(&before);
	out_fd = mkstemp(out_name);
	assert_true(out_fd >= 0);
	unlink(out_name);
	assert_int_equal(pipe(err_pipe), 0);
	snprintf(cmd, sizeof(cmd), "%s run --verbose --json --probe-mode %s %s (ended by %s)",
		 build_path("rawbpf"), uprobe_events ? "tracefs" : "auto", object, strsignal(sig));
	r.cmd = strdup(cmd);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out_fd, 1);
		dup2(err_pipe[1], 2);
		close(err_pipe[0]);
		close(err_pipe[1]);
		execl(build_path("rawbpf"), "rawbpf", "run", "--verbose", "--json", "--probe-mode",
		      uprobe_events ? "tracefs" : "auto", object, (char *)NULL);
		_exit(127);
	}
	close(err_pipe[1]);
	while (got > 0 && count_lines_with(r.err, enabled) < attachments)
		got = read_more(err_pipe[0], &r.err, &len, 30000);
	if (got <= 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &ws, 0);
		r.status = -1;
		fail_run(&r, "rawbpf never reported enabling its %d perf events", attachments);
	}
	if (uprobe_events && rawbpf_probe_events(NULL, 0) != before.probe_events + 2) {
		kill(pid, SIGKILL);
		waitpid(pid, &ws, 0);
		r.status = -1;
		fail_run(&r, "%d rawbpf probe events in tracefs while it runs, expected %d",
			 rawbpf_probe_events(NULL, 0), before.probe_events + 2);
	}
	run_argv(&drv, driver);
	expect_status(&drv, 0);
	result_free(&drv);
	kill(pid, sig);
	/* read stderr to its end, so rawbpf can never block writing it */
	while ((got = read_more(err_pipe[0], &r.err, &len, 30000)) > 0)
		;
	close(err_pipe[0]);
	if (got < 0)
		kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r.out = read_all(out_fd);
	close(out_fd);
	if (got < 0)
		fail_run(&r, "rawbpf did not exit within 30 s of %s", strsignal(sig));
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 21);
	if (uprobe_events)
		expect_map_u64(&r, "counts", "01000000", 21);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_run(&r, "left in the kernel after rawbpf exited:%s", left);
	result_free(&r);
}

static void sigint_ends_cleanly(void **state)
{
	(void)state;
	ends_cleanly_on(SIGINT, 0);
}

static void sigterm_ends_cleanly(void **state)
{
	(void)state;
	ends_cleanly_on(SIGTERM, 0);
}

static void sigint_removes_uprobe_events(void **state)
{
	(void)state;
	ends_cleanly_on(SIGINT, 1);
}

static void sigterm_removes_uprobe_events(void **state)
{
	(void)state;
	ends_cleanly_on(SIGTERM, 1);
}

/* A closed terminal (an ssh session dropped) sends SIGHUP. */
static void sighup_removes_uprobe_events(void **state)
{
	(void)state;
	ends_cleanly_on(SIGHUP, 1);
}

/* `rawbpf run ... | head -1` once head has gone: every write to stdout
 * fails. That must not kill rawbpf (SIGPIPE) before it removes its
 * uprobe_events entries: it ends with status 0 and leaves nothing. The
 * pipe's read end is closed before rawbpf starts, so every write fails. */
static void closed_stdout_still_tears_down(void **state)
{
	static struct kernel_ids before;
	struct result r = { .cmd = strdup("rawbpf run --json --probe-mode tracefs uprobe_own.bpf.o "
					  "-- rbdriver func 3 >(a pipe nobody reads)") };
	char left[512];
	int p[2], ws;
	pid_t pid;

	(void)state;
	kernel_ids(&before);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 1);
		execl(build_path("rawbpf"), "rawbpf", "run", "--json", "--probe-mode", "tracefs",
		      TPROG("uprobe_own"), "--", DRIVER, "func", "3", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	expect_status(&r, 0);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_run(&r, "left in the kernel after rawbpf exited:%s", left);
	result_free(&r);
}

const struct CMUnitTest cli_tests[] = {
	cmocka_unit_test(bad_files_exit_2),
	cmocka_unit_test(usage_errors_exit_2),
	cmocka_unit_test(unused_attach_options_are_refused),
	cmocka_unit_test(command_not_found_leaves_nothing),
	cmocka_unit_test(command_status_is_passed_through),
	cmocka_unit_test(sigint_ends_cleanly),
	cmocka_unit_test(sigterm_ends_cleanly),
	cmocka_unit_test(sigint_removes_uprobe_events),
	cmocka_unit_test(sigterm_removes_uprobe_events),
	cmocka_unit_test(sighup_removes_uprobe_events),
	cmocka_unit_test(stop_signal_before_cmd_starts_is_not_lost),
	cmocka_unit_test(closed_stdout_still_tears_down),
};
DEFINE_COUNT(cli);
