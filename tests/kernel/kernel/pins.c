/* Pinning safety. /sys/fs/bpf is world-writable (with the sticky bit), so
 * whatever sits at a pin path may have been put there by another user:
 * rawbpf must not follow a symbolic or hard link planted there, nor reuse a
 * pin another user owns, nor pin into a directory (a name with '/'), and must
 * refuse a name too long to be a file name instead of cutting it. Each
 * test removes every pin, link and directory it made before it asserts
 * anything (and again in its teardown), then checks that nothing is left in
 * the kernel, and that a planted map was neither changed nor removed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

#define BPF_DIR "/sys/fs/bpf"
#define BPF_FS_MAGIC 0xcafe4a11 /* include/uapi/linux/magic.h */
#define PINNED BPF_DIR "/rawbpf_test_pinned"   /* tests/progs/pinned.bpf.c */
#define FOREIGN BPF_DIR "/rawbpf_test_foreign" /* "another user's" map */
#define PIN_A BPF_DIR "/rawbpf_test_pin_a"     /* tests/progs/pin_two.bpf.c */
#define PIN_B BPF_DIR "/rawbpf_test_pin_b"
#define SLASH_DIR BPF_DIR "/rawbpf_test"       /* for the map rawbpf_test/pinned */
#define ROOT_DIR BPF_DIR "/rawbpf_test_root"   /* a pin root of the test's own */
#define PIN_REJECT BPF_DIR "/rawbpf_test_pin_reject" /* tests/progs/pin_reject.bpf.c */
#define PIN_BLOOM BPF_DIR "/rawbpf_test_bloom"  /* tests/progs/pin_bloom.bpf.c */
#define NOBODY 65534

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* The tests run as root; bpffs may not be mounted yet at boot. */
static void need_bpffs(void)
{
	struct statfs st;

	if (statfs(BPF_DIR, &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC)
		return;
	if (mount("bpf", BPF_DIR, "bpf", 0, NULL) != 0)
		fail_msg("mount bpf at %s: %s", BPF_DIR, strerror(errno));
}

/* Everything these tests may have made in bpffs, including what a rawbpf
 * without the checks would have pinned (a long name cut at any length). */
static void remove_test_pins(void)
{
	static const char *const prefixes[] = { "rawbpf_test_long_", "rawbpf_test_max_" };
	char path[PATH_MAX];
	struct dirent *e;
	DIR *dir;

	unlink(PINNED);
	unlink(FOREIGN);
	unlink(PIN_A);
	unlink(PIN_B);
	unlink(PIN_REJECT);
	unlink(PIN_BLOOM);
	unlink(build_path("tests/pin_dot.bpf.o"));
	unlink(SLASH_DIR "/pinned");
	rmdir(SLASH_DIR);
	unlink(ROOT_DIR "/rawbpf_test_pinned");
	rmdir(ROOT_DIR);
	unlink(build_path("tests/pin_slash.bpf.o"));
	dir = opendir(BPF_DIR);
	if (!dir)
		return;
	while ((e = readdir(dir)) != NULL)
		for (int i = 0; i < 2; i++)
			if (strncmp(e->d_name, prefixes[i], strlen(prefixes[i])) == 0) {
				snprintf(path, sizeof(path), "%s/%s", BPF_DIR, e->d_name);
				unlink(path);
			}
	closedir(dir);
}

static int teardown(void **state)
{
	(void)state;
	remove_test_pins();
	return 0;
}

/* Pin a new array map like pinned.bpf.c's (4-byte key, 8-byte value, one
 * entry) at `path`, holding `value`. */
static void pin_new_map(const char *path, uint64_t value)
{
	uint32_t key = 0;
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0)
		fail_msg("BPF_MAP_CREATE: %s", strerror(errno));
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)fd;
	attr.key = (uint64_t)(unsigned long)&key;
	attr.value = (uint64_t)(unsigned long)&value;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr) != 0)
		fail_msg("BPF_MAP_UPDATE_ELEM: %s", strerror(errno));
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (uint64_t)(unsigned long)path;
	attr.bpf_fd = (uint32_t)fd;
	if (sys_bpf(BPF_OBJ_PIN, &attr) != 0)
		fail_msg("BPF_OBJ_PIN %s: %s", path, strerror(errno));
	close(fd);
}

