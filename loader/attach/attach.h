/* Attaching programs: what the providers share.
 *
 * A provider (struct rb_attach_provider in rawbpf.h; one per kind of hook,
 * each in its own file, named in providers.h) turns a program and a target
 * into an rb_link. A link carries its own detach operation, because not
 * every attachment is undone the same way: the kernel detaches a program
 * when the last fd of its attachment is closed (a perf event fd with the
 * program set on it, or a bpf link fd), so closing `fd` is the whole detach
 * for most kinds; a probe event made in tracefs must also be removed again
 * (probe_events.c); netlink and cgroup attachments are undone by a request
 * of their own, not by any close. */
#ifndef RAWBPF_ATTACH_H
#define RAWBPF_ATTACH_H

#include <stddef.h>

#include "loader/open/object.h"
#include "providers.h"

struct rb_link_ops {
	const char *name; /* "fd", "probe event": what the detach undoes */
	/* Undo the attachment in the kernel; rb_link_destroy() then frees.
	 * 0, or -1 when something stays (a tracefs probe event that could not
	 * be removed): err (which may be NULL) says what, and what to do. */
	int (*detach)(struct rb_link *link, struct rb_error *err);
};

/* The part every link has. A kind that needs more to undo itself puts a
 * struct rb_link first in a struct of its own (probe_events.c), so one
 * pointer is both, and rb_link_destroy() frees it whole. */
struct rb_link {
	const struct rb_link_ops *ops;
	int fd;                      /* perf event fd or bpf link fd; -1 when none */
	struct rb_narrator narrator; /* the object's, copied: a link may outlive
					the object (rb_program_attach) */
};

/* Closing the fd is the whole detach. */
extern const struct rb_link_ops rb_fd_link_ops;

/* A new link for prog's attachment `fd`, `size` bytes (sizeof(struct
 * rb_link), or of a struct beginning with one), zeroed past the common
 * part. On failure the fd is closed. */
int rb_link_new(const struct rb_program *prog, const struct rb_link_ops *ops, size_t size,
		int fd, struct rb_link **out, struct rb_error *err);
/* close(link->fd), narrated: rb_fd_link_ops's detach, and the first step
 * of the others'. */
void rb_link_close_fd(struct rb_link *link);

/* perf_event_open of trace event `id` (from tracefs) on every process:
 * a tracepoint, or a probe event created in tracefs. -1 and errno. */
int rb_perf_event_by_id(int id);

/* The perf type of the "kprobe" or "uprobe" PMU and its return-probe bit;
 * -1 when the kernel has no such PMU. */
int rb_probe_pmu(const char *pmu, int *type, int *ret_bit);
/* Which way to create a probe on PMU `pmu`, by obj->probe_mode and what the
 * kernel has: 1 the PMU (*type and *ret_bit set), 0 tracefs, -1 when the
 * mode asks for a PMU the kernel lacks. */
int rb_probe_use_pmu(const struct rb_object *obj, const struct rb_program *prog,
		     const char *pmu, int *type, int *ret_bit, struct rb_error *err);
/* perf_event_open on that PMU: a kprobe on function `target`, or a uprobe
 * on the file at path `target`, at `offset`; for a uprobe, `ref_ctr_offset`
 * (0: none) is the file offset of a USDT semaphore (below). -1 and errno. */
int rb_probe_pmu_open(int type, int ret_bit, int ret_probe, const char *target,
		      uint64_t offset, uint64_t ref_ctr_offset);
/* The config bit where the uprobe PMU takes a ref_ctr_offset (its format
 * file, "config:32-63"), or -1 when the kernel has none (before 4.20). */
int rb_uprobe_ref_ctr_shift(void);

/* A kprobe or a uprobe, however it is made (probe.c). */
struct rb_probe {
	const char *pmu;       /* "kprobe" or "uprobe"; its tracefs group is
				  "kprobes" or "uprobes" */
	int ret_probe;         /* on return (RB_SEC_RETURN_PROBE) */
	const char *target;    /* for the PMU: the function's name, or the file's path */
	uint64_t offset;       /*   and the offset in it */
	const char *location;  /* for tracefs: "FUNC+OFF" or "PATH:0xOFF" */
	const char *what;      /* for messages: "kprobe do_exit+0" */
	const char *open_hint; /* added to a failed perf_event_open's message
				  when errno is ENOENT or EINVAL, or NULL */
	/* uprobes: the file offset of a counter the kernel increments while
	 * the probe exists and decrements after (a USDT semaphore; Linux
	 * 4.20, "ref_ctr_offset"); 0: none. For tracefs, `location` must say
	 * it too: "PATH:0xOFF(0xREF)". */
	uint64_t ref_ctr_offset;
	/* Attach with a BPF cookie (bpf_get_attach_cookie(), Linux 5.15):
	 * BPF_LINK_CREATE on the perf event instead of PERF_EVENT_IOC_SET_BPF. */
	int with_cookie;
	uint64_t cookie;
};

/* Create `probe` the way obj->probe_mode and the kernel allow: on the PMU
 * (probe_pmu.c) or as a tracefs probe event (probe_events.c); then attach
 * prog to it. */
