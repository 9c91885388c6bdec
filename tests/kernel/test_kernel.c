/* Tests against the running kernel: rawbpf run and inspect, end to end, on
 * the example programs (progs/), the test programs (tests/progs/) and, when
 * it is there, the conformance suite (../shared/conformance).
 *
 * Every run is also a cleanup check: the kernel must hold exactly as many
 * BPF programs, maps and links after rawbpf exits as before it started.
 * Without BPF (not root, no CAP_BPF) the suite prints SKIP; with CI=true
 * that is a failure instead. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/support.h"
#include "loader/object_internal.h"
#include "uapi/linux/bpf.h"

static int bpf_available(char *why, size_t size)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (uint64_t)(unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (uint64_t)(unsigned long)"GPL";
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		snprintf(why, size, "BPF_PROG_LOAD of a trivial program failed: %s "
			 "(run as root, or with CAP_BPF and CAP_PERFMON)", strerror(errno));
		return 0;
	}
	close(fd);
	return 1;
}

/* ---- running rawbpf and checking that nothing is left behind ----------- */

#define MAX_ARGS 32

/* rawbpf ARGS... (NULL-terminated), with the cleanup check around it. */
static void rawbpf(struct result *r, ...)
{
	static struct kernel_ids before;
	char *argv[MAX_ARGS] = { (char *)build_path("rawbpf") };
	char left[512];
	va_list ap;
	int n = 1;

	va_start(ap, r);
	while (n < MAX_ARGS - 1 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	kernel_ids(&before);
	run_argv(r, argv);
	if (wait_no_new_ids(&before, 10, left, sizeof(left))) {
		result_dump(r, argv[1]);
		fail_msg("left behind after rawbpf exited:%s", left);
	}
}

static void expect_status(const struct result *r, int status)
{
	if (r->status != status) {
		result_dump(r, "rawbpf");
		fail_msg("exit status %d, expected %d", r->status, status);
	}
}

static void expect_contains(const struct result *r, const char *text, const char *needle)
{
	if (!text || !strstr(text, needle)) {
		result_dump(r, "rawbpf");
		fail_msg("expected output to contain \"%s\"", needle);
	}
}

/* The u64 value of `key` (hex) in map `map`, from run --json output. */
static uint64_t map_u64(const struct result *r, const char *map, const char *key)
{
	char want_map[96], want_key[96], line[1024], value[64];
	const char *needles[] = { want_map, want_key, NULL };
	uint8_t bytes[8];
	int n;

	snprintf(want_map, sizeof(want_map), "\"map\":\"%s\"", map);
	snprintf(want_key, sizeof(want_key), "\"key\":\"%s\"", key);
	if (count_lines_with(r->out, needles) != 1 ||
	    find_line(r->out, needles, line, sizeof(line)) ||
	    json_field(line, "value", value, sizeof(value))) {
		result_dump(r, "rawbpf");
		fail_msg("expected exactly one entry of map %s with key %s", map, key);
	}
	n = hex_decode(value, bytes, sizeof(bytes));
	assert_true(n > 0);
	return le_u64(bytes, (size_t)n);
}

#define DRIVER build_path("tests/tools/rbdriver")
#define PROG(name) build_path("progs/" name ".bpf.o")
#define TPROG(name) build_path("tests/progs/" name ".bpf.o")

/* ---- the examples ------------------------------------------------------ */

static void hello_prints_through_trace_pipe(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("hello"), "--", "/bin/true", NULL);
	expect_status(&r, 0);
	expect_contains(&r, r.out, "\"type\":\"printk\"");
	expect_contains(&r, r.out, "Hello, BPF World!");
	result_free(&r);
}

static void count_syscalls_counts_exactly(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("count_syscalls"), "--", DRIVER, "getppid", "1000", NULL);
	expect_status(&r, 0);
	/* key: comm "rbdriver" padded to 16 bytes, then u32 110 (getppid on x86-64) */
	assert_int_equal(map_u64(&r, "syscalls",
				 "72626472697665720000000000000000" "6e000000"), 1000);
	result_free(&r);
}

