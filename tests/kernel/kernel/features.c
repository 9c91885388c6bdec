/* Beyond legacy objects: global data and --set, BPF-to-BPF calls and
 * callbacks, BTF maps, ring buffers, pinning, and the other attach kinds,
 * each on a tests/progs/ object driven by rbdriver. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/kernel/kernel.h"
#include "uapi/linux/bpf.h"
#include "uapi/linux/perf_event.h"

static void calls_and_globals(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("calls_and_globals"), "--", DRIVER, "getppid", "9");
	expect_status(&r, 0);
	expect_map_u64(&r, ".data.counters", "00000000", 18); /* both programs */
	expect_map_u64(&r, ".bss", "00000000", 27);           /* 9 * scale 3 */
	expect_map_u64(&r, ".data", "00000000", 109);
	expect_map_u64(&r, ".rodata", "00000000", 3);
	result_free(&r);

	rawbpf(&r, "run", "--json", "--set", "scale=5", TPROG("calls_and_globals"), "--", DRIVER,
	       "getppid", "9");
	expect_status(&r, 0);
	expect_map_u64(&r, ".bss", "00000000", 45);
	expect_map_u64(&r, ".rodata", "00000000", 5);
	result_free(&r);
}

static void set_refuses_unknown_names_and_big_values(void **state)
{
	char set[203];
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--set", "nosuch=1", TPROG("calls_and_globals"));
	expect_status(&r, 2);
	expect_err(&r, "nosuch");
	result_free(&r);
	rawbpf(&r, "run", "--set", "scale=18446744073709551616", TPROG("calls_and_globals"));
	expect_status(&r, 2);
	expect_err(&r, "fits");
	result_free(&r);
	/* a name is used whole, however long: it was cut at 127 bytes, and the
	 * cut could be another variable's name */
	memset(set, 'x', sizeof(set));
	memcpy(set, "scale", 5);
	memcpy(set + 200, "=1", 3);
	rawbpf(&r, "run", "--set", set, TPROG("calls_and_globals"));
	expect_status(&r, 2);
	set[200] = '\0';
	expect_err(&r, set);
	result_free(&r);
}

/* inspect's line for a global variable (loader/cli/inspect.c's layout). */
static const char *variable_line(char *buf, size_t size, const char *name, const char *section,
				 unsigned offset, unsigned bytes, const char *type)
{
	snprintf(buf, size, "\n  %-20s %-16s %8u %6u  %s\n", name, section, offset, bytes, type);
	return buf;
}

/* twin_statics.bpf.o is linked from two units, each with its own static x
 * and static y (tests/progs/twin_statics/): x in .data and in .bss, both y
 * in .data, every one of another type. Each keeps its own type (it was once
 * looked up by name, so every x had the first x's type), offset and value,
 * and the DATASEC the kernel gets keeps the linker's offsets (a lookup by
 * name once gave the second y the first's, and the kernel refused the BTF). */
