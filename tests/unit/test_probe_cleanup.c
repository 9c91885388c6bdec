/* rawbpf's probe event names (rawbpf_<pidns>_<pid>_<program>), and what
 * `rawbpf cleanup` makes of kprobe_events and uprobe_events lines: which
 * are rawbpf's, of which pid namespace and pid, and which are stale. The
 * sample lines are as Linux 6.18 prints them (trace_uprobe.c, trace_kprobe.c:
 * probes_seq_show). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/attach/attach.h"

#define NS 4026531836ULL /* the initial pid namespace: PROC_PID_INIT_INO */
#define OTHER_NS 4026532179ULL

static void parses_rawbpf_uprobe_lines(void **state)
{
	struct rb_probe_event ev;

	(void)state;
	assert_int_equal(rb_probe_event_parse("p:uprobes/rawbpf_4026531836_11845_on_entry "
					      "/work/build/tests/tools/rbdriver:0x00000000000011a1",
					      &ev), 0);
	assert_string_equal(ev.group, "uprobes");
	assert_string_equal(ev.name, "rawbpf_4026531836_11845_on_entry");
	assert_true(ev.is_rawbpf);
	assert_int_equal(ev.pidns, NS);
	assert_int_equal(ev.pid, 11845);
	assert_int_equal(ev.probes, 1);

	/* a uretprobe, with the newline the file has */
	assert_int_equal(rb_probe_event_parse("r:uprobes/rawbpf_4026532179_1_on_return "
					      "/bin/true:0x0000000000001139\n", &ev), 0);
	assert_string_equal(ev.name, "rawbpf_4026532179_1_on_return");
	assert_true(ev.is_rawbpf);
	assert_int_equal(ev.pidns, OTHER_NS);
	assert_int_equal(ev.pid, 1);
}

static void parses_kprobe_lines(void **state)
{
	struct rb_probe_event ev;

	(void)state;
	assert_int_equal(rb_probe_event_parse("p:kprobes/rawbpf_4026531836_77_count_getppid "
					      "__x64_sys_getppid", &ev), 0);
	assert_string_equal(ev.group, "kprobes");
	assert_true(ev.is_rawbpf);
	assert_int_equal(ev.pid, 77);
	/* a kretprobe with its maxactive, an offset and arguments */
	assert_int_equal(rb_probe_event_parse("r16:kprobes/rawbpf_4026531836_78_x do_sys_open+0 "
					      "arg1=%di:u64", &ev), 0);
	assert_string_equal(ev.name, "rawbpf_4026531836_78_x");
	assert_true(ev.is_rawbpf);
	assert_int_equal(ev.pid, 78);
	/* 63 characters: the longest name the kernel takes */
	assert_int_equal(rb_probe_event_parse("p:kprobes/rawbpf_4026531836_80_"
					      "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz do_sys_open", &ev), 0);
	assert_int_equal(strlen(ev.name), 63);
	assert_true(ev.is_rawbpf);
	/* an address instead of a symbol */
	assert_int_equal(rb_probe_event_parse("p:kprobes/rawbpf_4026531836_79_y 0x"
					      "ffffffff81000000", &ev), 0);
	assert_true(ev.is_rawbpf);
}

static void other_tools_lines_are_not_rawbpf(void **state)
{
	static const char *const lines[] = {
		"p:uprobes/othertool_test /bin/true:0x0000000000000100",
		"p:probe_libc/malloc /usr/lib/x86_64-linux-gnu/libc.so.6:0x00000000000a0b10",
		"p:kprobes/p_do_sys_open_0 do_sys_open",
		"r:kprobes/rawbpf do_sys_open",           /* the prefix, not a name rawbpf makes */
		"p:uprobes/rawbpf_ /bin/true:0x1",
		"p:uprobes/rawbpf_1234_on_entry /bin/true:0x1", /* the old rawbpf_<pid>_ name */
		"p:uprobes/xrawbpf_4026531836_5_p /bin/true:0x1",
		/* rawbpf's name, but in a group rawbpf never uses */
		"p:mytool/rawbpf_4026531836_5_p /bin/true:0x1",
		"p:kprobes_x/rawbpf_4026531836_5_p do_sys_open",
	};
	struct rb_probe_event ev;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (rb_probe_event_parse(lines[i], &ev) != 0)
			fail_msg("'%s' did not parse", lines[i]);
		if (ev.is_rawbpf)
			fail_msg("'%s' was taken for rawbpf's", lines[i]);
		assert_int_equal(rb_probe_event_verdict(&ev, NS, NULL, NULL), RB_PROBE_NOT_RAWBPF);
	}
}