static void exec_events_stream_through_perf_buffer(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("exec_events"), "--", "/bin/echo", "hi", NULL);
	expect_status(&r, 0);
	/* "/bin/echo" in hex, in the event's filename */
	expect_contains(&r, r.out, "2f62696e2f6563686f00");
	expect_contains(&r, r.out, "\"type\":\"event\",\"map\":\"events\"");
	result_free(&r);
}

static void inspect_disassembles(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "inspect", "--disasm", PROG("count_syscalls"), NULL);
	expect_status(&r, 0);
	expect_contains(&r, r.out, "count_syscalls");
	expect_contains(&r, r.out, "tracepoint/raw_syscalls/sys_enter");
	expect_contains(&r, r.out, "call bpf_map_lookup_elem#1");
	expect_contains(&r, r.out, "= map[syscalls]");
	expect_contains(&r, r.out, "hash");
	result_free(&r);
}

/* ---- what real objects contain ----------------------------------------- */

static void seven_field_map_definitions_load(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("map7"), "--", DRIVER, "getppid", "37", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "counts", "00000000"), 37);
	result_free(&r);
}

static void static_function_alone_in_section_is_a_program(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("static_prog"), "--", DRIVER, "getppid", "12", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "counts", "00000000"), 12);
	result_free(&r);
}

static void text_program_needs_type(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("text_only"), "--", "/bin/true", NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "--type");
	result_free(&r);
	rawbpf(&r, "run", "--type", "socket", TPROG("text_only"), "--", "/bin/true", NULL);
	expect_status(&r, 0);
	result_free(&r);
}

static void custom_section_needs_type(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("custom_section"), "--", "/bin/true", NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "mysection");
	expect_contains(&r, r.err, "--type");
	result_free(&r);
	rawbpf(&r, "run", "--type", "socket", TPROG("custom_section"), "--", "/bin/true", NULL);
	expect_status(&r, 0);
	result_free(&r);
	rawbpf(&r, "inspect", TPROG("custom_section"), NULL);
	expect_contains(&r, r.out, "drop_all");
	result_free(&r);
}

static void missing_license_is_named_as_the_cause(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("no_license"), "--", "/bin/true", NULL);
	expect_status(&r, 1);
	expect_contains(&r, r.err, "no license section");
	expect_contains(&r, r.err, "GPL");
	result_free(&r);
}

static void extern_symbol_is_refused_by_name(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("extern_sym"), "--", "/bin/true", NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "some_kernel_thing");
	expect_contains(&r, r.err, "instruction");
	result_free(&r);
}

static void big_endian_object_is_refused(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("big_endian"), NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "big-endian");
	result_free(&r);
}

static void verifier_refusal_shows_log(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("reject_null"), "--", "/bin/true", NULL);
	expect_status(&r, 1);
	expect_contains(&r, r.err, "map_value_or_null");
	expect_contains(&r, r.err, "refused");
	result_free(&r);
}

static void kprobe_on_kernel_without_kprobes(void **state)
{
	struct result r;

	(void)state;
	if (access("/sys/bus/event_source/devices/kprobe", F_OK) == 0)
		skip(); /* this kernel has kprobes; the attach test belongs elsewhere */
	rawbpf(&r, "run", TPROG("kprobe_legacy"), "--", "/bin/true", NULL);
	expect_status(&r, 1);
	expect_contains(&r, r.err, "no kprobe support");
	result_free(&r);
}

static void calls_and_globals(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("calls_and_globals"), "--", DRIVER, "getppid", "9", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, ".data.counters", "00000000"), 18); /* both programs */
	assert_int_equal(map_u64(&r, ".bss", "00000000"), 27);           /* 9 * scale 3 */
	assert_int_equal(map_u64(&r, ".data", "00000000"), 109);
	assert_int_equal(map_u64(&r, ".rodata", "00000000"), 3);
	result_free(&r);

	rawbpf(&r, "run", "--json", "--set", "scale=5", TPROG("calls_and_globals"), "--", DRIVER,
	       "getppid", "9", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, ".bss", "00000000"), 45);
	assert_int_equal(map_u64(&r, ".rodata", "00000000"), 5);
	result_free(&r);
}

