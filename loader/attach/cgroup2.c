/* Finding the cgroup v2 hierarchy, or mounting it where there is none.
 *
 * BPF programs attach to cgroup v2 directories only (kernel/bpf/cgroup.c
 * takes the cgroup from a directory fd with cgroup_v1v2_get_from_fd() and
 * refuses v1 ones). A machine may mount several hierarchies:
 *   - cgroup v2 alone at /sys/fs/cgroup (systemd's default since 2021);
 *   - "hybrid": a tmpfs at /sys/fs/cgroup holding one v1 hierarchy per
 *     controller, and the v2 one at /sys/fs/cgroup/unified;
 *   - v1 only, as on this project's test machine, or nothing at all on a
 *     minimal system (the kernel makes /sys/fs/cgroup as an empty sysfs
 *     directory to mount on: kernel/cgroup/cgroup.c, cgroup_init()).
 * The v2 hierarchy is the same wherever it is mounted (there is one per
 * cgroup namespace), so it is looked for by filesystem type in
 * /proc/self/mountinfo, not at a fixed path. Mounting it is a change to
 * the machine (or the mount namespace), made only when the caller asks
 * (RB_MOUNT_CGROUP2). It stays mounted after the run: other programs may
 * be using it by then. Mounting cgroup2 takes no controller away from the
 * v1 hierarchies; the v2 one then simply has none, and BPF needs none. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "attach.h"
#include "cgroup2.h"
#include "uapi/linux/magic.h"

#define CGROUP_DIR "/sys/fs/cgroup"
#define HYBRID_DIR "/sys/fs/cgroup/unified"
/* Thousands of mounts in a busy container are well under this. */
#define MOUNTINFO_MAX ((size_t)16 << 20)

/* Field `n` (0-based, space-separated) of line[0, len): its start and
 * length, or -1 when the line has fewer fields. */
static int field(const char *line, size_t len, int n, size_t *start, size_t *flen)
{
	size_t i = 0;

	for (int f = 0;; f++) {
		size_t s = i;

		while (i < len && line[i] != ' ')
			i++;
		if (f == n) {
			*start = s;
			*flen = i - s;
			return 0;
		}
		if (i >= len)
			return -1;
		i++; /* the space */
	}
}

/* Decode the mount point's octal escapes (fs/proc_namespace.c, show_mountinfo()
 * mangles ' ', '\t', '\n' and '\\' as \ooo). */
static int unescape(const char *s, size_t len, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\\' && i + 3 < len && /* three digits follow */
		    s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			c = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		}
		if (o + 1 >= size)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

int rb_mountinfo_find(const char *text, size_t len, const char *fstype, char *path, size_t size,
		      char *why, size_t why_size)
{
	size_t pos = 0, line_no = 0, want = strlen(fstype);

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos, s, l, dash = 0;
		int f;

		pos += n + (nl ? 1 : 0);
		line_no++;
		if (n == 0)
			continue;
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE
		 * SOURCE SUPEROPTIONS (proc(5)): the type follows the "-" field,
		 * after a variable number of optional fields. */
		for (f = 6; field(line, n, f, &s, &l) == 0; f++)
			if (l == 1 && line[s] == '-') {
				dash = (size_t)f;
				break;
			}
		if (!dash || field(line, n, (int)dash + 1, &s, &l) != 0) {
			snprintf(why, why_size, "line %zu has no '- FSTYPE' part "
				 "(expected ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE ...)",
				 line_no);
			return -1;
		}
		if (l != want || memcmp(line + s, fstype, want) != 0)
			continue;
		field(line, n, 4, &s, &l); /* there are more than 6 fields */
		if (l == 0 || unescape(line + s, l, path, size) != 0) {
			snprintf(why, why_size, "line %zu: the mount point is %s", line_no,
				 l == 0 ? "empty" : "longer than a path");
			return -1;
		}
		return 0;
	}
	return 1;
}

