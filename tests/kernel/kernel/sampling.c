/* Sampling and stacks: perf_event programs on one perf event per CPU
 * (attach/perf_sample.c), stacks named from kallsyms and the process's own
 * symbols (events/symbolizer.c), the folded output (cli/stacks.c), and
 * targets given on the command line (run --attach).
 *
 * The profiles are statistical: rbdriver spins in rbdriver_spin_here() for
 * a known amount of CPU time, and the tests assert that its top stack is
 * that function and that it holds most of rbdriver's samples, never an
 * exact count. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

/* The folded lines of comm "rbdriver": the largest count and its line,
 * and the sum of all. */
struct folded_top {
	unsigned long long top, total;
	char line[2048];
	int lines;
};

static void folded_rbdriver(const struct result *r, struct folded_top *t)
{
	const char *p = r->out;

	memset(t, 0, sizeof(*t));
	while (p && *p) {
		size_t len = strcspn(p, "\n");
		const char *space = memrchr(p, ' ', len);

		if (strncmp(p, "rbdriver;", 9) == 0 && space) {
			unsigned long long n = strtoull(space + 1, NULL, 10);
			t->total += n;
			t->lines++;
			if (n > t->top) {
				t->top = n;
				snprintf(t->line, sizeof(t->line), "%.*s", (int)len, p);
			}
		}
		p += len + (p[len] == '\n');
	}
}

/* The flame-graph example: a profile of a process spinning in one
 * function has that function on top. */
static void profile_top_stack_is_the_hot_function(void **state)
{
	struct folded_top t;
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--sample-freq", "499", "--folded", PROG("profile"), "--", DRIVER,
	       "spin", "1000");
	expect_status(&r, 0);
	folded_rbdriver(&r, &t);
	/* about 500 samples of 1 s of CPU time; a loaded machine still gives
	 * the CPU time, only later */
	if (t.total < 100)
		fail_run(&r, "only %llu samples of rbdriver in 1 s of its CPU time at 499 Hz",
			 t.total);
	if (!strstr(t.line, ";rbdriver_spin_here"))
		fail_run(&r, "the top stack of rbdriver is not in rbdriver_spin_here: %s", t.line);
	if (t.top * 2 < t.total)
		fail_run(&r, "rbdriver_spin_here has %llu of rbdriver's %llu samples", t.top,
			 t.total);
	/* stdout is the folded lines alone (flamegraph.pl reads it whole):
	 * "FRAME;FRAME;... COUNT", one space, before the count */
	for (const char *p = r.out; *p;) {
		size_t len = strcspn(p, "\n");
		const char *space = memchr(p, ' ', len);
		if (!space || memchr(space + 1, ' ', len - (size_t)(space + 1 - p)) ||
		    strspn(space + 1, "0123456789") != len - (size_t)(space + 1 - p))
			fail_run(&r, "not a folded line: %.*s", (int)len, p);
		p += len + (p[len] == '\n');
	}
	result_free(&r);
}

/* User frames in JSON: {addr, sym, offset, module}, the symbol from
 * rbdriver's own .symtab and the module its path. */
static void profile_json_frames_are_symbolized(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--sample-freq", "499", PROG("profile"), "--", DRIVER, "spin",
	       "300");
	expect_status(&r, 0);
	expect_out_line(&r, "{\"type\":\"stack\",\"map\":\"counts\"", "\"comm\":\"rbdriver\"",
			"\"user\":[{\"addr\":\"0x", "\"sym\":\"rbdriver_spin_here\",\"offset\":",
			"tests/tools/rbdriver\"}");
	/* the maps are not printed raw as well */
	if (strstr(r.out, "\"type\":\"map\",\"map\":\"counts\"") ||
	    strstr(r.out, "\"type\":\"map\",\"map\":\"stacks\""))
		fail_run(&r, "the stack maps were printed raw too");
	result_free(&r);
}

/* Kernel frames: a process making system calls spends much of its time in
 * the kernel, whose frames come from /proc/kallsyms. */
static void profile_names_kernel_frames(void **state)
{
	static const char *const names[] = { ";do_syscall_64", ";entry_SYSCALL_64",
					     ";__x64_sys_getppid", ";x64_sys_call" };
	struct result r;
	int found = 0;

	(void)state;
	rawbpf(&r, "run", "--sample-freq", "499", "--folded", PROG("profile"), "--", DRIVER,
	       "getppid", "3000000");
	expect_status(&r, 0);
	for (const char *p = r.out; *p && !found;) {
		size_t len = strcspn(p, "\n");
		for (size_t i = 0; i < 4 && !found; i++)
			found = strncmp(p, "rbdriver;", 9) == 0 && memmem(p, len, names[i],
									  strlen(names[i]));
		p += len + (p[len] == '\n');
	}
	if (!found)
		fail_run(&r, "no stack of rbdriver names a system call's kernel frames");
	result_free(&r);
	/* and in JSON, with the module "[kernel]" */
	rawbpf(&r, "run", "--json", "--sample-freq", "499", PROG("profile"), "--", DRIVER,
	       "getppid", "3000000");
	expect_status(&r, 0);
	expect_out_line(&r, "\"comm\":\"rbdriver\"", "\"kernel\":[{\"addr\":\"0xffff",
			"\"module\":\"[kernel]\"");
	result_free(&r);
}

