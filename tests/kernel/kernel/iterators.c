/* BPF iterators (attach/iter.c, kernel/iter_targets.c, cli/iter_print.c):
 * `rawbpf run` of progs/task_iter.bpf.o prints a table of processes that
 * holds rawbpf itself, once, with the test as its parent, and ends by
 * itself; an iter/bpf_map program lists the object's own map; --json has
 * one line per line of text; an unknown target is named; the library's
 * rb_link_iter_open() gives a walk a library user reads. Every run is
 * checked to leave no program, map or link (check.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/rawbpf.h"

/* A watchdog: an iterator-only run that waited for Ctrl-C would end by
 * SIGALRM (status 142) instead of 0. */
static const struct run_limits watchdog = { .seconds = 30 };

struct task_row {
	int pid, ppid;
	char comm[17];
	char state;
};

/* The rows of the table whose pid is `pid`; *row gets the last one. */
static int rows_of(const char *text, int pid, struct task_row *row)
{
	int found = 0;

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line += !!line) {
		struct task_row r = { 0 };

		if (sscanf(line, "%d %d %16s %c", &r.pid, &r.ppid, r.comm, &r.state) == 4 &&
		    r.pid == pid) {
			*row = r;
			found++;
		}
	}
	return found;
}

/* The "text" of every iter line of prog `prog`, one line each. */
static char *iter_texts(const struct result *r, const char *prog)
{
	size_t size = strlen(r->out) + 1, used = 0;
	char *texts = calloc(1, size), want[128];

	if (!texts)
		fail_run(r, "out of memory");
	snprintf(want, sizeof(want), "{\"type\":\"iter\",\"prog\":\"%s\",\"text\":\"", prog);
	for (const char *line = r->out; (line = strstr(line, want)); line++) {
		const char *text = line + strlen(want), *end = strstr(text, "\"}\n");

		if (!end || (size_t)(end - text) + 2 > size - used)
			fail_run(r, "an iter line that does not end in \"}");
		memcpy(texts + used, text, (size_t)(end - text));
		used += (size_t)(end - text);
		texts[used++] = '\n';
	}
	return texts;
}

static void task_iter_lists_rawbpf_once(void **state)
{
	struct task_row row;
	struct result r;
	char *texts;

	(void)state;
	rawbpf_limited(&r, &watchdog, "run", "--json", PROG("task_iter"));
	expect_status(&r, 0);
	texts = iter_texts(&r, "list_tasks");
	if (strncmp(texts, "    PID    PPID COMM             S\n", 35) != 0)
		fail_run(&r, "the first iter line is not the table's header");
	if (rows_of(texts, r.pid, &row) != 1)
		fail_run(&r, "rawbpf (pid %d) is not listed exactly once", r.pid);
	if (row.ppid != getpid() || strcmp(row.comm, "rawbpf") != 0 || row.state != 'R')
		fail_run(&r, "rawbpf's row: ppid %d comm %s state %c; want ppid %d, rawbpf, R "
			 "(it runs the walk)", row.ppid, row.comm, row.state, getpid());
	/* the format strings in .rodata are not printed after the table */
	if (strstr(r.out, "\"type\":\"map\""))
		fail_run(&r, "a map was printed after an iterator-only run");
	free(texts);
	result_free(&r);
}

/* For people: the table as the program wrote it, and nothing after. */
static void task_iter_prints_the_table(void **state)
{
	struct task_row row;
	struct result r;

	(void)state;
	rawbpf_limited(&r, &watchdog, "run", PROG("task_iter"));
	expect_status(&r, 0);
	if (strncmp(r.out, "    PID    PPID COMM             S\n", 35) != 0)
		fail_run(&r, "stdout does not begin with the table's header");
	if (rows_of(r.out, r.pid, &row) != 1 || row.ppid != getpid())
		fail_run(&r, "rawbpf (pid %d, parent %d) is not listed once", r.pid, getpid());
	if (strstr(r.out, "map ") || strstr(r.err, "Ctrl-C"))
		fail_run(&r, "maps printed, or the run waited for Ctrl-C");
	result_free(&r);
}

/* With CMD, the iterators run when the run ends, after CMD's output. */
static void task_iter_runs_after_cmd(void **state)
{
	struct task_row row;
	struct result r;
	const char *hi, *iter;
	char *texts;

	(void)state;
	rawbpf_limited(&r, &watchdog, "run", "--json", PROG("task_iter"), "--", "/bin/echo", "hi");
	expect_status(&r, 0);
	hi = strstr(r.out, "hi\n");
	iter = strstr(r.out, "{\"type\":\"iter\"");
	if (!hi || !iter || hi > iter)
		fail_run(&r, "CMD's output does not come before the iterator's");
	texts = iter_texts(&r, "list_tasks");
	if (rows_of(texts, r.pid, &row) != 1)
		fail_run(&r, "rawbpf (pid %d) is not listed exactly once", r.pid);
	free(texts);
	result_free(&r);
}

