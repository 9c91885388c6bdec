/* Output people can read: map entries and events formatted by the
 * object's BTF (run's key_fmt/value_fmt/data_fmt and its human output,
 * --event-type), and histograms (slot arrays found by BTF, --hist), on
 * tests/progs/fmt_values and hist_values driven by rbdriver, and
 * progs/latency_hist. The formatted JSON is checked against the raw
 * bytes of the same line, decoded here with the C layout of the types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "check.h"

/* tests/progs/fmt_values.bpf.c's types: the host's C lays them out as
 * clang does for BPF (both little-endian, LP64, the same bitfield rules) */
enum color { RED = 1, GREEN = 2, BLUE = 7 };
struct inner {
	uint16_t port;
	int8_t delta;
	char tag[4];
};
struct fmt_value {
	uint8_t u8;
	int8_t s8;
	uint16_t u16;
	int16_t s16;
	uint32_t u32;
	int32_t s32;
	uint64_t u64;
	int64_t s64;
	char comm[16];
	enum color color;
	struct inner inner;
	uint32_t arr[3];
	unsigned int flag : 1, level : 3, code : 12;
	int neg : 5;
};
struct fmt_key {
	uint32_t pid;
	uint16_t kind;
};
struct fmt_event {
	uint64_t seq;
	char comm[16];
	enum color color;
};
_Static_assert(sizeof(struct fmt_value) == 80, "the BPF object's layout");
_Static_assert(sizeof(struct fmt_event) == 32, "the BPF object's layout");

static const char *color_name(enum color c)
{
	return c == RED ? "RED" : c == GREEN ? "GREEN" : c == BLUE ? "BLUE" : "?";
}

/* The JSON value after "key": in a line, copied whole (an object, an
 * array, a string or a number: brackets counted, strings skipped). */
