/* The toolbox's map and prog commands on maps the test makes itself
 * (rb_map_create) and holds by fd, so `rawbpf map ... ID` sees them and
 * they are gone when the test closes them: batched dumps of an array, a
 * per-CPU hash and a hash bucket longer than one batch; the --verbose
 * narration of the map calls; `map update` refusing fd-valued maps, taking
 * @FILE, a key of no bytes (queues) and refusing misspelt bytes; ids and
 * paths that are none; `load --pin` outside a bpffs; `prog dump` of a tail
 * call and of a program the kernel will not show. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

#define BPF_F_ZERO_SEED (1U << 6) /* hash maps: hash with seed 0 (testing) */

static void expect_nothing_left(const struct kernel_ids *before)
{
	char what[1024];

	if (wait_no_new_ids(before, 10, what, sizeof(what)))
		fail_msg("left in the kernel: %s", what);
}

static void make_map(struct rb_map *m, uint32_t type, const char *name, uint32_t key,
		     uint32_t value, uint32_t max, uint32_t flags)
{
	struct rb_map_create_opts opts = { .type = type, .name = name, .key_size = key,
					   .value_size = value, .max_entries = max,
					   .map_flags = flags };
	struct rb_error err = { 0 };

	if (rb_map_create(m, &opts, &err))
		fail_msg("rb_map_create %s: %s", name, err.msg);
}

static const char *id_of(const struct rb_map *m, char buf[16])
{
	struct rb_map_info info;
	struct rb_error err = { 0 };

	if (rb_map_info_by_fd(m->fd, &info, NULL, &err))
		fail_msg("%s", err.msg);
	snprintf(buf, 16, "%u", info.id);
	return buf;
}

