/* `rawbpf cleanup`: the probe events a rawbpf killed by SIGKILL leaves in
 * uprobe_events are removed, and nothing else is: not the events of a
 * rawbpf still running, not those of a rawbpf of another pid namespace
 * (another container), not another tool's, not while --dry-run, not one an
 * open perf event still uses (EBUSY: exit 1, and the message says so).
 *
 * No sleeping: a background rawbpf is waited for until its --verbose narration
 * says both its perf events are enabled, with a deadline. Whatever a test
 * makes (processes, probe events, a perf event) is recorded in `made`, and
 * the teardown removes it even when the test failed half-way. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/rawbpf.h"
#include "uapi/linux/perf_event.h"

#define UPROBE_EVENTS "/sys/kernel/tracing/uprobe_events"
#define OTHER_EVENT "othertool_rawbpf_cleanup_test"
#define BUSY_PROG "busy"

/* A rawbpf running in the background. */
struct bg {
	pid_t pid;        /* rawbpf, as this namespace numbers it */
	pid_t reap;       /* whom to waitpid(): rawbpf, or the process that
			     made its pid namespace and waits for it */
	int err;          /* read end of its stderr; -1 once closed */
	char *trace;      /* its stderr so far */
	size_t len;
	unsigned long long ns; /* its pid namespace and pid there: its events' */
	int ns_pid;            /* names are rawbpf_<ns>_<ns_pid>_<program> */
};

/* What the tests made, for the teardown. */
static struct {
	struct bg procs[3];
	int nprocs;
	char events[4][96]; /* probe events made by hand: "uprobes/NAME" */
	int nevents;
	int perf_fd;
} made = { .perf_fd = -1 };

static unsigned long long ns_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (unsigned long long)st.st_ino;
}

static char *uprobe_events(void)
{
	int fd = open(UPROBE_EVENTS, O_RDONLY | O_CLOEXEC);
	char *text = fd >= 0 ? read_all(fd) : NULL;

	assert_non_null(text);
	close(fd);
	return text;
}

/* Does uprobe_events list event uprobes/NAME? */
static int has_event(const char *name)
{
	char needle[128], *text = uprobe_events();
	const char *const needles[] = { needle, NULL };
	int n;

	snprintf(needle, sizeof(needle), ":uprobes/%s ", name);
	n = count_lines_with(text, needles);
	free(text);
	return n > 0;
}

static int write_uprobe_events(const char *line)
{
	int fd = open(UPROBE_EVENTS, O_WRONLY | O_APPEND | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, line, strlen(line)) == (ssize_t)strlen(line);
	close(fd);
	return ok ? 0 : -1;
}

static void event_name(char *buf, size_t size, const struct bg *b, const char *prog)
{
	snprintf(buf, size, "rawbpf_%llu_%d_%s", b->ns, b->ns_pid, prog);
}

/* Start rawbpf run --verbose --probe-mode tracefs uprobe_own.bpf.o, in a
 * new pid namespace when asked (as a container would run it), and return
 * once both its uprobe_events entries exist. */
static struct bg *start_rawbpf(int new_pidns)
{
	const char *const enabled[] = { "PERF_EVENT_IOC_ENABLE) = 0", NULL };
	struct bg *b = &made.procs[made.nprocs++];
	struct timespec start, now;
	int err_pipe[2], pid_pipe[2];
	char name[96];

