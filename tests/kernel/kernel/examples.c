/* The teaching examples of progs/, run as the README shows them, and
 * `rawbpf inspect` on one of them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

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

/* struct event of progs/walkthrough.bpf.c: pid, tid, comm[16], 24 bytes.
 * The perf buffer pads raw data so that 4 + size is a multiple of 8, so it
 * arrives as 28 (docs/WALKTHROUGH.md says so). */
static void find_rbdriver_event(void *ctx, const struct result *r, int cpu,
				const uint8_t *data, size_t size)
{
	(void)cpu;
	if (size != 28)
		fail_run(r, "an event of map \"new_names\" is %zu bytes, expected 24 + 4 of "
			 "padding", size);
	if (memcmp(data + 8, "rbdriver\0\0\0\0\0\0\0\0", 16) == 0)
		++*(int *)ctx;
}

/* progs/walkthrough, the object docs/WALKTHROUGH.md follows: the driver's
 * getppid calls counted under its name in a BTF hash map (by a subprogram),
 * all names' calls in .bss, the number counted in .rodata, and one perf
 * buffer event for the driver's name, which is new. */
static void walkthrough_counts_and_reports_new_names(void **state)
{
	const char *const bss[] = { "\"map\":\".bss\"", NULL };
	char line[512], hex[64];
	uint8_t total[8];
	struct result r;
	int names = 0;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", PROG("walkthrough"), "--", DRIVER, "getppid",
	       "1000");
	expect_status(&r, 0);
	expect_map_u64(&r, "calls", "72626472697665720000000000000000", 1000);
	expect_map_u64(&r, ".rodata", "00000000", 110); /* getppid on x86-64 */
	/* other processes may call getppid too, under other names */
	if (find_line(r.out, bss, line, sizeof(line)) ||
	    json_field(line, "value", hex, sizeof(hex)) || hex_decode(hex, total, 8) != 8 ||
	    le_u64(total, 8) < 1000)
		fail_run(&r, "total in .bss is not at least the driver's 1000 calls");
	each_event(&r, "new_names", find_rbdriver_event, &names);
	if (names != 1)
		fail_run(&r, "%d events of map \"new_names\" name rbdriver, expected 1", names);
	/* the subprogram, appended, and the call to it named, though clang
	 * relocates a call of a static function against ".text" */
	expect_err_line(&r, "prog count_calls: appended subprogram count_name at insn ");
	expect_err_line(&r, "prog count_calls insn ", ": call .text count_name -> insn ");
	/* --verbose tells the perf buffer's teardown as well as its setup */
	expect_err_line(&r, "perf buffer new_names: cpu 0: perf_event_open(BPF_OUTPUT) = fd ",
			"mmap 65 pages, map[0] = fd ");
	expect_err_line(&r, "perf buffer new_names: cpu 0: ioctl(fd ", "PERF_EVENT_IOC_DISABLE), "
			"munmap, close(fd ");
	expect_err_line(&r, "perf buffer new_names: close(epoll fd ");
	result_free(&r);

	/* --set reaches the program: a number no process calls counts nothing. */
	rawbpf(&r, "run", "--json", "--set", "syscall_nr=999", PROG("walkthrough"), "--", DRIVER,
	       "getppid", "1000");
	expect_status(&r, 0);
	expect_map_u64(&r, ".rodata", "00000000", 999);
	expect_map_u64(&r, ".bss", "00000000", 0);
	if (strstr(r.out, "\"map\":\"calls\"") || strstr(r.out, "\"type\":\"event\""))
		fail_run(&r, "syscall_nr=999 counted or reported something");
	result_free(&r);
}

/* "rbdriver" NUL-padded to 16 bytes: the key of the per-name maps */
#define RBDRIVER_KEY "72626472697665720000000000000000"

/* The value of `map`'s entry `key` (hex), decoded into buf: exactly `size`
 * bytes, or the test fails. */
