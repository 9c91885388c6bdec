/* USDT probes (loader/attach/usdt.c, elf/usdt_*.c, uapi/bpf/usdt.bpf.h):
 * rbusdt's probes (tests/kernel/tools/rbusdt.c) read by programs built
 * against rawbpf's <bpf/usdt.bpf.h> and against libbpf's, through the
 * uprobe PMU and through uprobe_events; a bare SEC("usdt") given its probe
 * with --attach; inspect's listing; and the errors, after which nothing
 * stays (the rawbpf() macro checks programs, maps, links, probe events). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "check.h"

#define RBUSDT build_path("tests/tools/rbusdt")

/* usdt_args.bpf.c's `values` after `rbusdt 3`. */
static void expect_arguments(const struct result *r)
{
	static const struct {
		const char *key;
		uint64_t want;
	} values[] = {
		{ "00000000", (uint64_t)-8 },          /* int8_t in %dil, sign-extended */
		{ "01000000", 200 },                   /* uint8_t in %sil */
		{ "02000000", (uint64_t)-1600 },       /* int16_t in %dx */
		{ "03000000", 60000 },                 /* uint16_t in %cx */
		{ "04000000", (uint64_t)-70000 },      /* int32_t in %r8d */
		{ "05000000", 4000000000u },           /* uint32_t in %r9d */
		{ "06000000", (uint64_t)-5000000000LL }, /* int64_t on the stack */
		{ "07000000", 0xfedcba9876543210ULL },   /* uint64_t on the stack */
		{ "08000000", 8 },                     /* bpf_usdt_arg_cnt() */
		{ "09000000", 3 * (42 + 43) },         /* two sites, each its own constant */
		{ "0a000000", 6 },
		{ "0b000000", (uint64_t)-3 },          /* a negative constant */
		{ "0c000000", 1234567 },               /* a global, %rip-relative */
		{ "0d000000", 3 },                     /* guarded's last argument */
		{ "0e000000", 3 },                     /* guarded fired: the semaphore was set */
	};

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		expect_map_u64(r, "values", values[i].key, values[i].want);
	expect_out_line(r, "\"map\":\"strings\"", "\"value_fmt\":\"hello from rbusdt\"");
	expect_out(r, "rbusdt: semaphore set");
}

/* The same values through both headers and both ways of making uprobes;
 * without a tracer the semaphore stays 0 and the guarded probe is not
 * reached (so the set one above is rawbpf's doing). */
static void usdt_arguments_through_both_headers(void **state)
{
	static const char *const objects[] = { "tests/progs/usdt_args.bpf.o",
					       "tests/progs/usdt_args_libbpf.bpf.o" };
	static const char *const modes[] = { "auto", "tracefs" };
	struct result r;
	char *argv[] = { (char *)RBUSDT, "1", NULL };

	(void)state;
	run_argv(&r, argv);
	expect_status(&r, 0);
	expect_out(&r, "rbusdt: semaphore unset");
	result_free(&r);
	for (int o = 0; o < 2; o++)
		for (int m = 0; m < 2; m++) {
			rawbpf(&r, "run", "--json", "--verbose", "--probe-mode", modes[m],
			       build_path(objects[o]), "--", RBUSDT, "3");
			expect_status(&r, 0);
			expect_arguments(&r);
			expect_err_line(&r, "usdt rbtest:konst site at 0x", "spec");
			expect_err_line(&r, "BPF_LINK_CREATE", "bpf_cookie");
			if (m == 1)
				expect_err_line(&r, "write(uprobe_events, \"p:uprobes/rawbpf_",
						"_on_guarded ", "rbusdt:0x", "(0x");
			else
				expect_err_line(&r, "perf_event_open(uprobe PMU type",
						"semaphore at (0x");
			result_free(&r);
		}
}

/* A bare SEC("usdt") attaches where --attach says; without it, it loads
 * and is not attached, and run says how to give it a probe. */
static void bare_usdt_takes_its_probe_from_attach(void **state)
{
	char target[600];
	struct result r;

	(void)state;
	snprintf(target, sizeof(target), "on_konst=%s:rbtest:konst", RBUSDT);
	rawbpf(&r, "run", "--json", "--attach", target, TPROG("usdt_bare"), "--", RBUSDT, "4");
	expect_status(&r, 0);
	expect_map_u64(&r, "konst", "00000000", 8);            /* two sites, 4 times */
	expect_map_u64(&r, "konst", "01000000", 4 * (42 + 43));
	result_free(&r);

	rawbpf(&r, "run", "--json", TPROG("usdt_bare"), "--", RBUSDT, "1");
	expect_status(&r, 0);
	expect_err(&r, "PATH:PROVIDER:NAME");
	expect_map_u64(&r, "konst", "00000000", 0);
	result_free(&r);
}

