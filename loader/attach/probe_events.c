/* Probe events in tracefs: the older way to create kprobes and uprobes.
 *
 * Before the kprobe and uprobe PMUs (Linux 4.17, probe_pmu.c), a probe was
 * made by writing one line to a tracefs file:
 *     kprobe_events:  "p:kprobes/NAME FUNC+OFFSET"     ("r:..." returns)
 *     uprobe_events:  "p:uprobes/NAME PATH:0xOFFSET"   ("r:..." returns)
 * The kernel answers by creating a trace event, events/kprobes/NAME/, with
 * an id like any tracepoint's. perf_event_open(PERF_TYPE_TRACEPOINT,
 * config = id) opens it, and the program is set on it as on a tracepoint.
 *
 * The catch: such an event belongs to nobody. It stays until someone writes
 * "-:kprobes/NAME", long after the process that made it is gone. So:
 *  - the name says who made it: rawbpf_<pidns>_<pid>_<program>, the pid
 *    namespace too because each container numbers its own processes
 *    (probe_names.c). It must also be
 *    new: since Linux 5.4 a "p:" line naming an existing event does not
 *    fail, the kernel appends the probe to that event ("multi-probe"
 *    events), and removing it would then remove someone else's probe too;
 *  - rb_link_destroy() removes it, and the link is destroyed on every way
 *    out of `rawbpf run`: CMD exits, an error, an attach failing half-way,
 *    SIGINT, SIGTERM, SIGHUP, SIGQUIT (the CLI turns them into an orderly
 *    teardown). SIGKILL or a crash can still leave one; its name says
 *    whose, and `rawbpf cleanup` (probe_cleanup.c) removes it;
 *  - the kernel refuses to remove an event that an open perf event still
 *    uses (EBUSY), so the link closes its perf fd first. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "tracefs.h"

/* The kernel's limit on event names: MAX_EVENT_NAME_LEN (64, with the NUL). */
#define EVENT_NAME_MAX 63

/* The file that makes and removes events of a group: "kprobes" or
 * "kprobes/NAME" -> "kprobe_events". */
static const char *events_file(const char *group_or_event)
{
	return strncmp(group_or_event, "uprobes", 7) == 0 ? "uprobe_events" : "kprobe_events";
}

/* Write one command line to kprobe_events or uprobe_events. O_APPEND: a
 * plain open for writing (O_TRUNC, as the shell's '>' does) would remove
 * every probe event on the system first. */
static int write_events_file(const char *tracefs, const char *file, const char *line)
{
	char path[320];
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, line, strlen(line));
	e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(line) ? 0 : -1;
}

/* A name no event in `group` has yet: rawbpf_<pidns>_<pid>_<program>, then
 * _2, _3, ... when one rawbpf attaches the same program more than once, or
 * two long program names are cut to the same base. */
static int new_event_name(struct rb_object *obj, const char *tracefs, const char *group,
			  const char *prog_name, char *name, size_t size)
{
	char base[EVENT_NAME_MAX - 3 + 1], path[512]; /* room left for "_99" */
	struct rb_error ns_err;
	uint64_t pidns;

	/* Without /proc, the namespace is unknown: 0, which no namespace has,
	 * so `rawbpf cleanup` never takes the event for one of its own. */
	if (rb_pid_namespace(&pidns, &ns_err)) {
		rb_narrate(&obj->narrator, "%s; probe event names carry pid namespace 0, and rawbpf "
			 "cleanup will not remove them", ns_err.msg);
		pidns = 0;
	}
	if (rb_probe_event_base_name(base, sizeof(base), pidns, (int)getpid(), prog_name))
		return -1;
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(name, size, "%s", base);
		else
			snprintf(name, size, "%s_%d", base, i);
		snprintf(path, sizeof(path), "%s/events/%s/%s", tracefs, group, name);
		if (access(path, F_OK) != 0)
			return 0;
	}
	return -1;
}

/* White space separates the fields of a command; a control character
 * (a newline) would end it, and '#' starts a comment that cuts the rest
 * off: "PATH:0x10#..." would probe another place than rawbpf resolved. */
static int has_unsayable_char(const char *text)
{
	for (; *text; text++)
		if (isspace((unsigned char)*text) || iscntrl((unsigned char)*text) || *text == '#')
			return 1;
	return 0;
}

int rb_probe_event_delete(const char *tracefs, const char *event)
{
	char line[160];

	snprintf(line, sizeof(line), "-:%s\n", event);
	return write_events_file(tracefs, events_file(event), line);
}