static void map_value(const struct result *r, const char *map, const char *key, uint8_t *buf,
		      size_t size)
{
	char map_field[64], key_field[64], line[1024], hex[512];
	const char *const needles[] = { map_field, key_field, NULL };

	snprintf(map_field, sizeof(map_field), "\"map\":\"%s\"", map);
	snprintf(key_field, sizeof(key_field), "\"key\":\"%s\"", key);
	if (find_line(r->out, needles, line, sizeof(line)) ||
	    json_field(line, "value", hex, sizeof(hex)) || hex_decode(hex, buf, size) != (int)size)
		fail_run(r, "map %s has no %zu-byte value for key %s", map, size, key);
}

/* progs/core_parent: BPF_CORE_READ(task, real_parent, tgid) through a
 * three-field flavour of task_struct. The driver is rawbpf's child, so its
 * parent is the rawbpf process itself, whose pid the test knows; the
 * parent's comm is "rawbpf". Compiled, real_parent is at byte 8 of the
 * flavour: read unrelocated, the pid would be garbage. Needs CORE (the
 * CO-RE engine: field_byte_offset). */
static void core_parent_reads_the_drivers_real_parent(void **state)
{
	struct result r;
	uint8_t v[24];

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", PROG("core_parent"), "--", DRIVER, "getppid", "10");
	expect_status(&r, 0);
	map_value(&r, "parents", RBDRIVER_KEY, v, sizeof(v));
	if (le_u64(v + 4, 4) != (uint64_t)r.pid)
		fail_run(&r, "the driver's parent is pid %llu, expected rawbpf's %d",
			 (unsigned long long)le_u64(v + 4, 4), r.pid);
	if (le_u64(v, 4) == 0 || le_u64(v, 4) == (uint64_t)r.pid)
		fail_run(&r, "the driver's own pid is %llu", (unsigned long long)le_u64(v, 4));
	if (memcmp(v + 8, "rawbpf\0\0\0\0\0\0\0\0\0\0", 16) != 0)
		fail_run(&r, "the parent's comm is not \"rawbpf\" (NUL-padded)");
	/* --verbose shows each offset as it is rewritten */
	expect_err_line(&r, "prog record_parent insn ", "CO-RE field_byte_offset",
			"task_struct___mine.real_parent: local 8 -> kernel ");
	result_free(&r);
}

/* progs/core_field_exists: the running kernel (Linux 5.14 and later) has
 * task_struct.__state, 4 bytes, and not the older `long state`; the state of
 * a task making a system call is TASK_RUNNING (0). The `state` branch holds
 * instructions that cannot be relocated here: the load must still succeed.
 * Needs CORE (field_exists, field_byte_size, field_byte_offset, poisoning). */
static void core_field_exists_picks_the_kernels_field(void **state)
{
	struct result r;
	uint8_t v[16];

	(void)state;
	rawbpf(&r, "run", "--json", PROG("core_field_exists"), "--", DRIVER, "getppid", "10");
	expect_status(&r, 0);
	map_value(&r, "states", RBDRIVER_KEY, v, sizeof(v));
	if (le_u64(v, 4) != 1 || le_u64(v + 4, 4) != 0 || le_u64(v + 8, 4) != 4 ||
	    le_u64(v + 12, 4) != 0)
		fail_run(&r, "has __state %llu, has state %llu, size %llu, state %llu: expected "
			 "1, 0, 4, 0", (unsigned long long)le_u64(v, 4),
			 (unsigned long long)le_u64(v + 4, 4), (unsigned long long)le_u64(v + 8, 4),
			 (unsigned long long)le_u64(v + 12, 4));
	result_free(&r);
}

/* The value of CONFIG option `name` in the running kernel's configuration,
 * read the way the loader is to read it: /boot/config-RELEASE, else
 * /proc/config.gz (through gzip -dc: the test may use a tool). NULL when
 * the option is absent or "is not set". */
static const char *kernel_config(const char *name, char *value, size_t size)
{
	struct utsname u;
	char path[300], line[4096];
	const char *found = NULL;
	size_t n = strlen(name);
	FILE *f;
	int piped = 0;

	if (uname(&u))
		return NULL;
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = fopen(path, "r");
	if (!f) {
		f = popen("gzip -dc /proc/config.gz 2>/dev/null", "r");
		piped = 1;
	}
	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && line[n] == '=') {
			snprintf(value, size, "%s", line + n + 1);
			value[strcspn(value, "\n")] = 0;
			found = value;
		}
	if (piped)
		pclose(f);
	else
		fclose(f);
	return found;
}

