/* Beyond legacy objects: global data and --set, BPF-to-BPF calls and
 * callbacks, BTF maps, ring buffers, pinning, and the other attach kinds,
 * each on a tests/progs/ object driven by rbdriver. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/kernel/kernel.h"
#include "uapi/linux/bpf.h"

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
	rawbpf(&r, "run", "--json", TPROG("btf_ring"), "--", DRIVER, "getppid", "10");
	expect_status(&r, 0);
	expect_map_u64(&r, "seen", "00000000", 10);
	each_event(&r, "ring", ring_event, &c);
	if (c.events != 8) /* 10 minus seq 3 and 7 */
		fail_run(&r, "%d ring buffer events, expected 8", c.events);
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

const struct CMUnitTest feature_tests[] = {
	cmocka_unit_test(calls_and_globals),
	cmocka_unit_test(set_refuses_unknown_names_and_big_values),
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
	cmocka_unit_test(sanitized_btf_is_valid),
};
DEFINE_COUNT(feature);