	*b = (struct bg){ .err = -1 };
	assert_int_equal(pipe(err_pipe), 0);
	assert_int_equal(pipe(pid_pipe), 0);
	b->reap = fork();
	assert_true(b->reap >= 0);
	if (b->reap == 0) {
		int null = open("/dev/null", O_WRONLY);
		pid_t inner;

		dup2(null, 1);
		dup2(err_pipe[1], 2);
		close(err_pipe[0]);
		if (new_pidns) {
			/* The next child is pid 1 of a new pid namespace. */
			if (unshare(CLONE_NEWPID) != 0 || (inner = fork()) < 0)
				_exit(126);
			if (inner > 0) {
				/* fork() said its pid as this namespace numbers it */
				if (write(pid_pipe[1], &inner, sizeof(inner)) != sizeof(inner))
					_exit(126);
				waitpid(inner, NULL, 0);
				_exit(0);
			}
		}
		execl(build_path("rawbpf"), "rawbpf", "run", "--verbose", "--probe-mode", "tracefs",
		      TPROG("uprobe_own"), (char *)NULL);
		_exit(127);
	}
	close(err_pipe[1]);
	close(pid_pipe[1]);
	b->err = err_pipe[0];
	b->pid = b->reap; /* never 0: kill(0, ...) would hit the test itself */
	if (new_pidns) {
		pid_t inner = 0;
		if (read(pid_pipe[0], &inner, sizeof(inner)) != sizeof(inner) || inner <= 0)
			fail_msg("the child in a new pid namespace did not start rawbpf");
		b->pid = inner;
	}
	close(pid_pipe[0]);
	/* /proc here is this namespace's: it knows rawbpf by b->pid. */
	snprintf(name, sizeof(name), "/proc/%d/ns/pid", (int)b->pid);
	b->ns = ns_of(name);
	b->ns_pid = new_pidns ? 1 : (int)b->pid;
	b->trace = strdup("");
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (count_lines_with(b->trace, enabled) < 2) {
		struct pollfd p = { .fd = b->err, .events = POLLIN };
		char chunk[4096];
		ssize_t n = 0;
		int left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = 30000 - (int)((now.tv_sec - start.tv_sec) * 1000 +
				     (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left > 0 && poll(&p, 1, left) > 0)
			n = read(b->err, chunk, sizeof(chunk));
		if (n <= 0)
			fail_msg("rawbpf (pid %d) did not enable its uprobes within 30 s; its "
				 "stderr:\n%s", (int)b->pid, b->trace);
		b->trace = realloc(b->trace, b->len + (size_t)n + 1);
		assert_non_null(b->trace);
		memcpy(b->trace + b->len, chunk, (size_t)n);
		b->len += (size_t)n;
		b->trace[b->len] = '\0';
	}
	/* the events exist, named with rawbpf's pid namespace and pid there */
	event_name(name, sizeof(name), b, "on_entry");
	if (!has_event(name))
		fail_msg("no uprobes/%s in " UPROBE_EVENTS ":\n%s", name, uprobe_events());
	event_name(name, sizeof(name), b, "on_return");
	if (!has_event(name))
		fail_msg("no uprobes/%s in " UPROBE_EVENTS, name);
	return b;
}

/* Wait for b's end (after a signal); its exit status. */
static int reap(struct bg *b)
{
	int ws = 0;

	if (b->reap > 0) {
		while (waitpid(b->reap, &ws, 0) < 0 && errno == EINTR)
			;
		b->reap = 0;
	}
	if (b->err >= 0)
		close(b->err);
	b->err = -1;
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

static void make_event(const char *name, const char *location)
{
	char line[512];

	snprintf(made.events[made.nevents], sizeof(made.events[0]), "uprobes/%s", name);
	snprintf(line, sizeof(line), "p:uprobes/%s %s\n", name, location);
	if (write_uprobe_events(line) != 0)
		fail_msg("writing '%s' to " UPROBE_EVENTS ": %s", name, strerror(errno));
	made.nevents++;
}

/* The location of b's on_entry probe ("PATH:0xOFF"), for events of our own. */
static void entry_location(const struct bg *b, char *buf, size_t size)
{
	char name[96], needle[128], line[512], *text = uprobe_events();
	const char *const needles[] = { needle, NULL };

	event_name(name, sizeof(name), b, "on_entry");
	snprintf(needle, sizeof(needle), ":uprobes/%s ", name);
	assert_int_equal(find_line(text, needles, line, sizeof(line)), 0);
	free(text);
	snprintf(buf, size, "%s", strchr(line, ' ') + 1);
}

/* Remove b's events, by the end of their names ("_<pid>_on_entry"), so
 * that even a rawbpf that names them otherwise (an old one) leaves none. */
static void remove_events_of(const struct bg *b)
{
	char *text = uprobe_events(), *line = text;

	while (line && *line) {
		char *nl = strchr(line, '\n'), *name = strstr(line, ":uprobes/rawbpf_"), *end;
		char entry[48], ret[48], cmd[160];

		if (nl)
			*nl = '\0';
		snprintf(entry, sizeof(entry), "_%d_on_entry", b->ns_pid);
		snprintf(ret, sizeof(ret), "_%d_on_return", b->ns_pid);
		if (name && (end = strchr(name, ' ')) != NULL) {
			size_t len = (size_t)(end - name);
			*end = '\0';
			if ((len > strlen(entry) && strcmp(end - strlen(entry), entry) == 0) ||
			    (len > strlen(ret) && strcmp(end - strlen(ret), ret) == 0)) {
				snprintf(cmd, sizeof(cmd), "-%s\n", name);
				write_uprobe_events(cmd);
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
}

/* Kill what is still running, reap it, remove every event it or the test
 * made: the state the machine was in before, whatever failed. */
static int teardown(void **state)
{
	(void)state;
	if (made.perf_fd >= 0)
		close(made.perf_fd);
	made.perf_fd = -1;
	for (int i = 0; i < made.nprocs; i++) {
		struct bg *b = &made.procs[i];

		if (b->reap > 0) {
			kill(b->pid, SIGKILL);
			reap(b);
		}
		if (b->ns_pid)
			remove_events_of(b);
		free(b->trace);
	}
	for (int i = 0; i < made.nevents; i++) {
		char line[128];
		snprintf(line, sizeof(line), "-:%s\n", made.events[i]);
		write_uprobe_events(line);
	}
	memset(&made, 0, sizeof(made));
	made.perf_fd = -1;
	return 0;
}

/* The --json line of `cleanup` for uprobes/NAME holds `action` and `reason`. */
#define expect_json(r, name, action, reason) \
	expect_out_line(r, "\"type\":\"probe_event\"", name, "\"action\":\"" action "\"", \
			"\"reason\":\"" reason "\"")

static void removes_only_stale_events_of_this_namespace(void **state)
{
	static struct kernel_ids before;
	char killed_entry[96], killed_return[96], live_entry[96], other_ns_entry[96];
	char location[400], json_name[128], left[512];
	struct bg *killed, *live, *other_ns;
	struct result r;

	(void)state;
	kernel_ids(&before);
	killed = start_rawbpf(0);
	live = start_rawbpf(0);
	other_ns = start_rawbpf(1);
	entry_location(killed, location, sizeof(location));
	make_event(OTHER_EVENT, location);
	event_name(killed_entry, sizeof(killed_entry), killed, "on_entry");
	event_name(killed_return, sizeof(killed_return), killed, "on_return");
	event_name(live_entry, sizeof(live_entry), live, "on_entry");
	event_name(other_ns_entry, sizeof(other_ns_entry), other_ns, "on_entry");
	/* names carry the pid namespace: ours for the first two, another one
	 * for the third, whose pid 1 would otherwise read as init */
	assert_true(killed->ns == ns_of("/proc/self/ns/pid"));
	assert_true(live->ns == killed->ns);
	assert_true(other_ns->ns != killed->ns);

	kill(killed->pid, SIGKILL);
	assert_int_equal(reap(killed), 128 + SIGKILL);
	kill(other_ns->pid, SIGKILL);
	reap(other_ns);
	/* SIGKILL leaves the events: rawbpf had no chance to remove them */
	assert_true(has_event(killed_entry) && has_event(killed_return));
	assert_true(has_event(other_ns_entry));

	rawbpf(&r, "cleanup", "--dry-run");
	expect_status(&r, 0);
	expect_out_line(&r, "would remove", killed_entry, "no longer exists");
	expect_out_line(&r, "would remove", killed_return);
	expect_out_line(&r, "kept", live_entry, "still exists");
	expect_out_line(&r, "kept", other_ns_entry, "another pid namespace");
	if (!has_event(killed_entry) || !has_event(killed_return))
		fail_run(&r, "--dry-run removed an event");
	result_free(&r);

	rawbpf(&r, "cleanup", "--json");
	expect_status(&r, 0);
	snprintf(json_name, sizeof(json_name), "\"uprobes/%s\"", killed_entry);
	expect_json(&r, json_name, "removed", "stale");
	snprintf(json_name, sizeof(json_name), "\"uprobes/%s\"", killed_return);
	expect_json(&r, json_name, "removed", "stale");
	snprintf(json_name, sizeof(json_name), "\"uprobes/%s\"", live_entry);
	expect_json(&r, json_name, "kept", "owner_alive");
	snprintf(json_name, sizeof(json_name), "\"uprobes/%s\"", other_ns_entry);
	expect_json(&r, json_name, "kept", "other_pidns");
	if (strstr(r.out, OTHER_EVENT))
		fail_run(&r, "another tool's event is listed without --verbose");
	if (has_event(killed_entry) || has_event(killed_return))
		fail_run(&r, "the killed rawbpf's events are still there");
	if (!has_event(live_entry) || !has_event(other_ns_entry) || !has_event(OTHER_EVENT))
		fail_run(&r, "an event that is not stale was removed");
	result_free(&r);

	/* --verbose also says why it leaves other tools' events alone */
	rawbpf(&r, "cleanup", "--verbose");
	expect_status(&r, 0);
	expect_out_line(&r, "kept uprobes/" OTHER_EVENT, "not made by rawbpf");
	expect_out(&r, "0 stale probe events removed");
	result_free(&r);

	/* the live rawbpf still runs, and removes its own events as it ends */
	kill(live->pid, SIGTERM);
	assert_int_equal(reap(live), 0);
	/* the other namespace's events were kept to the end: remove them */
	assert_true(has_event(other_ns_entry));
	teardown(NULL);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel at the end:%s", left);
}

/* An event a perf event still holds cannot be removed (the kernel says
 * EBUSY): exit 1 and a message that says it is in use; once it is closed,
 * the event goes. The event is made by hand with a rawbpf name of this
 * namespace and the pid of a process that has exited. */
static void event_in_use_is_reported(void **state)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_TRACEPOINT, .size = sizeof(attr) };
	char name[96], path[256], location[400], id[32];
	struct bg *b;
	struct result r;
	pid_t gone;
	int fd, n;

	(void)state;
	b = start_rawbpf(0); /* for a real location only */
	entry_location(b, location, sizeof(location));
	kill(b->pid, SIGTERM);
	assert_int_equal(reap(b), 0);
	gone = fork();
	assert_true(gone >= 0);
	if (gone == 0)
		_exit(0);
	assert_int_equal(waitpid(gone, NULL, 0), gone);
	snprintf(name, sizeof(name), "rawbpf_%llu_%d_" BUSY_PROG, ns_of("/proc/self/ns/pid"),
		 (int)gone);
	make_event(name, location);
	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/uprobes/%s/id", name);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = (int)read(fd, id, sizeof(id) - 1);
	close(fd);
	assert_true(n > 0);
	id[n] = '\0';
	attr.config = strtoull(id, NULL, 10);
	made.perf_fd = (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	assert_true(made.perf_fd >= 0);

	rawbpf(&r, "cleanup");
	expect_status(&r, 1);
	expect_err_line(&r, name, "Device or resource busy", "in use");
	expect_out_line(&r, "could not remove", name);
	if (!has_event(name))
		fail_run(&r, "the event is gone, yet cleanup failed");
	result_free(&r);

	close(made.perf_fd);
	made.perf_fd = -1;
	rawbpf(&r, "cleanup");
	expect_status(&r, 0);
	expect_out_line(&r, "removed", name);
	if (has_event(name))
		fail_run(&r, "the event is still there");
	result_free(&r);

	rawbpf(&r, "cleanup", "--bogus");
	expect_status(&r, 2);
	expect_err(&r, "--bogus");
	result_free(&r);
}

static void ignore_item(void *ctx, const struct rb_cleanup_item *item)
{
	(void)ctx;
	(void)item;
}

/* In a mount namespace without tracefs (bare_fn, support.h), a library
 * user who did not set RB_MOUNT_TRACEFS is told what is missing and which
 * flag mounts it; `rawbpf cleanup` asks for the mount (probe events live on
 * in the kernel while tracefs is unmounted, so it must look) and works. */
static int cleanup_policy(void *ctx, char *why, size_t size)
{
	char *argv[] = { (char *)build_path("rawbpf"), "cleanup", "--dry-run", "--verbose",
			 "--json", NULL };
	struct rb_cleanup_opts opts = { .dry_run = 1 };
	struct rb_error err = { 0 };
	struct result r;
	int ok;

	(void)ctx;
	if (rb_probe_events_cleanup(&opts, ignore_item, NULL, &err) == 0 ||
	    !strstr(err.msg, "tracefs is not mounted") || !strstr(err.msg, "RB_MOUNT_TRACEFS") ||
	    is_fs_type("/sys/kernel/tracing", TRACEFS_MAGIC)) {
		snprintf(why, size, "without RB_MOUNT_TRACEFS: %s",
			 err.msg[0] ? err.msg : "it read tracefs");
		return -1;
	}
	run_argv(&r, argv);
	ok = r.status == 0 && strstr(r.err, "mounted tracefs at /sys/kernel/tracing") &&
	     strstr(r.out, "{\"type\":\"summary\"");
	if (!ok)
		snprintf(why, size, "%s: status %d\nstdout:\n%.600s\nstderr:\n%.900s", r.cmd,
			 r.status, r.out, r.err);
	result_free(&r);
	return ok ? 0 : -1;
}

static void cleanup_mounts_tracefs_only_when_asked(void **state)
{
	char why[2048];

	(void)state;
	if (in_bare_mount_namespace(cleanup_policy, NULL, why, sizeof(why)))
		fail_msg("%s", why);
}

const struct CMUnitTest cleanup_tests[] = {
	cmocka_unit_test_teardown(removes_only_stale_events_of_this_namespace, teardown),
	cmocka_unit_test_teardown(event_in_use_is_reported, teardown),
	cmocka_unit_test(cleanup_mounts_tracefs_only_when_asked),
};
DEFINE_COUNT(cleanup);