/* progs/kconfig: five __kconfig externs copied into the map `config`, each
 * compared with the kernel's own configuration and uname(2). Needs EXTERNS
 * (the .kconfig map: an int, the virtual LINUX_KERNEL_VERSION, a bool, a
 * weak tristate, a weak option that does not exist). */
static void kconfig_values_match_the_running_kernel(void **state)
{
	unsigned major = 0, minor = 0, patch = 0;
	char hz[64], bpf_syscall[64], ext4[64];
	struct result r;
	struct utsname u;
	uint64_t want_ext4 = 0;

	(void)state;
	if (!kernel_config("CONFIG_HZ", hz, sizeof(hz)) ||
	    !kernel_config("CONFIG_BPF_SYSCALL", bpf_syscall, sizeof(bpf_syscall)))
		fail_msg("the kernel's configuration (/boot/config-*, /proc/config.gz) lacks "
			 "CONFIG_HZ or CONFIG_BPF_SYSCALL: cannot check the example");
	if (kernel_config("CONFIG_EXT4_FS", ext4, sizeof(ext4)))
		want_ext4 = strcmp(ext4, "y") == 0 ? 1 : strcmp(ext4, "m") == 0 ? 2 : 0;
	/* libbpf's LINUX_KERNEL_VERSION: KERNEL_VERSION() of uname's release */
	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &major, &minor, &patch) < 2)
		fail_msg("uname: release \"%s\" is not a.b.c", u.release);

	rawbpf(&r, "run", "--json", PROG("kconfig"), "--", "/bin/true");
	expect_status(&r, 0);
	expect_map_u64(&r, "config", "00000000", strtoull(hz, NULL, 10));
	expect_map_u64(&r, "config", "01000000",
		       ((uint64_t)major << 16) + ((uint64_t)minor << 8) + (patch > 255 ? 255 : patch));
	expect_map_u64(&r, "config", "02000000", strcmp(bpf_syscall, "y") == 0);
	expect_map_u64(&r, "config", "03000000", want_ext4);
	expect_map_u64(&r, "config", "04000000", 0);
	result_free(&r);
}

/* progs/tail_calls: the dispatcher jumps through slot 0 of a program array
 * the object initialised (.rel.maps) to on_getppid, which counts each of
 * the driver's calls. An unfilled slot would make every call fall
 * through, counting nothing in `handled`. Needs MAPS (program array slots
 * written after the programs load). */
static void tail_calls_jump_through_the_initialised_slot(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", PROG("tail_calls"), "--", DRIVER, "getppid", "1000");
	expect_status(&r, 0);
	expect_map_u64(&r, "handled", RBDRIVER_KEY, 1000);
	/* the target is loaded, not attached, and rawbpf says so */
	expect_err(&r, "on_getppid");
	result_free(&r);
}

/* inspect lists a flavour's records in C notation, by the local name. */
static void inspect_lists_core_records_of_a_flavour(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "inspect", PROG("core_parent"));
	expect_status(&r, 0);
	expect_out_line(&r, "record_parent", "field_byte_offset",
			"struct task_struct___mine.real_parent (access 0:1, byte 8)");
	expect_out_line(&r, "record_parent", "field_byte_offset",
			"struct task_struct___mine.tgid (access 0:0, byte 0)");
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
	cmocka_unit_test(walkthrough_counts_and_reports_new_names),
	cmocka_unit_test(inspect_lists_programs_and_maps),
	cmocka_unit_test(inspect_disassembles),
	cmocka_unit_test(core_parent_reads_the_drivers_real_parent),
	cmocka_unit_test(core_field_exists_picks_the_kernels_field),
	cmocka_unit_test(kconfig_values_match_the_running_kernel),
	cmocka_unit_test(tail_calls_jump_through_the_initialised_slot),
	cmocka_unit_test(inspect_lists_core_records_of_a_flavour),
};
DEFINE_COUNT(example);