static void set_refuses_unknown_names_and_big_values(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--set", "nosuch=1", TPROG("calls_and_globals"), NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "nosuch");
	result_free(&r);
	rawbpf(&r, "run", "--set", "scale=18446744073709551616", TPROG("calls_and_globals"), NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "fits");
	result_free(&r);
}

static void btf_maps_and_ring_buffer(void **state)
{
	struct result r;
	const char *line;
	int events = 0;
	uint64_t expect_seq = 0;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("btf_ring"), "--", DRIVER, "getppid", "10", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "seen", "00000000"), 10);
	for (line = r.out; (line = strstr(line, "\"type\":\"event\"")); line++) {
		char hex[64], one[256];
		uint8_t ev[16];
		const char *eol = strchr(line, '\n');
		snprintf(one, sizeof(one), "%.*s", eol ? (int)(eol - line) : (int)strlen(line), line);
		assert_null(strstr(one, "\"cpu\"")); /* ring buffer events have no cpu */
		assert_int_equal(json_field(one, "data", hex, sizeof(hex)), 0);
		assert_int_equal(hex_decode(hex, ev, sizeof(ev)), 16);
		if (expect_seq % 4 == 3)
			expect_seq++; /* discarded by the program */
		assert_int_equal(le_u64(ev, 8), expect_seq);
		assert_int_equal(le_u64(ev + 8, 8), 0x72617762);
		expect_seq++;
		events++;
	}
	assert_int_equal(events, 8); /* 10 minus seq 3 and 7 */
	result_free(&r);
}

static void verifier_log_has_source_lines(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("reject_null"), NULL);
	expect_status(&r, 1);
	expect_contains(&r, r.err, "@ reject_null.bpf.c:");
	expect_contains(&r, r.err, "bpf_map_lookup_elem(&counts, &key)");
	result_free(&r);
}

static void callback_and_mixed_maps(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("callback_mixed"), "--", DRIVER, "getppid", "7", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "loops", "00000000"), 4 * 7); /* BTF map, from the callback */
	assert_int_equal(map_u64(&r, "calls", "00000000"), 7);     /* legacy map */
	result_free(&r);
}

static void raw_tracepoint_attaches(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("raw_tp_own"), "--", DRIVER, "getppid", "8", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "counts", "00000000"), 8);
	result_free(&r);
}

static void uprobe_and_uretprobe_by_symbol(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("uprobe_own"), "--", DRIVER, "func", "8", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "counts", "00000000"), 8);
	assert_int_equal(map_u64(&r, "counts", "01000000"), 8);
	result_free(&r);
}

static void failed_attach_half_way_leaves_nothing(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--verbose", TPROG("uprobe_missing"), "--", "/bin/true", NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "no_such_function");
	expect_contains(&r, r.err, "rbdriver");
	/* the tracepoint really was attached before the uprobe failed */
	expect_contains(&r, r.err, "PERF_EVENT_IOC_ENABLE");
	expect_contains(&r, r.err, "detach");
	result_free(&r);
}

static void tp_btf_example_counts_execs(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("exec_count_btf"), "--", DRIVER, "getppid", "1", NULL);
	expect_status(&r, 0);
	/* the driver's name, 16 bytes: it started exactly once */
	assert_int_equal(map_u64(&r, "execs", "72626472697665720000000000000000"), 1);
	result_free(&r);
}

/* fentry/fexit need ftrace. Where the kernel allows it, the counts must be
 * exact; where it forbids it (this project's own CI machine does: reading
 * available_filter_functions is refused), rawbpf must say so and exit 1. */
static void fentry_and_fexit(void **state)
{
	struct result r;
	FILE *f = fopen("/sys/kernel/tracing/available_filter_functions", "r");

	(void)state;
	if (f)
		fclose(f);
	rawbpf(&r, "run", "--json", TPROG("fentry_getppid"), "--", DRIVER, "getppid", "6", NULL);
	if (!f) {
		expect_status(&r, 1);
		expect_contains(&r, r.err, "function tracing");
	} else {
		expect_status(&r, 0);
		assert_int_equal(map_u64(&r, "counts", "00000000"), 6);
		assert_int_equal(map_u64(&r, "counts", "01000000"), 6);
	}
	result_free(&r);
}

