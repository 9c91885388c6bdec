/* The library for user space (rawbpf.h, "Maps from user space", "Global
 * variables after load", "Pinning"): map access by struct and by fd with
 * the size checks, dumps by batch and by next key, maps made by hand,
 * mmap'd globals, pins at the caller's paths. Every test closes what it
 * made and checks that the kernel holds nothing new. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

struct lines {
	char text[8192];
};

static void keep_line(void *ctx, const char *line)
{
	struct lines *l = ctx;
	size_t used = strlen(l->text);

	snprintf(l->text + used, sizeof(l->text) - used, "%s\n", line);
}

static void expect_nothing_left(const struct kernel_ids *before)
{
	char what[1024];

	if (wait_no_new_ids(before, 10, what, sizeof(what)))
		fail_msg("left in the kernel: %s", what);
}

#define expect_error(ret, err, kind_, needle)                                        \
	do {                                                                        \
		assert_int_equal((ret), -1);                                        \
		assert_int_equal((err).kind, (kind_));                              \
		if (!strstr((err).msg, (needle)))                                   \
			fail_msg("error \"%s\" does not say \"%s\"", (err).msg, (needle)); \
	} while (0)

static void map_elements_by_map_and_fd(void **state)
{
	struct lines told = { "" };
	struct rb_map_create_opts opts = { .type = BPF_MAP_TYPE_HASH, .name = "user_api_hash",
					   .key_size = 4, .value_size = 8, .max_entries = 16,
					   .narrator = { keep_line, &told } };
	struct kernel_ids before;
	struct rb_error err;
	struct rb_map map;
	uint32_t key = 5, next;
	uint64_t value = 50, wide = 0, got = 0;

	(void)state;
	kernel_ids(&before);
	assert_int_equal(rb_map_create(&map, &opts, &err), 0);
	map.narrator = &opts.narrator; /* a map made by hand keeps none of its own */
	assert_string_equal(map.name, "user_api_hash");
	assert_non_null(strstr(told.text, "bpf(BPF_MAP_CREATE, name=user_api_hash type=1"));
	assert_int_equal(rb_map_update_elem(&map, &key, 4, &value, 8, RB_NOEXIST, &err), 0);
	assert_int_equal(rb_map_lookup_elem(&map, &key, 4, &got, 8, &err), 1);
	assert_int_equal(got, 50);
	/* the flags' answers, named */
	expect_error(rb_map_update_elem(&map, &key, 4, &value, 8, RB_NOEXIST, &err), err,
		     RB_ERR_KERNEL, "BPF_NOEXIST: the key is there already");
	assert_int_equal(err.errnum, EEXIST);
	key = 6;
	expect_error(rb_map_update_elem(&map, &key, 4, &value, 8, RB_EXIST, &err), err,
		     RB_ERR_KERNEL, "BPF_EXIST: the key is not there");
	/* sizes the map does not have: refused before the kernel reads past them */
	expect_error(rb_map_lookup_elem(&map, &wide, 8, &got, 8, &err), err, RB_ERR_INPUT,
		     "map user_api_hash: the key is 8 bytes; the map's keys are 4 bytes");
	expect_error(rb_map_update_elem(&map, &key, 4, &key, 4, RB_ANY, &err), err, RB_ERR_INPUT,
		     "the value is 4 bytes; the map's values are 8 bytes");
	expect_error(rb_map_delete_elem(&map, &wide, 2, &err), err, RB_ERR_INPUT, "the key is 2 bytes");
	/* by fd: the same map */
	key = 5;
	value = 55;
	assert_int_equal(rb_map_fd_update(map.fd, &key, &value, RB_EXIST, &err), 0);
	assert_int_equal(rb_map_fd_lookup(map.fd, &key, &got, &err), 1);
	assert_int_equal(got, 55);
	assert_int_equal(rb_map_get_next_key(&map, NULL, &next, 4, &err), 1);
	assert_int_equal(next, 5);
	assert_int_equal(rb_map_fd_next_key(map.fd, &next, &next, &err), 0); /* the only key */
	assert_int_equal(rb_map_delete_elem(&map, &key, 4, &err), 1);
	assert_int_equal(rb_map_delete_elem(&map, &key, 4, &err), 0);
	assert_int_equal(rb_map_fd_lookup(map.fd, &key, &got, &err), 0);
	expect_error(rb_map_fd_lookup(-1, &key, &got, &err), err, RB_ERR_KERNEL, "map fd -1");
	assert_non_null(strstr(told.text, "bpf(BPF_MAP_UPDATE_ELEM, user_api_hash"));
	assert_non_null(strstr(told.text, "bpf(BPF_MAP_DELETE_ELEM, user_api_hash, 4-byte key) = 0"));
	rb_map_close(&map);
	assert_int_equal(map.fd, -1);
	expect_nothing_left(&before);
}