static void malformed_lines_are_refused(void **state)
{
	static const char *const lines[] = {
		"",
		"\n",
		"garbage",
		"p",
		"p:",
		"p:uprobes",
		"p:uprobes/",
		"p:uprobes/ /bin/true:0x1",
		"p:/rawbpf_4026531836_5_p /bin/true:0x1",
		"p:uprobes/rawbpf_4026531836_5_p",          /* no location */
		"p:uprobes/rawbpf_4026531836_5_p\n",
		"p:uprobes/rawbpf_4026531836_5_p ",
		"p:uprobes/rawbpf_4026531836_5_p  /x",
		"-:uprobes/rawbpf_4026531836_5_p",          /* a command, not a listing */
		"x:uprobes/rawbpf_4026531836_5_p /bin/true:0x1",
		"pp:uprobes/rawbpf_4026531836_5_p /bin/true:0x1",
		" p:uprobes/rawbpf_4026531836_5_p /bin/true:0x1",
		"p:a/b/c /bin/true:0x1",
		/* longer than the kernel allows (63): cannot be a real line */
		"p:uprobes/rawbpf_4026531836_5_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa /x:0x1",
		"p:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg/x /x:0x1",
	};
	struct rb_probe_event ev;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (rb_probe_event_parse(lines[i], &ev) != -1)
			fail_msg("'%s' was accepted", lines[i]);
}

static void names_parse_strictly(void **state)
{
	static const char *const bad[] = {
		"rawbpf_4026531836_5_",        /* no program */
		"rawbpf_4026531836_5",
		"rawbpf_4026531836__p",
		"rawbpf__5_p",
		"rawbpf_04026531836_5_p",      /* rawbpf never writes a leading zero */
		"rawbpf_4026531836_05_p",
		"rawbpf_4026531836_0_p",       /* no process has pid 0 */
		"rawbpf_4026531836_2147483648_p", /* above INT_MAX */
		"rawbpf_18446744073709551616_5_p", /* above UINT64_MAX */
		"rawbpf_4026531836_5_p-q",
		"rawbpf_4026531836_5_p.q",
		"rawbpf_-4026531836_5_p",
		"rawbpf_4026531836_+5_p",
		"Rawbpf_4026531836_5_p",
	};
	uint64_t ns = 0;
	int pid = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (rb_probe_event_name_parse(bad[i], &ns, &pid) != -1)
			fail_msg("'%s' was taken for a rawbpf name", bad[i]);
	assert_int_equal(rb_probe_event_name_parse("rawbpf_18446744073709551615_2147483647_p_2",
						   &ns, &pid), 0);
	assert_true(ns == UINT64_MAX);
	assert_int_equal(pid, INT_MAX);
	assert_int_equal(rb_probe_event_name_parse("rawbpf_0_1_0", &ns, &pid), 0);
	assert_int_equal(ns, 0);
	assert_int_equal(pid, 1);
}

/* A fake "does this pid exist", counting how often it is asked. */
struct fake_pids {
	int alive_pid;
	int asked;
};

static int fake_alive(void *ctx, int pid)
{
	struct fake_pids *f = ctx;

	f->asked++;
	return pid == f->alive_pid;
}

static void verdicts(void **state)
{
	struct fake_pids f = { .alive_pid = 100 };
	struct rb_probe_event ev;

	(void)state;
	assert_int_equal(rb_probe_event_parse("p:uprobes/rawbpf_4026531836_200_x /x:0x1", &ev), 0);
	assert_int_equal(rb_probe_event_verdict(&ev, NS, fake_alive, &f), RB_PROBE_STALE);
	assert_int_equal(f.asked, 1);
	assert_int_equal(rb_probe_event_parse("p:uprobes/rawbpf_4026531836_100_x /x:0x1", &ev), 0);
	assert_int_equal(rb_probe_event_verdict(&ev, NS, fake_alive, &f), RB_PROBE_OWNER_ALIVE);
	assert_int_equal(f.asked, 2);
	/* another namespace's pid 200 is not this namespace's: never asked */
	assert_int_equal(rb_probe_event_parse("p:uprobes/rawbpf_4026532179_200_x /x:0x1", &ev), 0);
	assert_int_equal(rb_probe_event_verdict(&ev, NS, fake_alive, &f), RB_PROBE_OTHER_PIDNS);
	/* a pid namespace rawbpf could not read (0) is nobody's */
	assert_int_equal(rb_probe_event_parse("p:uprobes/rawbpf_0_200_x /x:0x1", &ev), 0);
	assert_int_equal(rb_probe_event_verdict(&ev, NS, fake_alive, &f), RB_PROBE_OTHER_PIDNS);
	/* an old rawbpf_<pid>_<program> name whose program starts with digits */
	assert_int_equal(rb_probe_event_parse("p:uprobes/rawbpf_200_3_x /x:0x1", &ev), 0);
	assert_int_equal(rb_probe_event_verdict(&ev, NS, fake_alive, &f), RB_PROBE_OTHER_PIDNS);
	/* a second probe on rawbpf's event: someone else's too */
	assert_int_equal(rb_probe_event_parse("p:uprobes/rawbpf_4026531836_200_x /x:0x1", &ev), 0);
	ev.probes = 2;
	assert_int_equal(rb_probe_event_verdict(&ev, NS, fake_alive, &f), RB_PROBE_SHARED);
	assert_int_equal(f.asked, 2);
}