static int count_of(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The kernel's bucket of a 4-byte key in a hash map with seed 0:
 * htab_map_hash() is jhash2(key, 1, 0) (kernel/bpf/hashtab.c,
 * include/linux/jhash.h), masked by the bucket count. */
static uint32_t rol32(uint32_t w, unsigned s)
{
	return (w << s) | (w >> (32 - s));
}

static uint32_t jhash_1word(uint32_t k)
{
	uint32_t a, b, c;

	a = b = c = 0xdeadbeef + (1u << 2);
	a += k;
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

/* An array of 300 (more than one batch of 256), a per-CPU hash, and a hash
 * whose 300 entries all sit in one bucket: the kernel's batch walks a
 * bucket whole and says ENOSPC when it does not fit (htab_map_lookup_batch),
 * and the dump retries with room for 512. --verbose shows the batches. */
static void toolbox_map_dump_in_batches(void **state)
{
	struct kernel_ids before;
	struct rb_map array, percpu, bucket;
	struct rb_error err = { 0 };
	struct result r;
	char id[16], want[128];
	int cpus = possible_cpus(), added = 0;
	uint64_t *values = calloc((size_t)cpus, 8);

	(void)state;
	assert_non_null(values);
	kernel_ids(&before);
	make_map(&array, BPF_MAP_TYPE_ARRAY, "tbm_array", 4, 8, 300, 0);
	for (uint32_t k = 0; k < 300; k++) {
		uint64_t v = (uint64_t)k * 3;
		assert_int_equal(rb_map_update_elem(&array, &k, 4, &v, 8, RB_ANY, &err), 0);
	}
	rawbpf(&r, "map", "dump", "--json", "--verbose", id_of(&array, id));
	expect_status(&r, 0);
	assert_int_equal(count_lines_with(r.out, (const char *const[]){ "\"type\":\"map\"", NULL }),
			 300);
	expect_out(&r, "\"key\":\"2b010000\",\"value\":\"8103000000000000\""); /* 299: 897 */
	expect_err(&r, "bpf(BPF_MAP_LOOKUP_BATCH, ");
	expect_err(&r, "count 256) = 256 entries");
	/* one BPF_OBJ_GET_INFO_BY_FD of the map, not one per use of it */
	assert_int_equal(count_of(r.err, "struct bpf_map_info"), 1);
	result_free(&r);

	make_map(&percpu, BPF_MAP_TYPE_PERCPU_HASH, "tbm_percpu", 4, 4, 8, 0);
	for (uint32_t k = 1; k <= 3; k++) {
		for (int c = 0; c < cpus; c++)
			values[c] = k * 100 + (uint64_t)c;
		assert_int_equal(rb_map_update_elem(&percpu, &k, 4, values, (size_t)cpus * 8, RB_ANY,
						    &err), 0);
	}
	rawbpf(&r, "map", "dump", "--json", id_of(&percpu, id));
	expect_status(&r, 0);
	assert_int_equal(count_lines_with(r.out, (const char *const[]){ "\"type\":\"map\"", NULL }),
			 3);
	snprintf(want, sizeof(want), "\"key\":\"02000000\",\"values\":[\"c8000000\"%s",
		 cpus > 1 ? ",\"c9000000\"" : "]");
	expect_out(&r, want);
	result_free(&r);

	make_map(&bucket, BPF_MAP_TYPE_HASH, "tbm_bucket", 4, 4, 300, BPF_F_ZERO_SEED);
	for (uint32_t k = 0; added < 300; k++)
		if ((jhash_1word(k) & 511) == 7) { /* 300 entries: 512 buckets */
			assert_int_equal(rb_map_update_elem(&bucket, &k, 4, &k, 4, RB_ANY, &err), 0);
			added++;
		}
	rawbpf(&r, "map", "dump", "--json", "--verbose", id_of(&bucket, id));
	expect_status(&r, 0);
	assert_int_equal(count_lines_with(r.out, (const char *const[]){ "\"type\":\"map\"", NULL }),
			 300);
	expect_err(&r, "count 512) = 300 entries"); /* ENOSPC at 256, then room for the bucket */
	result_free(&r);

	rb_map_close(&array);
	rb_map_close(&percpu);
	rb_map_close(&bucket);
	free(values);
	expect_nothing_left(&before);
}

/* Writing from the command line: the narration of each map call, @FILE,
 * queues (no key: a NULL key), and the refusals said before the kernel. */
static void toolbox_map_update_from_the_command_line(void **state)
{
	struct kernel_ids before;
	struct rb_map hash, progs, events, queue, array, percpu;
	struct result r;
	char id[16], file[] = "/tmp/rawbpf-tbm-XXXXXX", at[64], want[160];
	uint8_t value[8] = { 0x2a, 0, 0, 0, 0, 0, 0, 0 };
	int fd;

	(void)state;
	kernel_ids(&before);
	make_map(&hash, BPF_MAP_TYPE_HASH, "tbm_hash", 4, 8, 4, 0);
	id_of(&hash, id);
	rawbpf(&r, "map", "update", "--verbose", id, "01000000", "0700000000000000");
	expect_status(&r, 0);
	expect_err(&r, "bpf(BPF_MAP_UPDATE_ELEM, ");
	result_free(&r);
	fd = mkstemp(file);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, value, sizeof(value)), (int)sizeof(value));
	close(fd);
	snprintf(at, sizeof(at), "@%s", file);
	rawbpf(&r, "map", "update", id, "02000000", at);
	expect_status(&r, 0);
	result_free(&r);
	rawbpf(&r, "map", "dump", "--json", id);
	expect_out(&r, "\"key\":\"02000000\",\"value\":\"2a00000000000000\"");
	result_free(&r);
	rawbpf(&r, "map", "delete", "--verbose", id, at + 0 /* 8 bytes: a wrong key size */);
	expect_status(&r, 2);
	expect_err(&r, "the key is 8 bytes, the map's key size is 4");
	result_free(&r);
	rawbpf(&r, "map", "delete", "--verbose", id, "01000000");
	expect_status(&r, 0);
	expect_err(&r, "bpf(BPF_MAP_DELETE_ELEM, ");
	result_free(&r);
	unlink(file);
	/* "1 0 0 0" is no key: a byte is two digits */
	rawbpf(&r, "map", "update", id, "1 0 0 0", "0700000000000000");
	expect_status(&r, 2);
	expect_err(&r, "'1' at offset 0 is not whole bytes");
	result_free(&r);

	/* fd-valued maps: refused before the kernel, saying why */
	make_map(&progs, BPF_MAP_TYPE_PROG_ARRAY, "tbm_progs", 4, 4, 4, 0);
	make_map(&events, BPF_MAP_TYPE_PERF_EVENT_ARRAY, "tbm_events", 4, 4, 4, 0);
	rawbpf(&r, "map", "update", id_of(&progs, id), "00000000", "01000000");
	expect_status(&r, 2);
	expect_err(&r, "is a prog_array: its values are written as file descriptors");
	result_free(&r);
	rawbpf(&r, "map", "update", id_of(&events, id), "00000000", "01000000");
	expect_status(&r, 2);
	expect_err(&r, "is a perf_event_array: its values are written as file descriptors");
	result_free(&r);

	/* a queue has no key: "" is its key, passed as NULL */
	make_map(&queue, BPF_MAP_TYPE_QUEUE, "tbm_queue", 0, 4, 4, 0);
	rawbpf(&r, "map", "update", id_of(&queue, id), "", "2a000000");
	expect_status(&r, 0);
	result_free(&r);

	/* an array's entries cannot be deleted; the message says so, by id */
	make_map(&array, BPF_MAP_TYPE_ARRAY, "tbm_arr", 4, 4, 2, 0);
	rawbpf(&r, "map", "delete", id_of(&array, id), "00000000");
	expect_status(&r, 1);
	snprintf(want, sizeof(want), "map %s (tbm_arr): BPF_MAP_DELETE_ELEM failed (an array has "
		 "every key", id);
	expect_err(&r, want);
	result_free(&r);

	/* a per-CPU value is one per possible CPU, and the message says so */
	make_map(&percpu, BPF_MAP_TYPE_PERCPU_ARRAY, "tbm_pcpu", 4, 4, 2, 0);
	rawbpf(&r, "map", "update", id_of(&percpu, id), "00000000", "01000000");
	expect_status(&r, 2);
	snprintf(want, sizeof(want), "8 bytes x %d possible CPUs", possible_cpus());
	expect_err(&r, want);
	result_free(&r);

	rb_map_close(&hash);
	rb_map_close(&progs);
	rb_map_close(&events);
	rb_map_close(&queue);
	rb_map_close(&array);
	rb_map_close(&percpu);
	expect_nothing_left(&before);
}

