/* Map initialisers (__array(values, ...)): maps of maps with their inner
 * maps and initial slots, program arrays filled after the programs load so
 * that tail calls work, the book era's inner_map_idx, objects of maps
 * alone, and what stays refused. Counts come from rbdriver. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

/* map_in_map.bpf.o counts 1 per call in outer[0] (inner_a) and 2 in
 * outer[1] (inner_b), reaching each through the outer map. The dump
 * shows each inner map twice: under its own name and under the slot. */
static void map_of_maps_has_its_initial_inner_maps(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("map_in_map"), "--", DRIVER, "getppid", "7");
	expect_status(&r, 0);
	expect_map_u64(&r, "inner_a", "00000000", 7);
	expect_map_u64(&r, "inner_b", "00000000", 14);
	expect_map_u64(&r, "outer[0]", "00000000", 7);
	expect_map_u64(&r, "outer[1]", "00000000", 14);
	expect_out_line(&r, "\"map\":\"outer\",\"key\":\"00000000\"", "\"inner_map\":\"inner_a\"",
			"\"inner_map_id\":");
	expect_out_line(&r, "\"map\":\"outer\",\"key\":\"01000000\"", "\"inner_map\":\"inner_b\"");
	expect_out_line(&r, "\"map\":\"outer[1]\",\"outer\":\"outer\",\"outer_key\":\"01000000\"",
			"\"inner_map\":\"inner_b\"");
	result_free(&r);

	rawbpf(&r, "run", "--verbose", TPROG("map_in_map"), "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	expect_out_line(&r, "map outer (array_of_maps, key 4 B, value 4 B, max_entries 2)");
	expect_out_line(&r, "map outer[0] -> inner_a (id ",
			"; array, key 4 B, value 8 B, max_entries 1)");
	expect_out_line(&r, "map outer[1] -> inner_b (id ");
	expect_out(&r, "max_entries 1)\n  key 0  value 6\n");
	/* the model of the inner maps is made, given, and closed */
	expect_err_line(&r, "BPF_MAP_CREATE, name=outer.inner type=2 key=4 value=8 max_entries=1");
	expect_err_line(&r, "map outer: inner_map_fd ");
	expect_err_line(&r, "close map outer.inner");
	expect_err_line(&r, "map outer: slot 1 holds map inner_b (.rel.maps)");
	expect_err_line(&r, "bpf(BPF_MAP_UPDATE_ELEM, outer, key 1, map inner_b fd ");
	result_free(&r);

	rawbpf(&r, "inspect", TPROG("map_in_map"));
	expect_status(&r, 0);
	expect_out_line(&r, "inner maps: array, key 4, value 8, entries 1, flags 0x0");
	expect_out_line(&r, "slot 0: map inner_a");
	expect_out_line(&r, "slot 1: map inner_b");
	result_free(&r);
}

/* tail_call.bpf.o: dispatch tail-calls jump[0] (odd) on odd calls and
 * jump[1] (even) on even ones; key 2 counts tail calls that fell through. */
static void tail_call_runs_the_programs_in_its_slots(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("tail_call"), "--", DRIVER, "getppid", "9");
	expect_status(&r, 0);
	expect_map_u64(&r, "calls", "00000000", 9);
	expect_map_u64(&r, "counts", "00000000", 5);
	expect_map_u64(&r, "counts", "01000000", 4);
	expect_map_u64(&r, "counts", "02000000", 0);
	/* SEC("tracepoint"): loaded for the tail call, not attached */
	expect_err_line(&r, "program odd (section tracepoint) is loaded but not attached");
	expect_err_line(&r, "program even (section tracepoint) is loaded but not attached");
	result_free(&r);

	rawbpf(&r, "run", "--verbose", TPROG("tail_call"), "--", DRIVER, "getppid", "1");
	expect_status(&r, 0);
	expect_err_line(&r, "map jump: slot 0 holds program odd (.rel.maps)");
	expect_err_line(&r, "bpf(BPF_MAP_UPDATE_ELEM, jump, key 1, program even fd ");
	expect_out(&r, "  key 0  value 1\n  key 1  value 0\n  key 2  value 0\n");
	result_free(&r);
}