static void same_named_statics_keep_their_own_types(void **state)
{
	static const struct { const char *name, *section; unsigned offset, size; const char *type; }
	vars[] = {
		{ "x", ".data", 0, 4, "volatile __u32" },
		{ "y", ".data", 4, 2, "volatile __u16" },
		{ "y", ".data", 8, 8, "volatile __u64" },
		{ "x", ".bss", 0, 16, "volatile char[16]" },
	};
	struct result r;
	char line[256];

	(void)state;
	rawbpf(&r, "inspect", TPROG("twin_statics"));
	expect_status(&r, 0);
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		expect_out(&r, variable_line(line, sizeof(line), vars[i].name, vars[i].section,
					     vars[i].offset, vars[i].size, vars[i].type));
	result_free(&r);

	/* 3 getppid calls: x 5 + 1 each, y 7 + 2 each, y 9 + 3 each, x[1] 0x5a */
	rawbpf(&r, "run", "--verbose", TPROG("twin_statics"), "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	expect_out(&r, "map .data (global data, 16 B)\n  x = 8\n  y = 13\n  y = 18\n");
	/* by its BTF type, char[16]: not a string (a byte after the NUL) */
	expect_out(&r, "map .bss (global data, 16 B)\n"
		       "  x = [0, 90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n");
	expect_err(&r, "bpf(BPF_BTF_LOAD, ");
	expect_err(&r, "name=.data type=2 key=4 value=16 max_entries=1 btf)");
	result_free(&r);

	/* --set cannot tell the two y apart: refused, not the first one set */
	rawbpf(&r, "run", "--set", "y=1", TPROG("twin_statics"));
	expect_status(&r, 2);
	expect_err(&r, "more than one variable named y (in .data and .data)");
	result_free(&r);
}

struct ring_check {
	int events;
	uint64_t next_seq;
};

static void ring_event(void *ctx, const struct result *r, int cpu, const uint8_t *data,
		       size_t size)
{
	struct ring_check *c = ctx;

	if (cpu != -1 || size != 16)
		fail_run(r, "ring buffer event %d: cpu %d, %zu bytes (expected no cpu, 16 bytes)",
			 c->events, cpu, size);
	if (c->next_seq % 4 == 3)
		c->next_seq++; /* every fourth reservation is discarded by the program */
	if (le_u64(data, 8) != c->next_seq || le_u64(data + 8, 8) != 0x72617762)
		fail_run(r, "ring buffer event %d: seq %llu magic %#llx, expected seq %llu",
			 c->events, (unsigned long long)le_u64(data, 8),
			 (unsigned long long)le_u64(data + 8, 8), (unsigned long long)c->next_seq);
	c->next_seq++;
	c->events++;
}

static void btf_maps_and_ring_buffer(void **state)
{
	struct ring_check c = { 0, 0 };
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", TPROG("btf_ring"), "--", DRIVER, "getppid", "10");
	expect_status(&r, 0);
	expect_map_u64(&r, "seen", "00000000", 10);
	each_event(&r, "ring", ring_event, &c);
	if (c.events != 8) /* 10 minus seq 3 and 7 */
		fail_run(&r, "%d ring buffer events, expected 8", c.events);
	/* the narration tells the reader's teardown too */
	expect_err_line(&r, "ring buffer ring: munmap consumer page, producer page + data, "
			"close(epoll fd ");
	result_free(&r);
}

static void callback_and_mixed_maps(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("callback_mixed"), "--", DRIVER, "getppid", "7");
	expect_status(&r, 0);
	expect_map_u64(&r, "loops", "00000000", 4 * 7); /* BTF map, from the bpf_loop callback */
	expect_map_u64(&r, "calls", "00000000", 7);     /* legacy map */
	result_free(&r);
}

/* A pinned map outlives the run (so rawbpf()'s leftover check would flag
 * it): run twice, see the count carry over, remove the pin, then check. */
static void pinned_map_is_reused(void **state)
{
	static struct kernel_ids before;
	const char *pin = "/sys/fs/bpf/rawbpf_test_pinned";
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--json", (char *)TPROG("pinned"),
			 "--", (char *)DRIVER, "getppid", "5", NULL };
	char left[512];
	struct result r;

	(void)state;
	unlink(pin);
	kernel_ids(&before);
	run_argv(&r, argv);
	expect_status(&r, 0);
	expect_map_u64(&r, "rawbpf_test_pinned", "00000000", 5);
	if (access(pin, F_OK) != 0)
		fail_run(&r, "%s does not exist after the run", pin);
	result_free(&r);
	run_argv(&r, argv);
	expect_status(&r, 0);
	expect_map_u64(&r, "rawbpf_test_pinned", "00000000", 10);
	result_free(&r);
	assert_int_equal(unlink(pin), 0);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel after the pin was removed:%s", left);
}

static void raw_tracepoint_attaches(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("raw_tp_own"), "--", DRIVER, "getppid", "8");
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 8);
	result_free(&r);
}

/* The same counts through the uprobe PMU and through uprobe_events entries;
 * with tracefs, the narration shows each entry written and removed. */
static void uprobe_and_uretprobe_by_symbol(void **state)
{
	static const char *const modes[] = { "auto", "pmu", "tracefs" };
	struct result r;

	(void)state;
	for (int i = 0; i < 3; i++) {
		rawbpf(&r, "run", "--json", "--verbose", "--probe-mode", modes[i],
		       TPROG("uprobe_own"), "--", DRIVER, "func", "8");
		expect_status(&r, 0);
		expect_map_u64(&r, "counts", "00000000", 8);
		expect_map_u64(&r, "counts", "01000000", 8);
		if (i == 2) {
			expect_err_line(&r, "write(uprobe_events, \"p:uprobes/rawbpf_", "_on_entry ",
					"rbdriver:0x");
			expect_err_line(&r, "write(uprobe_events, \"r:uprobes/rawbpf_", "_on_return ");
			expect_err_line(&r, "detach: write(uprobe_events, \"-:uprobes/rawbpf_",
					"_on_entry\")");
			expect_err_line(&r, "detach: write(uprobe_events, \"-:uprobes/rawbpf_",
					"_on_return\")");
		} else {
			expect_err_line(&r, "perf_event_open(uprobe PMU type");
		}
		result_free(&r);
	}
}

