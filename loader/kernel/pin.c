/* Pinned maps: SEC(".maps") maps with __uint(pinning, LIBBPF_PIN_BY_NAME).
 *
 * A pinned map lives in the BPF filesystem (bpffs) at /sys/fs/bpf/NAME (or
 * under the pin root the caller chose, rb_open_opts.pin_root) and
 * outlives the process: the next run of the same object, or another
 * program, opens it again with BPF_OBJ_GET and shares its contents. So
 * before creating such a map, rawbpf looks for the pin and reuses the map
 * when its type and sizes match; otherwise it creates the map and pins it.
 * Pinned maps stay after rawbpf exits: that is what pinning is for
 * (remove the file to free the map).
 *
 * Every user may create files in /sys/fs/bpf: the root of a bpffs is mode
 * 1777 like /tmp, unless it was mounted with another mode=, and always has
 * the sticky bit (bpf_fill_super() in kernel/bpf/inode.c sets S_ISVTX). So
 * what sits at a pin path may be another user's, put there to make root's
 * program use a map it never asked for. rawbpf reuses only a regular file
 * owned by its own user with no second name (hard link), never follows a
 * symbolic link there, and pins only directly in /sys/fs/bpf (no '/' in a
 * name), where the sticky bit stops other users from removing or replacing
 * its pins. A pin root the caller chose is theirs to keep safe: the same
 * checks apply there.
 *
 * bpffs is mounted only with RB_MOUNT_BPFFS: mounting changes the machine
 * (or the mount namespace) for everyone, which a library does only when
 * asked. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"

#define BPF_FS_MAGIC 0xcafe4a11 /* include/uapi/linux/magic.h */

/* Where pins go: the caller's pin root, or where every tool looks. */
static const char *pin_root(const struct rb_object *obj)
{
	return obj->pin_root ? obj->pin_root : BPF_FS;
}

int rb_on_bpffs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC;
}

/* dir is BPF_FS, maybe with '/' after it. */
static int is_bpf_fs(const char *dir)
{
	size_t n = strlen(BPF_FS);

	return strncmp(dir, BPF_FS, n) == 0 && strspn(dir + n, "/") == strlen(dir + n);
}

/* BPF_OBJ_PIN works only in a bpffs directory (bpf_obj_do_pin() in
 * kernel/bpf/inode.c refuses any other with EPERM). Only /sys/fs/bpf is
 * ever mounted: a bpffs mounted over a directory of the caller's would
 * hide what is in it, and no other tool would look there. */
int rb_bpffs_ready(const char *dir, unsigned policy, const struct rb_narrator *nar,
		   const char *what, struct rb_error *err)
{
	if (rb_on_bpffs(dir))
		return 0;
	if (!is_bpf_fs(dir))
		return rb_fail(err, RB_ERR_INPUT, "%s: %s is not in a BPF filesystem: pins go into a "
			       "bpffs (mount -t bpf bpf DIR), such as %s", what, dir, BPF_FS);
	if (!(policy & RB_MOUNT_BPFFS))
		return rb_fail(err, RB_ERR_SYSTEM, "%s needs the BPF filesystem at %s, and %s is "
			       "not one; mount it (mount -t bpf bpf %s), or set RB_MOUNT_BPFFS",
			       what, BPF_FS, BPF_FS, BPF_FS);
	if (mount("bpf", BPF_FS, "bpf", 0, NULL) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s needs the BPF filesystem, and "
				     "mounting it at %s failed", what, BPF_FS);
	rb_narrate(nar, "mount(\"bpf\", \"%s\", \"bpf\") = 0: bpffs was not mounted (it "
		   "stays mounted, with the pins in it)", BPF_FS);
	return 0;
}

/* The pin root must be in a bpffs. */
static int ensure_bpffs(const struct rb_object *obj, struct rb_error *err)
{
	char what[PATH_MAX + 32];

	snprintf(what, sizeof(what), "%s: pinning maps", obj->path);
	return rb_bpffs_ready(pin_root(obj), obj->policy, &obj->narrator, what, err);
}

