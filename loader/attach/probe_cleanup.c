/* `rawbpf cleanup`: removing the probe events a killed rawbpf left.
 *
 * rawbpf removes its tracefs probe events however it ends, except when it
 * cannot run at all: SIGKILL, a crash, the machine's OOM killer. Then its
 * events stay in kprobe_events/uprobe_events (probe_events.c). Their names,
 * rawbpf_<pidns>_<pid>_<program> (probe_names.c), say who made them; an
 * event is removed only when
 *  - its name is one rawbpf makes, in the group rawbpf uses;
 *  - it was made in the caller's pid namespace: a pid of another namespace
 *    cannot be checked from here (it may be alive there);
 *  - that pid no longer exists here, asked with kill(pid, 0) (below).
 *
 * Kernel facts this relies on:
 *  - the files list one line per probe (see rb_probe_event_parse);
 *  - "-:GROUP/NAME" removes the event with all its probes. The kernel
 *    refuses with EBUSY while a perf event has it open or ftrace has it
 *    enabled (events/GROUP/NAME/enable), and says ENOENT when there is no
 *    such event any more. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attach.h"
#include "tracefs.h"

int rb_pid_namespace(uint64_t *pidns, struct rb_error *err)
{
	struct stat st;

	/* The link /proc/self/ns/pid leads to the namespace the caller's own
	 * pid lives in (not pid_for_children, which unshare(CLONE_NEWPID)
	 * changes): the one getpid() and kill() speak. Its inode number names
	 * it; two namespaces that exist at the same time never share one.
	 * When /proc was mounted by a pid namespace the caller is not part of,
	 * /proc/self fails with ENOENT rather than lead to someone else. */
	if (stat("/proc/self/ns/pid", &st) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno,
				     "cannot tell this process's pid namespace: "
				     "stat(\"/proc/self/ns/pid\") failed (is /proc mounted?)");
	*pidns = (uint64_t)st.st_ino;
	return 0;
}

/* Does process `pid` exist? kill(2) with signal 0 checks without sending
 * anything, and reads pid in the caller's own pid namespace: the one the
 * event's name speaks of, since only events of that namespace are asked
 * about. /proc/<pid> would not do: /proc numbers processes as the pid
 * namespace that mounted it does, and after unshare(CLONE_NEWPID) without
 * a new mount, or in a container given the host's /proc, that is another
 * namespace, where /proc/1234 is someone else or no one. EPERM says the
 * process exists but is not ours to signal: alive. A zombie (killed, not
 * yet reaped by its parent) still answers; its events wait until then. */
static int pid_alive(void *ctx, int pid)
{
	(void)ctx;
	return kill(pid, 0) == 0 || errno != ESRCH;
}

/* All of a tracefs file: NULL with errno when it cannot be read. */
static char *read_text(const char *path)
{
	size_t cap = 4096, len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	char *buf = fd >= 0 ? malloc(cap) : NULL;
	ssize_t n;

	while (buf) {
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0)
			break;
		if (n == 0) {
			buf[len] = '\0';
			close(fd);
			return buf;
		}
		len += (size_t)n;
		if (cap - len < 2) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
	}
	e = errno;
	free(buf);
	if (fd >= 0)
		close(fd);
	errno = e;
	return NULL;
}

/* Judge (and remove) the events of one file; the count of failed
 * removals, or -1 when the file cannot be read. */
static int clean_file(const struct rb_cleanup_opts *opts, const char *tracefs,
		      const char *file, uint64_t pidns, rb_cleanup_fn report, void *ctx,
		      struct rb_error *err)
{
	struct rb_probe_event *events;
	size_t count;
	char path[320], *text;
	int failed = 0;

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	text = read_text(path);
	if (!text && errno == ENOENT) {
		/* A kernel built without CONFIG_KPROBE_EVENTS (or UPROBE_EVENTS)
		 * has no such file, and no such events either. */
		rb_narrate(&opts->narrator, "no %s: this kernel has no such probe events", path);
		return 0;
	}
	if (!text)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "cannot read %s%s", path,
				     errno == EACCES ? " (tracefs is root's: run as root)" : "");
	rb_narrate(&opts->narrator, "read(%s): %zu bytes", path, strlen(text));
	if (rb_probe_events_parse_text(text, &events, &count, err)) {
		free(text);
		return -1;
	}
	free(text);
	for (size_t i = 0; i < count; i++) {
		struct rb_cleanup_item item = { .file = file, .event = &events[i], .pidns = pidns };
		char event[sizeof(events[i].group) + sizeof(events[i].name)];

		item.verdict = rb_probe_event_verdict(&events[i], pidns, pid_alive, NULL);
		snprintf(event, sizeof(event), "%s/%s", events[i].group, events[i].name);
		if (item.verdict == RB_PROBE_STALE && !opts->dry_run) {
			if (rb_probe_event_delete(tracefs, event) == 0 || errno == ENOENT) {
				/* ENOENT: gone meanwhile (another cleanup): as wanted. */
				item.removed = 1;
				rb_narrate(&opts->narrator, "write(%s, \"-:%s\") = 0", file, event);
			} else {
				item.errnum = errno;
				failed++;
				rb_narrate(&opts->narrator, "write(%s, \"-:%s\") failed: %s", file, event,
					 strerror(item.errnum));
			}
		}
		report(ctx, &item);
	}
	free(events);
	return failed;
}

int rb_probe_events_cleanup(const struct rb_cleanup_opts *opts, rb_cleanup_fn report,
			    void *ctx, struct rb_error *err)
{
	static const char *const files[] = { "kprobe_events", "uprobe_events" };
	char tracefs[256];
	uint64_t pidns = 0;
	int failed = 0;

	if (rb_tracefs_find(&opts->narrator, opts->policy, tracefs, sizeof(tracefs), err) ||
	    rb_pid_namespace(&pidns, err))
		return -1;
	rb_narrate(&opts->narrator, "this process: pid %d in pid namespace %llu", (int)getpid(),
		 (unsigned long long)pidns);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int n = clean_file(opts, tracefs, files[i], pidns, report, ctx, err);
		if (n < 0)
			return -1;
		failed += n;
	}
	if (failed)
		return rb_fail(err, RB_ERR_KERNEL, "%d stale probe event%s could not be removed",
			       failed, failed == 1 ? "" : "s");
	return 0;
}
