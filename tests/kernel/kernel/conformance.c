/* The conformance suite (../shared/conformance, $CONFORMANCE): programs
 * written without rawbpf's headers, each with the result its header comment
 * states. The Makefile builds them into $BUILD/conformance/ when the suite
 * is there; without it these tests skip (a user's clone has no ../shared). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"

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
	rawbpf(&r, "run", "--json", CONF("legacy_count"), "--", TRIGGER, "getppid", "5");
	expect_status(&r, 0);
	/* the exact line the issue names */
	expect_out(&r, "{\"type\":\"map\",\"map\":\"counts\",\"key\":\"00000000\","
		       "\"value\":\"0500000000000000\"}\n");
	result_free(&r);
}

static void conformance_percpu(void **state)
{
	uint64_t values[1024], sum = 0;
	struct result r;
	int n, cpus = possible_cpus();

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("percpu"), "--", TRIGGER, "getppid", "77");
	expect_status(&r, 0);
	n = map_percpu_u64(&r, "pc", "00000000", values, 1024);
	if (n != cpus)
		fail_run(&r, "%d per-CPU values, expected one per possible CPU (%d)", n, cpus);
	for (int i = 0; i < n; i++)
		sum += values[i];
	if (sum != 77)
		fail_run(&r, "per-CPU values sum to %llu, expected 77", (unsigned long long)sum);
	result_free(&r);
}

enum { PERF_N = 200 };

struct perf_check {
	int seen[PERF_N];
	int events;
};

static void perf_event(void *ctx, const struct result *r, int cpu, const uint8_t *data,
		       size_t size)
{
	struct perf_check *c = ctx;
	uint32_t magic, seq;

	/* struct event: u32 magic, u32 seq, char comm[16] (the kernel may pad) */
	if (size < 24 || cpu < 0)
		fail_run(r, "event %d: %zu bytes on cpu %d", c->events, size, cpu);
	magic = (uint32_t)le_u64(data, 4);
	seq = (uint32_t)le_u64(data + 4, 4);
	if (magic != 0x7262 || seq >= PERF_N || memcmp(data + 8, "trigger", 8) != 0)
		fail_run(r, "event %d: magic %#x seq %u comm %.16s", c->events, magic, seq,
			 (const char *)data + 8);
	c->seen[seq]++;
	c->events++;
}

static void conformance_perf_events(void **state)
{
	static struct perf_check c;
	char n[16];
	struct result r;

	(void)state;
	require_conformance();
	memset(&c, 0, sizeof(c));
	snprintf(n, sizeof(n), "%d", PERF_N);
	rawbpf(&r, "run", "--json", CONF("perf_events"), "--", TRIGGER, "getppid", n);
	expect_status(&r, 0);
	each_event(&r, "events", perf_event, &c);
	if (c.events != PERF_N)
		fail_run(&r, "%d events, expected %d", c.events, PERF_N);
	for (int i = 0; i < PERF_N; i++)
		if (c.seen[i] != 1)
			fail_run(&r, "seq %d seen %d times, expected once", i, c.seen[i]);
	result_free(&r);
}

/* The verifier must refuse reject.bpf.c, which dereferences a map lookup
 * without a NULL check. Linux 6.14 and later, however, prove that a lookup
 * in an array with a constant, in-range key cannot fail, and accept it (the
 * same code on a hash map is refused everywhere: verifier_refusal_shows_log).
 * Either way nothing may stay loaded (rawbpf() checks); a refusal must come
 * with the verifier's complaint. */
static void conformance_reject(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", CONF("reject"), "--", "/bin/true");
	if (r.status == 0) {
		printf("NOTE: this kernel's verifier accepts reject.bpf.c: it proves the "
		       "array lookup non-NULL (constant in-range key, Linux 6.14+)\n");
	} else {
		expect_status(&r, 1);
		expect_err(&r, "invalid mem access 'map_value_or_null'");
	}
	result_free(&r);
}

