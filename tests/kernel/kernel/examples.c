/* The teaching examples of progs/, run as the README shows them, and
 * `rawbpf inspect` on one of them. */
#include <stdint.h>
#include <string.h>

#include "cases.h"
#include "check.h"

static void hello_prints_through_trace_pipe(void **state)
{
	struct result r;

	(void)state;
	/* hello fires on every execve; /bin/true's own exec is one */
	rawbpf(&r, "run", "--json", PROG("hello"), "--", "/bin/true");
	expect_status(&r, 0);
	expect_out_line(&r, "{\"type\":\"printk\"", "Hello, BPF World!");
	result_free(&r);
}

static void count_syscalls_counts_exactly(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("count_syscalls"), "--", DRIVER, "getppid", "1000");
	expect_status(&r, 0);
	/* struct key: comm "rbdriver" NUL-padded to 16 bytes, then the u32
	 * syscall number, 110 for getppid on x86-64 */
	expect_map_u64(&r, "syscalls", "72626472697665720000000000000000" "6e000000", 1000);
	result_free(&r);
}

static void find_echo(void *ctx, const struct result *r, int cpu, const uint8_t *data,
		      size_t size)
{
	(void)r;
	(void)cpu;
	/* the file name with its NUL: not just a prefix of a longer path */
	if (memmem(data, size, "/bin/echo", sizeof("/bin/echo")))
		++*(int *)ctx;
}

static void exec_events_stream_through_perf_buffer(void **state)
{
	struct result r;
	int echoes = 0;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("exec_events"), "--", "/bin/echo", "hi");
	expect_status(&r, 0);
	expect_out(&r, "hi\n"); /* CMD's own output is left alone */
	each_event(&r, "events", find_echo, &echoes);
	if (echoes < 1)
		fail_run(&r, "no event of map \"events\" holds \"/bin/echo\"");
	result_free(&r);
}

/* A uprobe on the C library's malloc, found by library name: ls must have
 * called it at least once, asking for some bytes. */
static void malloc_count_sees_ls(void **state)
{
	const char *const needles[] = { "\"map\":\"mallocs\"",
					"\"key\":\"6c730000000000000000000000000000\"", NULL };
	char line[512], hex[64];
	uint8_t value[16];
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", PROG("malloc_count"), "--", "/bin/ls", "/");
	expect_status(&r, 0);
	/* the library name was resolved to a file */
	expect_err_line(&r, "attach count_malloc:", "/libc.so.6:malloc is at file offset 0x");
	if (find_line(r.out, needles, line, sizeof(line)) ||
	    json_field(line, "value", hex, sizeof(hex)) || hex_decode(hex, value, 16) != 16)
		fail_run(&r, "no 16-byte entry for \"ls\" in map mallocs");
	if (le_u64(value, 8) == 0 || le_u64(value + 8, 8) == 0)
		fail_run(&r, "ls: %llu malloc calls for %llu bytes, expected some of each",
			 (unsigned long long)le_u64(value, 8),
			 (unsigned long long)le_u64(value + 8, 8));
	result_free(&r);
}

static void inspect_lists_programs_and_maps(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "inspect", PROG("count_syscalls"));
	expect_status(&r, 0);
	expect_out(&r, "license: \"GPL\"");
	/* one line per program: name, section, type, attach target */
	expect_out_line(&r, "count_syscalls ", " tracepoint/raw_syscalls/sys_enter ", " tracepoint ");
	/* one line per map: name, type, key and value size, entries */
	expect_out_line(&r, "syscalls ", " hash ", " 20 ", " 8 ", " 10240 ");
	/* the two ld_imm64 of the map */
	expect_out_line(&r, "count_syscalls", "map fd", "syscalls");
	result_free(&r);
}

static void inspect_disassembles(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "inspect", "--disasm", PROG("count_syscalls"));
	expect_status(&r, 0);
	expect_out(&r, "call bpf_map_lookup_elem#1");
	expect_out(&r, "call bpf_get_current_comm#16");
	expect_out(&r, "= map[syscalls]");
	result_free(&r);
}

const struct CMUnitTest example_tests[] = {
	cmocka_unit_test(hello_prints_through_trace_pipe),
	cmocka_unit_test(count_syscalls_counts_exactly),
	cmocka_unit_test(exec_events_stream_through_perf_buffer),
	cmocka_unit_test(malloc_count_sees_ls),
	cmocka_unit_test(inspect_lists_programs_and_maps),
	cmocka_unit_test(inspect_disassembles),
};
DEFINE_COUNT(example);