/* The pin of map NAME is the file /sys/fs/bpf/NAME (PIN_ROOT/NAME), with '.' made '_': the
 * kernel refuses '.' in bpffs names (bpf_lookup()), so "my.map" is pinned as
 * "my_map". The name must be one file name, used whole: no '/', which would
 * pin into a directory that any user may have made (and could then remove
 * the pin from), and at most NAME_MAX bytes, since a name cut short could be
 * another map's. */
int rb_pin_path(const struct rb_object *obj, const struct rb_map *map, char path[PATH_MAX],
		struct rb_error *err)
{
	const char *root = pin_root(obj);
	size_t len = strlen(map->name);

	if (len == 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: a map pinned by name has no name", obj->path);
	if (strchr(map->name, '/'))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: map %s: the name of a pinned map is a file name in %s and "
			       "may not contain '/' (the pin would go into a directory, which any "
			       "user may make there)",
			       obj->path, map->name, root);
	if (len > NAME_MAX)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: map %s: the name is %zu bytes long; the name of a pinned map is "
			       "a file name in %s, at most %d bytes (NAME_MAX), and rawbpf does not "
			       "cut it (two maps could become one)",
			       obj->path, map->name, len, root, NAME_MAX);
	/* With len <= NAME_MAX and the default root this always fits; checked
	 * so it can never be cut. */
	if ((size_t)snprintf(path, PATH_MAX, "%s/%s", root, map->name) >= PATH_MAX)
		return rb_fail(err, RB_ERR_INPUT, "%s: map %s: the pin path is longer than %d bytes "
			       "(PATH_MAX)", obj->path, map->name, PATH_MAX - 1);
	for (char *c = path + strlen(root) + 1; *c; c++)
		if (*c == '.')
			*c = '_';
	return 0;
}

/* What is at a pin path: 0 nothing, 1 a pin this user may reuse (*st says
 * which file it is), -1 refused. lstat(), not stat(): a symbolic link is
 * refused for what it is, wherever it points (or if it points nowhere). */
static int check_pin(const struct rb_object *obj, const struct rb_map *map, const char *path,
		     struct stat *st, struct rb_error *err)
{
	char target[PATH_MAX];
	ssize_t n;

	if (lstat(path, st) != 0)
		return errno == ENOENT ? 0 : rb_fail_errno(err, RB_ERR_SYSTEM, errno,
							   "%s: map %s: lstat %s", obj->path,
							   map->name, path);
	if (S_ISLNK(st->st_mode)) {
		n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		return rb_fail(err, RB_ERR_SYSTEM,
			       "%s: map %s: %s is a symbolic link (to %s), not a pin; rawbpf "
			       "follows no links in %s, where any user can make one point at a "
			       "map that is not this object's: remove it if it should not be there",
			       obj->path, map->name, path, target, pin_root(obj));
	}
	if (st->st_uid != geteuid())
		return rb_fail(err, RB_ERR_SYSTEM,
			       "%s: map %s: %s belongs to uid %u, not to this user (uid %u); any "
			       "user can create files in %s, so rawbpf reuses only its own user's "
			       "pins: remove it, or run as its owner",
			       obj->path, map->name, path, (unsigned)st->st_uid, (unsigned)geteuid(),
			       pin_root(obj));
	if (!S_ISREG(st->st_mode)) /* bpffs pins are regular files (bpf_obj_pin_user()) */
		return rb_fail(err, RB_ERR_SYSTEM, "%s: map %s: %s is not a pinned map (mode 0%o); "
			       "remove it", obj->path, map->name, path, (unsigned)st->st_mode);
	/* A pin has one name. A second one is a hard link to a map pinned
	 * elsewhere, which any user may make to a file they do not own where
	 * fs.protected_hardlinks is 0, like a symbolic link. */
	if (st->st_nlink != 1)
		return rb_fail(err, RB_ERR_SYSTEM,
			       "%s: map %s: %s has %lu names (hard links), so it may be another map's "
			       "pin linked there: rawbpf reuses only a pin with one name; remove it "
			       "if it should not be there",
			       obj->path, map->name, path, (unsigned long)st->st_nlink);
	return 1;
}