/* --verbose shows one perf event per online CPU, and nothing stays. */
static void perf_events_one_per_cpu(void **state)
{
	struct result r;
	char needle[64];

	(void)state;
	rawbpf(&r, "run", "--verbose", "--sample-period", "1000000", PROG("profile"), "--",
	       "/bin/true");
	expect_status(&r, 0);
	for (int cpu = 0; cpu < possible_cpus(); cpu++) {
		snprintf(needle, sizeof(needle), "pid -1, cpu %d) = fd ", cpu);
		expect_err_line(&r, "perf_event_open(cpu-clock, sample_period 1000000", needle);
	}
	result_free(&r);
}

static void sampling_bad_input(void **state)
{
	char freq[32], limit[64] = "";
	struct result r;
	FILE *f = fopen("/proc/sys/kernel/perf_event_max_sample_rate", "r");

	(void)state;
	if (!f || !fgets(limit, sizeof(limit), f))
		fail_msg("cannot read perf_event_max_sample_rate");
	fclose(f);
	limit[strcspn(limit, "\n")] = '\0';
	snprintf(freq, sizeof(freq), "%llu", strtoull(limit, NULL, 10) + 1);
	rawbpf(&r, "run", "--sample-freq", freq, PROG("profile"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err_line(&r, "above this kernel's limit", limit,
			"/proc/sys/kernel/perf_event_max_sample_rate");
	result_free(&r);

	rawbpf(&r, "run", "--event", "nosuch", PROG("profile"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "no perf event named 'nosuch'", "cpu-clock");
	result_free(&r);

	/* a hardware event: this VM (and the test VMs) have no PMU; a
	 * machine that has one samples it */
	rawbpf(&r, "run", "--event", "cycles", PROG("profile"), "--", DRIVER, "spin", "100");
	if (r.status == 1)
		expect_err_line(&r, "this machine has no hardware PMU events (a VM?): use --event "
				"cpu-clock");
	else
		expect_status(&r, 0);
	result_free(&r);

	rawbpf(&r, "run", "--sample-freq", "0", PROG("profile"));
	expect_status(&r, 2);
	expect_err(&r, "--sample-freq takes a whole number above 0");
	result_free(&r);

	rawbpf(&r, "run", "--sample-freq", "99", TPROG("uprobe_own"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "a perf event to sample (event, sample_freq, sample_period) was given, "
		   "but no program");
	result_free(&r);

	rawbpf(&r, "run", "--folded", PROG("count_syscalls"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "has no map that counts by stack");
	result_free(&r);
}

/* A bare SEC("uprobe") takes its target from --attach; without one it
 * loads and is named as not attached. */
static void attach_gives_a_bare_uprobe_its_target(void **state)
{
	char entry[600], ret[600];
	struct result r;

	(void)state;
	snprintf(entry, sizeof(entry), "on_entry=%s:rbdriver_target", DRIVER);
	snprintf(ret, sizeof(ret), "on_return=%s:rbdriver_target", DRIVER);
	rawbpf(&r, "run", "--json", "--attach", entry, "--attach", ret, TPROG("uprobe_bare"), "--",
	       DRIVER, "func", "7");
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 7);
	expect_map_u64(&r, "counts", "01000000", 7);
	result_free(&r);

	rawbpf(&r, "run", "--json", TPROG("uprobe_bare"), "--", DRIVER, "func", "3");
	expect_status(&r, 0);
	expect_err_line(&r, "program on_entry (section uprobe) is loaded but not attached",
			"give one, run --attach PROG=PATH:FUNC");
	expect_map_u64(&r, "counts", "00000000", 0);
	result_free(&r);
}

/* Each bad --attach is exit 2 with a message, and a failure on the second
 * program leaves the first attached nowhere (rawbpf() checks that the
 * kernel holds nothing new). */
static void attach_bad_input(void **state)
{
	char good[600];
	struct result r;

	(void)state;
	snprintf(good, sizeof(good), "on_entry=%s:rbdriver_target", DRIVER);
	rawbpf(&r, "run", "--attach", "nosuch=/bin/true:main", TPROG("uprobe_bare"), "--",
	       "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "a target for nosuch");
	expect_err(&r, "has no program of that name");
	result_free(&r);

	rawbpf(&r, "run", "--attach", "on_entry=nocolon", TPROG("uprobe_bare"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "does not name PATH:SYMBOL");
	result_free(&r);

	rawbpf(&r, "run", "--attach", "do_sample=x", PROG("profile"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "a target for do_sample (section perf_event): this kind of hook takes no "
		   "target");
	result_free(&r);

	rawbpf(&r, "run", "--attach", "on_entry", TPROG("uprobe_bare"));
	expect_status(&r, 2);
	expect_err(&r, "--attach takes PROG=TARGET");
	result_free(&r);

	/* on_entry attaches, on_return fails: on_entry is undone */
	rawbpf(&r, "run", "--verbose", "--attach", good, "--attach",
	       "on_return=/bin/true:no_such_function_here", TPROG("uprobe_bare"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "no_such_function_here");
	expect_err_line(&r, "detach: close(fd ");
	result_free(&r);
}

/* Append what fd has to *buf, waiting until the monotonic `deadline` at
 * most: 1 read, 0 end of file, -1 nothing in time (a hung rawbpf fails the
 * test instead of hanging it). */
static int read_until(int fd, char **buf, size_t *len, const struct timespec *deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct timespec now;
	char chunk[4096];
	long ms;
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
	if (ms <= 0 || poll(&p, 1, (int)ms) <= 0)
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

static struct timespec deadline_in(int seconds)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += seconds;
	return t;
}

/* Is a BPF program named `name` loaded (rawbpf prog list --json)? */
static int program_named(const char *name)
{
	char *argv[] = { (char *)build_path("rawbpf"), "prog", "list", "--json", NULL };
	char needle[128];
	struct result l;
	int found;

	run_argv(&l, argv);
	assert_int_equal(l.status, 0);
	snprintf(needle, sizeof(needle), "\"name\":\"%s\"", name);
	found = strstr(l.out, needle) != NULL;
	result_free(&l);
	return found;
}

/* Ctrl-C while sampling: `rawbpf run --json --verbose PROFILE -- CMD`,
 * where CMD spins 200 ms of CPU time as rbdriver (about 100 samples at
 * 499 Hz), says so on stderr and then waits on its stdin, a pipe the test
 * holds open. Once it has said so, every CPU's perf event is enabled and
 * samples are in the map; SIGINT to rawbpf must be passed on to CMD, and
 * when CMD ends rawbpf prints the stacks it sampled, exits with CMD's
 * status (128 + SIGINT: cat dies of it) and leaves nothing: the perf
 * events' program do_sample, its maps, no link. */
static void sigint_while_sampling_prints_and_leaves_nothing(void **state)
{
	static struct kernel_ids before;
	const char *const enabled[] = { "PERF_EVENT_IOC_ENABLE) = 0", NULL };
	const char *const opened[] = { "perf_event_open(cpu-clock, sample_freq 499, pid -1", NULL };
	const char *const ready[] = { "rbtest: sampled, waiting", NULL };
	char out_name[] = "/tmp/rawbpf-test-sampint-XXXXXX", script[600], left[512];
	char passed[128];
	struct timespec deadline;
	struct result r = { 0 };
	int err_pipe[2], in_pipe[2], out_fd, ws, got = 1, cpus;
	size_t len = 0;
	pid_t pid;

	(void)state;
	kernel_ids(&before);
	if (program_named("do_sample"))
		fail_msg("a program named do_sample is loaded before the test");
	out_fd = mkstemp(out_name);
	assert_true(out_fd >= 0);
	unlink(out_name);
	assert_int_equal(pipe2(err_pipe, O_CLOEXEC), 0);
	assert_int_equal(pipe2(in_pipe, O_CLOEXEC), 0);
	snprintf(script, sizeof(script),
		 "%s spin 200 && echo 'rbtest: sampled, waiting' >&2 && exec cat", DRIVER);
	r.cmd = strdup("rawbpf run --json --verbose --sample-freq 499 profile.bpf.o -- sh -c "
		       "'rbdriver spin 200; exec cat' (ended by SIGINT)");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in_pipe[0], 0);
		dup2(out_fd, 1);
		dup2(err_pipe[1], 2);
		execl(build_path("rawbpf"), "rawbpf", "run", "--json", "--verbose",
		      "--sample-freq", "499", PROG("profile"), "--", "/bin/sh", "-c", script,
		      (char *)NULL);
		_exit(127);
	}
	close(err_pipe[1]);
	close(in_pipe[0]);
	deadline = deadline_in(60);
	while (got > 0 && count_lines_with(r.err, ready) == 0)
		got = read_until(err_pipe[0], &r.err, &len, &deadline);
	if (got <= 0) {
		kill(pid, SIGKILL);
		close(in_pipe[1]);
		waitpid(pid, &ws, 0);
		r.status = -1;
		fail_run(&r, "the command never said it had been sampled");
	}
	/* sampling now: an enabled event on every CPU, and the program loaded */
	cpus = count_lines_with(r.err, opened);
	if (cpus < 1 || count_lines_with(r.err, enabled) != cpus || !program_named("do_sample")) {
		kill(pid, SIGKILL);
		close(in_pipe[1]);
		waitpid(pid, &ws, 0);
		r.status = -1;
		fail_run(&r, "while CMD runs: %d perf events opened, %d enabled, do_sample %s",
			 cpus, count_lines_with(r.err, enabled),
			 program_named("do_sample") ? "loaded" : "not loaded");
	}
	kill(pid, SIGINT);
	/* stderr to its end (rawbpf and CMD gone), so rawbpf never blocks on it */
	deadline = deadline_in(30);
	while ((got = read_until(err_pipe[0], &r.err, &len, &deadline)) > 0)
		;
	close(err_pipe[0]);
	if (got < 0)
		kill(pid, SIGKILL);
	close(in_pipe[1]); /* a cat SIGINT never reached ends now */
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r.out = read_all(out_fd);
	close(out_fd);
	if (got < 0)
		fail_run(&r, "rawbpf did not exit within 30 s of SIGINT");
	expect_status(&r, 128 + SIGINT);
	snprintf(passed, sizeof(passed), "rawbpf: %s passed on to the command", strsignal(SIGINT));
	expect_err(&r, passed);
	/* the maps, printed after the signal: rbdriver's samples */
	expect_out_line(&r, "{\"type\":\"stack\",\"map\":\"counts\"", "\"comm\":\"rbdriver\"");
	/* every CPU's event closed before exit */
	if (count_lines_with(r.err, (const char *const[]){ "detach: close(fd ", NULL }) != cpus)
		fail_run(&r, "%d perf events opened, but not as many closed", cpus);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_run(&r, "left in the kernel after rawbpf exited:%s", left);
	if (program_named("do_sample"))
		fail_run(&r, "a program named do_sample is still loaded");
	result_free(&r);
}

/* A failed attach after the perf events are open: sample_then_bad_tp's
 * perf_event program attaches first (the object's order), one event per
 * CPU, then its tracepoint program names one that does not exist. The run
 * is exit 1 naming that program and tracepoint, CMD is not started, every
 * CPU's event opened is closed again (--verbose names each fd), and the
 * kernel holds nothing new (rawbpf() checks the ids). */
static void attach_fails_after_perf_events_opened(void **state)
{
	const char *const opened[] = { "perf_event_open(cpu-clock, ", "pid -1, cpu ", ") = fd ",
				       NULL };
	struct result r;
	const char *p, *fail_at;
	int cpus = 0;

	(void)state;
	rawbpf(&r, "run", "--verbose", TPROG("sample_then_bad_tp"), "--", "/bin/sh", "-c",
	       "echo rbtest-cmd-ran >&2");
	expect_status(&r, 1);
	expect_err_line(&r, "program on_missing: tracepoint syscalls/sys_enter_no_such_call "
			"does not exist");
	if (strstr(r.err, "rbtest-cmd-ran"))
		fail_run(&r, "CMD ran although the attach failed");
	fail_at = strstr(r.err, "program on_missing: tracepoint");
	/* each event opened (before the failure) is closed by the undo */
	for (p = r.err; (p = strstr(p, "perf_event_open(cpu-clock, ")) != NULL; p++) {
		const char *fd = strstr(p, ") = fd ");
		char line[64];

		if (!fd || p > fail_at)
			fail_run(&r, "a perf event opened after the failure, or without its fd");
		snprintf(line, sizeof(line), "detach: close(fd %d)\n", atoi(fd + 7));
		if (!strstr(p, line) || strstr(p, line) > fail_at)
			fail_run(&r, "the perf event of '%.40s' was not closed before the error "
				 "was reported (no '%.*s')", p, (int)strlen(line) - 1, line);
		cpus++;
	}
	if (cpus < 1 || cpus != count_lines_with(r.err, opened))
		fail_run(&r, "no perf event was open when the attach failed: the test no longer "
			 "fails half-way");
	result_free(&r);
}

const struct CMUnitTest sampling_tests[] = {
	cmocka_unit_test(profile_top_stack_is_the_hot_function),
	cmocka_unit_test(profile_json_frames_are_symbolized),
	cmocka_unit_test(profile_names_kernel_frames),
	cmocka_unit_test(perf_events_one_per_cpu),
	cmocka_unit_test(sampling_bad_input),
	cmocka_unit_test(attach_gives_a_bare_uprobe_its_target),
	cmocka_unit_test(attach_bad_input),
	cmocka_unit_test(sigint_while_sampling_prints_and_leaves_nothing),
	cmocka_unit_test(attach_fails_after_perf_events_opened),
};
DEFINE_COUNT(sampling);