int rb_probe_event_remove(const struct rb_narrator *narrator, const char *tracefs,
			  const char *event, struct rb_error *err)
{
	const char *file = events_file(event);
	int e;

	if (rb_probe_event_delete(tracefs, event) == 0) {
		rb_narrate(narrator, "detach: write(%s, \"-:%s\")", file, event);
		return 0;
	}
	e = errno;
	rb_narrate(narrator, "removing probe event %s from %s/%s failed: %s", event, tracefs,
		   file, strerror(e));
	/* The event outlives this process; its name says whose it is, so
	 * `rawbpf cleanup` removes it once that process is gone. */
	return rb_fail_errno(err, RB_ERR_SYSTEM, e,
			     "probe event %s stays in %s/%s: removing it failed%s; run `rawbpf "
			     "cleanup` after this process has exited", event, tracefs, file,
			     e == EBUSY ? " (EBUSY: a perf event still has it open)" : "");
}

/* The link of a probe event: the perf event fd, and the event to remove
 * after it is closed (the kernel refuses, EBUSY, while a perf event still
 * uses it). It keeps the tracefs path itself, so that it can be destroyed
 * after its object is closed. */
struct probe_event_link {
	struct rb_link link; /* first: a struct rb_link * points here too */
	char tracefs[256];
	char event[96];      /* "kprobes/NAME" or "uprobes/NAME" */
};

static int probe_event_detach(struct rb_link *link, struct rb_error *err)
{
	struct probe_event_link *pl = (struct probe_event_link *)link;

	rb_link_close_fd(link); /* first: the kernel refuses (EBUSY) while it is open */
	return rb_probe_event_remove(&link->narrator, pl->tracefs, pl->event, err);
}

static const struct rb_link_ops probe_event_link_ops = {
	.name = "probe event",
	.detach = probe_event_detach,
};

int rb_attach_probe_event(struct rb_object *obj, struct rb_program *prog, const char *group,
			  const struct rb_probe *probe, struct rb_link **out,
			  struct rb_error *err)
{
	const char *location = probe->location, *what = probe->what;
	int ret_probe = probe->ret_probe;
	const char *tracefs, *file = events_file(group);
	char name[EVENT_NAME_MAX + 1], event[96], line[1024], path[320];
	struct probe_event_link *pl;
	struct rb_error left;
	int id, fd;

	if (rb_tracefs_path(obj, &tracefs, err))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	if (access(path, W_OK) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "program %s: cannot create the %s: no PMU for it and no "
				     "%s (a kernel built without CONFIG_%s_EVENTS?)", prog->fn.name,
				     what, path, strcmp(group, "uprobes") == 0 ? "UPROBE" : "KPROBE");
	/* A path with white space cannot be said in one command line. */
	if (has_unsayable_char(location))
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s: '%s' contains white space, a control "
			       "character or '#', which %s cannot take", prog->fn.name, what, location, file);
	if (new_event_name(obj, tracefs, group, prog->fn.name, name, sizeof(name)))
		return rb_fail(err, RB_ERR_KERNEL, "program %s: no free probe event name in %s/events/%s",
			       prog->fn.name, tracefs, group);
	snprintf(event, sizeof(event), "%s/%s", group, name);
	snprintf(line, sizeof(line), "%c:%s %s\n", ret_probe ? 'r' : 'p', event, location);
	if (write_events_file(tracefs, file, line))
		/* The kernel explains a refused line in error_log (Linux 5.2+). */
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "program %s: creating the %s (writing \"%.*s\" to %s) failed; "
				     "%s/error_log may say why", prog->fn.name, what,
				     (int)strlen(line) - 1, line, path, tracefs);
	rb_narrate(&obj->narrator, "attach %s: write(%s, \"%.*s\")", prog->fn.name, file,
		 (int)strlen(line) - 1, line);
	/* From here on, every failure removes the event again. */
	if (rb_tracefs_event_id(tracefs, group, name, &id, err))
		goto remove;
	fd = rb_perf_event_by_id(id);
	if (fd < 0) {
		rb_fail_errno(err, RB_ERR_KERNEL, errno, "program %s: perf_event_open(%s, id %d) "
			      "failed", prog->fn.name, event, id);
		goto remove;
	}
	rb_narrate(&obj->narrator, "attach %s: perf_event_open(probe event %s id %d) = fd %d",
		 prog->fn.name, event, id, fd);
	if (rb_probe_attach_fd(prog, probe, &fd, err) ||
	    rb_link_new(prog, &probe_event_link_ops, sizeof(struct probe_event_link), fd, out,
			err))
		goto remove;
	pl = (struct probe_event_link *)*out;
	snprintf(pl->tracefs, sizeof(pl->tracefs), "%s", tracefs);
	snprintf(pl->event, sizeof(pl->event), "%s", event);
	return 0;
remove:
	if (rb_probe_event_remove(&obj->narrator, tracefs, event, &left) && err) {
		size_t used = strlen(err->msg);
		snprintf(err->msg + used, sizeof(err->msg) - used, "; and %s", left.msg);
	}
	return -1;
}