/* A kernel before 4.17 has no uprobe PMU. The test hides this kernel's (a
 * tmpfs over its sysfs directory, in a mount namespace of the run's own,
 * made by util-linux's unshare): the default mode must fall back to
 * uprobe_events with exact counts and remove the entries; --probe-mode pmu
 * must refuse, saying the PMU is missing. */
static void uprobe_without_pmu_falls_back_to_uprobe_events(void **state)
{
	static struct kernel_ids before;
	static const char *const modes[] = { "auto", "pmu" };
	char left[512];
	struct result r;

	(void)state;
	for (int i = 0; i < 2; i++) {
		char *argv[] = { "unshare", "--mount", "--propagation", "private", "sh", "-c",
				 "mount -t tmpfs rawbpf-test /sys/bus/event_source/devices/uprobe "
				 "&& exec \"$0\" \"$@\"",
				 (char *)build_path("rawbpf"), "run", "--json", "--verbose",
				 "--probe-mode", (char *)modes[i], (char *)TPROG("uprobe_own"), "--",
				 (char *)DRIVER, "func", "8", NULL };

		kernel_ids(&before);
		run_argv(&r, argv);
		if (i == 0) {
			expect_status(&r, 0);
			expect_map_u64(&r, "counts", "00000000", 8);
			expect_map_u64(&r, "counts", "01000000", 8);
			expect_err_line(&r, "write(uprobe_events, \"p:uprobes/rawbpf_");
			expect_err_line(&r, "detach: write(uprobe_events, \"-:uprobes/rawbpf_");
		} else {
			expect_status(&r, 1);
			expect_err(&r, "no uprobe PMU");
		}
		if (wait_no_new_ids(&before, 10, left, sizeof(left)))
			fail_run(&r, "left in the kernel after rawbpf exited:%s", left);
		result_free(&r);
	}
}

/* A library name is searched for; when it is nowhere, the error says where
 * rawbpf looked. */
static void uprobe_library_not_found(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("uprobe_no_library"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "no library named librawbpf_nosuch.so.9");
	expect_err(&r, "$LD_LIBRARY_PATH");
	result_free(&r);
}

/* A path with a space: fine for the uprobe PMU, refused for uprobe_events
 * (whose lines the kernel splits at white space). */
static void uprobe_path_with_space(void **state)
{
	const char *copy = "/tmp/rawbpf test driver";
	char cmd[600];
	struct result r;

	(void)state;
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", DRIVER, copy);
	assert_int_equal(system(cmd), 0);
	rawbpf(&r, "run", "--probe-mode", "pmu", TPROG("uprobe_space"), "--", "/bin/true");
	expect_status(&r, 0);
	result_free(&r);
	rawbpf(&r, "run", "--probe-mode", "tracefs", TPROG("uprobe_space"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "white space");
	expect_err(&r, copy);
	result_free(&r);
	unlink(copy);
}

/* Both probe modes: through the PMU nothing is written to tracefs; through
 * tracefs the uprobe_events entry made for the second program must be
 * removed again (rawbpf() checks no rawbpf_ probe event is left). */
static void failed_attach_half_way_leaves_nothing(void **state)
{
	static const char *const modes[] = { "pmu", "tracefs" };
	struct result r;

	(void)state;
	for (int i = 0; i < 2; i++) {
		rawbpf(&r, "run", "--verbose", "--probe-mode", modes[i], TPROG("uprobe_missing"),
		       "--", "/bin/true");
		expect_status(&r, 2);
		expect_err(&r, "no_such_function");
		expect_err(&r, "rbdriver");
		/* the tracepoint and the first uprobe really were attached */
		expect_err_line(&r, "ioctl(fd", "PERF_EVENT_IOC_ENABLE) = 0");
		expect_err_line(&r, "attach second:", i ? "probe event uprobes/rawbpf_" : "uprobe PMU");
		expect_err(&r, "detach");
		if (i)
			expect_err_line(&r, "detach: write(uprobe_events, \"-:uprobes/rawbpf_");
		result_free(&r);
	}
}

static void tp_btf_example_counts_execs(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("exec_count_btf"), "--", DRIVER, "getppid", "1");
	expect_status(&r, 0);
	/* the driver's name, 16 bytes: it started exactly once */
	expect_map_u64(&r, "execs", "72626472697665720000000000000000", 1);
	result_free(&r);
}

/* fentry/fexit need ftrace. Where the kernel allows it, the counts must be
 * exact; where it forbids it (this project's CI machine refuses reading
 * available_filter_functions), rawbpf must say so and exit 1. Looked at
 * after the run: rawbpf mounts tracefs when it is not mounted yet. */
