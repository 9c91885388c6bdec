/* Attaching every program of an object, each by the kind its section names. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../uapi/linux/perf_event.h"
#include "attach.h"

static const char *kind_name(enum rb_attach_kind kind)
{
	switch (kind) {
	case RB_ATTACH_KPROBE: return "kprobe";
	case RB_ATTACH_KRETPROBE: return "kretprobe";
	case RB_ATTACH_UPROBE: return "uprobe";
	case RB_ATTACH_URETPROBE: return "uretprobe";
	case RB_ATTACH_RAW_TRACEPOINT: return "raw tracepoint";
	case RB_ATTACH_BTF_TRACING: return "BTF tracing";
	case RB_ATTACH_TRACEPOINT: return "tracepoint";
	case RB_ATTACH_NONE: break;
	}
	return "unattached";
}

static int attach_one(struct rb_object *obj, struct rb_program *prog, struct rb_error *err)
{
	enum rb_attach_kind kind = prog->def ? prog->def->attach : RB_ATTACH_NONE;

	switch (kind) {
	case RB_ATTACH_NONE:
		rb_trace(&obj->log, "program %s: loaded, not attached (section %s: %s)",
			 prog->name, prog->section_name,
			 prog->def && prog->def->note ? prog->def->note : "no attach point");
		return 0;
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
		return rb_attach_kprobe(obj, prog, &prog->link, err);
	default:
		break;
	}
	return rb_fail(err, RB_ERR_KERNEL,
		       "program %s (section %s): rawbpf does not attach %s programs yet",
		       prog->name, prog->section_name, kind_name(kind));
}

int rb_object_attach(struct rb_object *obj, struct rb_error *err)
{
	for (size_t i = 0; i < obj->program_count; i++) {
		if (attach_one(obj, &obj->programs[i], err) == 0)
			continue;
		/* Undo what is attached so far: all or nothing. */
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

int rb_attach_perf_event(struct rb_object *obj, struct rb_program *prog, int fd,
			 const char *what, struct rb_link **out, struct rb_error *err)
{
	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog->fd) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: attaching to %s (PERF_EVENT_IOC_SET_BPF) failed%s",
				     prog->name, what,
				     e == EINVAL ? " (does the program type match the hook?)" : "");
	}
	rb_trace(&obj->log, "ioctl(fd %d, PERF_EVENT_IOC_SET_BPF, prog fd %d) = 0", fd, prog->fd);
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: PERF_EVENT_IOC_ENABLE on %s failed", prog->name, what);
	}
	rb_trace(&obj->log, "ioctl(fd %d, PERF_EVENT_IOC_ENABLE) = 0", fd);
	return rb_link_new(prog->def->attach, fd, out, err);
}

/* Remove a probe event rawbpf created in tracefs ("kprobes/NAME" is removed
 * by writing "-:kprobes/NAME" to kprobe_events). */
static void remove_probe_event(struct rb_object *obj, const char *event)
{
	char path[320], cmd[300];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", obj->tracefs,
		 strncmp(event, "uprobes/", 8) == 0 ? "uprobe_events" : "kprobe_events");
	snprintf(cmd, sizeof(cmd), "-:%s\n", event);
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, cmd, strlen(cmd)) < 0)
		rb_trace(&obj->log, "removing probe event %s failed: %s", event, strerror(errno));
	close(fd);
}

void rb_link_destroy(struct rb_object *obj, struct rb_link *link)
{
	if (!link)
		return;
	if (link->fd >= 0) {
		close(link->fd);
		rb_trace(&obj->log, "detach: close(fd %d)", link->fd);
	}
	if (link->probe_event) {
		remove_probe_event(obj, link->probe_event);
		free(link->probe_event);
	}
	free(link);
}