/* Numbers that are no id, and a directory of a bpffs. */
static int dir_in_bpffs(void *ctx, char *why, size_t size)
{
	struct result r;
	int ok;

	(void)ctx;
	if (mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL) != 0 || mkdir("/sys/fs/bpf/tbm", 0700)) {
		snprintf(why, size, "a bpffs: %s", strerror(errno));
		return -1;
	}
	rawbpf(&r, "map", "dump", "/sys/fs/bpf/tbm");
	ok = r.status == 2 && strstr(r.err, "/sys/fs/bpf/tbm is a directory, not a pinned BPF object") &&
	     !strstr(r.err, "Permission denied");
	if (!ok)
		snprintf(why, size, "map dump of a directory: %d: %s", r.status, r.err);
	result_free(&r);
	rmdir("/sys/fs/bpf/tbm");
	return ok ? 0 : -1;
}

static void toolbox_ids_and_paths_that_are_none(void **state)
{
	static const char *const none[] = { "0", "4294967296", "-1", "99999999999" };
	struct result r;
	char why[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		rawbpf(&r, "map", "dump", none[i]);
		expect_status(&r, 2);
		expect_err(&r, "not a map id: ids are 1..4294967295");
		result_free(&r);
	}
	rawbpf(&r, "prog", "dump", "0");
	expect_status(&r, 2);
	expect_err(&r, "not a program id: ids are 1..4294967295");
	result_free(&r);
	if (in_bare_mount_namespace(dir_in_bpffs, NULL, why, sizeof(why)))
		fail_msg("%s", why);
}

/* --pin DIR outside a BPF filesystem: refused, and DIR is not made. */
static void toolbox_load_pin_outside_bpffs(void **state)
{
	char dir[] = "/tmp/rawbpf-tbm-XXXXXX", pin[64];
	struct result r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(pin, sizeof(pin), "%s/pins", dir);
	rawbpf(&r, "load", "--pin", pin, TPROG("toolbox"));
	expect_status(&r, 2);
	expect_err(&r, "is not in a BPF filesystem");
	result_free(&r);
	if (access(pin, F_OK) == 0)
		fail_msg("load --pin %s failed, and left the directory it made", pin);
	assert_int_equal(rmdir(dir), 0);
}