static void whole_files(void **state)
{
	/* two rawbpf runs, a multi-probe event (its probes not next to each
	 * other), another tool's event, a malformed line, no final newline */
	static const char text[] =
		"p:uprobes/rawbpf_4026531836_11845_on_entry /bin/true:0x00000000000011a1\n"
		"r:uprobes/rawbpf_4026531836_11845_on_return /bin/true:0x00000000000011a1\n"
		"p:uprobes/shared_ev /bin/true:0x0000000000000100\n"
		"this line is not a probe\n"
		"\n"
		"p:uprobes/rawbpf_4026532179_1_on_entry /bin/true:0x00000000000011a1\n"
		"p:uprobes/shared_ev /bin/false:0x0000000000000200\n"
		"p:uprobes/rawbpf_4026531836_11845_on_entry /bin/ls:0x0000000000000300";
	struct rb_probe_event *evs = NULL;
	struct rb_error err = { 0 };
	size_t n = 0;

	(void)state;
	assert_int_equal(rb_probe_events_parse_text(text, &evs, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(evs[0].name, "rawbpf_4026531836_11845_on_entry");
	assert_int_equal(evs[0].probes, 2);
	assert_int_equal(rb_probe_event_verdict(&evs[0], NS, NULL, NULL), RB_PROBE_SHARED);
	assert_string_equal(evs[1].name, "rawbpf_4026531836_11845_on_return");
	assert_int_equal(evs[1].probes, 1);
	assert_string_equal(evs[2].name, "shared_ev");
	assert_int_equal(evs[2].probes, 2);
	assert_false(evs[2].is_rawbpf);
	assert_string_equal(evs[3].name, "rawbpf_4026532179_1_on_entry");
	assert_int_equal(evs[3].pidns, OTHER_NS);
	free(evs);

	assert_int_equal(rb_probe_events_parse_text("", &evs, &n, &err), 0);
	assert_int_equal(n, 0);
	free(evs);
}

/* The name rawbpf gives its events must read back as what it was made of,
 * fit the kernel's 63 characters with room for a "_99" suffix, and be
 * made of [A-Za-z0-9_] only, whatever the program's name. */
static void made_names_read_back(void **state)
{
	static const char *const programs[] = {
		"on_entry",
		"a_program_name_far_longer_than_any_event_name_could_ever_hold_in_tracefs",
		"weird name\n-:uprobes/x #",
		"\xc3\xa9t\xc3\xa9",
		"x",
	};
	static const uint64_t namespaces[] = { NS, 0, UINT64_MAX };
	static const int pids[] = { 1, 11845, INT_MAX };
	char base[61], name[64];

	(void)state;
	for (size_t p = 0; p < sizeof(programs) / sizeof(programs[0]); p++)
		for (size_t n = 0; n < 3; n++)
			for (size_t i = 0; i < 3; i++) {
				struct rb_probe_event ev;
				char line[200];
				uint64_t ns;
				int pid;

				assert_int_equal(rb_probe_event_base_name(base, sizeof(base),
									  namespaces[n], pids[i],
									  programs[p]), 0);
				snprintf(name, sizeof(name), "%s_99", base);
				assert_true(strlen(name) <= 63);
				assert_int_equal(strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
							"NOPQRSTUVWXYZ0123456789_"), strlen(name));
				assert_int_equal(rb_probe_event_name_parse(base, &ns, &pid), 0);
				assert_true(ns == namespaces[n]);
				assert_int_equal(pid, pids[i]);
				snprintf(line, sizeof(line), "p:uprobes/%s /bin/true:0x1", name);
				assert_int_equal(rb_probe_event_parse(line, &ev), 0);
				assert_true(ev.is_rawbpf);
				assert_true(ev.pidns == namespaces[n]);
				assert_int_equal(ev.pid, pids[i]);
			}
	/* the program is what is cut, from its end */
	assert_int_equal(rb_probe_event_base_name(base, sizeof(base), NS, 11845, programs[1]), 0);
	assert_int_equal(strlen(base), sizeof(base) - 1);
	assert_string_equal(base, "rawbpf_4026531836_11845_a_program_name_far_longer_than_any_e");
	assert_int_equal(rb_probe_event_base_name(base, sizeof(base), NS, 11845, programs[2]), 0);
	assert_string_equal(base, "rawbpf_4026531836_11845_weird_name___uprobes_x__");
	/* no room for even one character of the program: refused, not cut */
	assert_int_equal(rb_probe_event_base_name(base, 24, NS, 11845, "p"), -1);
	assert_int_equal(rb_probe_event_base_name(base, 26, NS, 11845, "pq"), 0);
	assert_string_equal(base, "rawbpf_4026531836_11845_p");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_rawbpf_uprobe_lines),
		cmocka_unit_test(parses_kprobe_lines),
		cmocka_unit_test(other_tools_lines_are_not_rawbpf),
		cmocka_unit_test(malformed_lines_are_refused),
		cmocka_unit_test(names_parse_strictly),
		cmocka_unit_test(verdicts),
		cmocka_unit_test(whole_files),
		cmocka_unit_test(made_names_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