/* A pinned map outlives the run (so the usual leftover check would flag
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
	assert_int_equal(map_u64(&r, "rawbpf_test_pinned", "00000000"), 5);
	result_free(&r);
	assert_int_equal(access(pin, F_OK), 0);
	run_argv(&r, argv);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "rawbpf_test_pinned", "00000000"), 10);
	result_free(&r);
	assert_int_equal(unlink(pin), 0);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left behind after the pin was removed:%s", left);
}

/* The rewrite for kernels that predate DATASEC, VAR, global FUNC, ...:
 * the result must still be valid BTF, by our parser and by the kernel. */
static void sanitized_btf_is_valid(void **state)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	struct btf copy;
	union bpf_attr attr;
	int fd;

	(void)state;
	assert_int_equal(rb_object_open(&obj, TPROG("calls_and_globals"), NULL, &err), 0);
	assert_non_null(obj->btf);
	assert_int_equal(btf_parse(&copy, "copy", obj->btf->data, obj->btf->size, &err), 0);
	assert_true(rb_btf_sanitize(&copy) > 0);
	assert_int_equal(btf_find(&copy, ".bss", BTF_KIND_DATASEC), -1);
	for (uint32_t id = 1; id < copy.count; id++) {
		unsigned kind = btf_kind(btf_type_by_id(&copy, id));
		assert_true(kind != BTF_KIND_VAR && kind != BTF_KIND_DATASEC);
	}
	{
		struct btf reparsed;
		assert_int_equal(btf_parse(&reparsed, "sanitized", copy.data, copy.size, &err), 0);
		btf_free(&reparsed);
	}
	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(unsigned long)copy.data;
	attr.btf_size = (uint32_t)copy.size;
	fd = (int)syscall(SYS_bpf, BPF_BTF_LOAD, &attr, sizeof(attr));
	assert_true(fd >= 0);
	close(fd);
	btf_free(&copy);
	rb_object_close(obj);
}

/* ---- bad input and usage ----------------------------------------------- */

static void bad_files_exit_2(void **state)
{
	struct result r;
	char empty[] = "/tmp/rawbpf-test-empty-XXXXXX", trunc[] = "/tmp/rawbpf-test-trunc-XXXXXX";
	int fd = mkstemp(empty);
	FILE *in, *out;
	char buf[200];

	(void)state;
	close(fd);
	rawbpf(&r, "run", "/nonexistent/object.o", NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "/nonexistent/object.o");
	result_free(&r);

	rawbpf(&r, "run", empty, NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "empty");
	result_free(&r);

	/* the first 200 bytes of a real object */
	in = fopen(PROG("hello"), "rb");
	assert_non_null(in);
	assert_int_equal(fread(buf, 1, sizeof(buf), in), sizeof(buf));
	fclose(in);
	fd = mkstemp(trunc);
	out = fdopen(fd, "wb");
	fwrite(buf, 1, sizeof(buf), out);
	fclose(out);
	rawbpf(&r, "run", trunc, NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, trunc);
	result_free(&r);
	unlink(empty);
	unlink(trunc);
}

static void usage_errors_exit_2(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, NULL);
	expect_status(&r, 2);
	result_free(&r);
	rawbpf(&r, "run", "--bogus", PROG("hello"), NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "--bogus");
	result_free(&r);
	rawbpf(&r, "run", "--pages", "3", PROG("hello"), NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "power of two");
	result_free(&r);
	rawbpf(&r, "frobnicate", NULL);
	expect_status(&r, 2);
	result_free(&r);
}

static void command_not_found_leaves_nothing(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", PROG("exec_events"), "--", "/no/such/command", NULL);
	expect_status(&r, 127);
	expect_contains(&r, r.err, "/no/such/command");
	result_free(&r);
}

