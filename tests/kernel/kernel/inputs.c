/* Inputs that are not what they seem, and limits that run out (issue 9,
 * items 3 and 6).
 *
 * OBJ and uprobe targets must be regular files: a device never ends, a FIFO
 * without a writer would block open(2) for ever, a huge file would be read
 * whole. Each is refused by name, promptly (a watchdog kills a rawbpf that
 * hangs) and without reading it (the memory it used is measured; outside
 * ASan an address-space limit also makes reading 1 GiB fail differently).
 *
 * With few open files allowed, every step that needs an fd fails in turn
 * (object file, BTF, maps, programs, perf buffers, tracefs): each must say
 * "too many open files" with the limit, exit 1 (the machine refused, not
 * the input), never blame the verifier, and leave nothing in the kernel. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/rawbpf.h"

/* ASan reserves terabytes of address space for its shadow memory: a
 * RLIMIT_AS would stop the sanitized rawbpf from starting at all. The test
 * binary is built with the same flags as rawbpf, so it knows. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* Reading what is refused would cost far more than this; rawbpf itself
 * (and ASan's own start-up) stays well below. */
#define MAX_RSS_KB (96 * 1024)

static const struct run_limits watched = {
	.as_bytes = UNDER_ASAN ? 0 : 512ul << 20,
	.seconds = 10,
};

/* `inspect PATH` is refused by name as "is KIND, not a regular file",
 * with exit 2, quickly and without reading it. */
static void expect_refused(const char *path, const char *kind)
{
	struct result r;
	char want[256];

	rawbpf_limited(&r, &watched, "inspect", path);
	expect_status(&r, 2);
	snprintf(want, sizeof(want), "%s: is %s, not a regular file", path, kind);
	expect_err(&r, want);
	if (r.maxrss_kb > MAX_RSS_KB)
		fail_run(&r, "rawbpf used %ld kB of memory: it read the file", r.maxrss_kb);
	result_free(&r);
}

/* Reading /dev/zero never ends: before, rawbpf grew until memory ran out. */
static void object_is_dev_zero(void **state)
{
	(void)state;
	expect_refused("/dev/zero", "a character device");
}

/* open(2) of a FIFO for reading waits for a writer: before, rawbpf hung
 * there for ever (the watchdog's SIGALRM ends it: status 142). */
static void object_is_fifo_without_writer(void **state)
{
	char dir[] = "/tmp/rawbpf-fifo-XXXXXX", path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/obj.o", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_refused(path, "a FIFO (named pipe)");
	unlink(path);
	rmdir(dir);
}

static void object_is_directory(void **state)
{
	(void)state;
	expect_refused("/tmp", "a directory");
}

/* 1 GiB that takes no disk space (ftruncate makes a hole): refused by its
 * size, before any allocation. Before, rawbpf read it all, then copied it,
 * and said "out of memory" without naming the file (here: RLIMIT_AS). */
static void object_over_size_limit(void **state)
{
	char path[] = "/tmp/rawbpf-sparse-XXXXXX";
	int fd = mkstemp(path);
	struct result r;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1l << 30), 0);
	close(fd);
	rawbpf_limited(&r, &watched, "inspect", path);
	unlink(path);
	expect_status(&r, 2);
	expect_err_line(&r, path, "is 1073741824 bytes", "256 MiB");
	if (r.maxrss_kb > MAX_RSS_KB)
		fail_run(&r, "rawbpf used %ld kB of memory: it read the file", r.maxrss_kb);
	result_free(&r);
}