/* The value at key 0 of the map pinned at `path`, or -1 when it cannot be read. */
static int64_t pinned_value(const char *path)
{
	uint64_t value = 0;
	uint32_t key = 0;
	union bpf_attr attr;
	int fd, ok;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (uint64_t)(unsigned long)path;
	fd = sys_bpf(BPF_OBJ_GET, &attr);
	if (fd < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)fd;
	attr.key = (uint64_t)(unsigned long)&key;
	attr.value = (uint64_t)(unsigned long)&value;
	ok = sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) == 0;
	close(fd);
	return ok ? (int64_t)value : -1;
}

/* prefix, then `xs` x's, then suffix: the long names of the test objects. */
static void spell_name(char *out, const char *prefix, size_t xs, const char *suffix)
{
	size_t n = strlen(prefix);

	memcpy(out, prefix, n);
	memset(out + n, 'x', xs);
	strcpy(out + n + xs, suffix);
}

static void run_object(struct result *r, const char *object)
{
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--json", (char *)object, "--",
			 (char *)DRIVER, "getppid", "5", NULL };

	run_argv(r, argv);
}

static void expect_nothing_left(const struct kernel_ids *before)
{
	char left[512];

	if (wait_no_new_ids(before, 10, left, sizeof(left)))
		fail_msg("left in the kernel after the test removed its pins:%s", left);
}

/* Another user links the pin name to their own map: without the check,
 * root's run reused it and counted into it. */
static void symlink_to_another_map_is_refused(void **state)
{
	static struct kernel_ids before;
	struct result r;
	struct stat st;
	int64_t value;
	int still_link;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	pin_new_map(FOREIGN, 42);
	if (symlink(FOREIGN, PINNED) != 0)
		fail_msg("symlink %s: %s", PINNED, strerror(errno));
	run_object(&r, TPROG("pinned"));
	value = pinned_value(FOREIGN);
	still_link = lstat(PINNED, &st) == 0 && S_ISLNK(st.st_mode);
	remove_test_pins();
	expect_status(&r, 1);
	expect_err_line(&r, "map rawbpf_test_pinned", PINNED, "symbolic link");
	if (value != 42)
		fail_run(&r, "the map the link pointed to holds %lld, not 42", (long long)value);
	if (!still_link)
		fail_run(&r, "the symbolic link is gone: rawbpf removed what it did not make");
	result_free(&r);
	expect_nothing_left(&before);
}

/* The same with a hard link, which any user may make to a pin they do
 * not own where fs.protected_hardlinks is 0: the file is root's, but it is
 * another map's pin. */
static void hard_link_to_another_map_is_refused(void **state)
{
	static struct kernel_ids before;
	struct result r;
	int64_t value;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	pin_new_map(FOREIGN, 42);
	if (link(FOREIGN, PINNED) != 0)
		fail_msg("link %s: %s", PINNED, strerror(errno));
	run_object(&r, TPROG("pinned"));
	value = pinned_value(FOREIGN);
	remove_test_pins();
	expect_status(&r, 1);
	expect_err_line(&r, "map rawbpf_test_pinned", PINNED, "hard links");
	if (value != 42)
		fail_run(&r, "the map the link pointed to holds %lld, not 42", (long long)value);
	result_free(&r);
	expect_nothing_left(&before);
}

/* A dangling link at the second map's pin: refused for what it is (not
 * "File exists" after creating the map), and before the first map was
 * created and pinned. */
static void dangling_symlink_is_refused_before_any_pin(void **state)
{
	static struct kernel_ids before;
	struct result r;
	int a_pinned;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	if (symlink(BPF_DIR "/rawbpf_test_nothing", PIN_B) != 0)
		fail_msg("symlink %s: %s", PIN_B, strerror(errno));
	run_object(&r, TPROG("pin_two"));
	a_pinned = access(PIN_A, F_OK) == 0;
	remove_test_pins();
	expect_status(&r, 1);
	expect_err_line(&r, "map rawbpf_test_pin_b", PIN_B, "symbolic link");
	if (a_pinned)
		fail_run(&r, "%s was pinned although the run was refused", PIN_A);
	result_free(&r);
	expect_nothing_left(&before);
}

