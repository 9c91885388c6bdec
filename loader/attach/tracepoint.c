/* Attaching to a tracepoint: SEC("tracepoint/CATEGORY/NAME"), SEC("tp/...").
 *
 * Three system calls, all on a perf event:
 *   perf_event_open(type PERF_TYPE_TRACEPOINT, config = the event's id from
 *                   tracefs's events/CATEGORY/NAME/id)
 *   ioctl(PERF_EVENT_IOC_SET_BPF, program fd)
 *   ioctl(PERF_EVENT_IOC_ENABLE)
 * Closing the perf event fd detaches the program.
 *
 * Why one event on one CPU is enough: PERF_EVENT_IOC_SET_BPF puts the
 * program into the prog_array of the tracepoint itself (the trace_event_call
 * that every CPU shares; kernel/trace/bpf_trace.c, perf_event_attach_bpf_prog),
 * and the tracepoint's perf handler runs that array on whichever CPU hits it,
 * whether or not that CPU has a perf event of its own (include/trace/perf.h).
 * The perf event is only the handle that holds the attachment. A second
 * event on another CPU could not even take the same program: the kernel
 * refuses it with EEXIST. perf_event_open(2) refuses pid -1 with cpu -1
 * ("every process on every CPU"), so the event names one CPU: CPU 0, online
 * on practically every machine. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/kernel/perf_event.h"
#include "tracefs.h"
#include "tracepoint_name.h"

int rb_perf_event_by_id(int id)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = (__u64)id;
	/* A sample per hit, as perf asks. The program does not depend on it:
	 * it runs on every hit, before any sampling (perf_trace_run_bpf_submit). */
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return rb_perf_event_open(&attr, 0 /* cpu: see above */);
}

/* Put "program NAME: " before a message filled by a function that does not
 * know the program (rb_tracefs_event_id). */
static int name_program(struct rb_error *err, const struct rb_program *prog)
{
	char msg[sizeof(err->msg)];

	if (!err)
		return -1;
	memcpy(msg, err->msg, sizeof(msg));
	snprintf(err->msg, sizeof(err->msg), "program %s: %.900s", prog->fn.name, msg);
	return -1;
}

static const char *perf_open_hint(int errnum)
{
	if (errnum == EACCES || errnum == EPERM)
		return " (needs root or CAP_PERFMON; see /proc/sys/kernel/perf_event_paranoid)";
	return "";
}

static int attach_tracepoint(struct rb_program *prog, const struct rb_attach_opts *opts,
			     struct rb_link **out, struct rb_error *err)
{
	char category[128], what[300], origin[600];
	const char *tracefs = NULL, *name = NULL;
	int overridden = opts->target != prog->target, id, fd;

	if (rb_tracepoint_split(opts->target, category, sizeof(category), &name))
		return rb_fail(err, RB_ERR_INPUT,
			       "program %s (%s): '%s' is not a tracepoint; the %s must be "
			       "%sCATEGORY/NAME, e.g. %ssyscalls/sys_enter_execve",
			       prog->fn.name, rb_target_origin(prog, opts, origin, sizeof(origin)),
			       opts->target, overridden ? "target" : "section name",
			       overridden ? "" : "tracepoint/", overridden ? "" : "tracepoint/");
	if (rb_tracefs_path(prog->obj, &tracefs, err))
		return -1;
	if (rb_tracefs_event_id(tracefs, category, name, &id, err))
		return name_program(err, prog);

	fd = rb_perf_event_by_id(id);
	if (fd < 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: perf_event_open(tracepoint %s/%s, id %d) failed%s",
				     prog->fn.name, category, name, id, perf_open_hint(e));
	}
	rb_narrate(&prog->obj->narrator, "attach %s: perf_event_open(tracepoint %s/%s id %d) = fd %d",
		   prog->fn.name, category, name, id, fd);
	snprintf(what, sizeof(what), "tracepoint %s/%s", category, name);
	return rb_attach_perf_event(prog, fd, what, out, err);
}

const struct rb_attach_provider rb_provider_tracepoint = {
	.name = "tracepoint",
	.options = RB_ATTACH_OPT_TARGET,
	.attach = attach_tracepoint,
};
