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
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/kernel/bpf_syscall.h"
#include "uapi/linux/bpf.h"

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
		return rb_attach_probe_event(prog->obj, prog, group, probe, out, err);
	}
	fd = rb_probe_pmu_open(type, ret_bit, probe->ret_probe, probe->target, probe->offset,
			       probe->ref_ctr_offset);
	if (fd < 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s: perf_event_open(%s) failed%s",
				     prog->fn.name, probe->what,
				     probe->open_hint && (e == ENOENT || e == EINVAL)
					     ? probe->open_hint : "");
	}
	rb_narrate(&prog->obj->narrator, "attach %s: perf_event_open(%s PMU type %d, %s) = fd %d",
		   prog->fn.name, probe->pmu, type, probe->what, fd);
	if (rb_probe_attach_fd(prog, probe, &fd, err))
		return -1;
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}

int rb_probe_attach_fd(const struct rb_program *prog, const struct rb_probe *probe, int *fd,
		       struct rb_error *err)
{
	union bpf_attr attr;
	int link;

	if (!probe->with_cookie)
		return rb_perf_event_set_bpf(prog, *fd, probe->what, err);
	/* kernel/bpf/syscall.c, link_create() -> bpf_perf_link_attach(): the
	 * link takes a reference to the perf event's file, so the event's own
	 * fd can go; the cookie is what bpf_get_attach_cookie() returns. */
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (__u32)prog->fd;
	attr.link_create.target_fd = (__u32)*fd;
	attr.link_create.attach_type = BPF_PERF_EVENT;
	attr.link_create.perf_event.bpf_cookie = probe->cookie;
	link = rb_bpf(BPF_LINK_CREATE, &attr);
	if (link < 0) {
		int e = errno;
		close(*fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s: attaching to %s with BPF "
				     "cookie %llu (BPF_LINK_CREATE, BPF_PERF_EVENT; Linux 5.15+) "
				     "failed", prog->fn.name, probe->what,
				     (unsigned long long)probe->cookie);
	}
	rb_narrate(&prog->obj->narrator, "attach %s: bpf(BPF_LINK_CREATE, prog fd %d, perf event "
		   "fd %d, BPF_PERF_EVENT, bpf_cookie %llu) = link fd %d", prog->fn.name, prog->fd,
		   *fd, (unsigned long long)probe->cookie, link);
	close(*fd);
	*fd = link;
	return 0;
}