static void fentry_and_fexit(void **state)
{
	struct result r;
	FILE *f;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("fentry_getppid"), "--", DRIVER, "getppid", "6");
	f = fopen("/sys/kernel/tracing/available_filter_functions", "r");
	if (!f) {
		expect_status(&r, 1);
		expect_err(&r, "function tracing");
	} else {
		fclose(f);
		expect_status(&r, 0);
		expect_map_u64(&r, "counts", "00000000", 6);
		expect_map_u64(&r, "counts", "01000000", 6);
	}
	result_free(&r);
}

/* kprobes in every probe mode. Where the kernel has none (this project's CI
 * host: no CONFIG_KPROBES) each run must fail cleanly, exit 1, saying so;
 * where it has them, the counts must be exact. make vmtest runs the same
 * object on kernels with kprobes. */
static void kprobes_count_or_say_they_are_missing(void **state)
{
	static const char *const modes[] = { "auto", "pmu", "tracefs" };
	int have = access("/sys/bus/event_source/devices/kprobe", F_OK) == 0;
	struct result r;

	(void)state;
	for (int i = 0; i < 3; i++) {
		rawbpf(&r, "run", "--json", "--probe-mode", modes[i], TPROG("kprobe_count"), "--",
		       DRIVER, "getppid", "5");
		if (have) {
			expect_status(&r, 0);
			expect_map_u64(&r, "counts", "00000000", 5);
			expect_map_u64(&r, "counts", "01000000", 5);
		} else {
			expect_status(&r, 1);
			expect_err(&r, "no kprobe support");
			expect_err(&r, "CONFIG_KPROBES");
		}
		result_free(&r);
	}
}

/* rb_program_attach with a target of the caller's, through the PMU and
 * through uprobe_events: uprobe_own's on_entry, whose section names
 * rbdriver_target, attached to the driver's main instead, counts one entry
 * per run of the driver however many calls of rbdriver_target it makes;
 * on_return, attached by its section, still counts every return. The
 * object is closed before the links are destroyed: a link must undo itself
 * (the uprobe_events entry too) without its object. Options no provider
 * can use yet are refused, not ignored. */
static void program_attach_with_another_target(void **state)
{
	static const enum rb_probe_mode modes[] = { RB_PROBE_PMU, RB_PROBE_TRACEFS };
	static struct kernel_ids before;
	char *argv[] = { (char *)DRIVER, "func", "7", NULL };
	char target[600], left[512];
	struct result r;

	(void)state;
	snprintf(target, sizeof(target), "%s:main", DRIVER);
	for (int i = 0; i < 2; i++) {
		/* tracefs probe events need tracefs, which may not be mounted */
		struct rb_open_opts open_opts = { .probe_mode = modes[i],
						  .policy = RB_MOUNT_TRACEFS };
		struct rb_attach_opts opts = { .target = target };
		struct rb_program *progs, *entry = NULL, *ret = NULL;
		struct rb_link *entry_link = NULL, *ret_link = NULL, *link = NULL;
		struct rb_error err = { 0 };
		struct rb_object *obj;
		uint64_t entries = 0, returns = 0;
		uint32_t key;
		size_t n;

		kernel_ids(&before);
		if (rb_object_open(&obj, TPROG("uprobe_own"), &open_opts, &err) ||
		    rb_object_load(obj, &err))
			fail_msg("uprobe_own: %s", err.msg);
		progs = rb_object_programs(obj, &n);
		for (size_t j = 0; j < n; j++) {
			if (strcmp(progs[j].fn.name, "on_entry") == 0)
				entry = &progs[j];
			if (strcmp(progs[j].fn.name, "on_return") == 0)
				ret = &progs[j];
		}
		assert_non_null(entry);
		assert_non_null(ret);
		if (rb_program_attach(entry, &opts, &entry_link, &err) ||
		    rb_program_attach(ret, NULL, &ret_link, &err))
			fail_msg("rb_program_attach: %s", err.msg);
		assert_null(entry->link); /* the caller's link, not the object's */

		opts = (struct rb_attach_opts){ .cookie = 5 };
		assert_int_equal(rb_program_attach(entry, &opts, &link, &err), -1);
		assert_null(link);
		assert_int_equal(err.kind, RB_ERR_INPUT);
		if (!strstr(err.msg, "cookie") || !strstr(err.msg, "uprobe provider"))
			fail_msg("a cookie was not refused plainly: %s", err.msg);

		run_argv(&r, argv);
		expect_status(&r, 0);
		result_free(&r);
		key = 0;
		assert_int_equal(rb_map_lookup(rb_object_map_by_name(obj, "counts"), &key,
					       &entries, &err), 1);
		key = 1;
		assert_int_equal(rb_map_lookup(rb_object_map_by_name(obj, "counts"), &key,
					       &returns, &err), 1);
		if (entries != 1 || returns != 7)
			fail_msg("%s: %llu entries of main (expected 1), %llu returns of "
				 "rbdriver_target (expected 7)", i ? "tracefs" : "pmu",
				 (unsigned long long)entries, (unsigned long long)returns);
		rb_object_close(obj);
		if (rb_link_destroy(entry_link, &err) || rb_link_destroy(ret_link, &err))
			fail_msg("rb_link_destroy: %s", err.msg);
		if (wait_no_new_ids(&before, 10, left, sizeof(left)))
			fail_msg("left in the kernel after the links were destroyed:%s", left);
	}
}