/* iter/bpf_map: every map the kernel holds, the object's own among them. */
static void map_iter_lists_own_map(void **state)
{
	const char *const own[] = { "{\"type\":\"iter\",\"prog\":\"list_maps\"", " iter_marker\"}",
				    NULL };
	struct result r;

	(void)state;
	rawbpf_limited(&r, &watchdog, "run", "--json", TPROG("iter_maps"));
	expect_status(&r, 0);
	if (count_lines_with(r.out, own) != 1)
		fail_run(&r, "map iter_marker is not listed exactly once by the iterator");
	/* the object has a map that is not constant (iter_marker, empty): the
	 * maps are printed, .rodata's format string too */
	expect_out_line(&r, "{\"type\":\"map\",\"map\":\".rodata\"");
	result_free(&r);
}

static void unknown_iterator_is_named(void **state)
{
	struct result r;

	(void)state;
	rawbpf_limited(&r, &watchdog, "run", TPROG("iter_unknown"));
	expect_status(&r, 1);
	expect_err_line(&r, "program iter_nothing (section iter/no_such_target)",
			"no iterator no_such_target", "bpf_iter_no_such_target");
	/* and the ones it has: task is in every kernel since 5.8 */
	expect_err_line(&r, "its iterators:", " task,", "bpf_map");
	result_free(&r);
}

static void iter_map_refused_where_no_map_is_walked(void **state)
{
	struct result r;

	(void)state;
	rawbpf_limited(&r, &watchdog, "run", "--iter-map", "iter_marker", TPROG("iter_maps"));
	expect_status(&r, 2);
	expect_err_line(&r, "program list_maps", "walks no map", "--iter-map");
	result_free(&r);
}

/* The library: each rb_link_iter_open() is a new walk; an fd outlives its
 * link; a link of another kind is refused. */
static int walk_lists(int fd, int pid)
{
	struct task_row row;
	char *text = read_all(fd);
	int n = text ? rows_of(text, pid, &row) : -1;

	free(text);
	close(fd);
	return n;
}

static void library_reads_iterators(void **state)
{
	static struct kernel_ids before;
	struct rb_link *other = NULL;
	struct rb_object *obj, *tp;
	struct rb_program *prog;
	struct rb_error err;
	char what[512];
	int fd;

	(void)state;
	kernel_ids(&before);
	if (rb_object_open(&obj, PROG("task_iter"), NULL, &err) || rb_object_load(obj, &err) ||
	    rb_object_attach(obj, &err))
		fail_msg("task_iter: %s", err.msg);
	prog = rb_object_program_by_name(obj, "list_tasks");
	assert_non_null(prog);
	assert_true(rb_link_is_iter(prog->link));
	for (int walk = 0; walk < 2; walk++) {
		fd = rb_link_iter_open(prog->link, &err);
		if (fd < 0)
			fail_msg("walk %d: %s", walk, err.msg);
		assert_int_equal(walk_lists(fd, getpid()), 1);
	}
	/* the fd holds the program: the walk goes on without the link */
	fd = rb_link_iter_open(prog->link, &err);
	assert_true(fd >= 0);
	assert_int_equal(rb_object_detach(obj, &err), 0);
	assert_int_equal(walk_lists(fd, getpid()), 1);
	assert_int_equal(rb_link_iter_open(NULL, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);

	if (rb_object_open(&tp, TPROG("raw_tp_own"), NULL, &err) || rb_object_load(tp, &err) ||
	    rb_program_attach(rb_object_program_by_name(tp, "on_enter"), NULL, &other, &err))
		fail_msg("raw_tp_own: %s", err.msg);
	assert_false(rb_link_is_iter(other));
	assert_int_equal(rb_link_iter_open(other, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	if (!strstr(err.msg, "not an iterator's"))
		fail_msg("error \"%s\" does not say the link is not an iterator's", err.msg);
	rb_link_destroy(other, NULL);
	rb_object_close(tp);
	rb_object_close(obj);
	if (wait_no_new_ids(&before, 10, what, sizeof(what)))
		fail_msg("left in the kernel: %s", what);
}

const struct CMUnitTest iterator_tests[] = {
	cmocka_unit_test(task_iter_lists_rawbpf_once),
	cmocka_unit_test(task_iter_prints_the_table),
	cmocka_unit_test(task_iter_runs_after_cmd),
	cmocka_unit_test(map_iter_lists_own_map),
	cmocka_unit_test(unknown_iterator_is_named),
	cmocka_unit_test(iter_map_refused_where_no_map_is_walked),
	cmocka_unit_test(library_reads_iterators),
};
DEFINE_COUNT(iterator);
