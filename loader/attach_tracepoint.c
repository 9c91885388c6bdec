/* Attaching to a tracepoint: SEC("tracepoint/CATEGORY/NAME").
 *
 * Three steps, all on a perf event:
 *   perf_event_open(type PERF_TYPE_TRACEPOINT, config = the event id)
 *   ioctl(PERF_EVENT_IOC_SET_BPF, program fd)
 *   ioctl(PERF_EVENT_IOC_ENABLE)
 * The program is attached to the tracepoint itself, not to the CPU the perf
 * event was opened on: one event (pid -1, cpu 0) makes it run on every CPU,
 * for every process. Closing the perf event fd detaches it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../uapi/linux/perf_event.h"
#include "attach.h"
#include "tracefs.h"

static int split_target(const struct rb_program *prog, char *category, size_t size,
			const char **name, struct rb_error *err)
{
	const char *slash = strchr(prog->target, '/');

	if (!slash || slash == prog->target || !slash[1] ||
	    (size_t)(slash - prog->target) >= size)
		return rb_fail(err, RB_ERR_INPUT,
			       "program %s: section %s does not name a tracepoint as "
			       "tracepoint/CATEGORY/NAME",
			       prog->name, prog->section_name);
	memcpy(category, prog->target, (size_t)(slash - prog->target));
	category[slash - prog->target] = '\0';
	*name = slash + 1;
	return 0;
}

int rb_perf_event_by_id(int id)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = (__u64)id;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return (int)syscall(SYS_perf_event_open, &attr, -1 /* any pid */, 0 /* cpu */,
			    -1 /* no group */, PERF_FLAG_FD_CLOEXEC);
}

int rb_attach_tracepoint(struct rb_object *obj, struct rb_program *prog,
			 struct rb_link **out, struct rb_error *err)
{
	char category[128], what[300];
	const char *tracefs = NULL, *name = NULL;
	int id, fd;

	if (split_target(prog, category, sizeof(category), &name, err) ||
	    rb_tracefs_path(obj, &tracefs, err) ||
	    rb_tracefs_event_id(tracefs, category, name, &id, err))
		return -1;

	fd = rb_perf_event_by_id(id);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "program %s: perf_event_open(tracepoint %s/%s, id %d) failed",
				     prog->name, category, name, id);
	rb_trace(&obj->log, "attach %s: perf_event_open(tracepoint %s/%s id %d) = fd %d",
		 prog->name, category, name, id, fd);
	snprintf(what, sizeof(what), "tracepoint %s/%s", category, name);
	return rb_attach_perf_event(obj, prog, fd, what, out, err);
}