/* The rewrite for kernels that predate DATASEC, VAR, global FUNC, ...:
 * the result must still be valid BTF, by our parser and by the kernel. */
static void sanitized_btf_is_valid(void **state)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	struct btf copy, reparsed;
	union bpf_attr attr;
	int fd;

	(void)state;
	assert_int_equal(rb_object_open(&obj, TPROG("calls_and_globals"), NULL, &err), 0);
	assert_non_null(obj->btf);
	assert_int_equal(btf_parse(&copy, "copy", obj->btf->data, obj->btf->size, &err), 0);
	assert_true(rb_btf_sanitize(&copy) > 0);
	assert_int_equal(btf_find_by_name_kind(&copy, ".bss", BTF_KIND_DATASEC), -1);
	for (uint32_t id = 1; id < copy.count; id++) {
		unsigned kind = btf_kind(btf_type_by_id(&copy, id));
		assert_true(kind != BTF_KIND_VAR && kind != BTF_KIND_DATASEC);
	}
	assert_int_equal(btf_parse(&reparsed, "sanitized", copy.data, copy.size, &err), 0);
	btf_free(&reparsed);
	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(unsigned long)copy.data;
	attr.btf_size = (uint32_t)copy.size;
	fd = (int)syscall(SYS_bpf, BPF_BTF_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		fail_msg("BPF_BTF_LOAD of the sanitized BTF: %s", strerror(errno));
	close(fd);
	btf_free(&copy);
	rb_object_close(obj);
}

/* In a mount namespace without tracefs (bare_fn, support.h): a library
 * user who did not set RB_MOUNT_TRACEFS gets an error that says tracefs is
 * missing and which flag mounts it, and nothing is mounted; with the flag
 * the tracepoint attaches and tracefs is mounted. */
static int tracefs_policy(void *ctx, char *why, size_t size)
{
	struct rb_open_opts opts = { 0 };
	struct rb_error err = { 0 };
	struct rb_object *obj = NULL;
	int attached;

	(void)ctx;
	for (int asked = 0; asked < 2; asked++) {
		opts.policy = asked ? RB_MOUNT_TRACEFS : 0;
		obj = NULL;
		if (rb_object_open(&obj, TPROG("static_prog"), &opts, &err) ||
		    rb_object_load(obj, &err)) {
			rb_object_close(obj);
			snprintf(why, size, "static_prog: %s", err.msg);
			return -1;
		}
		attached = rb_object_attach(obj, &err) == 0;
		rb_object_close(obj);
		if (!asked && (attached || err.kind != RB_ERR_SYSTEM ||
			       !strstr(err.msg, "tracefs is not mounted") ||
			       !strstr(err.msg, "mount -t tracefs tracefs /sys/kernel/tracing") ||
			       !strstr(err.msg, "RB_MOUNT_TRACEFS"))) {
			snprintf(why, size, "without RB_MOUNT_TRACEFS: %s",
				 attached ? "attached" : err.msg);
			return -1;
		}
		if (!asked && is_fs_type("/sys/kernel/tracing", TRACEFS_MAGIC)) {
			snprintf(why, size, "without RB_MOUNT_TRACEFS, tracefs was mounted");
			return -1;
		}
		if (asked && (!attached || !is_fs_type("/sys/kernel/tracing", TRACEFS_MAGIC))) {
			snprintf(why, size, "with RB_MOUNT_TRACEFS: %s",
				 attached ? "tracefs is not mounted" : err.msg);
			return -1;
		}
	}
	return 0;
}

static void tracefs_is_mounted_only_when_asked(void **state)
{
	static struct kernel_ids before;
	char why[2048], left[512];

	(void)state;
	kernel_ids(&before);
	if (in_bare_mount_namespace(tracefs_policy, NULL, why, sizeof(why)))
		fail_msg("%s", why);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel:%s", left);
}