/* A pin that belongs to another user is theirs: not reused. */
static void pin_of_another_user_is_refused(void **state)
{
	static struct kernel_ids before;
	struct result r;
	struct stat st;
	int64_t value;
	int still_theirs;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	pin_new_map(PINNED, 42);
	if (chown(PINNED, NOBODY, NOBODY) != 0)
		fail_msg("chown %s: %s", PINNED, strerror(errno));
	run_object(&r, TPROG("pinned"));
	value = pinned_value(PINNED);
	still_theirs = lstat(PINNED, &st) == 0 && st.st_uid == NOBODY;
	remove_test_pins();
	expect_status(&r, 1);
	expect_err_line(&r, "map rawbpf_test_pinned", PINNED, "uid 65534");
	if (value != 42)
		fail_run(&r, "the other user's map holds %lld, not 42", (long long)value);
	if (!still_theirs)
		fail_run(&r, "the other user's pin is gone or changed owner");
	result_free(&r);
	expect_nothing_left(&before);
}

/* Copy pinned.bpf.o with its map renamed rawbpf_test/pinned (same length:
 * the BTF variable and the symbol name), which C cannot spell. */
static const char *object_with_slash(void)
{
	const char *from = TPROG("pinned"), *to = build_path("tests/pin_slash.bpf.o");
	static char path[512];
	int in = open(from, O_RDONLY | O_CLOEXEC), out, n = 0;
	char *bytes, *at;
	struct stat st;

	snprintf(path, sizeof(path), "%s", to);
	if (in < 0 || fstat(in, &st) != 0)
		fail_msg("%s: %s", from, strerror(errno));
	bytes = malloc((size_t)st.st_size + 1);
	assert_non_null(bytes);
	assert_int_equal(read(in, bytes, (size_t)st.st_size), st.st_size);
	close(in);
	bytes[st.st_size] = '\0';
	for (at = bytes; (at = memmem(at, (size_t)(bytes + st.st_size - at), "test_pinned", 11));
	     at += 11, n++)
		at[4] = '/';
	if (n < 2)
		fail_msg("%s: the map name was found %d times, expected BTF and symbol", from, n);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0 || write(out, bytes, (size_t)st.st_size) != st.st_size || close(out) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	free(bytes);
	return path;
}

/* Another user makes the directory first: without the check, root's map
 * was pinned in it, where that user could remove it. An input error. */
static void slash_in_pin_name_is_refused(void **state)
{
	static struct kernel_ids before;
	struct result r;
	int pinned;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	if (mkdir(SLASH_DIR, 0777) != 0)
		fail_msg("mkdir %s: %s", SLASH_DIR, strerror(errno));
	run_object(&r, object_with_slash());
	pinned = access(SLASH_DIR "/pinned", F_OK) == 0;
	remove_test_pins();
	expect_status(&r, 2);
	expect_err_line(&r, "map rawbpf_test/pinned", "'/'");
	if (pinned)
		fail_run(&r, "the map was pinned in %s", SLASH_DIR);
	result_free(&r);
	expect_nothing_left(&before);
}

/* Two 300-character names that differ only at the end: without the check
 * both were cut to one pin path and became one map. */
static void too_long_pin_name_is_refused(void **state)
{
	static struct kernel_ids before;
	char name[301], long_pin[16];
	struct result r;
	struct dirent *e;
	DIR *dir;

	(void)state;
	need_bpffs();
	remove_test_pins();
	spell_name(name, "rawbpf_test_long_", 281, "_a"); /* as in pin_long.bpf.c */
	kernel_ids(&before);
	run_object(&r, TPROG("pin_long"));
	long_pin[0] = '\0';
	dir = opendir(BPF_DIR);
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL)
		if (strncmp(e->d_name, "rawbpf_test_long_", 17) == 0)
			snprintf(long_pin, sizeof(long_pin), "%.15s", e->d_name);
	closedir(dir);
	remove_test_pins();
	expect_status(&r, 2);
	expect_err_line(&r, name, "255");
	if (long_pin[0])
		fail_run(&r, "something was pinned as %s...", long_pin);
	result_free(&r);
	expect_nothing_left(&before);
}

/* The limit is not off by one: 255 bytes is a file name, pinned whole. */
static void pin_name_of_255_bytes_is_pinned_whole(void **state)
{
	static struct kernel_ids before;
	char name[256], path[300];
	struct result r;
	int64_t value;

	(void)state;
	need_bpffs();
	remove_test_pins();
	spell_name(name, "rawbpf_test_max_", 239, ""); /* as in pin_name_max.bpf.c */
	snprintf(path, sizeof(path), "%s/%s", BPF_DIR, name);
	kernel_ids(&before);
	run_object(&r, TPROG("pin_name_max"));
	value = pinned_value(path);
	remove_test_pins();
	expect_status(&r, 0);
	expect_out_line(&r, "\"type\":\"map\"", name);
	if (value != 5)
		fail_run(&r, "the map pinned under its whole name holds %lld, not 5",
			 (long long)value);
	result_free(&r);
	expect_nothing_left(&before);
}