/* All of /proc/self/mountinfo (its size is not known before reading). */
static char *read_mountinfo(size_t *len, struct rb_error *err)
{
	size_t cap = 64 << 10, n = 0;
	char *buf = malloc(cap);
	int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		int e = errno;
		free(buf);
		if (fd >= 0)
			close(fd);
		rb_fail_errno(err, RB_ERR_SYSTEM, e, "cannot read /proc/self/mountinfo to find "
			      "cgroup v2 (is /proc mounted?)");
		return NULL;
	}
	for (;;) {
		ssize_t got;

		if (n == cap) {
			char *grown = cap < MOUNTINFO_MAX ? realloc(buf, cap * 2) : NULL;

			if (!grown) {
				free(buf);
				close(fd);
				rb_fail(err, RB_ERR_SYSTEM, "/proc/self/mountinfo is larger than "
					"%zu bytes, or out of memory", MOUNTINFO_MAX);
				return NULL;
			}
			buf = grown;
			cap *= 2;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			close(fd);
			rb_fail_errno(err, RB_ERR_SYSTEM, e, "reading /proc/self/mountinfo failed");
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	*len = n;
	return buf;
}

/* 0 found, 1 mounted nowhere, -1 error. */
static int find_cgroup2(char *path, size_t size, struct rb_error *err)
{
	size_t len;
	char why[200];
	char *text = read_mountinfo(&len, err);
	int found;

	if (!text)
		return -1;
	found = rb_mountinfo_find(text, len, "cgroup2", path, size, why, sizeof(why));
	free(text);
	if (found < 0)
		return rb_fail(err, RB_ERR_SYSTEM, "/proc/self/mountinfo: %s", why);
	return found;
}

/* Where to mount cgroup2 when it is mounted nowhere, by what
 * /sys/fs/cgroup is: NULL, with err set, when it is neither. */
static const char *mount_point(struct rb_error *err)
{
	struct statfs st;

	if (statfs(CGROUP_DIR, &st) != 0) {
		rb_fail_errno(err, RB_ERR_SYSTEM, errno, "no cgroup v2 hierarchy is mounted, and "
			      "%s, where it would be mounted, cannot be read (is sysfs mounted?)",
			      CGROUP_DIR);
		return NULL;
	}
	/* The v1 layout: a tmpfs with a directory per v1 hierarchy. Where
	 * systemd's hybrid layout puts v2, beside them. */
	if ((unsigned long)st.f_type == TMPFS_MAGIC) {
		if (mkdir(HYBRID_DIR, 0755) != 0 && errno != EEXIST) {
			rb_fail_errno(err, RB_ERR_SYSTEM, errno, "no cgroup v2 hierarchy is mounted, "
				      "and making %s to mount it on failed", HYBRID_DIR);
			return NULL;
		}
		return HYBRID_DIR;
	}
	/* Nothing mounted yet: the kernel's own empty mount point. */
	if ((unsigned long)st.f_type == SYSFS_MAGIC)
		return CGROUP_DIR;
	rb_fail(err, RB_ERR_SYSTEM, "no cgroup v2 hierarchy is mounted, and %s holds something "
		"else (filesystem magic %#lx%s): mount cgroup2 yourself (mount -t cgroup2 none DIR) "
		"and give DIR (rb_attach_opts.cgroup, rawbpf run --cgroup DIR)", CGROUP_DIR,
		(unsigned long)st.f_type,
		(unsigned long)st.f_type == CGROUP_SUPER_MAGIC ? ", a cgroup v1 hierarchy" : "");
	return NULL;
}

int rb_cgroup2_root(const struct rb_narrator *narrator, unsigned policy, char *path, size_t size,
		    struct rb_error *err)
{
	const char *where;
	int found = find_cgroup2(path, size, err);

	if (found <= 0) {
		if (found == 0)
			rb_narrate(narrator, "cgroup v2 found at %s (/proc/self/mountinfo)", path);
		return found;
	}
	if (!(policy & RB_MOUNT_CGROUP2))
		return rb_fail(err, RB_ERR_SYSTEM, "no cgroup v2 hierarchy is mounted (none in "
			       "/proc/self/mountinfo; this system has cgroup v1 only, or none): "
			       "mount one (mount -t cgroup2 none %s), give a cgroup v2 directory "
			       "(rb_attach_opts.cgroup, rawbpf run --cgroup DIR), or set "
			       "RB_MOUNT_CGROUP2", HYBRID_DIR);
	where = mount_point(err);
	if (!where)
		return -1;
	if (mount("cgroup2", where, "cgroup2", 0, NULL) != 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "no cgroup v2 hierarchy is mounted, "
				     "and mounting one at %s failed%s", where,
				     e == EPERM ? " (mounting needs root: CAP_SYS_ADMIN)"
				     : e == ENODEV ? " (this kernel has no cgroup v2)" : "");
	}
	snprintf(path, size, "%s", where);
	rb_narrate(narrator, "mount(\"cgroup2\", \"%s\", \"cgroup2\", 0, NULL) = 0: mounted "
		   "cgroup v2 at %s (it stays mounted)", where, where);
	return 0;
}

int rb_cgroup2_open(const struct rb_program *prog, const char *path, struct rb_error *err)
{
	const char *name = prog->fn.name, *section = prog->fn.section_name;
	struct statfs st;
	int fd, e;

	if (!path[0])
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): the cgroup given is an "
			       "empty path (rb_attach_opts.cgroup, rawbpf run --cgroup DIR: a "
			       "directory of the cgroup v2 hierarchy)", name, section);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	e = errno;
	if (fd < 0) {
		rb_narrate(&prog->obj->narrator, "attach %s: open(\"%s\", O_RDONLY | O_DIRECTORY) = "
			   "-1 (%s)", name, path, strerror(e));
		return rb_fail_errno(err, e == ENOENT || e == ENOTDIR ? RB_ERR_INPUT : RB_ERR_SYSTEM,
				     e, "program %s (section %s): cgroup %s: %s", name, section,
				     path, e == ENOENT ? "no such directory"
				     : e == ENOTDIR ? "not a directory" : "cannot open it");
	}
	rb_narrate(&prog->obj->narrator, "attach %s: open(\"%s\", O_RDONLY | O_DIRECTORY) = fd %d",
		   name, path, fd);
	if (fstatfs(fd, &st) != 0) {
		e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "program %s (section %s): cgroup %s: "
				     "fstatfs failed", name, section, path);
	}
	if ((unsigned long)st.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): cgroup %s is not a "
			       "cgroup v2 directory (%s): BPF programs attach to cgroup v2 only; "
			       "give a directory of the cgroup2 hierarchy (findmnt -t cgroup2, or "
			       "grep cgroup2 /proc/self/mountinfo, shows where it is mounted)", name,
			       section, path, (unsigned long)st.f_type == CGROUP_SUPER_MAGIC
				       ? "it is in a cgroup v1 hierarchy" : "not on a cgroup filesystem");
	}
	return fd;
}