#define TRACEFS "/sys/kernel/tracing"

/* Write text to a tracefs file (appending: kprobe_events and uprobe_events
 * would lose every event on O_TRUNC). */
static int write_tracefs(const char *file, const char *text)
{
	char path[256];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", TRACEFS, file);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* The probe event of this process's program `prog` in uprobe_events:
 * "uprobes/NAME" into event[size]; 0 when found. */
static int own_uprobe_event(const char *prog, char *event, size_t size)
{
	int fd = open(TRACEFS "/uprobe_events", O_RDONLY | O_CLOEXEC), found = -1;
	char *text = fd >= 0 ? read_all(fd) : NULL;
	struct rb_probe_event *events = NULL;
	struct rb_error err = { 0 };
	size_t count = 0, n = strlen(prog);

	if (fd >= 0)
		close(fd);
	if (text && rb_probe_events_parse_text(text, &events, &count, &err) == 0)
		for (size_t i = 0; i < count && found; i++) {
			size_t len = strlen(events[i].name);
			if (events[i].is_rawbpf && events[i].pid == (int)getpid() && len > n &&
			    strcmp(events[i].name + len - n, prog) == 0) {
				snprintf(event, size, "%s/%s", events[i].group, events[i].name);
				found = 0;
			}
		}
	free(events);
	free(text);
	return found;
}

/* A perf event on trace event `event` ("uprobes/NAME"), as another tool
 * would hold one: while it is open, tracefs refuses to remove the event. */
static int hold_trace_event(const char *event)
{
	struct perf_event_attr attr;
	char path[256], id[32];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/events/%s/id", TRACEFS, event);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, id, sizeof(id) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	id[n] = '\0';
	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = strtoull(id, NULL, 10);
	attr.sample_period = 1;
	return (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
}

/* A probe event tracefs will not remove (EBUSY: another perf event has it
 * open) was left in silence. Now rb_object_detach() (which rawbpf run calls
 * before it closes the object, and warns with) names it, says why, and
 * points at `rawbpf cleanup`; the other link is still detached. */
static void detach_that_leaves_a_probe_event_says_so(void **state)
{
	static struct kernel_ids before;
	struct rb_open_opts opts = { .probe_mode = RB_PROBE_TRACEFS, .policy = RB_MOUNT_TRACEFS };
	struct rb_error err = { 0 };
	struct rb_object *obj = NULL;
	char event[200] = "", line[240], left[512];
	int holder, detached;

	(void)state;
	kernel_ids(&before);
	if (rb_object_open(&obj, TPROG("uprobe_own"), &opts, &err) || rb_object_load(obj, &err) ||
	    rb_object_attach(obj, &err))
		fail_msg("uprobe_own through uprobe_events: %s", err.msg);
	if (own_uprobe_event("_on_entry", event, sizeof(event)))
		fail_msg("no uprobe_events entry of this process for on_entry");
	holder = hold_trace_event(event);
	if (holder < 0)
		fail_msg("perf_event_open on %s: %s", event, strerror(errno));
	detached = rb_object_detach(obj, &err);
	close(holder);
	snprintf(line, sizeof(line), "-:%s\n", event); /* what rawbpf cleanup would do */
	write_tracefs("uprobe_events", line);
	rb_object_close(obj);
	if (detached != -1 || !strstr(err.msg, event) || !strstr(err.msg, "EBUSY") ||
	    !strstr(err.msg, "rawbpf cleanup"))
		fail_msg("rb_object_detach: %d, \"%s\"; expected -1 naming %s, EBUSY and rawbpf "
			 "cleanup", detached, detached ? err.msg : "", event);
	if (own_uprobe_event("_on_return", event, sizeof(event)) == 0)
		fail_msg("%s stays: one link that failed kept the other attached", event);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel:%s", left);
}

/* Load after unload works as the first load did, with nothing of the
 * last load's left to mislead (its verifier log); load on a loaded
 * object is refused instead of leaking every fd of the first. */
static void load_after_unload_and_not_twice(void **state)
{
	static struct kernel_ids before;
	struct rb_error err = { 0 };
	struct rb_object *obj = NULL;
	struct rb_program *progs;
	struct rb_map *counts;
	char left[512];
	size_t n;
	int fd;

	(void)state;
	kernel_ids(&before);
	assert_int_equal(rb_object_open(&obj, TPROG("raw_tp_own"), NULL, &err), 0);
	if (rb_object_load(obj, &err))
		fail_msg("raw_tp_own: %s", err.msg);
	counts = rb_object_map_by_name(obj, "counts");
	fd = counts->fd;
	assert_int_equal(rb_object_load(obj, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "already loaded"));
	assert_int_equal(counts->fd, fd); /* the first load's, still */
	rb_object_unload(obj);
	assert_int_equal(counts->fd, -1);
	if (rb_object_load(obj, &err) || rb_object_attach(obj, &err))
		fail_msg("raw_tp_own loaded again: %s", err.msg);
	assert_true(counts->fd >= 0);
	rb_object_close(obj);

	obj = NULL;
	assert_int_equal(rb_object_open(&obj, TPROG("reject_null"), NULL, &err), 0);
	assert_int_equal(rb_object_load(obj, &err), -1);
	progs = rb_object_programs(obj, &n);
	assert_non_null(progs[0].verifier_log);
	assert_non_null(strstr(progs[0].verifier_log, "map_value_or_null"));
	rb_object_unload(obj);
	assert_null(progs[0].verifier_log);
	rb_object_close(obj);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel:%s", left);
}

/* Did the library narrate a write to the printk event's enable file? */
static void note_enable_write(void *ctx, const char *line)
{
	if (strstr(line, "write(") && strstr(line, "bpf_trace_printk/enable"))
		*(int *)ctx = 1;
}

/* Load printk_newline with `policy`, turn the printk event off as someone
 * might, then open trace_pipe: whether it opened, what the enable file
 * reads after, and whether the library wrote it. */
static void open_with_printk_event_off(unsigned policy, int *opened, char *now, int *wrote,
				       struct rb_error *err)
{
	static const char enable[] = "events/bpf_trace/bpf_trace_printk/enable";
	struct rb_open_opts opts = { .policy = policy, .narrator = { note_enable_write, wrote } };
	struct rb_trace_pipe *tp = NULL;
	struct rb_object *obj = NULL;
	int fd;

	*wrote = 0;
	if (rb_object_open(&obj, TPROG("printk_newline"), &opts, err) ||
	    rb_object_load(obj, err))
		fail_msg("printk_newline: %s", err->msg);
	/* the load turned it on (bpf_get_trace_printk_proto()); off again */
	if (write_tracefs(enable, "0"))
		fail_msg("writing 0 to %s/%s: %s", TRACEFS, enable, strerror(errno));
	*opened = rb_trace_pipe_open(obj, &tp, err) == 0;
	rb_trace_pipe_close(tp);
	rb_object_close(obj);
	fd = open(TRACEFS "/events/bpf_trace/bpf_trace_printk/enable", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, now, 1) != 1)
		*now = '?';
	if (fd >= 0)
		close(fd);
	write_tracefs(enable, "1"); /* as the next printk program's load would */
}

/* The bpf_trace_printk event, turned off by someone (its enable file 0):
 * printk output cannot reach trace_pipe. Without RB_TRACEFS_SETUP the
 * library changes nothing and says what is missing; with it, it turns the
 * event on (machine-wide, as the flag says). It wrote 1 there unasked. The
 * event is the machine's: any printk program loaded meanwhile by another
 * process turns it on again, which the library did not do if it did not
 * narrate it (then the case is tried again, three times at most). */
static void printk_event_is_enabled_only_when_asked(void **state)
{
	static struct kernel_ids before;
	struct rb_error err = { 0 };
	char left[512], now = '?';
	int opened = 0, wrote = 0;

	(void)state;
	if (!is_fs_type(TRACEFS, TRACEFS_MAGIC))
		fail_msg("%s is not tracefs", TRACEFS);
	kernel_ids(&before);
	for (int tries = 0; tries < 3; tries++) {
		open_with_printk_event_off(RB_MOUNT_TRACEFS, &opened, &now, &wrote, &err);
		if (!opened || wrote || now != '1')
			break; /* decided: not turned on again by someone else */
	}
	if (opened || wrote || err.kind != RB_ERR_SYSTEM || !strstr(err.msg, "disabled") ||
	    !strstr(err.msg, "RB_TRACEFS_SETUP") || now != '0')
		fail_msg("without RB_TRACEFS_SETUP: %s, %senable reads %c",
			 opened ? "opened" : err.msg, wrote ? "it wrote the enable file, " : "", now);
	open_with_printk_event_off(RB_MOUNT_TRACEFS | RB_TRACEFS_SETUP, &opened, &now, &wrote,
				   &err);
	if (!opened || !wrote || now != '1')
		fail_msg("with RB_TRACEFS_SETUP: %s, %senable reads %c", opened ? "opened" : err.msg,
			 wrote ? "" : "it did not write the enable file, ", now);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel:%s", left);
}

/* What libbpf-tools' user space does before load, from the command line:
 * --skip one of two alternative programs, --map-size and --map-value-size
 * for maps the object leaves at 0. Without them the kernel refuses the map,
 * and the message says which option sizes it. */
static void skip_and_map_sizes_before_load(void **state)
{
	const char *const second[] = { "\"map\":\"seen\"", "\"key\":\"02000000\"", NULL };
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("alternatives"), "--", DRIVER, "getppid", "3");
	expect_status(&r, 1);
	expect_err_line(&r, "map seen", "max_entries is 0", "--map-size MAP=N");
	result_free(&r);

	rawbpf(&r, "run", "--json", "--verbose", "--skip", "second", "--map-size", "seen=8",
	       "--map-value-size", "scratch=16", TPROG("alternatives"), "--", DRIVER,
	       "getppid", "3");
	expect_status(&r, 0);
	expect_map_u64(&r, "seen", "01000000", 3);
	if (count_lines_with(r.out, second) != 0)
		fail_run(&r, "the skipped program ran");
	expect_err_line(&r, "BPF_MAP_CREATE, name=seen", "max_entries=8");
	expect_err_line(&r, "BPF_MAP_CREATE, name=scratch", "value=16");
	expect_err_line(&r, "program second: not loaded (autoload is off)");
	/* not reported as "loaded but not attached": it was skipped */
	if (strstr(r.err, "second (section") && strstr(r.err, "is loaded but not attached"))
		fail_run(&r, "the skipped program is reported as loaded");
	result_free(&r);

	/* without --skip both run, each counting once per call */
	rawbpf(&r, "run", "--json", "--map-size", "seen=8", "--map-value-size", "scratch=16",
	       TPROG("alternatives"), "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	expect_map_u64(&r, "seen", "01000000", 3);
	expect_map_u64(&r, "seen", "02000000", 3);
	result_free(&r);

	/* mistakes: exit 2, naming them */
	rawbpf(&r, "run", "--skip", "third", TPROG("alternatives"));
	expect_status(&r, 2);
	expect_err_line(&r, "--skip third", "no program of that name");
	result_free(&r);
	rawbpf(&r, "run", "--map-size", "nosuch=4", TPROG("alternatives"));
	expect_status(&r, 2);
	expect_err_line(&r, "--map-size nosuch", "no map of that name");
	result_free(&r);
	rawbpf(&r, "run", "--map-size", "seen=-1", TPROG("alternatives"));
	expect_status(&r, 2);
	expect_err_line(&r, "--map-size", "'-1' is not a size");
	result_free(&r);
	rawbpf(&r, "run", "--map-value-size", "seen=16", TPROG("alternatives"));
	expect_status(&r, 2);
	expect_err_line(&r, "map seen has a BTF value type");
	result_free(&r);
	rawbpf(&r, "run", "--map-size", ".bss=4", PROG("walkthrough"));
	expect_status(&r, 2);
	expect_err_line(&r, "map .bss holds the global data");
	result_free(&r);
	rawbpf(&r, "run", "--skip", TPROG("alternatives"));
	expect_status(&r, 2);
	result_free(&r);
}

const struct CMUnitTest feature_tests[] = {
	cmocka_unit_test(skip_and_map_sizes_before_load),
	cmocka_unit_test(calls_and_globals),
	cmocka_unit_test(set_refuses_unknown_names_and_big_values),
	cmocka_unit_test(same_named_statics_keep_their_own_types),
	cmocka_unit_test(btf_maps_and_ring_buffer),
	cmocka_unit_test(callback_and_mixed_maps),
	cmocka_unit_test(pinned_map_is_reused),
	cmocka_unit_test(raw_tracepoint_attaches),
	cmocka_unit_test(uprobe_and_uretprobe_by_symbol),
	cmocka_unit_test(uprobe_without_pmu_falls_back_to_uprobe_events),
	cmocka_unit_test(uprobe_path_with_space),
	cmocka_unit_test(uprobe_library_not_found),
	cmocka_unit_test(failed_attach_half_way_leaves_nothing),
	cmocka_unit_test(tp_btf_example_counts_execs),
	cmocka_unit_test(fentry_and_fexit),
	cmocka_unit_test(kprobes_count_or_say_they_are_missing),
	cmocka_unit_test(program_attach_with_another_target),
	cmocka_unit_test(sanitized_btf_is_valid),
	cmocka_unit_test(tracefs_is_mounted_only_when_asked),
	cmocka_unit_test(detach_that_leaves_a_probe_event_says_so),
	cmocka_unit_test(load_after_unload_and_not_twice),
	cmocka_unit_test(printk_event_is_enabled_only_when_asked),
};
DEFINE_COUNT(feature);