/* rb_open_opts.pin_root: the pin goes there, not into /sys/fs/bpf, and
 * the next object opened with the same root reuses it. The root is given
 * with a trailing '/', which the path does not double. */
static void pins_go_under_the_pin_root(void **state)
{
	static struct kernel_ids before;
	struct rb_open_opts opts = { .pin_root = ROOT_DIR "/" };
	struct rb_error err = { 0 };
	struct rb_object *obj = NULL;
	union bpf_attr attr;
	uint64_t seven = 7, reread = 0;
	uint32_t key = 0;
	int64_t at_root;
	int at_default, reused;

	(void)state;
	need_bpffs();
	remove_test_pins();
	if (mkdir(ROOT_DIR, 0700) != 0)
		fail_msg("mkdir %s: %s", ROOT_DIR, strerror(errno));
	kernel_ids(&before);
	if (rb_object_open(&obj, TPROG("pinned"), &opts, &err) || rb_object_load(obj, &err)) {
		rb_object_close(obj);
		remove_test_pins();
		fail_msg("pinned.bpf.o under %s: %s", ROOT_DIR, err.msg);
	}
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)rb_object_map_by_name(obj, "rawbpf_test_pinned")->fd;
	attr.key = (uint64_t)(unsigned long)&key;
	attr.value = (uint64_t)(unsigned long)&seven;
	assert_int_equal(sys_bpf(BPF_MAP_UPDATE_ELEM, &attr), 0);
	rb_object_close(obj);
	at_root = pinned_value(ROOT_DIR "/rawbpf_test_pinned");
	at_default = access(PINNED, F_OK) == 0;
	obj = NULL;
	reused = rb_object_open(&obj, TPROG("pinned"), &opts, &err) == 0 &&
		 rb_object_load(obj, &err) == 0 &&
		 rb_map_lookup(rb_object_map_by_name(obj, "rawbpf_test_pinned"), &key, &reread,
			       &err) == 1;
	rb_object_close(obj);
	remove_test_pins();
	if (at_root != 7)
		fail_msg("the map pinned at %s/rawbpf_test_pinned holds %lld, not 7", ROOT_DIR,
			 (long long)at_root);
	if (at_default)
		fail_msg("%s was pinned although the pin root is %s", PINNED, ROOT_DIR);
	if (!reused || reread != 7)
		fail_msg("the second object did not reuse the pin (%s; value %llu)", err.msg,
			 (unsigned long long)reread);
	expect_nothing_left(&before);
}

/* In a mount namespace without bpffs (bare_fn, support.h): a library user
 * who did not set RB_MOUNT_BPFFS is told what is missing and which flag
 * would mount it, and nothing is mounted or created; with the flag the
 * library mounts bpffs and pins there. */
static int bpffs_policy(void *ctx, char *why, size_t size)
{
	struct rb_open_opts opts = { 0 };
	struct rb_error err = { 0 };
	struct rb_object *obj = NULL;
	int loaded;

	(void)ctx;
	loaded = rb_object_open(&obj, TPROG("pinned"), &opts, &err) == 0 &&
		 rb_object_load(obj, &err) == 0;
	rb_object_close(obj);
	if (loaded || err.kind != RB_ERR_SYSTEM || !strstr(err.msg, BPF_DIR " is not one") ||
	    !strstr(err.msg, "mount -t bpf bpf " BPF_DIR) || !strstr(err.msg, "RB_MOUNT_BPFFS")) {
		snprintf(why, size, "without RB_MOUNT_BPFFS: %s", loaded ? "loaded" : err.msg);
		return -1;
	}
	if (is_fs_type(BPF_DIR, BPF_FS_MAGIC)) {
		snprintf(why, size, "without RB_MOUNT_BPFFS, bpffs was mounted at %s", BPF_DIR);
		return -1;
	}
	opts.policy = RB_MOUNT_BPFFS;
	obj = NULL;
	loaded = rb_object_open(&obj, TPROG("pinned"), &opts, &err) == 0 &&
		 rb_object_load(obj, &err) == 0;
	rb_object_close(obj);
	if (!loaded || !is_fs_type(BPF_DIR, BPF_FS_MAGIC) || access(PINNED, F_OK) != 0) {
		snprintf(why, size, "with RB_MOUNT_BPFFS: %s", loaded ? "no bpffs or no pin" : err.msg);
		return -1;
	}
	return 0; /* the namespace's bpffs, and the pin in it, go with it */
}

