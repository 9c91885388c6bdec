/* Kprobes and uprobes, however they are made.
 *
 * Both kinds are made one of two ways, and the choice is the same for both:
 *  1. the kprobe or uprobe PMU (Linux 4.17+, probe_pmu.c): one
 *     perf_event_open with the function's name or the file's path in
 *     config1, the offset in config2; nothing is left behind by a crash;
 *  2. a probe event written into tracefs's kprobe_events or uprobe_events
 *     (probe_events.c), which rawbpf must remove again.
 * The first when the kernel has the PMU, else the second; rb_open_opts's
 * probe_mode (run --probe-mode) can insist on one. Either way the program
 * is then set on a perf event, as on a tracepoint. kprobe.c and uprobe.c
 * only work out what to probe. */
#include <errno.h>
#include <stdio.h>

#include "attach.h"

int rb_attach_probe(struct rb_program *prog, const struct rb_probe *probe,
		    struct rb_link **out, struct rb_error *err)
{
	int type = 0, ret_bit = 0, fd, use_pmu;
	char group[16];

	use_pmu = rb_probe_use_pmu(prog->obj, prog, probe->pmu, &type, &ret_bit, err);
	if (use_pmu < 0)
		return -1;
	if (!use_pmu) {
		/* the kernel's groups: KPROBE_EVENT_SYSTEM, UPROBE_EVENT_SYSTEM */
		snprintf(group, sizeof(group), "%ss", probe->pmu);
		return rb_attach_probe_event(prog->obj, prog, group, probe->ret_probe,
					     probe->location, probe->what, out, err);
	}
	fd = rb_probe_pmu_open(type, ret_bit, probe->ret_probe, probe->target, probe->offset);
	if (fd < 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s: perf_event_open(%s) failed%s",
				     prog->fn.name, probe->what,
				     probe->open_hint && (e == ENOENT || e == EINVAL)
					     ? probe->open_hint : "");
	}
	rb_narrate(&prog->obj->narrator, "attach %s: perf_event_open(%s PMU type %d, %s) = fd %d",
		   prog->fn.name, probe->pmu, type, probe->what, fd);
	return rb_attach_perf_event(prog, fd, probe->what, out, err);
}