/* map7_of_maps.bpf.o: a 7-field legacy map of maps whose inner_map_idx
 * names the map `model`; its slots start empty, so every call counts in
 * `misses`. Without the model as inner_map_fd the kernel refuses it. */
static void legacy_map_of_maps_uses_inner_map_idx(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", TPROG("map7_of_maps"), "--", DRIVER, "getppid",
	       "3");
	expect_status(&r, 0);
	expect_map_u64(&r, "misses", "00000000", 3);
	expect_map_u64(&r, "model", "00000000", 0);
	expect_err_line(&r, "map outer: inner_map_fd ");
	result_free(&r);
}

/* maps_only.bpf.o has two maps and no program: run makes them, pins the
 * pinned one, prints both and ends by itself (the watchdog says if not). */
static void maps_alone_are_made_pinned_and_printed(void **state)
{
	static struct kernel_ids before;
	const char *pin = "/sys/fs/bpf/rawbpf_test_maps_only";
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--verbose",
			 (char *)TPROG("maps_only"), NULL };
	const struct run_limits lim = { .seconds = 20 };
	char left[512];
	struct result r;

	(void)state;
	unlink(pin);
	kernel_ids(&before);
	run_argv_limited(&r, argv, &lim);
	expect_status(&r, 0);
	expect_out_line(&r, "map rawbpf_test_maps_only (hash, key 4 B, value 8 B, max_entries 8)");
	expect_out(&r, "map plain (array, key 4 B, value 4 B, max_entries 2)\n"
		       "  key 0  value 0\n  key 1  value 0\n");
	expect_err_line(&r, "BPF_MAP_CREATE, name=plain");
	if (access(pin, F_OK) != 0)
		fail_run(&r, "%s does not exist after the run", pin);
	result_free(&r);
	/* again: the pinned map is reused, the other made anew */
	run_argv_limited(&r, argv, &lim);
	expect_status(&r, 0);
	expect_err_line(&r, "BPF_MAP_CREATE, name=plain");
	if (strstr(r.err, "BPF_MAP_CREATE, name=rawbpf_test_map"))
		fail_run(&r, "the pinned map was made again instead of reused");
	result_free(&r);
	assert_int_equal(unlink(pin), 0);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left in the kernel after the pin was removed:%s", left);

	rawbpf(&r, "inspect", TPROG("maps_only"));
	expect_status(&r, 0);
	expect_out(&r, "programs: none");
	result_free(&r);
}

static void what_stays_refused(void **state)
{
	struct result r;

	(void)state;
	/* the pin would keep the array's programs loaded: refused first */
	rawbpf(&r, "run", TPROG("maps_refused_pinned_jump"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "maps_refused_pinned_jump.bpf.o", "program array rawbpf_test_jump",
			"pinned", "initial values", "drop the pinning");
	if (access("/sys/fs/bpf/rawbpf_test_jump", F_OK) == 0)
		fail_run(&r, "a refused object left a pin");
	result_free(&r);

	rawbpf(&r, "run", TPROG("maps_refused_no_inner"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "map of maps outer has no definition of its inner maps",
			"__array(values");
	result_free(&r);

	rawbpf(&r, "inspect", TPROG("maps_refused_values_on_hash"));
	expect_status(&r, 2);
	expect_err_line(&r, "map not_outer: __array(values, ...)", "not to a map of type hash");
	result_free(&r);

	/* the kernel refuses an inner map unlike the definition: after the
	 * maps exist, and the run leaves nothing (rawbpf() checks) */
	rawbpf(&r, "run", TPROG("maps_refused_mismatch"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err_line(&r, "map outer: writing map bigger (fd ", "into slot 0 failed",
			"max_entries", "Invalid argument");
	result_free(&r);
}

const struct CMUnitTest map_tests[] = {
	cmocka_unit_test(map_of_maps_has_its_initial_inner_maps),
	cmocka_unit_test(tail_call_runs_the_programs_in_its_slots),
	cmocka_unit_test(legacy_map_of_maps_uses_inner_map_idx),
	cmocka_unit_test(maps_alone_are_made_pinned_and_printed),
	cmocka_unit_test(what_stays_refused),
};
DEFINE_COUNT(map);