/* The command asks for the mounts: `run` on a machine booted without
 * tracefs and bpffs mounts both (the pinned object has a tracepoint too). */
static int cli_mounts(void *ctx, char *why, size_t size)
{
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--json", "--verbose",
			 (char *)TPROG("pinned"), "--", (char *)DRIVER, "getppid", "3", NULL };
	struct result r;
	int ok;

	(void)ctx;
	run_argv(&r, argv);
	ok = r.status == 0 &&
	     strstr(r.err, "mount(\"bpf\", \"" BPF_DIR "\", \"bpf\") = 0") &&
	     strstr(r.err, "mounted tracefs at /sys/kernel/tracing") &&
	     strstr(r.out, "\"map\":\"rawbpf_test_pinned\",\"key\":\"00000000\","
			   "\"value\":\"0300000000000000\"");
	if (!ok)
		snprintf(why, size, "%s: status %d\nstdout:\n%.600s\nstderr:\n%.900s", r.cmd,
			 r.status, r.out, r.err);
	result_free(&r);
	return ok ? 0 : -1;
}

static void bpffs_is_mounted_only_when_asked(void **state)
{
	static struct kernel_ids before;
	char why[2048];

	(void)state;
	remove_test_pins();
	kernel_ids(&before);
	if (in_bare_mount_namespace(bpffs_policy, NULL, why, sizeof(why)))
		fail_msg("library: %s", why);
	if (in_bare_mount_namespace(cli_mounts, NULL, why, sizeof(why)))
		fail_msg("rawbpf run: %s", why);
	expect_nothing_left(&before);
}

/* The load fails after the pin was made (the verifier refuses the
 * program): the pin goes with its map, as libbpf removes the pins of a
 * failed load; a pin that was there before and was reused stays, with what
 * it held. */
static void failed_load_removes_the_pins_it_made(void **state)
{
	static struct kernel_ids before;
	struct result r;
	int pinned;
	int64_t value;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	run_object(&r, TPROG("pin_reject"));
	pinned = access(PIN_REJECT, F_OK) == 0;
	remove_test_pins();
	expect_status(&r, 1);
	expect_err_line(&r, "program bad", "refused");
	if (pinned)
		fail_run(&r, "%s stays after the failed load", PIN_REJECT);
	result_free(&r);
	expect_nothing_left(&before);

	pin_new_map(PIN_REJECT, 42); /* the object's own shape: reused */
	run_object(&r, TPROG("pin_reject"));
	value = pinned_value(PIN_REJECT);
	remove_test_pins();
	expect_status(&r, 1);
	if (value != 42)
		fail_run(&r, "the pin that was reused holds %lld, not 42 (or is gone)",
			 (long long)value);
	result_free(&r);
	expect_nothing_left(&before);
}

/* pinning 2 (neither 0 nor LIBBPF_PIN_BY_NAME), on the second map: refused
 * with nothing made, not after the first map was created and pinned. */
static void unknown_pinning_is_refused_before_any_map(void **state)
{
	static struct kernel_ids before;
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--verbose",
			 (char *)TPROG("pin_unknown"), NULL };
	struct result r;
	int pinned;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	run_argv(&r, argv);
	pinned = access(PIN_A, F_OK) == 0;
	remove_test_pins();
	expect_status(&r, 2);
	expect_err_line(&r, "map rawbpf_test_pin_odd", "pinning 2");
	if (strstr(r.err, "BPF_MAP_CREATE") || pinned)
		fail_run(&r, "a map was created%s before the refusal", pinned ? " and pinned" : "");
	result_free(&r);
	expect_nothing_left(&before);
}

/* pin_two.bpf.o with map rawbpf_test_pin_b renamed rawbpf_test_pin.a (the
 * same length, in the BTF and the symbol table): '.' becomes '_' in a pin
 * name, so both maps would be pinned at rawbpf_test_pin_a. */
static const char *object_with_dot(void)
{
	const char *from = TPROG("pin_two");
	static char path[512];
	int in = open(from, O_RDONLY | O_CLOEXEC), out, n = 0;
	char *bytes, *at;
	struct stat st;

	snprintf(path, sizeof(path), "%s", build_path("tests/pin_dot.bpf.o"));
	if (in < 0 || fstat(in, &st) != 0)
		fail_msg("%s: %s", from, strerror(errno));
	bytes = malloc((size_t)st.st_size + 1);
	assert_non_null(bytes);
	assert_int_equal(read(in, bytes, (size_t)st.st_size), st.st_size);
	close(in);
	for (at = bytes; (at = memmem(at, (size_t)(bytes + st.st_size - at), "test_pin_b", 10));
	     at += 10, n++)
		memcpy(at, "test_pin.a", 10);
	if (n < 2)
		fail_msg("%s: the map name was found %d times, expected BTF and symbol", from, n);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0 || write(out, bytes, (size_t)st.st_size) != st.st_size || close(out) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	free(bytes);
	return path;
}