/* Two maps whose names differ only where one has '.' and the other '_'
 * ("a.b", "a_b") get one pin path: the second would reuse the first's map
 * as its own. */
static int pin_paths_collide(const struct rb_object *obj, size_t i, struct rb_error *err)
{
	char path[PATH_MAX], other[PATH_MAX];

	if (rb_pin_path(obj, &obj->maps[i], path, err))
		return -1;
	for (size_t j = 0; j < i; j++) {
		if (obj->maps[j].pinning != RB_PIN_BY_NAME)
			continue;
		if (rb_pin_path(obj, &obj->maps[j], other, err))
			return -1;
		if (strcmp(path, other) == 0)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: maps %s and %s would both be pinned at %s ('.' becomes "
				       "'_' in a pin name: bpffs refuses '.'), and so be one map; "
				       "rename one", obj->path, obj->maps[j].name,
				       obj->maps[i].name, path);
	}
	return 0;
}

int rb_pin_check(const struct rb_object *obj, struct rb_error *err)
{
	char path[PATH_MAX];
	struct stat st;
	int pinned = 0;

	for (size_t i = 0; i < obj->map_count; i++) {
		const struct rb_map *m = &obj->maps[i];

		/* libbpf's enum libbpf_pin_type: LIBBPF_PIN_NONE and BY_NAME;
		 * its PIN_ALL_MAPS is an open option, never a map's value */
		if (m->pinning && m->pinning != RB_PIN_BY_NAME)
			return rb_fail(err, RB_ERR_INPUT, "%s: map %s: pinning %u is not one rawbpf "
				       "knows (0: none, 1: LIBBPF_PIN_BY_NAME)", obj->path, m->name,
				       m->pinning);
		if (m->pinning != RB_PIN_BY_NAME)
			continue;
		if (pin_paths_collide(obj, i, err))
			return -1;
		pinned = 1;
	}
	if (!pinned)
		return 0;
	if (ensure_bpffs(obj, err))
		return -1;
	for (size_t i = 0; i < obj->map_count; i++)
		if (obj->maps[i].pinning == RB_PIN_BY_NAME &&
		    (rb_pin_path(obj, &obj->maps[i], path, err) ||
		     check_pin(obj, &obj->maps[i], path, &st, err) < 0))
			return -1;
	return 0;
}

static int compatible(const struct rb_map *map, int fd, char *why, size_t size)
{
	struct bpf_map_info info;
	union bpf_attr attr;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (__u32)fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = rb_ptr(&info);
	if (rb_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) != 0) {
		snprintf(why, size, "BPF_OBJ_GET_INFO_BY_FD: %s", strerror(errno));
		return 0;
	}
	/* What libbpf's map_is_reuse_compat() compares: map_extra too (a
	 * bloom filter's number of hashes, an arena's address), which the
	 * kernel reports since 5.16 and leaves 0 before. */
	if (info.type == map->type && info.key_size == map->key_size &&
	    info.value_size == map->value_size && info.max_entries == map->max_entries &&
	    info.map_flags == map->map_flags && info.map_extra == map->map_extra)
		return 1;
	snprintf(why, size, "it is type %u, key %u, value %u, max_entries %u, flags 0x%x, "
		 "map_extra %llu; the object's is type %u, key %u, value %u, max_entries %u, "
		 "flags 0x%x, map_extra %llu", info.type, info.key_size, info.value_size,
		 info.max_entries, info.map_flags, (unsigned long long)info.map_extra, map->type,
		 map->key_size, map->value_size, map->max_entries, map->map_flags,
		 (unsigned long long)map->map_extra);
	return 0;
}

