/* The cgroup v2 hierarchy: finding (or, when the caller allows it,
 * mounting) it, and checking that a directory is on it (cgroup2.c). */
#ifndef RAWBPF_CGROUP2_H
#define RAWBPF_CGROUP2_H

#include <stddef.h>

#include "loader/rawbpf.h"

/* The mount point of the first "cgroup2" mount in the text of a
 * /proc/PID/mountinfo (`text`, `len` bytes, need not end in NUL), its
 * octal escapes (\040 for a space) decoded, into path[size]. 0 when found,
 * 1 when there is none, -1 when a line is malformed (what and where in
 * why[why_size]) or the path does not fit. */
int rb_mountinfo_find(const char *text, size_t len, const char *fstype, char *path, size_t size,
		      char *why, size_t why_size);

/* The root of the cgroup v2 hierarchy into path[size]: where
 * /proc/self/mountinfo says it is mounted; when it is mounted nowhere and
 * `policy` has RB_MOUNT_CGROUP2, mounted (it stays): at /sys/fs/cgroup/
 * unified when /sys/fs/cgroup is the tmpfs of a cgroup v1 layout, at
 * /sys/fs/cgroup when that is the kernel's empty mount point. */
int rb_cgroup2_root(const struct rb_narrator *narrator, unsigned policy, char *path, size_t size,
		    struct rb_error *err);

/* Open directory `path` (O_RDONLY | O_DIRECTORY) for program `prog` and
 * check that it is a cgroup v2 directory: the fd, or -1 with err naming
 * the program, its section and what the path is instead. Narrated. */
int rb_cgroup2_open(const struct rb_program *prog, const char *path, struct rb_error *err);

#endif
