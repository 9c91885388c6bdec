/* Pinning by path: BPF_OBJ_PIN of any map, program or link fd at a path
 * the caller chooses, and removing such a pin.
 *
 * A pin is a file in a BPF filesystem (bpffs) that holds a reference to the
 * object (bpf_obj_pin_user() in kernel/bpf/inode.c): the object lives as
 * long as the file, after every process closed its fds. The kernel refuses
 * a pin outside a bpffs (EPERM) and a path that exists (EEXIST). Pins by
 * name of an object's maps, with their safety checks, are pin.c's; these
 * are the caller's own paths, which the caller keeps safe. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"

#define BPF_FS "/sys/fs/bpf"
#define BPF_FS_MAGIC 0xcafe4a11 /* include/uapi/linux/magic.h */

static const struct rb_narrator *narrator_of(const struct rb_pin_opts *opts)
{
	return opts ? &opts->narrator : NULL;
}

static int on_bpffs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC;
}

/* The directory a pin goes into must be in a bpffs. Only /sys/fs/bpf, where
 * every tool looks for it, is mounted, and only with RB_MOUNT_BPFFS. */
static int pin_dir_ready(const char *path, const struct rb_pin_opts *opts, struct rb_error *err)
{
	char copy[PATH_MAX], *dir;

	if (strlen(path) >= sizeof(copy))
		return rb_fail(err, RB_ERR_INPUT, "%s: the path is longer than %d bytes", path,
			       PATH_MAX - 1);
	strcpy(copy, path);
	dir = dirname(copy);
	if (on_bpffs(dir))
		return 0;
	if (strcmp(dir, BPF_FS) != 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: %s is not in a BPF filesystem: pins go "
			       "into a bpffs (mount -t bpf bpf DIR), such as %s", path, dir, BPF_FS);
	if (!opts || !(opts->policy & RB_MOUNT_BPFFS))
		return rb_fail(err, RB_ERR_SYSTEM, "%s: pinning needs the BPF filesystem at %s, "
			       "and it is not mounted; mount it (mount -t bpf bpf %s), or set "
			       "RB_MOUNT_BPFFS", path, BPF_FS, BPF_FS);
	if (mount("bpf", BPF_FS, "bpf", 0, NULL) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: mounting bpffs at %s failed",
				     path, BPF_FS);
	rb_narrate(narrator_of(opts), "mount(\"bpf\", \"%s\", \"bpf\") = 0: bpffs was not mounted "
		   "(it stays mounted)", BPF_FS);
	return 0;
}

/* The by-fd error, naming the map or program too. */
static int prefixed(int ret, const char *what, const char *name, struct rb_error *err)
{
	if (ret < 0 && err) {
		struct rb_error inner = *err;
		rb_fail(err, inner.kind, "%s %s: %s", what, name, inner.msg);
		err->errnum = inner.errnum;
	}
	return ret;
}

int rb_obj_pin(int fd, const char *path, const struct rb_pin_opts *opts, struct rb_error *err)
{
	union bpf_attr attr;

	if (pin_dir_ready(path, opts, err))
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(path);
	attr.bpf_fd = (__u32)fd;
	if (rb_bpf(BPF_OBJ_PIN, &attr) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno, "fd %d: BPF_OBJ_PIN at %s failed%s",
				     fd, path,
				     errno == EEXIST ? " (something is there already)"
				     : errno == EINVAL || errno == EBADF ? " (not a BPF object's fd)"
									 : "");
	rb_narrate(narrator_of(opts), "bpf(BPF_OBJ_PIN, fd %d, %s) = 0", fd, path);
	return 0;
}

int rb_map_pin(const struct rb_map *map, const char *path, const struct rb_pin_opts *opts,
	       struct rb_error *err)
{
	if (map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "map %s is not loaded: pin it after load",
			       map->name);
	return prefixed(rb_obj_pin(map->fd, path, opts, err), "map", map->name, err);
}

int rb_program_pin(const struct rb_program *prog, const char *path,
		   const struct rb_pin_opts *opts, struct rb_error *err)
{
	if (prog->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "program %s is not loaded: pin it after load",
			       prog->fn.name);
	return prefixed(rb_obj_pin(prog->fd, path, opts, err), "program", prog->fn.name, err);
}

/* Only a pin's own file is removed: a file elsewhere, or a directory of
 * the bpffs, is refused rather than unlinked. */
int rb_obj_unpin(const char *path, const struct rb_pin_opts *opts, struct rb_error *err)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return rb_fail_errno(err, RB_ERR_INPUT, errno, "%s: no pin there", path);
	if (!S_ISREG(st.st_mode) || !on_bpffs(path))
		return rb_fail(err, RB_ERR_INPUT, "%s is not a pinned BPF object (%s): not removed",
			       path, !on_bpffs(path) ? "not in a BPF filesystem"
						     : "not a regular file of the bpffs");
	if (unlink(path) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: unlink failed", path);
	rb_narrate(narrator_of(opts), "unlink(%s) = 0: the pin is gone (the object too, "
		   "unless something else holds it)", path);
	return 0;
}