static int json_value_of(const char *line, const char *key, char *buf, size_t size)
{
	char pat[64];
	const char *p, *q;
	int depth = 0;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(line, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	for (q = p; *q; q++) {
		if (*q == '"') {
			for (q++; *q && *q != '"'; q++)
				if (*q == '\\' && q[1])
					q++;
			if (depth == 0) {
				q++;
				break;
			}
		} else if (*q == '{' || *q == '[') {
			depth++;
		} else if (*q == '}' || *q == ']') {
			if (depth == 0)
				break;
			if (--depth == 0) {
				q++;
				break;
			}
		} else if (*q == ',' && depth == 0) {
			break;
		}
	}
	if ((size_t)(q - p) >= size)
		return -1;
	memcpy(buf, p, (size_t)(q - p));
	buf[q - p] = '\0';
	return 0;
}

/* The bytes of hex field `key` of a line: exactly `size` of them. */
static int hex_field(const char *line, const char *key, void *out, size_t size)
{
	char hex[1024];

	return json_field(line, key, hex, sizeof(hex)) == 0 &&
	       hex_decode(hex, out, size) == (int)size ? 0 : -1;
}

/* `size` bytes from the first 2 * size hex digits at hex: 0, or -1. */
static int hex_decode_n(const char *hex, uint8_t *out, size_t size)
{
	char buf[64];

	if (2 * size >= sizeof(buf))
		return -1;
	memcpy(buf, hex, 2 * size);
	buf[2 * size] = '\0';
	return hex_decode(buf, out, size) == (int)size ? 0 : -1;
}

/* A C string from a char array, as the formatter spells it in JSON. */
static const char *str(const char *a, size_t n, char *buf)
{
	memcpy(buf, a, n);
	buf[n] = '\0';
	return buf;
}

static void expect_value_fmt(const struct result *r, const char *line)
{
	struct fmt_value v;
	struct fmt_key k;
	char want[1024], got[1024], s1[17], s2[5];

	if (hex_field(line, "value", &v, sizeof(v)) || hex_field(line, "key", &k, sizeof(k)))
		fail_run(r, "no 80-byte value or 8-byte key in %s", line);
	/* the raw bytes are what the program wrote (so the comparison below
	 * is not of two empty things) */
	if (v.s8 != -5 || v.s64 != -5000000000ll || v.color != BLUE || v.inner.port != 8080 ||
	    v.neg != -3 || v.code != 0xabc || v.level != 5 || v.flag != 1 || k.kind != 7 ||
	    v.arr[0] != k.pid || v.u8 != 200 + k.pid || strcmp(v.comm, "rbdriver") != 0)
		fail_run(r, "the raw value is not what fmt_values wrote: %s", line);
	snprintf(want, sizeof(want),
		 "{\"u8\":%u,\"s8\":%d,\"u16\":%u,\"s16\":%d,\"u32\":%u,\"s32\":%d,\"u64\":%llu,"
		 "\"s64\":%lld,\"comm\":\"%s\",\"color\":\"%s\",\"inner\":{\"port\":%u,"
		 "\"delta\":%d,\"tag\":\"%s\"},\"arr\":[%u,%u,%u],\"flag\":%u,\"level\":%u,"
		 "\"code\":%u,\"neg\":%d}",
		 v.u8, v.s8, v.u16, v.s16, v.u32, v.s32, (unsigned long long)v.u64,
		 (long long)v.s64, str(v.comm, 16, s1), color_name(v.color), v.inner.port,
		 v.inner.delta, str(v.inner.tag, 4, s2), v.arr[0], v.arr[1], v.arr[2], v.flag,
		 v.level, v.code, v.neg);
	if (json_value_of(line, "value_fmt", got, sizeof(got)) || strcmp(got, want) != 0)
		fail_run(r, "value_fmt differs from the raw bytes:\n  got  %s\n  want %s", got, want);
	snprintf(want, sizeof(want), "{\"pid\":%u,\"kind\":%u}", k.pid, k.kind);
	if (json_value_of(line, "key_fmt", got, sizeof(got)) || strcmp(got, want) != 0)
		fail_run(r, "key_fmt differs from the raw bytes:\n  got  %s\n  want %s", got, want);
}

static void formatted_json_matches_raw_bytes(void **state)
{
	const char *const values[] = { "\"map\":\"values\"", NULL };
	const char *const per_cpu[] = { "\"map\":\"per_cpu\"", NULL };
	struct result r;
	char line[4096], got[1024], want[1024], hex[64], raw[1024];
	const char *p;
	int cpus = possible_cpus(), busy = 0;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("fmt_values"), "--", DRIVER, "getppid", "3");
	expect_status(&r, 0);
	if (count_lines_with(r.out, values) != 3)
		fail_run(&r, "3 entries of map values expected");
	for (p = r.out; (p = strstr(p, "{\"type\":\"map\",\"map\":\"values\"")); p++) {
		size_t len = strcspn(p, "\n");
		memcpy(line, p, len < sizeof(line) ? len : sizeof(line) - 1);
		line[len < sizeof(line) ? len : sizeof(line) - 1] = '\0';
		expect_value_fmt(&r, line);
	}
	/* per-CPU: each CPU's value formatted, in order */
	if (find_line(r.out, per_cpu, line, sizeof(line)) ||
	    json_value_of(line, "values_fmt", got, sizeof(got)))
		fail_run(&r, "no values_fmt for per_cpu");
	want[0] = '[';
	want[1] = '\0';
	if (json_value_of(line, "values", raw, sizeof(raw)))
		fail_run(&r, "no values for per_cpu");
	for (int c = 0; c < cpus; c++) {
		struct inner in;
		char s[5];
		/* the c-th hex string of "values": ["HEX","HEX",...], 19 characters each */
		if (strlen(raw) < (size_t)(c + 1) * 19 ||
		    hex_decode_n(raw + 2 + c * 19, (uint8_t *)&in, sizeof(in)))
			fail_run(&r, "values of per_cpu: no CPU %d", c);
		busy += in.port == 443;
		snprintf(hex, sizeof(hex), "%s{\"port\":%u,\"delta\":%d,\"tag\":\"%s\"}", c ? "," : "",
			 in.port, in.delta, str(in.tag, 4, s));
		strcat(want, hex);
	}
	strcat(want, "]");
	if (strcmp(got, want) != 0 || busy == 0)
		fail_run(&r, "values_fmt differs from the raw bytes:\n  got  %s\n  want %s", got, want);
	/* global data: its DATASEC, as bpftool spells it */
	expect_out(&r, "\"value\":\"0300000000000000\",\"value_fmt\":{\".bss\":[{\"seq_next\":3}]}");
	result_free(&r);
}

