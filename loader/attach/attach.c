/* Attaching every program of an object, each by the kind its section names,
 * and the pieces all providers share: the perf-event tail and the link.
 *
 * The providers (attach/tracepoint.c, attach/kprobe.c, attach/uprobe.c,
 * attach/raw_tp.c) each return one rb_link. rb_object_attach() is all or
 * nothing: when one program cannot attach, the ones attached before it are
 * detached again, so a failed run leaves no program running in the kernel. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "uapi/linux/perf_event.h"
#include "attach.h"

static int attach_one(struct rb_object *obj, struct rb_program *prog, struct rb_error *err)
{
	enum rb_attach_kind kind = prog->def ? prog->def->attach : RB_ATTACH_NONE;

	if (kind == RB_ATTACH_NONE) {
		/* Not an error: socket filters, XDP, ... need a socket or an
		 * interface that rawbpf run does not choose. */
		rb_narrate(&obj->narrator, "program %s: loaded, not attached (section %s: %s)",
			 prog->name, prog->section_name,
			 prog->def && prog->def->note ? prog->def->note
						      : "the section name names no attach point");
		return 0;
	}
	if (prog->fd < 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "program %s is not loaded: rb_object_load() comes before "
			       "rb_object_attach()", prog->name);
	switch (kind) {
	case RB_ATTACH_TRACEPOINT:
		return rb_attach_tracepoint(obj, prog, &prog->link, err);
	case RB_ATTACH_RAW_TRACEPOINT:
	case RB_ATTACH_BTF_TRACING:
		return rb_attach_raw_tracepoint(obj, prog, &prog->link, err);
	case RB_ATTACH_UPROBE:
	case RB_ATTACH_URETPROBE:
		return rb_attach_uprobe(obj, prog, &prog->link, err);
	case RB_ATTACH_KPROBE:
	case RB_ATTACH_KRETPROBE:
		/* Says so plainly when the kernel has no kprobes at all. */
		return rb_attach_kprobe(obj, prog, &prog->link, err);
	case RB_ATTACH_NONE:
		break;
	}
	return rb_fail(err, RB_ERR_KERNEL,
		       "program %s (section %s): rawbpf does not attach programs of kind %d yet",
		       prog->name, prog->section_name, (int)kind);
}

int rb_object_attach(struct rb_object *obj, struct rb_error *err)
{
	/* Attaching twice would leak the first links and run each program
	 * twice per event. */
	for (size_t i = 0; i < obj->program_count; i++)
		if (obj->programs[i].link)
			return rb_fail(err, RB_ERR_INPUT, "program %s is already attached",
				       obj->programs[i].name);
	for (size_t i = 0; i < obj->program_count; i++) {
		if (attach_one(obj, &obj->programs[i], err) == 0)
			continue;
		/* All or nothing: undo what is attached so far. */
		for (size_t j = 0; j <= i; j++) {
			rb_link_destroy(obj, obj->programs[j].link);
			obj->programs[j].link = NULL;
		}
		return -1;
	}
	return 0;
}

int rb_link_new(enum rb_attach_kind kind, int fd, struct rb_link **out, struct rb_error *err)
{
	struct rb_link *link = calloc(1, sizeof(*link));

	if (!link) {
		close(fd);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	link->kind = kind;
	link->fd = fd;
	*out = link;
	return 0;
}

/* Why the kernel may refuse PERF_EVENT_IOC_SET_BPF (perf_event_set_bpf_prog
 * in kernel/events/core.c and perf_event_attach_bpf_prog). */
static const char *set_bpf_hint(int errnum)
{
	switch (errnum) {
	case EINVAL: return " (does the program type match the hook?)";
	case EEXIST: return " (the program is already attached to this hook)";
	}
	return "";
}

int rb_attach_perf_event(struct rb_object *obj, struct rb_program *prog, int fd,
			 const char *what, struct rb_link **out, struct rb_error *err)
{
	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog->fd) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: attaching to %s (PERF_EVENT_IOC_SET_BPF) failed%s",
				     prog->name, what, set_bpf_hint(e));
	}
	rb_narrate(&obj->narrator, "ioctl(fd %d, PERF_EVENT_IOC_SET_BPF, prog fd %d) = 0", fd, prog->fd);
	/* The program runs from here on, until the fd is closed. */
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: PERF_EVENT_IOC_ENABLE on %s failed", prog->name, what);
	}
	rb_narrate(&obj->narrator, "ioctl(fd %d, PERF_EVENT_IOC_ENABLE) = 0", fd);
	return rb_link_new(prog->def->attach, fd, out, err);
}

void rb_link_destroy(struct rb_object *obj, struct rb_link *link)
{
	if (!link)
		return;
	if (link->fd >= 0) {
		close(link->fd);
		rb_narrate(&obj->narrator, "detach: close(fd %d)", link->fd);
	}
	if (link->probe_event) {
		rb_probe_event_remove(obj, link->probe_event);
		free(link->probe_event);
	}
	free(link);
}
