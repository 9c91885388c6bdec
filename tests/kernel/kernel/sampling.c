/* Sampling and stacks: perf_event programs on one perf event per CPU
 * (attach/perf_sample.c), stacks named from kallsyms and the process's own
 * symbols (events/symbolizer.c), the folded output (cli/stacks.c), and
 * targets given on the command line (run --attach).
 *
 * The profiles are statistical: rbdriver spins in rbdriver_spin_here() for
 * a known amount of CPU time, and the tests assert that its top stack is
 * that function and that it holds most of rbdriver's samples, never an
 * exact count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const struct CMUnitTest sampling_tests[] = {
	cmocka_unit_test(profile_top_stack_is_the_hot_function),
	cmocka_unit_test(profile_json_frames_are_symbolized),
	cmocka_unit_test(profile_names_kernel_frames),
	cmocka_unit_test(perf_events_one_per_cpu),
	cmocka_unit_test(sampling_bad_input),
	cmocka_unit_test(attach_gives_a_bare_uprobe_its_target),
	cmocka_unit_test(attach_bad_input),
};
DEFINE_COUNT(sampling);