static void human_output_prints_struct_fields(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("fmt_values"), "--", DRIVER, "getppid", "1");
	expect_status(&r, 0);
	expect_out(&r, "map values (hash, key 8 B, value 80 B, max_entries 16)\n"
		   "  key { .pid = 0, .kind = 7 }  value {\n"
		   "      .u8 = 200,\n"
		   "      .s8 = -5,\n"
		   "      .u16 = 60000,\n"
		   "      .s16 = -300,\n"
		   "      .u32 = 4000000000,\n"
		   "      .s32 = -70000,\n"
		   "      .u64 = 1099511627776,\n"
		   "      .s64 = -5000000000,\n"
		   "      .comm = \"rbdriver\",\n"
		   "      .color = BLUE,\n"
		   "      .inner = {\n"
		   "          .port = 8080,\n"
		   "          .delta = -1,\n"
		   "          .tag = \"ab\",\n"
		   "      },\n"
		   "      .arr = [0, 0, 3],\n"
		   "      .flag = 1,\n"
		   "      .level = 5,\n"
		   "      .code = 2748,\n"
		   "      .neg = -3,\n"
		   "  }\n");
	/* a short value stays on its line; per-CPU, a line a CPU */
	expect_out(&r, "  key 0\n    cpu");
	expect_out(&r, " { .port = 443, .delta = 2, .tag = \"x\" }\n");
	expect_out(&r, "  seq_next = 1\n");
	result_free(&r);
}

/* Each event of `map` in the JSON output: its data_fmt (or "" when
 * none) against its raw bytes. Returns how many, and *shorts the events
 * shorter than the type, which must carry the note and no data_fmt. */
static int check_events(const struct result *r, const char *map, int *shorts)
{
	char pat[64], line[2048], got[512], want[512], hex[256], s[17];
	const char *p;
	int n = 0;

	*shorts = 0;
	snprintf(pat, sizeof(pat), "{\"type\":\"event\",\"map\":\"%s\"", map);
	for (p = r->out; (p = strstr(p, pat)); p++) {
		size_t len = strcspn(p, "\n");
		struct fmt_event e;
		int bytes;

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		if (json_field(line, "data", hex, sizeof(hex)))
			fail_run(r, "an event without data: %s", line);
		bytes = (int)strlen(hex) / 2;
		if (bytes < (int)sizeof(e)) {
			if (strstr(line, "data_fmt") ||
			    !strstr(line, "\"note\":\"8 bytes: shorter than struct fmt_event (32 bytes)\""))
				fail_run(r, "a short event must be hex with a note: %s", line);
			++*shorts;
			continue;
		}
		hex[2 * sizeof(e)] = '\0'; /* a perf sample's padding after it */
		hex_decode(hex, (uint8_t *)&e, sizeof(e));
		snprintf(want, sizeof(want), "{\"seq\":%llu,\"comm\":\"%s\",\"color\":\"%s\"}",
			 (unsigned long long)e.seq, str(e.comm, 16, s), color_name(e.color));
		if (json_value_of(line, "data_fmt", got, sizeof(got)) || strcmp(got, want) ||
		    e.color != GREEN)
			fail_run(r, "data_fmt differs from the raw bytes:\n  got  %s\n  want %s",
				 got, want);
		n++;
	}
	return n;
}