/* Unknown providers and probes, and a binary without notes, are exit 2
 * naming what the file has; an object whose later program fails leaves
 * nothing of its earlier ones (rawbpf() checks the kernel, and the probe
 * events of the tracefs mode). */
static void usdt_errors_leave_nothing(void **state)
{
	static const struct {
		const char *probe, *message;
	} cases[] = {
		{ "nosuch:konst", "has no USDT provider nosuch; the file's probes: rbtest:ints, "
				  "rbtest:guarded, rbtest:konst, rbtest:str" },
		{ "rbtest:nosuch", "has no USDT probe rbtest:nosuch; its probes: rbtest:ints" },
	};
	static const char *const modes[] = { "auto", "tracefs" };
	char target[700];
	struct result r;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		snprintf(target, sizeof(target), "on_konst=%s:%s", RBUSDT, cases[i].probe);
		rawbpf(&r, "run", "--attach", target, TPROG("usdt_bare"), "--", RBUSDT, "1");
		expect_status(&r, 2);
		expect_err(&r, cases[i].message);
		result_free(&r);
	}
	snprintf(target, sizeof(target), "on_konst=%s:rbtest:konst", DRIVER);
	rawbpf(&r, "run", "--attach", target, TPROG("usdt_bare"), "--", RBUSDT, "1");
	expect_status(&r, 2);
	expect_err(&r, "has no USDT probes (no .note.stapsdt notes");
	result_free(&r);
	/* on_ints, on_konst, on_str attach first; on_guarded's probe is wrong */
	snprintf(target, sizeof(target), "on_guarded=%s:rbtest:nosuch", RBUSDT);
	for (int m = 0; m < 2; m++) {
		rawbpf(&r, "run", "--verbose", "--probe-mode", modes[m], "--attach", target,
		       TPROG("usdt_args"), "--", RBUSDT, "1");
		expect_status(&r, 2);
		expect_err(&r, "no USDT probe rbtest:nosuch");
		expect_err_line(&r, "attach on_str: usdt rbtest:str site");
		if (strstr(r.out, "rbusdt:"))
			fail_run(&r, "the target ran although the attach failed");
		result_free(&r);
	}
}

/* inspect PATH lists each site, in both outputs; a file without notes
 * says so. */
static void inspect_lists_usdt_probes(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "inspect", RBUSDT);
	expect_status(&r, 0);
	expect_out(&r, "5 USDT probe sites");
	expect_out_line(&r, "rbtest", "ints", "-1@%dil 1@%sil -2@%dx 2@%cx -4@%r8d 4@%r9d");
	expect_out_line(&r, "rbtest", "guarded", "0x", "-4@%edi");
	expect_out_line(&r, "rbtest", "konst", "-4@$42 -4@$-3");
	expect_out_line(&r, "rbtest", "konst", "-4@$43 -4@$-3");
	expect_out_line(&r, "rbtest", "str", "rbusdt_global(%rip)");
	result_free(&r);

	rawbpf(&r, "inspect", "--json", RBUSDT);
	expect_status(&r, 0);
	if (count_lines_with(r.out, (const char *const[]){ "{\"type\":\"usdt\"", NULL }) != 5)
		fail_run(&r, "not one JSON line per site");
	expect_out_line(&r, "\"provider\":\"rbtest\",\"name\":\"guarded\"", "\"arg_count\":1");
	expect_out_line(&r, "\"name\":\"ints\"", "\"semaphore\":0,", "\"arg_count\":8");
	if (find_line(r.out, (const char *const[]){ "\"name\":\"guarded\"", "\"semaphore\":0,",
						     NULL }, (char[8]){ 0 }, 8) == 0)
		fail_run(&r, "guarded's semaphore is missing");
	result_free(&r);

	rawbpf(&r, "inspect", DRIVER);
	expect_status(&r, 0);
	expect_out(&r, "0 USDT probe sites (no .note.stapsdt");
	result_free(&r);
}

const struct CMUnitTest usdt_tests[] = {
	cmocka_unit_test(usdt_arguments_through_both_headers),
	cmocka_unit_test(bare_usdt_takes_its_probe_from_attach),
	cmocka_unit_test(usdt_errors_leave_nothing),
	cmocka_unit_test(inspect_lists_usdt_probes),
};
DEFINE_COUNT(usdt);
