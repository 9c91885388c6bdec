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
#include <sys/stat.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"

static const struct rb_narrator *narrator_of(const struct rb_pin_opts *opts)
{
	return opts ? &opts->narrator : NULL;
}

/* The directory a pin goes into must be in a bpffs (pin.c mounts
 * /sys/fs/bpf, and only with RB_MOUNT_BPFFS). */
static int pin_dir_ready(const char *path, const struct rb_pin_opts *opts, struct rb_error *err)
{
	char copy[PATH_MAX], what[PATH_MAX + 16];

	if (strlen(path) >= sizeof(copy))
		return rb_fail(err, RB_ERR_INPUT, "%s: the path is longer than %d bytes", path,
			       PATH_MAX - 1);
	strcpy(copy, path);
	snprintf(what, sizeof(what), "%s: pinning", path);
	return rb_bpffs_ready(dirname(copy), opts ? opts->policy : 0, narrator_of(opts), what, err);
}

int rb_bpffs_check(const char *dir, const struct rb_pin_opts *opts, struct rb_error *err)
{
	char what[PATH_MAX + 16];

	snprintf(what, sizeof(what), "%s: pinning", dir);
	return rb_bpffs_ready(dir, opts ? opts->policy : 0, narrator_of(opts), what, err);
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
	return rb_error_prefix(err, rb_obj_pin(map->fd, path, opts, err), "map %s", map->name);
}

int rb_program_pin(const struct rb_program *prog, const char *path,
		   const struct rb_pin_opts *opts, struct rb_error *err)
{
	if (prog->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "program %s is not loaded: pin it after load",
			       prog->fn.name);
	return rb_error_prefix(err, rb_obj_pin(prog->fd, path, opts, err), "program %s",
			       prog->fn.name);
}

/* Only a pin's own file is removed: a file elsewhere, or a directory of
 * the bpffs, is refused rather than unlinked. */
int rb_obj_unpin(const char *path, const struct rb_pin_opts *opts, struct rb_error *err)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return rb_fail_errno(err, RB_ERR_INPUT, errno, "%s: no pin there", path);
	if (!S_ISREG(st.st_mode) || !rb_on_bpffs(path))
		return rb_fail(err, RB_ERR_INPUT, "%s is not a pinned BPF object (%s): not removed",
			       path, !rb_on_bpffs(path) ? "not in a BPF filesystem"
						     : "not a regular file of the bpffs");
	if (unlink(path) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: unlink failed", path);
	rb_narrate(narrator_of(opts), "unlink(%s) = 0: the pin is gone (the object too, "
		   "unless something else holds it)", path);
	return 0;
}