static void events_formatted_by_declared_and_named_types(void **state)
{
	const char *const plain_fmt[] = { "\"map\":\"plain_ring\"", "data_fmt", NULL };
	const char *const perf_fmt[] = { "\"map\":\"perf_events\"", "data_fmt", NULL };
	struct result r;
	int shorts;

	(void)state;
	/* the ring that declares __type(value, struct fmt_event): by itself */
	rawbpf(&r, "run", "--json", TPROG("fmt_values"), "--", DRIVER, "getppid", "2");
	expect_status(&r, 0);
	if (check_events(&r, "typed_ring", &shorts) != 2 || shorts)
		fail_run(&r, "2 formatted typed_ring events expected");
	if (count_lines_with(r.out, plain_fmt) || count_lines_with(r.out, perf_fmt))
		fail_run(&r, "events of maps that declare no type must stay hex");
	result_free(&r);

	/* --event-type TYPE: every event map */
	rawbpf(&r, "run", "--json", "--event-type", "struct fmt_event", TPROG("fmt_values"), "--",
	       DRIVER, "getppid", "2");
	expect_status(&r, 0);
	if (check_events(&r, "plain_ring", &shorts) != 2 || shorts != 2)
		fail_run(&r, "plain_ring: 2 formatted events and 2 short ones expected");
	if (check_events(&r, "perf_events", &shorts) != 2 || shorts)
		fail_run(&r, "perf_events: 2 formatted events expected");
	result_free(&r);

	/* --event-type MAP=TYPE: that map only */
	rawbpf(&r, "run", "--json", "--event-type", "perf_events=struct fmt_event",
	       TPROG("fmt_values"), "--", DRIVER, "getppid", "1");
	expect_status(&r, 0);
	if (check_events(&r, "perf_events", &shorts) != 1 || count_lines_with(r.out, plain_fmt))
		fail_run(&r, "only perf_events formatted expected");
	result_free(&r);

	/* for people: the type's fields; the short event as hex, said so */
	rawbpf(&r, "run", "--event-type", "plain_ring=struct fmt_event", TPROG("fmt_values"), "--",
	       DRIVER, "getppid", "1");
	expect_status(&r, 0);
	expect_out(&r, "event plain_ring, 32 bytes\n"
		   "  struct fmt_event {\n"
		   "      .seq = 0,\n"
		   "      .comm = \"rbdriver\",\n"
		   "      .color = GREEN,\n"
		   "  }\n");
	expect_out(&r, "event plain_ring, 8 bytes: shorter than struct fmt_event (32 bytes), so as "
		   "hex\n  0000  00 00 00 00 00 00 00 00 ");
	/* perf padding (4 bytes after the 32) is not shown */
	expect_out(&r, "event perf_events cpu ");
	result_free(&r);
}

/* hists[0] holds 2,4,6,8,10 and hists[1] 1,3,5,7,9 (hist_values.bpf.c) */
#define LOG2_HEAD "     value               : count    distribution\n"
static void slot_histograms_print_the_workload(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("hist_values"), "--", DRIVER, "getppid", "10");
	expect_status(&r, 0);
	expect_out(&r, "  key 0\n" LOG2_HEAD
		   "         0 -> 1          : 0        |                                        |\n"
		   "         2 -> 3          : 1        |********************                    |\n"
		   "         4 -> 7          : 2        |****************************************|\n"
		   "         8 -> 15         : 2        |****************************************|\n");
	/* a hash map's order is its hashes' (the kernel seeds them at random) */
	expect_out(&r, "  key 1\n" LOG2_HEAD
		   "         0 -> 1          : 1        |********************                    |\n"
		   "         2 -> 3          : 1        |********************                    |\n"
		   "         4 -> 7          : 2        |****************************************|\n"
		   "         8 -> 15         : 1        |********************                    |\n");
	result_free(&r);

	rawbpf(&r, "run", "--json", TPROG("hist_values"), "--", DRIVER, "getppid", "10");
	expect_status(&r, 0);
	expect_out(&r, "{\"type\":\"hist\",\"map\":\"hists\",\"scale\":\"log2\",\"unit\":\"value\","
		   "\"key\":\"00000000\",\"key_fmt\":0,\"buckets\":[{\"low\":0,\"high\":1,\"count\":0},"
		   "{\"low\":2,\"high\":3,\"count\":1},{\"low\":4,\"high\":7,\"count\":2},"
		   "{\"low\":8,\"high\":15,\"count\":2}]}\n");
	expect_out(&r, "\"key\":\"01000000\",\"key_fmt\":1,\"buckets\":[{\"low\":0,\"high\":1,"
		   "\"count\":1},{\"low\":2,\"high\":3,\"count\":1},{\"low\":4,\"high\":7,\"count\":2},"
		   "{\"low\":8,\"high\":15,\"count\":1}]}\n");
	/* besides the raw entries */
	expect_out_line(&r, "{\"type\":\"map\",\"map\":\"hists\",\"key\":\"00000000\"",
			"\"value_fmt\":{\"slots\":[0,1,2,2,0,");
	result_free(&r);
}