/* prog dump of a tail call: the kernel shows it as a call of helper 12
 * (bpf_insn_prepare_dump), named from the helper table. */
static void toolbox_prog_dump_names_tail_calls(void **state)
{
	struct kernel_ids before;
	struct rb_object *obj = NULL;
	struct rb_error err = { 0 };
	struct rb_prog_info info;
	struct result r;
	char id[16];

	(void)state;
	kernel_ids(&before);
	if (rb_object_open(&obj, PROG("tail_calls"), NULL, &err) || rb_object_load(obj, &err))
		fail_msg("tail_calls.bpf.o: %s", err.msg);
	assert_int_equal(rb_prog_info_by_fd(rb_object_program_by_name(obj, "dispatch")->fd, &info,
					    NULL, &err), 0);
	snprintf(id, sizeof(id), "%u", info.id);
	rawbpf(&r, "prog", "dump", id);
	expect_status(&r, 0);
	expect_out(&r, "call bpf_tail_call#12");
	if (strstr(r.out, "its name is hidden"))
		fail_msg("a helper named as hidden:\n%s", r.out);
	result_free(&r);
	rb_object_close(obj);
	expect_nothing_left(&before);
}

/* A sysctl's value, to set it and put it back. */
static int sysctl_get(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	int ok = f && fgets(buf, (int)size, f);

	if (f)
		fclose(f);
	return ok ? 0 : -1;
}

static int sysctl_set(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	int ok = f && fputs(value, f) >= 0;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

#define HARDEN "/proc/sys/net/core/bpf_jit_harden"
#define KPTR "/proc/sys/kernel/kptr_restrict"
static char saved_harden[16], saved_kptr[16];

static int restore_sysctls(void **state)
{
	(void)state;
	if (saved_harden[0])
		sysctl_set(HARDEN, saved_harden);
	if (saved_kptr[0])
		sysctl_set(KPTR, saved_kptr);
	saved_harden[0] = saved_kptr[0] = '\0';
	return 0;
}

/* A program the JIT blinded (bpf_jit_harden 2: every program) is shown
 * only to a process that may see kernel addresses: with kptr_restrict 2
 * the kernel gives the length but not the instructions, and prog dump says
 * why instead of printing zeros. */
static void toolbox_prog_dump_of_hidden_instructions(void **state)
{
	struct kernel_ids before;
	struct rb_object *obj = NULL;
	struct rb_error err = { 0 };
	struct rb_prog_info info;
	struct result r;
	char id[16];

	(void)state;
	if (sysctl_get(HARDEN, saved_harden, sizeof(saved_harden)) ||
	    sysctl_get(KPTR, saved_kptr, sizeof(saved_kptr)))
		fail_msg("reading %s and %s: %s", HARDEN, KPTR, strerror(errno));
	kernel_ids(&before);
	assert_int_equal(sysctl_set(HARDEN, "2"), 0);
	if (rb_object_open(&obj, TPROG("toolbox"), NULL, &err) || rb_object_load(obj, &err))
		fail_msg("toolbox.bpf.o: %s", err.msg);
	assert_int_equal(sysctl_set(KPTR, "2"), 0);
	assert_int_equal(rb_prog_info_by_fd(rb_object_program_by_name(obj, "tb_sys_enter")->fd,
					    &info, NULL, &err), 0);
	snprintf(id, sizeof(id), "%u", info.id);
	rawbpf(&r, "prog", "dump", id);
	restore_sysctls(NULL);
	expect_status(&r, 1);
	expect_err(&r, "shows them not");
	expect_err(&r, "net.core.bpf_jit_harden");
	expect_err(&r, "kernel.kptr_restrict");
	result_free(&r);
	rb_object_close(obj);
	expect_nothing_left(&before);
}

const struct CMUnitTest toolbox_map_tests[] = {
	cmocka_unit_test(toolbox_map_dump_in_batches),
	cmocka_unit_test(toolbox_map_update_from_the_command_line),
	cmocka_unit_test(toolbox_ids_and_paths_that_are_none),
	cmocka_unit_test(toolbox_load_pin_outside_bpffs),
	cmocka_unit_test(toolbox_prog_dump_names_tail_calls),
	cmocka_unit_test_teardown(toolbox_prog_dump_of_hidden_instructions, restore_sysctls),
};
DEFINE_COUNT(toolbox_map);
