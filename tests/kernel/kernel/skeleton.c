/* Skeletons (`rawbpf gen skeleton`, loader/skeleton/) and the tool written
 * on one (progs/execsnoop/): a header generated for a test object,
 * compiled with cc against librawbpf.a as a user would, and run against
 * the kernel; after each, the kernel holds nothing new. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

static void expect_nothing_left(const struct kernel_ids *before)
{
	char what[1024];

	if (wait_no_new_ids(before, 10, what, sizeof(what)))
		fail_msg("left in the kernel: %s", what);
}

/* The sanitizer build links a sanitized librawbpf.a: the program must be
 * built the same way. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZE_FLAGS "-fsanitize=address,undefined -fno-omit-frame-pointer"
#else
#define SANITIZE_FLAGS ""
#endif

/* tests/progs/skel_globals.bpf.o: generate its skeleton, compile
 * tests/skeleton/globals_user.c against it, run it. The program sets
 * .rodata before load, counts the driver's calls in .bss, changes .data
 * after load and checks the program used it (the file says each step). */
static void skeleton_globals_through_mmap(void **state)
{
	char dir[] = "/tmp/rawbpf-skel-XXXXXX", path[600], cmd[2048];
	struct kernel_ids before;
	struct result r, run;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	rawbpf(&r, "gen", "skeleton", TPROG("skel_globals"));
	expect_status(&r, 0);
	expect_out(&r, "struct skel_globals_bpf {");
	expect_out(&r, "struct skel_globals_bpf__bss {");
	expect_out(&r, "\t\tstruct stats stats;\n");
	expect_out(&r, "\t\t__u64 *pointer;\n");
	expect_out(&r, "static inline struct skel_globals_bpf *skel_globals_bpf__open(void)");
	snprintf(path, sizeof(path), "%s/skel_globals_bpf.skel.h", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(r.out, f);
	fclose(f);
	result_free(&r);
	snprintf(cmd, sizeof(cmd),
		 "cc -std=gnu11 -Wall -Wextra -Werror %s -I%s -Iinclude -I. -o %s/globals_user "
		 "tests/skeleton/globals_user.c %s",
		 SANITIZE_FLAGS, dir, dir, build_path("librawbpf.a"));
	if (system(cmd) != 0)
		fail_msg("`%s` failed", cmd);

	snprintf(path, sizeof(path), "%s/globals_user", dir);
	kernel_ids(&before);
	run_argv(&run, (char *const[]){ path, (char *)DRIVER, "9", NULL });
	expect_status(&run, 0);
	expect_out(&run, "ok hits=14 sum=242\n"); /* 9 * (1*3+10) + 5 * (5*3+10) */
	result_free(&run);
	expect_nothing_left(&before);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* A name made from the file's that is a keyword (int.o: "int") says how
 * to choose another; a file under a directory named "x*" (its path holds a
 * star and a slash in a row) still makes a header that compiles. */
static void skeleton_from_odd_file_names(void)
{
	char dir[] = "/tmp/rawbpf-skel-XXXXXX", path[600], cmd[2048];
	struct result r;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/int.o", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s", TPROG("skel_globals"), path);
	assert_int_equal(system(cmd), 0);
	rawbpf(&r, "gen", "skeleton", path);
	expect_status(&r, 2);
	expect_err(&r, "skeleton name 'int' is a C keyword");
	expect_err(&r, "name NAME");
	result_free(&r);
	snprintf(path, sizeof(path), "%s/x*", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/x*/skel.bpf.o", dir);
	snprintf(cmd, sizeof(cmd), "cp %s '%s'", TPROG("skel_globals"), path);
	assert_int_equal(system(cmd), 0);
	rawbpf(&r, "gen", "skeleton", path);
	expect_status(&r, 0);
	snprintf(path, sizeof(path), "%s/skel.h", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(r.out, f);
	fclose(f);
	result_free(&r);
	snprintf(cmd, sizeof(cmd), "printf '#include \"%s\"\\nint main(void) { return 0; }\\n' | "
		 "cc -std=gnu11 -Wall -Wextra -Werror -Wno-unused-function -Iinclude -I. -fsyntax-only -x c -",
		 path);
	if (system(cmd) != 0)
		fail_msg("`%s` failed", cmd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void gen_skeleton_errors(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "gen", "skeleton", "/nonexistent/x.bpf.o");
	expect_status(&r, 2);
	expect_err(&r, "/nonexistent/x.bpf.o");
	result_free(&r);
	rawbpf(&r, "gen", "skeleton", TPROG("skel_globals"), "name", "9lives");
	expect_status(&r, 2);
	expect_err(&r, "skeleton name '9lives' is not a C identifier");
	/* the user chose the name: no advice to choose one */
	assert_null(strstr(r.err, "name NAME"));
	result_free(&r);
	rawbpf(&r, "gen", "skeleton", TPROG("skel_globals"), "name", "int");
	expect_status(&r, 2);
	expect_err(&r, "skeleton name 'int' is a C keyword");
	result_free(&r);
	skeleton_from_odd_file_names();
	rawbpf(&r, "gen", "skeleton");
	expect_status(&r, 2);
	expect_err(&r, "usage: rawbpf gen skeleton OBJ");
	result_free(&r);
	/* the name bpftool gives: the file's, minus ".o" */
	rawbpf(&r, "gen", "skeleton", PROG("hello"));
	expect_status(&r, 0);
	expect_out(&r, "struct hello_bpf {");
	expect_out(&r, "hello_bpf__open_and_load(void)");
	result_free(&r);
	rawbpf(&r, "gen", "skeleton", PROG("hello"), "name", "hi");
	expect_status(&r, 0);
	expect_out(&r, "static inline void hi__destroy(struct hi *skel)");
	result_free(&r);
}

#define EXECSNOOP build_path("progs/execsnoop/execsnoop")

/* A known exec: its own child running /bin/true, whose parent is the
 * tool itself. */
static void execsnoop_reports_a_known_exec(void **state)
{
	struct kernel_ids before;
	struct result r;
	char line[512];

	(void)state;
	kernel_ids(&before);
	run_argv(&r, (char *const[]){ (char *)EXECSNOOP, "--json", "--", "/bin/true", NULL });
	expect_status(&r, 0);
	snprintf(line, sizeof(line), "\"ppid\":%d,\"uid\":0,\"ret\":0,\"comm\":\"true\","
		 "\"filename\":\"/bin/true\"}", r.pid);
	expect_out(&r, line);
	result_free(&r);

	/* people's lines: the header, then pid, ppid, result, name, file */
	run_argv(&r, (char *const[]){ (char *)EXECSNOOP, "--", "/bin/true", NULL });
	expect_status(&r, 0);
	expect_out(&r, "PID     PPID     RET COMM             FILENAME\n");
	snprintf(line, sizeof(line), " %-7d    0 true             /bin/true\n", r.pid);
	expect_out(&r, line);
	result_free(&r);

	/* -x (.rodata's failed_only, set before load): the failed exec only;
	 * the command's status (127: not found) is the tool's */
	run_argv(&r, (char *const[]){ (char *)EXECSNOOP, "-x", "--json", "--",
				      "/nonexistent/rawbpf-test", NULL });
	expect_status(&r, 127);
	snprintf(line, sizeof(line), "\"ppid\":%d,\"uid\":0,\"ret\":-2,\"comm\":\"execsnoop\","
		 "\"filename\":\"/nonexistent/rawbpf-test\"}", r.pid);
	expect_out(&r, line);
	snprintf(line, sizeof(line), "\"ppid\":%d,\"uid\":0,\"ret\":0,", r.pid);
	if (strstr(r.out, line))
		fail_run(&r, "-x printed a successful exec");
	result_free(&r);
	expect_nothing_left(&before);
}

static void execsnoop_usage(void **state)
{
	struct result r;

	(void)state;
	run_argv(&r, (char *const[]){ (char *)EXECSNOOP, "--help", NULL });
	expect_status(&r, 0);
	expect_out(&r, "usage: execsnoop [--json] [-x|--failed] [-- CMD [ARG...]]");
	result_free(&r);
	run_argv(&r, (char *const[]){ (char *)EXECSNOOP, "--bogus", NULL });
	expect_status(&r, 2);
	expect_err(&r, "unknown argument '--bogus'");
	result_free(&r);
}

/* Without CMD it runs until a signal; SIGTERM (or SIGINT) ends it with
 * everything detached and unloaded. */
static void execsnoop_stops_on_signals(void **state)
{
	static const int sigs[] = { SIGTERM, SIGINT };

	(void)state;
	for (size_t s = 0; s < sizeof(sigs) / sizeof(sigs[0]); s++) {
		struct kernel_ids before;
		char buf[4096] = "";
		size_t got = 0;
		int p[2], status;
		pid_t pid;
		time_t deadline = time(NULL) + 20;

		kernel_ids(&before);
		assert_int_equal(pipe(p), 0);
		pid = fork();
		if (pid == 0) {
			dup2(p[1], 1);
			close(p[0]);
			close(p[1]);
			execl(EXECSNOOP, EXECSNOOP, (char *)NULL);
			_exit(127);
		}
		close(p[1]);
		/* the header comes once both tracepoints are attached */
		while (!strstr(buf, "FILENAME\n") && time(NULL) < deadline && got < sizeof(buf) - 1) {
			struct pollfd fd = { .fd = p[0], .events = POLLIN };
			ssize_t n;

			if (poll(&fd, 1, 1000) <= 0)
				continue;
			n = read(p[0], buf + got, sizeof(buf) - 1 - got);
			if (n <= 0)
				break;
			got += (size_t)n;
			buf[got] = '\0';
		}
		if (!strstr(buf, "FILENAME\n")) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fail_msg("execsnoop did not start: %s", buf);
		}
		kill(pid, sigs[s]);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		close(p[0]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("execsnoop after signal %d: status 0x%x", sigs[s], status);
		expect_nothing_left(&before);
	}
}

const struct CMUnitTest skeleton_tests[] = {
	cmocka_unit_test(skeleton_globals_through_mmap),
	cmocka_unit_test(gen_skeleton_errors),
	cmocka_unit_test(execsnoop_reports_a_known_exec),
	cmocka_unit_test(execsnoop_usage),
	cmocka_unit_test(execsnoop_stops_on_signals),
};
DEFINE_COUNT(skeleton);
