/* Finding (or mounting) tracefs, and reading tracepoint ids from it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "tracefs.h"

#define TRACEFS_MAGIC 0x74726163 /* "trac", include/uapi/linux/magic.h */

static int is_tracefs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == TRACEFS_MAGIC;
}

int rb_tracefs_path(struct rb_object *obj, const char **path, struct rb_error *err)
{
	/* Where systems mount it: its own mount point since Linux 4.1, and
	 * inside debugfs before that (debugfs mounts tracefs there itself). */
	static const char *const candidates[] = { "/sys/kernel/tracing",
						  "/sys/kernel/debug/tracing" };

	if (obj->tracefs[0]) {
		*path = obj->tracefs;
		return 0;
	}
	for (size_t i = 0; i < 2; i++) {
		if (is_tracefs(candidates[i])) {
			snprintf(obj->tracefs, sizeof(obj->tracefs), "%s", candidates[i]);
			rb_trace(&obj->log, "tracefs found at %s", obj->tracefs);
			*path = obj->tracefs;
			return 0;
		}
	}
	/* A minimal system may boot without it. Mount it where modern systems
	 * have it. It stays mounted after rawbpf exits: another tracer may be
	 * using it by then, and unmounting under it would break it. */
	if (mount("tracefs", candidates[0], "tracefs", 0, NULL) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno,
				     "tracefs is not mounted, and mounting it at %s failed "
				     "(is CONFIG_TRACING set? are you root?)",
				     candidates[0]);
	snprintf(obj->tracefs, sizeof(obj->tracefs), "%s", candidates[0]);
	rb_trace(&obj->log, "mount(\"tracefs\", \"%s\", \"tracefs\") = 0: tracefs was not "
		 "mounted (it stays mounted)", obj->tracefs);
	*path = obj->tracefs;
	return 0;
}

/* A path component from a section name: not empty, no '/', not "." or "..",
 * so that "tracepoint/../../x" cannot read a file outside events/. */
static int valid_component(const char *s)
{
	return s[0] && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

int rb_tracefs_event_id(const char *tracefs, const char *category,
			const char *name, int *id, struct rb_error *err)
{
	char path[512], buf[32];
	ssize_t n;
	int fd;

	if (!valid_component(category) || !valid_component(name))
		return rb_fail(err, RB_ERR_INPUT,
			       "'%s/%s' is not a tracepoint name (CATEGORY/NAME, e.g. "
			       "syscalls/sys_enter_execve)",
			       category, name);
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", tracefs, category, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return rb_fail(err, RB_ERR_KERNEL,
			       "tracepoint %s/%s does not exist on this kernel (no %s); "
			       "%s/available_events lists those that do",
			       category, name, path, tracefs);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "cannot open %s", path);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return rb_fail(err, RB_ERR_SYSTEM, "cannot read %s", path);
	buf[n] = '\0';
	*id = atoi(buf);
	if (*id <= 0)
		return rb_fail(err, RB_ERR_SYSTEM, "%s holds '%s', not an event id", path, buf);
	return 0;
}