static void hist_option_on_a_plain_array(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--hist", "counts", TPROG("hist_values"), "--", DRIVER, "getppid", "10");
	expect_status(&r, 0);
	expect_out(&r, "map counts (array, key 4 B, value 8 B, max_entries 16)\n" LOG2_HEAD
		   "         0 -> 1          : 1        |**********                              |\n"
		   "         2 -> 3          : 2        |********************                    |\n"
		   "         4 -> 7          : 4        |****************************************|\n"
		   "         8 -> 15         : 3        |******************************          |\n"
		   "map ");
	result_free(&r);

	rawbpf(&r, "run", "--hist", "counts:linear:calls", TPROG("hist_values"), "--", DRIVER,
	       "getppid", "10");
	expect_status(&r, 0);
	expect_out(&r, "map counts (array, key 4 B, value 8 B, max_entries 16)\n"
		   "     calls         : count     distribution\n"
		   "        0          : 1        |**********                              |\n"
		   "        1          : 2        |********************                    |\n"
		   "        2          : 4        |****************************************|\n"
		   "        3          : 3        |******************************          |\n"
		   "map ");
	result_free(&r);

	rawbpf(&r, "run", "--json", "--hist", "counts:linear", TPROG("hist_values"), "--", DRIVER,
	       "getppid", "10");
	expect_status(&r, 0);
	expect_out(&r, "{\"type\":\"hist\",\"map\":\"counts\",\"scale\":\"linear\",\"unit\":\"value\","
		   "\"buckets\":[{\"low\":0,\"high\":0,\"count\":1},{\"low\":1,\"high\":1,\"count\":2},"
		   "{\"low\":2,\"high\":2,\"count\":4},{\"low\":3,\"high\":3,\"count\":3}]}\n");
	expect_map_u64(&r, "counts", "02000000", 4); /* the raw entries too */
	result_free(&r);
}

static void bad_view_options_are_usage_errors(void **state)
{
	static const struct {
		const char *opt, *arg, *obj, *msg;
	} bad[] = {
		{ "--event-type", "struct nope", "fmt_values",
		  "--event-type 'struct nope': the object's BTF has no type of that name" },
		{ "--event-type", "values=struct fmt_event", "fmt_values",
		  "--event-type values=struct fmt_event: the object has no ring buffer or perf "
		  "event array of that name" },
		{ "--event-type", "struct fmt_event", "fmt_nobtf",
		  "the object has no BTF to find it in" },
		{ "--hist", "values", "fmt_values",
		  "--hist values: not a histogram: --hist takes an array map of integer counts" },
		{ "--hist", "per_cpu", "fmt_values", "per_cpu is percpu_array, value 8 B" },
		{ "--hist", "nope", "hist_values", "--hist nope: the object has no map of that name" },
		{ "--hist", "counts:cubic:x", "hist_values", "--hist takes MAP, MAP:linear" },
	};
	struct result r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), "tests/progs/%s.bpf.o", bad[i].obj);
		rawbpf(&r, "run", bad[i].opt, bad[i].arg, build_path(path), "--", DRIVER, "getppid",
		       "1");
		expect_status(&r, 2);
		expect_err(&r, bad[i].msg);
		result_free(&r);
	}
}

