/* Attaching kprobes: SEC("kprobe/FUNC[+OFFSET]"), SEC("kretprobe/FUNC").
 *
 * Two ways, newest first:
 *  1. the kprobe PMU (Linux 4.17+): perf_event_open(type = the PMU's type,
 *     config1 = the function's name, config2 = the offset, config = the
 *     retprobe bit for a kretprobe). Nothing is created in tracefs.
 *  2. tracefs: write "p:kprobes/NAME FUNC+OFF" (or "r:..." for a return
 *     probe) to kprobe_events, which creates a trace event to open by its
 *     id; probe_events.c does it, and removes the event again.
 * The first when the kernel has the PMU, else the second; rb_open_opts's
 * probe_mode (run --probe-mode) can insist on one. Either way the program
 * is then set on the perf event, as for tracepoints.
 *
 * This project's CI kernel has no kprobes (the error path is tested there);
 * `make vmtest` proves both ways on Debian's 6.1 and 6.12 kernels. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

	size_t len = plus ? (size_t)(plus - prog->target) : strlen(prog->target);

	*offset = 0;
	if (len >= size) /* never probe a prefix of the name */
		return rb_fail(err, RB_ERR_INPUT, "program %s: section %s: the function name is "
			       "longer than %zu bytes", prog->name, prog->section_name, size - 1);
	snprintf(func, size, "%.*s", (int)len, prog->target);
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

int rb_attach_kprobe(struct rb_object *obj, struct rb_program *prog, struct rb_link **out,
		     struct rb_error *err)
{
	int ret_probe = prog->def->attach == RB_ATTACH_KRETPROBE;
	int type = 0, ret_bit = 0, fd, use_pmu;
	char func[512], location[560], what[580];
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
	snprintf(location, sizeof(location), "%s+%lu", func, offset);
	snprintf(what, sizeof(what), "%s %s", ret_probe ? "kretprobe" : "kprobe", location);
	use_pmu = rb_probe_use_pmu(obj, prog, "kprobe", &type, &ret_bit, err);
	if (use_pmu < 0)
		return -1;
	if (!use_pmu)
		return rb_attach_probe_event(obj, prog, "kprobes", ret_probe, location, what, out,
					     err);
	fd = rb_probe_pmu_open(type, ret_bit, ret_probe, func, offset);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "program %s: perf_event_open(%s) failed%s", prog->name,
				     what, errno == ENOENT || errno == EINVAL
					     ? " (is the function in /proc/kallsyms, and not "
					       "inlined or blacklisted?)" : "");
	rb_narrate(&obj->narrator, "attach %s: perf_event_open(kprobe PMU type %d, %s) = fd %d",
		 prog->name, type, what, fd);
	return rb_attach_perf_event(obj, prog, fd, what, out, err);
}
