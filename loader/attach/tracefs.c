/* Finding (or, when the caller allows it, mounting) tracefs, and reading
 * tracepoint ids from it.
 *
 * Kernel facts this relies on:
 *  - tracefs exists since Linux 4.1. The kernel creates /sys/kernel/tracing
 *    as an empty sysfs directory for it to be mounted on, so the directory
 *    existing proves nothing: statfs() says which filesystem is there
 *    (TRACEFS_MAGIC when mounted, SYSFS_MAGIC 0x62656572 when not).
 *  - When debugfs is mounted, its tracing/ directory is an automount point
 *    that mounts tracefs on first access. statfs() follows it: on a machine
 *    with only debugfs mounted, statfs("/sys/kernel/debug/tracing") reports
 *    TRACEFS_MAGIC and a tracefs mount appears there (checked on 6.18). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "loader/open/read_file.h"
#include "tracefs.h"
#include "tracepoint_name.h"

#define TRACEFS_MAGIC 0x74726163 /* "trac", include/uapi/linux/magic.h */
#define TRACEFS_MOUNT_POINT "/sys/kernel/tracing"

static int is_tracefs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == TRACEFS_MAGIC;
}

/* What to try when mount(2) refuses, by its errno. */
static const char *mount_hint(int errnum)
{
	switch (errnum) {
	case EPERM: return " (mounting needs root: CAP_SYS_ADMIN)";
	case ENODEV: return " (this kernel has no tracefs: built without CONFIG_TRACING?)";
	case ENOENT: return " (no mount point: a kernel older than 4.1, or sysfs not mounted?)";
	}
	return "";
}

int rb_tracefs_find(const struct rb_narrator *narrator, unsigned policy, char *path, size_t size,
		    struct rb_error *err)
{
	/* Its own mount point first, then the one inside debugfs. */
	static const char *const candidates[] = { TRACEFS_MOUNT_POINT,
						  "/sys/kernel/debug/tracing" };

	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		if (is_tracefs(candidates[i])) {
			snprintf(path, size, "%s", candidates[i]);
			rb_narrate(narrator, "tracefs found at %s", path);
			return 0;
		}
	}
	/* A minimal system may boot with neither mounted. Mounting is a
	 * change to the whole machine (or mount namespace), which a library
	 * makes only when asked: RB_MOUNT_TRACEFS (the rawbpf command asks). */
	if (!(policy & RB_MOUNT_TRACEFS))
		return rb_fail(err, RB_ERR_SYSTEM,
			       "tracefs is not mounted (neither at %s nor at %s); mount it "
			       "(mount -t tracefs tracefs %s), or set RB_MOUNT_TRACEFS",
			       candidates[0], candidates[1], TRACEFS_MOUNT_POINT);
	/* Mount it where modern systems have it. It stays mounted when rawbpf
	 * exits: another tracer may be using it by then, and unmounting it
	 * under that tracer would break it. */
	if (mount("tracefs", TRACEFS_MOUNT_POINT, "tracefs", 0, NULL) != 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_SYSTEM, e,
				     "tracefs is not mounted (neither %s nor %s), and mounting "
				     "it at %s failed%s", candidates[0], candidates[1],
				     TRACEFS_MOUNT_POINT, mount_hint(e));
	}
	snprintf(path, size, "%s", TRACEFS_MOUNT_POINT);
	rb_narrate(narrator, "mount(\"tracefs\", \"%s\", \"tracefs\", 0, NULL) = 0: "
		 "mounted tracefs at %s (it stays mounted)", path, path);
	return 0;
}

int rb_tracefs_path(struct rb_object *obj, const char **path, struct rb_error *err)
{
	if (!obj->tracefs[0] &&
	    rb_tracefs_find(&obj->narrator, obj->policy, obj->tracefs, sizeof(obj->tracefs), err))
		return -1;
	*path = obj->tracefs;
	return 0;
}

/* The file holds the id in decimal and a newline, e.g. "305\n". */
static int parse_id(const char *text, int *id)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || (*end != '\n' && *end != '\0') || v <= 0 || v > INT32_MAX)
		return -1;
	*id = (int)v;
	return 0;
}

int rb_tracefs_event_id(const char *tracefs, const char *category,
			const char *name, int *id, struct rb_error *err)
{
	char path[512], buf[32];
	ssize_t n;
	int len;

	/* Checked before building a path: see tracepoint_name.h. */
	if (!rb_trace_name_valid(category) || !rb_trace_name_valid(name))
		return rb_fail(err, RB_ERR_INPUT,
			       "'%s/%s' is not a tracepoint name (CATEGORY/NAME, e.g. "
			       "syscalls/sys_enter_execve)", category, name);
	len = snprintf(path, sizeof(path), "%s/events/%s/%s/id", tracefs, category, name);
	if (len < 0 || (size_t)len >= sizeof(path))
		return rb_fail(err, RB_ERR_INPUT, "tracepoint name %s/%s is too long",
			       category, name);
	n = rb_read_small_file(path, buf, sizeof(buf));
	if (n < 0 && errno == ENOENT)
		return rb_fail(err, RB_ERR_KERNEL,
			       "tracepoint %s/%s does not exist (no events/%s/%s in %s); "
			       "see %s/available_events",
			       category, name, category, name, tracefs, tracefs);
	if (n < 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "cannot read %s", path);
	if (parse_id(buf, id))
		return rb_fail(err, RB_ERR_SYSTEM, "%s holds '%s', not an event id", path, buf);
	return 0;
}
