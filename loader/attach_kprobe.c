/* Attaching kprobes: SEC("kprobe/FUNC[+OFFSET]"), SEC("kretprobe/FUNC").
 *
 * Two ways, newest first:
 *  1. the kprobe PMU (Linux 4.17+): perf_event_open(type = the PMU's type,
 *     config1 = the function's name, config2 = the offset, config = the
 *     retprobe bit for a kretprobe). Nothing is created in tracefs.
 *  2. tracefs: write "p:kprobes/NAME FUNC+OFF" (or "r:..." for a return
 *     probe) to kprobe_events, which creates a trace event; open it as a
 *     tracepoint by its id. The event outlives the process unless removed,
 *     so its name is unique to this process and rb_link_destroy() removes
 *     it ("-:kprobes/NAME") however rawbpf ends (the CLI turns SIGINT and
 *     SIGTERM into an orderly teardown).
 * Either way the program is then set on the perf event, as for tracepoints.
 *
 * Tested so far only on this project's CI kernel, which has no kprobes (the
 * error path); the qemu kernel matrix (issue 4) is where the rest is proven. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../uapi/linux/perf_event.h"
#include "attach.h"
#include "tracefs.h"

/* A kernel built without CONFIG_KPROBES has neither the PMU nor tracefs's
 * kprobe_events. */
static int kernel_has_kprobes(const char *tracefs)
{
	char path[320];

	snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
	return access("/sys/bus/event_source/devices/kprobe", F_OK) == 0 ||
	       access(path, F_OK) == 0;
}

static int parse_target(const struct rb_program *prog, int ret_probe, char *func, size_t size,
			unsigned long *offset, struct rb_error *err)
{
	const char *plus = strchr(prog->target, '+');
	char *end;

	*offset = 0;
	snprintf(func, size, "%.*s", plus ? (int)(plus - prog->target) : (int)strlen(prog->target),
		 prog->target);
	if (!func[0])
		return rb_fail(err, RB_ERR_INPUT, "program %s: section %s names no function",
			       prog->name, prog->section_name);
	if (plus) {
		*offset = strtoul(plus + 1, &end, 0);
		if (*end || ret_probe)
			return rb_fail(err, RB_ERR_INPUT, "program %s: section %s: %s", prog->name,
				       prog->section_name,
				       ret_probe ? "a kretprobe takes no offset" : "bad offset");
	}
	return 0;
}

static int write_kprobe_events(const char *tracefs, const char *line)
{
	char path[320];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = write(fd, line, strlen(line)) == (ssize_t)strlen(line) ? 0 : -1;
	close(fd);
	return ret;
}

/* The tracefs way: create kprobes/NAME, open it by id. */
static int open_legacy(struct rb_object *obj, struct rb_program *prog, const char *tracefs,
		       int ret_probe, const char *func, unsigned long offset, char *event,
		       size_t size, struct rb_error *err)
{
	char line[512], name[96];
	int id, fd;

	snprintf(name, sizeof(name), "rawbpf_%d_%s", (int)getpid(), prog->name);
	snprintf(event, size, "kprobes/%s", name);
	snprintf(line, sizeof(line), "%c:%s %s+%lu\n", ret_probe ? 'r' : 'p', event, func, offset);
	if (write_kprobe_events(tracefs, line))
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "program %s: creating kprobe %s on %s failed (is %s in "
				     "/proc/kallsyms?)", prog->name, event, func, func);
	rb_trace(&obj->log, "write(kprobe_events, \"%.*s\")", (int)strlen(line) - 1, line);
	if (rb_tracefs_event_id(tracefs, "kprobes", name, &id, err))
		goto remove;
	fd = rb_perf_event_by_id(id);
	if (fd >= 0)
		return fd;
	rb_fail_errno(err, RB_ERR_KERNEL, errno, "program %s: perf_event_open(%s) failed",
		      prog->name, event);
remove:
	snprintf(line, sizeof(line), "-:%s\n", event);
	write_kprobe_events(tracefs, line);
	return -1;
}

int rb_attach_kprobe(struct rb_object *obj, struct rb_program *prog, struct rb_link **out,
		     struct rb_error *err)
{
	int ret_probe = prog->def->attach == RB_ATTACH_KRETPROBE;
	int type = 0, ret_bit = 0, fd;
	char func[256], event[128] = "", what[300];
	const char *tracefs = NULL;
	unsigned long offset = 0;

	if (parse_target(prog, ret_probe, func, sizeof(func), &offset, err) ||
	    rb_tracefs_path(obj, &tracefs, err))
		return -1;
	if (!kernel_has_kprobes(tracefs))
		return rb_fail(err, RB_ERR_KERNEL,
			       "program %s (section %s): this kernel has no kprobe support "
			       "(built without CONFIG_KPROBES: no kprobe PMU, no kprobe_events); "
			       "use a tracepoint (tracepoint/CATEGORY/NAME) or a raw tracepoint instead",
			       prog->name, prog->section_name);
	snprintf(what, sizeof(what), "%s %s+%lu", ret_probe ? "kretprobe" : "kprobe", func, offset);
	if (rb_probe_pmu("kprobe", &type, &ret_bit) == 0) {
		fd = rb_probe_pmu_open(type, ret_bit, ret_probe, func, offset);
		if (fd < 0)
			return rb_fail_errno(err, RB_ERR_KERNEL, errno,
					     "program %s: perf_event_open(%s) failed%s", prog->name,
					     what, errno == ENOENT || errno == EINVAL
						     ? " (is the function in /proc/kallsyms, and not "
						       "inlined or blacklisted?)" : "");
		rb_trace(&obj->log, "attach %s: perf_event_open(kprobe PMU type %d, %s) = fd %d",
			 prog->name, type, what, fd);
		return rb_attach_perf_event(obj, prog, fd, what, out, err);
	}
	fd = open_legacy(obj, prog, tracefs, ret_probe, func, offset, event, sizeof(event), err);
	if (fd < 0)
		return -1;
	if (rb_attach_perf_event(obj, prog, fd, what, out, err)) {
		char line[160];
		snprintf(line, sizeof(line), "-:%s\n", event);
		write_kprobe_events(tracefs, line);
		return -1;
	}
	(*out)->probe_event = strdup(event); /* removed by rb_link_destroy() */
	return 0;
}