struct sums {
	uint64_t keys, values;
	size_t n;
};

static int add_entry(void *ctx, const void *key, const void *value)
{
	struct sums *s = ctx;
	uint32_t k;
	uint64_t v;

	memcpy(&k, key, sizeof(k));
	memcpy(&v, value, sizeof(v));
	s->keys += k;
	s->values += v;
	s->n++;
	return 0;
}

/* Stops the walk at its `stop_at`-th entry by returning 7. */
struct stopper {
	size_t seen, stop_at;
};

static int stop_early(void *ctx, const void *key, const void *value)
{
	struct stopper *st = ctx;

	(void)key;
	(void)value;
	return ++st->seen == st->stop_at ? 7 : 0;
}

/* A callback that says stop ends the walk there, batched or not: no
 * further entry is handed over, no further batch read, and rb_map_dump()
 * returns what the callback returned. */
static void dump_stops_when_told(void **state)
{
	struct lines told = { "" };
	struct rb_map_create_opts hash = { .type = BPF_MAP_TYPE_HASH, .name = "user_api_stop",
					   .key_size = 4, .value_size = 8, .max_entries = 1000,
					   .narrator = { keep_line, &told } };
	/* a device map has no batch lookup (no map_lookup_batch in
	 * dev_map_ops): the next-key walk; its values are ifindexes */
	struct rb_map_create_opts devs = { .type = BPF_MAP_TYPE_DEVMAP, .name = "user_api_devs",
					   .key_size = 4, .value_size = 4, .max_entries = 16,
					   .narrator = { keep_line, &told } };
	struct stopper st = { 0, 300 };
	struct kernel_ids before;
	struct rb_error err;
	struct rb_map map;
	size_t count;

	(void)state;
	kernel_ids(&before);
	assert_int_equal(rb_map_create(&map, &hash, &err), 0);
	map.narrator = &hash.narrator;
	for (uint32_t k = 1; k <= 1000; k++) {
		uint64_t v = k;
		assert_int_equal(rb_map_fd_update(map.fd, &k, &v, RB_ANY, &err), 0);
	}
	told.text[0] = '\0';
	assert_int_equal(rb_map_dump(&map, stop_early, &st, &count, &err), 7);
	assert_int_equal(st.seen, 300);
	assert_int_equal(count, 300);
	/* two batches of 256 cover 300; the third is never asked for */
	assert_null(strstr(told.text, "(the end)"));
	rb_map_close(&map);

	assert_int_equal(rb_map_create(&map, &devs, &err), 0);
	map.narrator = &devs.narrator;
	for (uint32_t k = 0; k < 10; k++) {
		uint32_t lo = 1; /* the loopback device is ifindex 1 in every namespace */
		assert_int_equal(rb_map_fd_update(map.fd, &k, &lo, RB_ANY, &err), 0);
	}
	told.text[0] = '\0';
	st = (struct stopper){ 0, 3 };
	assert_int_equal(rb_map_dump(&map, stop_early, &st, &count, &err), 7);
	assert_int_equal(st.seen, 3);
	assert_int_equal(count, 3);
	if (!strstr(told.text, "no BPF_MAP_LOOKUP_BATCH here"))
		fail_msg("narration: %s", told.text);
	rb_map_close(&map);
	expect_nothing_left(&before);
}

/* 1000 entries of a hash map in a few BPF_MAP_LOOKUP_BATCH calls; a
 * stack trace map, which has no batch lookup (no map_lookup_batch in
 * stack_trace_map_ops: ENOTSUPP), next key by next key. */