/* An object without BTF prints as it always has: numbers and hex. */
static void legacy_object_stays_hex(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("fmt_nobtf"), "--", DRIVER, "getppid", "2");
	expect_status(&r, 0);
	expect_out(&r, "{\"type\":\"map\",\"map\":\"counts\",\"key\":\"00000000\","
		   "\"value\":\"0200000000000000\"}\n");
	expect_out_line(&r, "{\"type\":\"event\",\"map\":\"events\",\"cpu\":",
			",\"data\":\"010000000000000000000000\"}");
	if (strstr(r.out, "_fmt"))
		fail_run(&r, "nothing to format without BTF");
	result_free(&r);

	rawbpf(&r, "run", TPROG("fmt_nobtf"), "--", DRIVER, "getppid", "2");
	expect_status(&r, 0);
	expect_out(&r, "map counts (array, key 4 B, value 8 B, max_entries 1)\n  key 0  value 2\n");
	expect_out(&r, ", 12 bytes\n  0000  01 00 00 00 00 00 00 00 00 00 00 00  ");
	result_free(&r);
}

/* progs/latency_hist: `sleep 0.05` sleeps once, 50 ms: one count, in the
 * bucket of 32768 us or above (a sleep is never shorter than asked). */
static void latency_hist_example(void **state)
{
	const char *const sleep_hist[] = { "{\"type\":\"hist\",\"map\":\"hists\"",
					   "\"key_fmt\":{\"comm\":\"sleep\"}", NULL };
	struct result r;
	char line[4096], buckets[2048];
	unsigned long long low, high, count, total = 0, last_low = 0;
	const char *p;
	int n;

	(void)state;
	rawbpf(&r, "run", "--json", "--hist", "hists:usecs", PROG("latency_hist"), "--", "sleep",
	       "0.05");
	expect_status(&r, 0);
	if (find_line(r.out, sleep_hist, line, sizeof(line)) ||
	    json_value_of(line, "buckets", buckets, sizeof(buckets)))
		fail_run(&r, "no histogram for the command sleep");
	expect_in_at(__FILE__, __LINE__, &r, line, "the line", "\"unit\":\"usecs\"");
	for (p = buckets; (p = strstr(p, "{\"low\":")); p++) {
		if (sscanf(p, "{\"low\":%llu,\"high\":%llu,\"count\":%llu}%n", &low, &high, &count,
			   &n) != 3)
			fail_run(&r, "a bucket that does not parse: %s", p);
		total += count;
		last_low = low;
	}
	if (total != 1 || last_low < 32768)
		fail_run(&r, "one sleep of 50 ms expected in a bucket from 32768 us: %s", buckets);
	result_free(&r);

	rawbpf(&r, "run", "--hist", "hists:usecs", PROG("latency_hist"), "--", "sleep", "0.05");
	expect_status(&r, 0);
	expect_out(&r, "  key { .comm = \"sleep\" }\n     usecs               : count    distribution\n"
		   "         0 -> 1          : 0 ");
	result_free(&r);
}

const struct CMUnitTest formatting_tests[] = {
	cmocka_unit_test(formatted_json_matches_raw_bytes),
	cmocka_unit_test(human_output_prints_struct_fields),
	cmocka_unit_test(events_formatted_by_declared_and_named_types),
	cmocka_unit_test(slot_histograms_print_the_workload),
	cmocka_unit_test(hist_option_on_a_plain_array),
	cmocka_unit_test(bad_view_options_are_usage_errors),
	cmocka_unit_test(legacy_object_stays_hex),
	cmocka_unit_test(latency_hist_example),
};
DEFINE_COUNT(formatting);