/* Without the check, the second map reused the pin the first had just
 * made: two maps of the program were one. */
static void maps_with_one_pin_path_are_refused(void **state)
{
	static struct kernel_ids before;
	struct result r;
	int pinned;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	run_object(&r, object_with_dot());
	pinned = access(PIN_A, F_OK) == 0;
	remove_test_pins();
	expect_status(&r, 2);
	expect_err_line(&r, "maps rawbpf_test_pin_a and rawbpf_test_pin.a", PIN_A, "one map");
	if (pinned)
		fail_run(&r, "%s was pinned although the object was refused", PIN_A);
	result_free(&r);
	expect_nothing_left(&before);
}

/* A bloom filter of pin_bloom.bpf.c's type and sizes, with map_extra
 * hashes (0: the kernel's default), pinned at PIN_BLOOM. */
static void pin_bloom_filter(uint64_t map_extra)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_BLOOM_FILTER;
	attr.value_size = 4;
	attr.max_entries = 16;
	attr.map_extra = map_extra;
	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0)
		fail_msg("BPF_MAP_CREATE bloom filter: %s", strerror(errno));
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (uint64_t)(unsigned long)PIN_BLOOM;
	attr.bpf_fd = (uint32_t)fd;
	if (sys_bpf(BPF_OBJ_PIN, &attr) != 0)
		fail_msg("BPF_OBJ_PIN %s: %s", PIN_BLOOM, strerror(errno));
	close(fd);
}

/* map_extra is part of what makes a pin the object's map (libbpf's
 * map_is_reuse_compat): 0 hashes' worth is not 3. The same map_extra is
 * reused. */
static void pin_with_another_map_extra_is_refused(void **state)
{
	static struct kernel_ids before;
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--verbose",
			 (char *)TPROG("pin_bloom"), NULL };
	struct result r;
	int still_there;

	(void)state;
	need_bpffs();
	remove_test_pins();
	kernel_ids(&before);
	pin_bloom_filter(0);
	run_argv(&r, argv);
	still_there = access(PIN_BLOOM, F_OK) == 0;
	remove_test_pins();
	expect_status(&r, 1);
	expect_err_line(&r, "map rawbpf_test_bloom", "does not match", "map_extra 0",
			"map_extra 3");
	if (!still_there)
		fail_run(&r, "the pin that did not match was removed");
	result_free(&r);
	expect_nothing_left(&before);

	pin_bloom_filter(3);
	run_argv(&r, argv);
	remove_test_pins();
	expect_status(&r, 0);
	expect_err(&r, "reusing the pinned map rawbpf_test_bloom");
	result_free(&r);
	expect_nothing_left(&before);
}

const struct CMUnitTest pin_tests[] = {
	cmocka_unit_test_teardown(symlink_to_another_map_is_refused, teardown),
	cmocka_unit_test_teardown(hard_link_to_another_map_is_refused, teardown),
	cmocka_unit_test_teardown(dangling_symlink_is_refused_before_any_pin, teardown),
	cmocka_unit_test_teardown(pin_of_another_user_is_refused, teardown),
	cmocka_unit_test_teardown(slash_in_pin_name_is_refused, teardown),
	cmocka_unit_test_teardown(too_long_pin_name_is_refused, teardown),
	cmocka_unit_test_teardown(pin_name_of_255_bytes_is_pinned_whole, teardown),
	cmocka_unit_test_teardown(pins_go_under_the_pin_root, teardown),
	cmocka_unit_test_teardown(bpffs_is_mounted_only_when_asked, teardown),
	cmocka_unit_test_teardown(failed_load_removes_the_pins_it_made, teardown),
	cmocka_unit_test_teardown(unknown_pinning_is_refused_before_any_map, teardown),
	cmocka_unit_test_teardown(maps_with_one_pin_path_are_refused, teardown),
	cmocka_unit_test_teardown(pin_with_another_map_extra_is_refused, teardown),
};
DEFINE_COUNT(pin);