int rb_attach_probe(struct rb_program *prog, const struct rb_probe *probe,
		    struct rb_link **out, struct rb_error *err);

/* The tracefs way (probe_events.c): create probe event GROUP/rawbpf_NS_PID_PROG
 * ("kprobes" or "uprobes") at `location` ("FUNC+OFF" or "PATH:0xOFF"),
 * open it, attach the program; the link removes the event when destroyed.
 * `what` names the probe for messages. */
int rb_attach_probe_event(struct rb_object *obj, struct rb_program *prog, const char *group,
			  const struct rb_probe *probe, struct rb_link **out,
			  struct rb_error *err);
/* The program onto a probe's perf event *fd: PERF_EVENT_IOC_SET_BPF, or
 * with probe->with_cookie a bpf link (BPF_LINK_CREATE, BPF_PERF_EVENT,
 * perf_event.bpf_cookie), which then replaces the perf event's fd in *fd
 * (the link holds the event: closing the link's fd ends both). Enabled.
 * On failure *fd is closed. */
int rb_probe_attach_fd(const struct rb_program *prog, const struct rb_probe *probe, int *fd,
		       struct rb_error *err);
/* Remove probe event "kprobes/NAME" or "uprobes/NAME" from tracefs at
 * `tracefs`, narrated: 0, or -1 with err (may be NULL) naming the event
 * that stays and pointing at `rawbpf cleanup`. */
int rb_probe_event_remove(const struct rb_narrator *narrator, const char *tracefs,
			  const char *event, struct rb_error *err);
/* The same for tracefs at `tracefs`: 0, or -1 and errno (EBUSY: still in
 * use, ENOENT: no such event). */
int rb_probe_event_delete(const char *tracefs, const char *event);
/* "rawbpf_<pidns>_<pid>_<prog>" into buf[size], the program's characters
 * other than [A-Za-z0-9_] made '_', the program cut when it does not fit;
 * -1 when not even its first character fits (probe_names.c). */
int rb_probe_event_base_name(char *buf, size_t size, uint64_t pidns, int pid, const char *prog);

/* The common end of perf-event hooks (tracepoint, kprobe, uprobe): set the
 * program on the perf event fd and enable it. On failure the fd is closed.
 * `what` names the hook for messages. */
int rb_perf_event_set_bpf(const struct rb_program *prog, int fd, const char *what,
			  struct rb_error *err);
/* The same, then the fd wrapped in a link that closing it undoes. */
int rb_attach_perf_event(const struct rb_program *prog, int fd, const char *what,
			 struct rb_link **out, struct rb_error *err);

/* bpf(BPF_LINK_CREATE) of prog on `target_fd` (a cgroup directory, a
 * network namespace; 0 for LSM hooks, whose target is the BTF id given at
 * load) with `attach_type`, wrapped in a link that closing undoes
 * (bpf_link.c). `what` names the target for messages ("cgroup /sys/fs/
 * cgroup/app"); `hint`, or NULL, is added to the message when the kernel
 * says EINVAL (what an older kernel says of a command or attach type it
 * does not know, kernel/bpf/syscall.c, link_create()). The
 * caller keeps target_fd (the link holds what it needs of it). */
int rb_attach_bpf_link(struct rb_program *prog, int target_fd, uint32_t attach_type,
		       const char *what, const char *hint, struct rb_link **out,
		       struct rb_error *err);

/* bpf(BPF_LINK_CREATE) of prog on `target` (an fd, or an ifindex: the
 * kernel's union of target_fd and target_ifindex), `what` naming it for
 * the narration ("target fd 5 (cgroup /sys/fs/cgroup/app)", "target_ifindex
 * 1 (lo)"), with `attach_type` and `flags`. Both outcomes are narrated.
 * The link fd, or -1 with errno, for the caller to fail or fall back. */
int rb_bpf_link_create(const struct rb_program *prog, uint32_t target, uint32_t attach_type,
		       uint32_t flags, const char *what);

/* A uprobe's PATH as libbpf takes it (uprobe.c): one with a '/' as it is,
 * a library ("libc.so.6") from $LD_LIBRARY_PATH and the loader's
 * directories, else a command from $PATH; the full path into out[size].
 * `origin` (rb_target_origin()) is for the message. uprobe.c and usdt.c. */
int rb_uprobe_resolve_binary(const struct rb_program *prog, const char *origin, const char *name,
			     char *out, size_t size, struct rb_error *err);
/* The largest uprobe or USDT target rawbpf reads (its tables, to find the
 * symbol or the notes: open/read_elf_tables.c). Executables and libraries are rarely over a few
 * hundred MiB; 4 GiB (2 GiB where size_t has 32 bits) still admits
 * binaries with full debug info. */
#define RB_UPROBE_TARGET_MAX_SIZE ((size_t)1 << (sizeof(size_t) > 4 ? 32 : 31))

/* Where the target a provider was given comes from, for its messages:
 * "section kprobe/do_exit", or "target 'do_exit'" when
 * opts overrides the section's (rb_program_attach passes prog->target
 * itself otherwise). Written into buf[size], which is returned. */
const char *rb_target_origin(const struct rb_program *prog, const struct rb_attach_opts *opts,
			     char *buf, size_t size);


#endif