static void dump_by_batch_and_by_next_key(void **state)
{
	struct lines told = { "" };
	struct rb_map_create_opts hash = { .type = BPF_MAP_TYPE_HASH, .name = "user_api_big",
					   .key_size = 4, .value_size = 8, .max_entries = 1000,
					   .narrator = { keep_line, &told } };
	struct rb_map_create_opts stacks = { .type = BPF_MAP_TYPE_STACK_TRACE, .name = "user_api_st",
					     .key_size = 4, .value_size = 8 * 8, .max_entries = 8 };
	struct kernel_ids before;
	struct sums s = { 0 };
	struct rb_error err;
	struct rb_map map;
	size_t count;

	(void)state;
	kernel_ids(&before);
	assert_int_equal(rb_map_create(&map, &hash, &err), 0);
	map.narrator = &hash.narrator;
	for (uint32_t k = 1; k <= 1000; k++) {
		uint64_t v = k * 3;
		assert_int_equal(rb_map_fd_update(map.fd, &k, &v, RB_ANY, &err), 0);
	}
	told.text[0] = '\0';
	assert_int_equal(rb_map_dump(&map, add_entry, &s, &count, &err), 0);
	assert_int_equal(count, 1000);
	assert_int_equal(s.n, 1000);
	assert_int_equal(s.keys, 500500);
	assert_int_equal(s.values, 3 * 500500);
	assert_non_null(strstr(told.text, "bpf(BPF_MAP_LOOKUP_BATCH, user_api_big, count 256)"));
	assert_non_null(strstr(told.text, "(the end)"));
	rb_map_close(&map);

	assert_int_equal(rb_map_create(&map, &stacks, &err), 0);
	map.narrator = &hash.narrator;
	told.text[0] = '\0';
	memset(&s, 0, sizeof(s));
	assert_int_equal(rb_map_dump(&map, add_entry, &s, &count, &err), 0);
	assert_int_equal(count, 0); /* only programs add stacks */
	assert_non_null(strstr(told.text, "no BPF_MAP_LOOKUP_BATCH here"));
	rb_map_close(&map);
	expect_nothing_left(&before);
}

/* .bss, .data and .rodata read and written in place while the program
 * runs; what cannot be mapped is refused by name. */
static void globals_through_mmap(void **state)
{
	struct lines told = { "" };
	struct rb_open_opts opts = { .narrator = { keep_line, &told }, .policy = RB_MOUNT_TRACEFS };
	struct kernel_ids before;
	struct rb_object *obj;
	struct rb_error err;
	int *input, *output, *bias;
	const int *factor;

	(void)state;
	kernel_ids(&before);
	assert_int_equal(rb_object_open(&obj, TPROG("globals_mmap"), &opts, &err), 0);
	assert_null(rb_variable_ptr(obj, "input", &err)); /* not loaded yet */
	assert_non_null(strstr(err.msg, "is not loaded"));
	if (rb_object_load(obj, &err) || rb_object_attach(obj, &err))
		fail_msg("%s", err.msg);
	input = rb_variable_ptr(obj, "input", &err);
	output = rb_variable_ptr(obj, "output", &err);
	bias = rb_variable_ptr(obj, "bias", &err);
	factor = rb_variable_ptr(obj, "factor", &err);
	assert_non_null(input);
	assert_non_null(output);
	assert_non_null(bias);
	assert_non_null(factor);
	assert_int_equal(*factor, 3); /* .rodata, read-only */
	assert_int_equal(*bias, 1);   /* .data's initial value */
	assert_non_null(strstr(told.text, "map .rodata, fd"));
	assert_non_null(strstr(told.text, "PROT_READ)"));
	*input = 7;
	*bias = 2;
	syscall(SYS_getppid);
	assert_int_equal(*output, 7 * 3 + 2); /* the program saw both writes */
	/* refusals */
	assert_null(rb_variable_ptr(obj, "no_such", &err));
	assert_non_null(strstr(err.msg, "no global variable named no_such"));
	assert_null(rb_map_mmap(rb_object_map_by_name(obj, "not_mmapable"), &err));
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "map not_mmapable cannot be mmap'd"));
	rb_object_close(obj); /* munmaps: a mapping would keep the maps alive */
	expect_nothing_left(&before);
}

/* Pins at the caller's paths, in a mount namespace of the test's own
 * whose /sys/fs/bpf starts as an empty tmpfs (no bpffs). */
static int check(int cond, const char *what, const struct rb_error *err, char *why, size_t size)
{
	if (!cond)
		snprintf(why, size, "%s (last error: %s)", what, err->msg);
	return cond ? 0 : -1;
}