static void command_status_is_passed_through(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", PROG("hello"), "--", "/bin/sh", "-c", "exit 7", NULL);
	expect_status(&r, 7);
	result_free(&r);
}

/* ---- ending by a signal ------------------------------------------------ */

/* Start `rawbpf run --verbose OBJ` with no command, wait until it says it
 * has attached (read from its stderr, so no sleeping), send `sig`, and
 * check that it printed the maps, exited 0 and left nothing. */
static void ends_cleanly_on(int sig)
{
	static struct kernel_ids before;
	char left[512];
	int err_pipe[2], ws;
	char buf[8192] = "";
	size_t len = 0;
	pid_t pid;

	kernel_ids(&before);
	assert_int_equal(pipe(err_pipe), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(err_pipe[1], 2);
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execl(build_path("rawbpf"), "rawbpf", "run", "--verbose", "--json",
		      PROG("count_syscalls"), (char *)NULL);
		_exit(127);
	}
	close(err_pipe[1]);
	while (!strstr(buf, "PERF_EVENT_IOC_ENABLE")) {
		struct pollfd p = { .fd = err_pipe[0], .events = POLLIN };
		ssize_t n;
		/* a generous bound, so a broken rawbpf fails the test instead of hanging it */
		if (poll(&p, 1, 30000) <= 0 || len >= sizeof(buf) - 1)
			break;
		n = read(err_pipe[0], buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
	}
	buf[len] = '\0';
	if (!strstr(buf, "PERF_EVENT_IOC_ENABLE")) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("rawbpf never reported attaching:\n%s", buf);
	}
	kill(pid, sig);
	/* keep draining stderr so rawbpf can never block writing it */
	while (read(err_pipe[0], buf, sizeof(buf)) > 0)
		;
	close(err_pipe[0]);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	if (wait_no_new_ids(&before, 10, left, sizeof(left)))
		fail_msg("left behind after rawbpf exited:%s", left);
}

static void sigint_ends_cleanly(void **state)
{
	(void)state;
	ends_cleanly_on(SIGINT);
}

static void sigterm_ends_cleanly(void **state)
{
	(void)state;
	ends_cleanly_on(SIGTERM);
}

/* ---- the conformance suite --------------------------------------------- */

#define CONF(name) build_path("conformance/" name ".bpf.o")
#define TRIGGER build_path("conformance/trigger")

static void require_conformance(void)
{
	if (!conformance_dir()) {
		printf("SKIP: no conformance suite at $CONFORMANCE (../shared/conformance)\n");
		skip();
	}
}

static void conformance_legacy_count(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("legacy_count"), "--", TRIGGER, "getppid", "5", NULL);
	expect_status(&r, 0);
	expect_contains(&r, r.out,
			"{\"type\":\"map\",\"map\":\"counts\",\"key\":\"00000000\",\"value\":\"0500000000000000\"}");
	result_free(&r);
}

static void conformance_percpu(void **state)
{
	struct result r;
	const char *line, *p;
	uint64_t sum = 0;
	int values = 0;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("percpu"), "--", TRIGGER, "getppid", "77", NULL);
	expect_status(&r, 0);
	line = strstr(r.out, "\"map\":\"pc\"");
	assert_non_null(line);
	p = strstr(line, "\"values\":[");
	assert_non_null(p);
	p += strlen("\"values\":[");
	while (*p == '"') {
		char hex[64];
		uint8_t bytes[8];
		const char *end = strchr(p + 1, '"');
		assert_non_null(end);
		snprintf(hex, sizeof(hex), "%.*s", (int)(end - p - 1), p + 1);
		assert_int_equal(hex_decode(hex, bytes, sizeof(bytes)), 8);
		sum += le_u64(bytes, 8);
		values++;
		p = end + 1;
		if (*p == ',')
			p++;
	}
	assert_true(values >= 1);
	assert_int_equal(sum, 77);
	result_free(&r);
}