static void conformance_btf_maps(void **state)
{
	struct result r;
	char line[512], hex[64];
	const char *by_pid[] = { "\"map\":\"by_pid\"", NULL };
	uint8_t v[8];

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("btf_maps"), "--", TRIGGER, "getppid", "23");
	expect_status(&r, 0);
	/* one entry, keyed by the trigger's pid, which the test cannot know */
	if (count_lines_with(r.out, by_pid) != 1 || find_line(r.out, by_pid, line, sizeof(line)) ||
	    json_field(line, "value", hex, sizeof(hex)) || hex_decode(hex, v, sizeof(v)) != 8 ||
	    le_u64(v, 8) != 23)
		fail_run(&r, "expected map by_pid to hold one entry, of value 23");
	expect_map_u64(&r, "total", "00000000", 23);
	result_free(&r);
}

static void conformance_globals(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("globals"), "--", TRIGGER, "getppid", "11");
	expect_status(&r, 0);
	expect_map_u64(&r, ".bss", "00000000", 11);
	expect_map_u64(&r, ".data", "00000000", 1000 + 3 * 11);
	result_free(&r);
	rawbpf(&r, "run", "--json", "--set", "step=5", CONF("globals"), "--", TRIGGER, "getppid",
	       "11");
	expect_status(&r, 0);
	expect_map_u64(&r, ".data", "00000000", 1000 + 5 * 11);
	result_free(&r);
	rawbpf(&r, "run", "--set", "stepp=5", CONF("globals"));
	expect_status(&r, 2);
	expect_err(&r, "stepp");
	result_free(&r);
	rawbpf(&r, "run", "--set", "step=99999999999999999999", CONF("globals"));
	expect_status(&r, 2);
	result_free(&r);
}

static void conformance_subprogs(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("subprogs"), "--", TRIGGER, "getppid", "13");
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 2 * 13);
	expect_map_u64(&r, "counts", "01000000", 13 * (7 + 1));
	result_free(&r);
}

static void ringbuf_event(void *ctx, const struct result *r, int cpu, const uint8_t *data,
			  size_t size)
{
	uint64_t *next = ctx;

	(void)cpu;
	if (size != 8 || le_u64(data, 8) != *next) /* 8-byte seqs, in order */
		fail_run(r, "ring buffer event %llu: %zu bytes, seq %llu",
			 (unsigned long long)*next, size, (unsigned long long)le_u64(data, size));
	++*next;
}

static void conformance_ringbuf(void **state)
{
	struct result r;
	uint64_t next = 0;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("ringbuf"), "--", TRIGGER, "getppid", "150");
	expect_status(&r, 0);
	if (each_event(&r, "rb", ringbuf_event, &next) != 150)
		fail_run(&r, "%llu ring buffer events, expected 150", (unsigned long long)next);
	result_free(&r);
}

static void conformance_raw_tp(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("raw_tp"), "--", TRIGGER, "getppid", "17");
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 17);
	result_free(&r);
}

static void conformance_uprobe(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("uprobe"), "--", TRIGGER, "func", "17");
	expect_status(&r, 0);
	expect_map_u64(&r, "counts", "00000000", 17);
	expect_map_u64(&r, "counts", "01000000", 17);
	result_free(&r);
}

/* Tier 3: exact counts where the kernel has kprobes, else a clean refusal. */
static void conformance_kprobe(void **state)
{
	struct result r;

	(void)state;
	require_conformance();
	rawbpf(&r, "run", "--json", CONF("kprobe"), "--", TRIGGER, "getppid", "5");
	if (access("/sys/bus/event_source/devices/kprobe", F_OK) != 0) {
		expect_status(&r, 1);
		expect_err(&r, "no kprobe support");
	} else {
		expect_status(&r, 0);
		expect_map_u64(&r, "counts", "00000000", 5);
		expect_map_u64(&r, "counts", "01000000", 5);
	}
	result_free(&r);
}

const struct CMUnitTest conformance_tests[] = {
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
DEFINE_COUNT(conformance);