static int pins_in_bare_namespace(void *ctx, char *why, size_t size)
{
	struct rb_pin_opts none = { 0 }, mount_ok = { .policy = RB_MOUNT_BPFFS };
	struct rb_map_create_opts arr = { .type = BPF_MAP_TYPE_ARRAY, .name = "user_api_pin",
					  .key_size = 4, .value_size = 4, .max_entries = 1 };
	struct rb_object *obj = NULL;
	struct rb_program *prog;
	enum rb_kobj_kind kind;
	struct rb_error err = { 0 };
	struct rb_map map;
	int fd, ret = -1;

	(void)ctx;
	if (check(rb_map_create(&map, &arr, &err) == 0, "create", &err, why, size))
		return -1;
	/* no bpffs, and not allowed to mount it: the error names the flag */
	if (check(rb_map_pin(&map, "/sys/fs/bpf/m", &none, &err) == -1 &&
		  strstr(err.msg, "set RB_MOUNT_BPFFS"), "pin without bpffs", &err, why, size) ||
	    check(rb_map_pin(&map, "/tmp/rawbpf_user_api_pin", &mount_ok, &err) == -1 &&
		  strstr(err.msg, "/tmp is not in a BPF filesystem"), "pin outside bpffs", &err, why,
		  size) ||
	    check(rb_map_pin(&map, "/sys/fs/bpf/m", &mount_ok, &err) == 0, "pin", &err, why, size) ||
	    check(rb_map_pin(&map, "/sys/fs/bpf/m", &mount_ok, &err) == -1 && err.errnum == EEXIST,
		  "pin twice", &err, why, size))
		goto out;
	fd = rb_kobj_open_pinned("/sys/fs/bpf/m", &kind, NULL, &err);
	if (check(fd >= 0 && kind == RB_KOBJ_MAP, "open the pinned map", &err, why, size))
		goto out;
	close(fd);
	if (check(rb_obj_unpin("/proc/self/status", NULL, &err) == -1 &&
		  strstr(err.msg, "not a pinned BPF object"), "unpin a non-pin", &err, why, size) ||
	    check(rb_obj_unpin("/sys/fs/bpf/m", NULL, &err) == 0, "unpin", &err, why, size) ||
	    check(access("/sys/fs/bpf/m", F_OK) != 0, "the pin is gone", &err, why, size))
		goto out;
	/* a program and a BPF link (raw_tp), and a perf event that is none */
	if (check(rb_object_open(&obj, TPROG("raw_tp_own"), NULL, &err) == 0 &&
		  rb_object_load(obj, &err) == 0 && rb_object_attach(obj, &err) == 0,
		  "load raw_tp_own", &err, why, size))
		goto out;
	prog = rb_object_program_by_name(obj, "on_enter");
	if (check(rb_program_pin(prog, "/sys/fs/bpf/p", NULL, &err) == 0, "pin a program", &err,
		  why, size) ||
	    check(rb_link_pin(prog->link, "/sys/fs/bpf/l", NULL, &err) == 0, "pin a link", &err,
		  why, size))
		goto out;
	fd = rb_kobj_open_pinned("/sys/fs/bpf/l", &kind, NULL, &err);
	if (check(fd >= 0 && kind == RB_KOBJ_LINK, "open the pinned link", &err, why, size))
		goto out;
	close(fd);
	fd = rb_kobj_open_pinned("/sys/fs/bpf/p", &kind, NULL, &err);
	if (check(fd >= 0 && kind == RB_KOBJ_PROG, "open the pinned program", &err, why, size))
		goto out;
	close(fd);
	ret = 0;
out:
	unlink("/sys/fs/bpf/m");
	unlink("/sys/fs/bpf/p");
	unlink("/sys/fs/bpf/l");
	rb_object_close(obj);
	rb_map_close(&map);
	return ret;
}

static void pins_by_path(void **state)
{
	struct kernel_ids before;
	struct rb_object *obj;
	struct rb_error err;
	char why[2048] = "";

	(void)state;
	kernel_ids(&before);
	if (in_bare_mount_namespace(pins_in_bare_namespace, NULL, why, sizeof(why)))
		fail_msg("%s", why);
	/* a tracepoint's attachment is a perf event: no link to pin */
	assert_int_equal(rb_object_open(&obj, PROG("hello"), &(struct rb_open_opts){
				.policy = RB_MOUNT_TRACEFS }, &err), 0);
	if (rb_object_load(obj, &err) || rb_object_attach(obj, &err))
		fail_msg("%s", err.msg);
	expect_error(rb_link_pin(rb_object_program_by_name(obj, "hello")->link,
				 "/sys/fs/bpf/rawbpf_user_api_l", NULL, &err), err, RB_ERR_INPUT,
		     "is not a BPF link and cannot be pinned");
	rb_object_close(obj);
	expect_nothing_left(&before);
}

const struct CMUnitTest user_api_tests[] = {
	cmocka_unit_test(map_elements_by_map_and_fd),
	cmocka_unit_test(dump_by_batch_and_by_next_key),
	cmocka_unit_test(dump_stops_when_told),
	cmocka_unit_test(globals_through_mmap),
	cmocka_unit_test(pins_by_path),
};
DEFINE_COUNT(user_api);