static void conformance_perf_events(void **state)
{
	enum { N = 200 };
	struct result r;
	int seen[N] = { 0 }, events = 0;
	const char *line;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("perf_events"), "--", TRIGGER, "getppid", "200", NULL);
	expect_status(&r, 0);
	for (line = r.out; (line = strstr(line, "\"type\":\"event\"")); line++) {
		char hex[256];
		uint8_t ev[128];
		uint32_t magic, seq;
		int n;

		assert_int_equal(json_field(line, "data", hex, sizeof(hex)), 0);
		n = hex_decode(hex, ev, sizeof(ev));
		assert_true(n >= 24); /* struct event, plus the kernel's padding */
		memcpy(&magic, ev, 4);
		memcpy(&seq, ev + 4, 4);
		assert_int_equal(magic, 0x7262);
		assert_true(seq < N);
		seen[seq]++;
		events++;
	}
	assert_int_equal(events, N);
	for (int i = 0; i < N; i++)
		assert_int_equal(seen[i], 1);
	result_free(&r);
}

/* The verifier must refuse reject.bpf.c, which dereferences a map lookup
 * without a NULL check. Linux 6.14 and later, however, prove that a lookup
 * in an array with a constant, in-range key cannot fail, and accept it (the
 * same code on a hash map is refused everywhere: verifier_refusal_shows_log).
 * Either way nothing may stay loaded; a refusal must come with the log. */
static void conformance_reject(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", CONF("reject"), "--", "/bin/true", NULL);
	if (r.status == 0) {
		printf("NOTE: this kernel's verifier accepts reject.bpf.c: it proves the "
		       "array lookup non-NULL (constant in-range key, Linux 6.14+)\n");
	} else {
		expect_status(&r, 1);
		expect_contains(&r, r.err, "map_value_or_null");
	}
	result_free(&r);
}

static void conformance_btf_maps(void **state)
{
	struct result r;
	const char *needles[] = { "\"map\":\"by_pid\"", NULL };
	char line[512], hex[64];
	uint8_t v[8];

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("btf_maps"), "--", TRIGGER, "getppid", "23", NULL);
	expect_status(&r, 0);
	assert_int_equal(count_lines_with(r.out, needles), 1);
	assert_int_equal(find_line(r.out, needles, line, sizeof(line)), 0);
	assert_int_equal(json_field(line, "value", hex, sizeof(hex)), 0);
	assert_int_equal(hex_decode(hex, v, sizeof(v)), 8);
	assert_int_equal(le_u64(v, 8), 23);
	assert_int_equal(map_u64(&r, "total", "00000000"), 23);
	result_free(&r);
}

static void conformance_globals(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("globals"), "--", TRIGGER, "getppid", "11", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, ".bss", "00000000"), 11);
	assert_int_equal(map_u64(&r, ".data", "00000000"), 1000 + 3 * 11);
	result_free(&r);
	rawbpf(&r, "run", "--json", "--set", "step=5", CONF("globals"), "--", TRIGGER, "getppid",
	       "11", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, ".data", "00000000"), 1000 + 5 * 11);
	result_free(&r);
	rawbpf(&r, "run", "--set", "stepp=5", CONF("globals"), NULL);
	expect_status(&r, 2);
	expect_contains(&r, r.err, "stepp");
	result_free(&r);
	rawbpf(&r, "run", "--set", "step=99999999999999999999", CONF("globals"), NULL);
	expect_status(&r, 2);
	result_free(&r);
}

static void conformance_subprogs(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("subprogs"), "--", TRIGGER, "getppid", "13", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "counts", "00000000"), 2 * 13);
	assert_int_equal(map_u64(&r, "counts", "01000000"), 13 * (7 + 1));
	result_free(&r);
}

static void conformance_ringbuf(void **state)
{
	struct result r;
	const char *line;
	uint64_t seq = 0;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("ringbuf"), "--", TRIGGER, "getppid", "150", NULL);
	expect_status(&r, 0);
	for (line = r.out; (line = strstr(line, "\"type\":\"event\",\"map\":\"rb\"")); line++) {
		char hex[64];
		uint8_t v[8];
		assert_int_equal(json_field(line, "data", hex, sizeof(hex)), 0);
		assert_int_equal(hex_decode(hex, v, sizeof(v)), 8);
		assert_int_equal(le_u64(v, 8), seq); /* in order */
		seq++;
	}
	assert_int_equal(seq, 150);
	result_free(&r);
}