int rb_pin_open(struct rb_object *obj, struct rb_map *map, int *reused, struct rb_error *err)
{
	union bpf_attr attr;
	char path[PATH_MAX], why[400];
	struct stat checked, now;
	int fd, found;

	*reused = 0;
	if (ensure_bpffs(obj, err) || rb_pin_path(obj, map, path, err))
		return -1;
	found = check_pin(obj, map, path, &checked, err);
	if (found <= 0)
		return found; /* 0: not pinned yet: create it, then rb_pin_save() */
	/* BPF_OBJ_GET follows symbolic links (bpf_obj_get_user() looks the
	 * path up with LOOKUP_FOLLOW) and has no flag not to: hence the lstat()
	 * first. In between, no other user can put anything else there: the
	 * file checked is this user's, and in the sticky root of a bpffs only
	 * its owner or root may remove it or rename over it. What is left is
	 * a swap by this user or by root: caught below if the file there
	 * afterwards is not the one checked, but not a swap and a swap back in
	 * between, since a map fd does not tell which file it was opened from. */
	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(path);
	fd = rb_bpf(BPF_OBJ_GET, &attr);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno, "%s: map %s: BPF_OBJ_GET %s",
				     obj->path, map->name, path);
	if (lstat(path, &now) != 0 || now.st_dev != checked.st_dev ||
	    now.st_ino != checked.st_ino) {
		close(fd);
		return rb_fail(err, RB_ERR_SYSTEM, "%s: map %s: %s was replaced while rawbpf opened "
			       "it; not using it", obj->path, map->name, path);
	}
	if (!compatible(map, fd, why, sizeof(why))) {
		close(fd);
		return rb_fail(err, RB_ERR_KERNEL,
			       "%s: map %s: the map pinned at %s does not match its definition (%s); "
			       "remove the pin to start over",
			       obj->path, map->name, path, why);
	}
	map->fd = fd;
	*reused = 1;
	rb_narrate(&obj->narrator, "bpf(BPF_OBJ_GET, %s) = fd %d: reusing the pinned map %s", path, fd,
		 map->name);
	return 0;
}

/* BPF_OBJ_PIN creates the file and never follows or replaces what is
 * there (bpf_obj_pin_user() creates it with user_path_create(): EEXIST), so
 * something planted since rb_pin_open() looked makes it fail, not pin
 * elsewhere. */
int rb_pin_save(struct rb_object *obj, const struct rb_map *map, struct rb_error *err)
{
	union bpf_attr attr;
	char path[PATH_MAX];

	if (rb_pin_path(obj, map, path, err))
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(path);
	attr.bpf_fd = (__u32)map->fd;
	if (rb_bpf(BPF_OBJ_PIN, &attr) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno, "%s: map %s: BPF_OBJ_PIN at %s failed%s",
				     obj->path, map->name, path,
				     errno == EEXIST ? " (something was put there after rawbpf "
						       "looked)" : "");
	rb_narrate(&obj->narrator, "bpf(BPF_OBJ_PIN, fd %d, %s) = 0", map->fd, path);
	return 0;
}

void rb_pins_remove_created(struct rb_object *obj)
{
	char path[PATH_MAX];
	struct rb_error ignored;

	for (size_t i = 0; i < obj->map_count; i++) {
		struct rb_map *map = &obj->maps[i];

		if (!map->pin_created)
			continue;
		map->pin_created = 0;
		if (rb_pin_path(obj, map, path, &ignored)) /* it was pinned there */
			continue;
		if (unlink(path) != 0)
			rb_narrate(&obj->narrator, "unlink(%s) failed: %s: the pin of a failed load "
				   "stays", path, strerror(errno));
		else
			rb_narrate(&obj->narrator, "unlink(%s) = 0: the load failed, and this pin was "
				   "its own", path);
	}
}
