/* Attaching programs: one provider per kind of hook.
 *
 * A provider turns (program, target from the section name) into an rb_link;
 * destroying the link detaches. The kernel detaches a program when the last
 * fd of its attachment is closed (a perf event fd with the program set on it,
 * or a bpf link fd), so closing `fd` is the whole detach for most kinds.
 * Kinds that create a tracefs probe event (legacy kprobe/uprobe) also remove
 * that event, so nothing is left behind. */
#ifndef RAWBPF_ATTACH_H
#define RAWBPF_ATTACH_H

#include "loader/rawbpf.h"

struct rb_link {
	enum rb_attach_kind kind;
	int fd;            /* perf event fd or bpf link fd; -1 when none */
	char *probe_event; /* "kprobes/NAME" or "uprobes/NAME" created in tracefs
			      by rawbpf, to be removed on detach; NULL otherwise */
};

/* tracepoint/CATEGORY/NAME and tp/CATEGORY/NAME */
int rb_attach_tracepoint(struct rb_object *obj, struct rb_program *prog,
			 struct rb_link **out, struct rb_error *err);

/* perf_event_open of trace event `id` (from tracefs) on every process:
 * a tracepoint, or a probe event created in tracefs. -1 and errno. */
int rb_perf_event_by_id(int id);

/* raw_tracepoint/NAME, raw_tp/NAME, and tp_btf/, fentry/, fexit/ */
int rb_attach_raw_tracepoint(struct rb_object *obj, struct rb_program *prog,
			     struct rb_link **out, struct rb_error *err);

/* uprobe/PATH:SYMBOL[+OFFSET], uretprobe/PATH:SYMBOL */
int rb_attach_uprobe(struct rb_object *obj, struct rb_program *prog,
		     struct rb_link **out, struct rb_error *err);

/* kprobe/FUNC[+OFFSET], kretprobe/FUNC */
int rb_attach_kprobe(struct rb_object *obj, struct rb_program *prog,
		     struct rb_link **out, struct rb_error *err);

/* The perf type of the "kprobe" or "uprobe" PMU and its return-probe bit;
 * -1 when the kernel has no such PMU. */
int rb_probe_pmu(const char *pmu, int *type, int *ret_bit);
/* Which way to create a probe on PMU `pmu`, by obj->probe_mode and what the
 * kernel has: 1 the PMU (*type and *ret_bit set), 0 tracefs, -1 when the
 * mode asks for a PMU the kernel lacks. */
int rb_probe_use_pmu(const struct rb_object *obj, const struct rb_program *prog,
		     const char *pmu, int *type, int *ret_bit, struct rb_error *err);
/* perf_event_open on that PMU: a kprobe on function `target`, or a uprobe
 * on the file at path `target`, at `offset`. -1 and errno. */
int rb_probe_pmu_open(int type, int ret_bit, int ret_probe, const char *target,
		      uint64_t offset);

/* The tracefs way (probe_events.c): create probe event GROUP/rawbpf_NS_PID_PROG
 * ("kprobes" or "uprobes") at `location` ("FUNC+OFF" or "PATH:0xOFF"),
 * open it, attach the program; the link removes the event when destroyed.
 * `what` names the probe for messages. */
int rb_attach_probe_event(struct rb_object *obj, struct rb_program *prog, const char *group,
			  int ret_probe, const char *location, const char *what,
			  struct rb_link **out, struct rb_error *err);
/* Remove probe event "kprobes/NAME" or "uprobes/NAME" (obj->tracefs is set). */
void rb_probe_event_remove(struct rb_object *obj, const char *event);
/* The same for tracefs at `tracefs`: 0, or -1 and errno (EBUSY: still in
 * use, ENOENT: no such event). */
int rb_probe_event_delete(const char *tracefs, const char *event);
/* "rawbpf_<pidns>_<pid>_<prog>" into buf[size], the program's characters
 * other than [A-Za-z0-9_] made '_', the program cut when it does not fit;
 * -1 when not even its first character fits (probe_names.c). */
int rb_probe_event_base_name(char *buf, size_t size, uint64_t pidns, int pid, const char *prog);

/* Wrap an attachment fd in a new link; on failure the fd is closed. */
int rb_link_new(enum rb_attach_kind kind, int fd, struct rb_link **out, struct rb_error *err);

/* The common end of perf-event hooks (tracepoint, kprobe, uprobe): set the
 * program on the perf event fd, enable it, wrap it in a link. On failure
 * the fd is closed. `what` names the hook for messages. */
int rb_attach_perf_event(struct rb_object *obj, struct rb_program *prog, int fd,
			 const char *what, struct rb_link **out, struct rb_error *err);

/* Detach and free; NULL is fine. */
void rb_link_destroy(struct rb_object *obj, struct rb_link *link);

#endif