static void conformance_raw_tp(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("raw_tp"), "--", TRIGGER, "getppid", "17", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "counts", "00000000"), 17);
	result_free(&r);
}

static void conformance_uprobe(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("uprobe"), "--", TRIGGER, "func", "17", NULL);
	expect_status(&r, 0);
	assert_int_equal(map_u64(&r, "counts", "00000000"), 17);
	assert_int_equal(map_u64(&r, "counts", "01000000"), 17);
	result_free(&r);
}

/* Tier 3 on a kernel without kprobes: the run must fail cleanly, saying so. */
static void conformance_kprobe(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("kprobe"), "--", TRIGGER, "getppid", "5", NULL);
	if (access("/sys/bus/event_source/devices/kprobe", F_OK) != 0) {
		expect_status(&r, 1);
		expect_contains(&r, r.err, "no kprobe support");
	} else {
		expect_status(&r, 0);
		assert_int_equal(map_u64(&r, "counts", "00000000"), 5);
		assert_int_equal(map_u64(&r, "counts", "01000000"), 5);
	}
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hello_prints_through_trace_pipe),
		cmocka_unit_test(count_syscalls_counts_exactly),
		cmocka_unit_test(exec_events_stream_through_perf_buffer),
		cmocka_unit_test(inspect_disassembles),
		cmocka_unit_test(seven_field_map_definitions_load),
		cmocka_unit_test(static_function_alone_in_section_is_a_program),
		cmocka_unit_test(text_program_needs_type),
		cmocka_unit_test(custom_section_needs_type),
		cmocka_unit_test(missing_license_is_named_as_the_cause),
		cmocka_unit_test(extern_symbol_is_refused_by_name),
		cmocka_unit_test(big_endian_object_is_refused),
		cmocka_unit_test(verifier_refusal_shows_log),
		cmocka_unit_test(kprobe_on_kernel_without_kprobes),
		cmocka_unit_test(calls_and_globals),
		cmocka_unit_test(set_refuses_unknown_names_and_big_values),
		cmocka_unit_test(btf_maps_and_ring_buffer),
		cmocka_unit_test(verifier_log_has_source_lines),
		cmocka_unit_test(callback_and_mixed_maps),
		cmocka_unit_test(pinned_map_is_reused),
		cmocka_unit_test(raw_tracepoint_attaches),
		cmocka_unit_test(uprobe_and_uretprobe_by_symbol),
		cmocka_unit_test(failed_attach_half_way_leaves_nothing),
		cmocka_unit_test(tp_btf_example_counts_execs),
		cmocka_unit_test(fentry_and_fexit),
		cmocka_unit_test(sanitized_btf_is_valid),
		cmocka_unit_test(bad_files_exit_2),
		cmocka_unit_test(usage_errors_exit_2),
		cmocka_unit_test(command_not_found_leaves_nothing),
		cmocka_unit_test(command_status_is_passed_through),
		cmocka_unit_test(sigint_ends_cleanly),
		cmocka_unit_test(sigterm_ends_cleanly),
		cmocka_unit_test(conformance_legacy_count),
		cmocka_unit_test(conformance_percpu),
		cmocka_unit_test(conformance_perf_events),
		cmocka_unit_test(conformance_reject),
		cmocka_unit_test(conformance_btf_maps),
		cmocka_unit_test(conformance_globals),
		cmocka_unit_test(conformance_subprogs),
		cmocka_unit_test(conformance_ringbuf),
		cmocka_unit_test(conformance_raw_tp),
		cmocka_unit_test(conformance_uprobe),
		cmocka_unit_test(conformance_kprobe),
	};
	char why[256];
	const char *ci = getenv("CI");

	if (!bpf_available(why, sizeof(why))) {
		if (ci && strcmp(ci, "true") == 0) {
			printf("FAIL: kernel tests cannot run in CI: %s\n", why);
			return 1;
		}
		printf("SKIP: kernel tests: %s\n", why);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