/* SEC("uprobe//tmp:some_function"): before, "short read". */
static void uprobe_target_is_directory(void **state)
{
	struct result r;

	(void)state;
	rawbpf_limited(&r, &watched, "run", TPROG("uprobe_dir"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "uprobe target /tmp: is a directory, not a regular file");
	result_free(&r);
}

/* Which steps ran out of fds, over all the limits tried. */
struct steps_seen {
	int map, program, uprobe_target, perf_buffer;
};

/* `run OBJ -- /bin/true` with every open-file limit from 4 (the dynamic
 * loader needs fd 3 to start rawbpf at all) up to the first that is
 * enough. Each failure names the cause and its limit and exits 1. */
static void run_with_few_fds(const char *path, struct steps_seen *seen)
{
	char obj[512];

	snprintf(obj, sizeof(obj), "%s", path); /* build_path's buffers are reused */
	for (unsigned long n = 4;; n++) {
		struct run_limits lim = watched;
		struct result r;
		char limit[64];

		lim.nofile = n;
		rawbpf_limited(&r, &lim, "run", obj, "--", "/bin/true");
		if (r.status == 0) {
			result_free(&r);
			return;
		}
		if (n > 64)
			fail_run(&r, "still failing with %lu open files allowed", n);
		expect_status(&r, 1);
		expect_err(&r, "many open files");
		expect_err(&r, "ulimit -n");
		if (strstr(r.err, "verifier"))
			fail_run(&r, "limit %lu: running out of fds is not the verifier's doing", n);
		/* The library's own messages say the limit; starting CMD is
		 * the command's (child.c), which says what to raise. */
		snprintf(limit, sizeof(limit), "too many open files: the limit is %lu (ulimit -n)", n);
		if (!strstr(r.err, "cannot start the command"))
			expect_err(&r, limit);
		seen->map |= strstr(r.err, "BPF_MAP_CREATE failed") != NULL;
		seen->program |= strstr(r.err, "BPF_PROG_LOAD failed") != NULL;
		seen->uprobe_target |= strstr(r.err, "uprobe target") != NULL;
		seen->perf_buffer |= strstr(r.err, "perf buffer") != NULL;
		result_free(&r);
	}
}

static void open_file_limit(void **state)
{
	struct steps_seen seen = { 0 };

	(void)state;
	run_with_few_fds(PROG("malloc_count"), &seen);  /* maps, programs, uprobe */
	run_with_few_fds(PROG("exec_events"), &seen);   /* perf buffers, tracefs */
	assert_true(seen.map);
	assert_true(seen.program);
	assert_true(seen.uprobe_target);
	assert_true(seen.perf_buffer);
}

/* RLIMIT_MEMLOCK is the process's: the library raises it (when the kernel
 * says EPERM, which before Linux 5.11 can mean the limit is too small) only
 * with RB_RAISE_MEMLOCK, and without it the message names the flag. Here a
 * process without privileges (uid nobody) gets EPERM from BPF_MAP_CREATE
 * (kernel.unprivileged_bpf_disabled). It may raise its soft limit to
 * unlimited only when the hard limit is unlimited already (raising a hard
 * limit needs CAP_SYS_RESOURCE, which a container may withhold even from
 * root): then whether the limit moved also says whether the library raised
 * it. Run in a child (bare_fn, support.h), which can drop root. */
static int memlock_policy(void *ctx, char *why, size_t size)
{
	struct rlimit small, now;

	(void)ctx;
	getrlimit(RLIMIT_MEMLOCK, &small);
	small.rlim_cur = 64 << 10;
	if (setrlimit(RLIMIT_MEMLOCK, &small) != 0 || setgroups(0, NULL) != 0 ||
	    setgid(65534) != 0 || setuid(65534) != 0) {
		snprintf(why, size, "becoming nobody with a small RLIMIT_MEMLOCK: %s",
			 strerror(errno));
		return -1;
	}
	for (int asked = 0; asked < 2; asked++) {
		struct rb_open_opts opts = { .policy = asked ? RB_RAISE_MEMLOCK : 0 };
		struct rb_error err = { 0 };
		struct rb_object *obj = NULL;
		int loaded, named;

		if (rb_object_open(&obj, TPROG("static_prog"), &opts, &err)) {
			snprintf(why, size, "open as nobody: %s", err.msg);
			return -1;
		}
		loaded = rb_object_load(obj, &err) == 0;
		rb_object_close(obj);
		getrlimit(RLIMIT_MEMLOCK, &now);
		named = strstr(err.msg, "RB_RAISE_MEMLOCK") != NULL;
		if (loaded || err.errnum != EPERM || !strstr(err.msg, "BPF_MAP_CREATE")) {
			snprintf(why, size, "as nobody, the load did not fail with EPERM: %s",
				 loaded ? "it loaded" : err.msg);
			return -1;
		}
		if (!asked && (now.rlim_cur != small.rlim_cur || !named)) {
			snprintf(why, size, "without RB_RAISE_MEMLOCK: the soft limit is %llu (was "
				 "%llu); %s", (unsigned long long)now.rlim_cur,
				 (unsigned long long)small.rlim_cur, err.msg);
			return -1;
		}
		if (asked && ((small.rlim_max == RLIM_INFINITY && now.rlim_cur != RLIM_INFINITY) ||
			      named)) {
			snprintf(why, size, "with RB_RAISE_MEMLOCK: the soft limit is %llu; %s",
				 (unsigned long long)now.rlim_cur, err.msg);
			return -1;
		}
	}
	return 0;
}

static void memlock_is_raised_only_when_asked(void **state)
{
	char why[2048];

	(void)state;
	if (in_bare_mount_namespace(memlock_policy, NULL, why, sizeof(why)))
		fail_msg("%s", why);
}

const struct CMUnitTest input_tests[] = {
	cmocka_unit_test(object_is_dev_zero),
	cmocka_unit_test(object_is_fifo_without_writer),
	cmocka_unit_test(object_is_directory),
	cmocka_unit_test(object_over_size_limit),
	cmocka_unit_test(uprobe_target_is_directory),
	cmocka_unit_test(open_file_limit),
	cmocka_unit_test(memlock_is_raised_only_when_asked),
};
DEFINE_COUNT(input);
