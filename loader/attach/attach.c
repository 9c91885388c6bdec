/* Attaching programs: each by the provider its section's row names, and
 * the pieces all providers share: the perf-event tail and the link.
 *
 * The providers (attach/tracepoint.c, attach/kprobe.c, attach/uprobe.c,
 * attach/raw_tp.c) each return one rb_link. rb_program_attach() checks what
 * every provider would otherwise check again (a provider exists, the program
 * is loaded, the options are ones it can use) and fills in the target.
 * rb_object_attach() is all or nothing: when one program cannot attach, the
 * ones attached before it are detached again, so a failed run leaves no
 * program running in the kernel. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "uapi/linux/bpf.h"
#include "uapi/linux/perf_event.h"
#include "attach.h"

/* The options of struct rb_attach_opts, for refusing those a provider
 * cannot use: given, it would be ignored, and the program would run
 * somewhere else than the caller asked. */
static int refuse_options(const struct rb_program *prog, const struct rb_attach_opts *opts,
			  struct rb_error *err)
{
	const struct rb_attach_provider *pv = prog->def->provider;
	const struct {
		unsigned bit;
		int given;
		const char *name, *why;
	} options[] = {
		{ RB_ATTACH_OPT_TARGET, opts->target != NULL, "target",
		  (prog->def->flags & RB_SEC_ATTACH_BTF)
			  ? "the target was chosen when the program loaded (its BTF id, "
			    "attach_btf_id), and only the section name gives it"
			  : "this kind of hook takes no target" },
		{ RB_ATTACH_OPT_IFACE, opts->iface != NULL, "iface",
		  "this kind of hook is not on a network interface" },
		{ RB_ATTACH_OPT_CGROUP, opts->cgroup != NULL, "cgroup",
		  "this kind of hook is not on a cgroup" },
		/* A cookie needs BPF_LINK_CREATE on the perf event (Linux 5.15),
		 * which rawbpf does not use yet: PERF_EVENT_IOC_SET_BPF has none. */
		{ RB_ATTACH_OPT_COOKIE, opts->cookie != 0, "cookie",
		  "rawbpf does not pass BPF cookies yet" },
		{ RB_ATTACH_OPT_XDP_MODE, opts->xdp_mode != RB_XDP_AUTO, "xdp_mode",
		  "only XDP programs have a mode" },
		{ RB_ATTACH_OPT_NETNS, opts->netns != NULL, "netns",
		  "this kind of hook is not on a network namespace" },
		{ RB_ATTACH_OPT_SAMPLE,
		  opts->event || opts->sample_freq || opts->sample_period,
		  "event/sample_freq/sample_period", "only perf_event programs sample" },
		{ RB_ATTACH_OPT_ITER_MAP, opts->iter_map != NULL, "iter_map",
		  "only iterators walk a map (iter/bpf_map_elem, ...)" },
	};

	if (opts->targets || opts->target_count)
		return rb_fail(err, RB_ERR_INPUT, "program %s: targets (a list by program) are "
			       "for rb_object_attach_opts(); one program takes `target`",
			       prog->fn.name);
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (options[i].given && !(pv->options & options[i].bit))
			return rb_fail(err, RB_ERR_INPUT,
				       "program %s (section %s): the %s provider cannot use "
				       "the %s option: %s", prog->fn.name, prog->fn.section_name,
				       pv->name, options[i].name, options[i].why);
	return 0;
}

/* A program whose section names no target where its kind needs one: a
 * type given at open (rb_open_opts.type_override, run --type) to a
 * section that implies none ("foo"), or a bare SEC("uprobe") /
 * SEC("kprobe"), whose target libbpf-tools' user space picks. The kinds
 * that attach somewhere take the place from the section name
 * (kprobe/FUNC, tracepoint/CAT/NAME); here only the caller can
 * (rb_attach_opts.target, .targets). */
static int type_gives_no_target(const struct rb_program *prog)
{
	/* A hook that takes no target (a socket filter, a cgroup program:
	 * the place is an option, --iface, --cgroup) needs none. */
	if (prog->def->provider && !(prog->def->provider->options & RB_ATTACH_OPT_TARGET))
		return 0;
	return !prog->target[0];
}

/* Is the program's type from --type rather than from its section? */
static int type_from_open(const struct rb_program *prog)
{
	return rb_section_def_find(prog->fn.section_name) != prog->def;
}

int rb_program_attach(struct rb_program *prog, const struct rb_attach_opts *opts,
		      struct rb_link **link, struct rb_error *err)
{
	struct rb_attach_opts given = { 0 };

	/* Writing over a link would lose the attachment it holds, which would
	 * then run until the process exits, with nothing left to detach it. */
	if (*link)
		return rb_fail(err, RB_ERR_INPUT, "program %s: the link to attach into already "
			       "holds an attachment: rb_link_destroy() it first (or pass an empty "
			       "one, NULL)", prog->fn.name);
	if (opts)
		given = *opts;
	if (!prog->def || !prog->def->provider)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s) is not attached by "
			       "rawbpf: %s", prog->fn.name, prog->fn.section_name,
			       !prog->def ? "the section name implies no program type"
			       : prog->def->note ? prog->def->note
			       : "its section table row has no attach provider");
	if (refuse_options(prog, &given, err))
		return -1;
	if (!given.target && type_gives_no_target(prog) && type_from_open(prog))
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): its type, %s, was given "
			       "at open (--type), and the section names no %s target: give one "
			       "(rb_attach_opts.target)", prog->fn.name, prog->fn.section_name,
			       prog->def->type_name, prog->def->provider->name);
	if (!given.target && type_gives_no_target(prog))
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): the section names no "
			       "%s target: give one (rb_attach_opts.target; rawbpf run --attach "
			       "%s=TARGET)", prog->fn.name, prog->fn.section_name,
			       prog->def->provider->name, prog->fn.name);
	if (prog->fd < 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "program %s is not loaded: rb_object_load() comes before "
			       "attaching it", prog->fn.name);
	if (!given.target)
		given.target = prog->target; /* rb_target_origin() tells them apart */
	return prog->def->provider->attach(prog, &given, link, err);
}

/* Is program `index` held by one of the object's program arrays (a
 * tail-call target, written at load from the map's initialiser)? Such a
 * program runs when its caller jumps to it; attaching it too would run it
 * twice, or fail where a hook takes one program (an interface's XDP). */
static int is_tail_call_target(const struct rb_object *obj, size_t index)
{
	for (size_t m = 0; m < obj->map_count; m++) {
		const struct rb_map *map = &obj->maps[m];

		if (map->type != BPF_MAP_TYPE_PROG_ARRAY)
			continue;
		for (size_t s = 0; s < map->slot_count; s++)
			if (map->slots[s].target == index)
				return 1;
	}
	return 0;
}

/* The options of `all` that program `prog`'s provider takes: each program
 * gets only the place-giving options that apply to its kind of hook, so an
 * object with a tracepoint and an XDP program attaches both with one
 * --iface. */
static struct rb_attach_opts options_for(const struct rb_program *prog,
					 const struct rb_attach_opts *all)
{
	unsigned takes = prog->def->provider->options;
	struct rb_attach_opts o = { 0 };

	if (takes & RB_ATTACH_OPT_IFACE)
		o.iface = all->iface;
	if (takes & RB_ATTACH_OPT_CGROUP)
		o.cgroup = all->cgroup;
	if (takes & RB_ATTACH_OPT_XDP_MODE)
		o.xdp_mode = all->xdp_mode;
	if (takes & RB_ATTACH_OPT_NETNS)
		o.netns = all->netns;
	if (takes & RB_ATTACH_OPT_ITER_MAP)
		o.iter_map = all->iter_map;
	if (takes & RB_ATTACH_OPT_SAMPLE) {
		o.event = all->event;
		o.sample_freq = all->sample_freq;
		o.sample_period = all->sample_period;
	}
	for (size_t i = 0; i < all->target_count; i++)
		if (strcmp(all->targets[i].program, prog->fn.name) == 0)
			o.target = all->targets[i].target; /* the last one given wins */
	return o;
}

/* Each of the targets by name must name a program of the object that is
 * loaded and whose kind takes a target: checked before anything is
 * attached, so that a typo attaches nothing. */
static int refuse_bad_targets(const struct rb_object *obj, const struct rb_attach_opts *all,
			      struct rb_error *err)
{
	for (size_t i = 0; i < all->target_count; i++) {
		const struct rb_program_target *t = &all->targets[i];
		const struct rb_program *prog = NULL;

		for (size_t p = 0; p < obj->program_count && !prog; p++)
			if (t->program && strcmp(obj->programs[p].fn.name, t->program) == 0)
				prog = &obj->programs[p];
		if (!prog || !t->target || !t->target[0])
			return rb_fail(err, RB_ERR_INPUT, !prog ? "a target for %s: %s has no program "
				       "of that name (rawbpf inspect lists them)" : "a target for %s: "
				       "the target is empty", t->program ? t->program : "(null)",
				       obj->path);
		if (!prog->autoload)
			return rb_fail(err, RB_ERR_INPUT, "a target for %s: the program is not "
				       "loaded (--skip, rb_program_set_autoload)", t->program);
		if (!prog->def || !prog->def->provider ||
		    !(prog->def->provider->options & RB_ATTACH_OPT_TARGET))
			return rb_fail(err, RB_ERR_INPUT, "a target for %s (section %s): %s",
				       t->program, prog->fn.section_name,
				       !prog->def || !prog->def->provider
					       ? "rawbpf does not attach this kind of program"
				       : (prog->def->flags & RB_SEC_ATTACH_BTF)
					       ? "the target was chosen when the program loaded "
						 "(its BTF id), and only the section name gives it"
					       : "this kind of hook takes no target");
	}
	return 0;
}

/* An option that no program of the object takes would be ignored: the
 * user asked for something that does not happen. */
static int refuse_unused_options(const struct rb_object *obj, const struct rb_attach_opts *all,
				 struct rb_error *err)
{
	const struct {
		unsigned bit;
		int given;
		const char *name;
	} options[] = {
		{ RB_ATTACH_OPT_IFACE, all->iface != NULL, "an interface (iface)" },
		{ RB_ATTACH_OPT_CGROUP, all->cgroup != NULL, "a cgroup" },
		{ RB_ATTACH_OPT_XDP_MODE, all->xdp_mode != RB_XDP_AUTO, "an XDP mode" },
		{ RB_ATTACH_OPT_NETNS, all->netns != NULL, "a network namespace (netns)" },
		{ RB_ATTACH_OPT_ITER_MAP, all->iter_map != NULL, "a map to iterate (iter_map)" },
		{ RB_ATTACH_OPT_SAMPLE, all->event || all->sample_freq || all->sample_period,
		  "a perf event to sample (event, sample_freq, sample_period)" },
	};

	if (all->target || all->cookie)
		return rb_fail(err, RB_ERR_INPUT, "a target or a cookie names one program's hook: "
			       "give it to that program (rb_program_attach, or rb_attach_opts."
			       "targets by name), not to the object");
	if (refuse_bad_targets(obj, all, err))
		return -1;
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		int used = 0;

		if (!options[i].given)
			continue;
		for (size_t p = 0; p < obj->program_count && !used; p++) {
			const struct rb_program *prog = &obj->programs[p];
			used = prog->autoload && prog->def && prog->def->provider &&
			       (prog->def->provider->options & options[i].bit);
		}
		if (!used)
			return rb_fail(err, RB_ERR_INPUT, "%s was given, but no program of %s "
				       "attaches to one", options[i].name, obj->path);
	}
	return 0;
}

int rb_object_attach_opts(struct rb_object *obj, const struct rb_attach_opts *opts,
			  struct rb_error *err)
{
	struct rb_attach_opts all = { 0 };

	if (opts)
		all = *opts;
	/* Attaching twice would leak the first links and run each program
	 * twice per event. */
	for (size_t i = 0; i < obj->program_count; i++)
		if (obj->programs[i].link)
			return rb_fail(err, RB_ERR_INPUT, "program %s is already attached",
				       obj->programs[i].fn.name);
	if (refuse_unused_options(obj, &all, err))
		return -1;
	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_program *prog = &obj->programs[i];
		struct rb_attach_opts mine = { 0 };

		if (!prog->autoload)
			continue; /* not loaded: rb_object_load() said so */
		if (prog->def && prog->def->provider)
			mine = options_for(prog, &all);
		if (!prog->def || !prog->def->provider ||
		    (!mine.target && type_gives_no_target(prog)) || is_tail_call_target(obj, i)) {
			/* Not an error: a tail call's target runs from its
			 * caller; a kprobe typed by --type needs a function
			 * no one named; some kinds have no provider yet. */
			rb_narrate(&obj->narrator, "program %s: loaded, not attached (section %s: %s)",
				   prog->fn.name, prog->fn.section_name,
				   prog->def && prog->def->provider && is_tail_call_target(obj, i)
					   ? "a program array holds it: it runs by tail call"
				   : prog->def && prog->def->note ? prog->def->note
				   : prog->def && prog->def->provider
					   ? "the type is from --type, and the section names no target"
					   : "the section name names no attach point");
			continue;
		}
		if (rb_program_attach(prog, &mine, &prog->link, err) == 0)
			continue;
		/* All or nothing: undo what is attached so far. What cannot
		 * be undone is added to the message: it stays after the run. */
		for (size_t j = 0; j < i; j++) {
			struct rb_error left;
			if (rb_link_destroy(obj->programs[j].link, &left) && err) {
				size_t used = strlen(err->msg);
				snprintf(err->msg + used, sizeof(err->msg) - used, "; and undoing "
					 "the attachments made before it: %s", left.msg);
			}
			obj->programs[j].link = NULL;
		}
		return -1;
	}
	return 0;
}

int rb_object_attach(struct rb_object *obj, struct rb_error *err)
{
	return rb_object_attach_opts(obj, NULL, err);
}

const char *rb_target_origin(const struct rb_program *prog, const struct rb_attach_opts *opts,
			     char *buf, size_t size)
{
	if (opts->target == prog->target)
		snprintf(buf, size, "section %s", prog->fn.section_name);
	else
		snprintf(buf, size, "target '%s'", opts->target);
	return buf;
}

void rb_link_close_fd(struct rb_link *link)
{
	if (link->fd < 0)
		return;
	close(link->fd);
	rb_narrate(&link->narrator, "detach: close(fd %d)", link->fd);
	link->fd = -1;
}

static int fd_link_detach(struct rb_link *link, struct rb_error *err)
{
	(void)err; /* close() of an fd the link owns: nothing can stay */
	rb_link_close_fd(link);
	return 0;
}

const struct rb_link_ops rb_fd_link_ops = {
	.name = "fd",
	.detach = fd_link_detach,
};

int rb_link_new(const struct rb_program *prog, const struct rb_link_ops *ops, size_t size,
		int fd, struct rb_link **out, struct rb_error *err)
{
	struct rb_link *link = calloc(1, size);

	if (!link) {
		close(fd);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	link->ops = ops;
	link->fd = fd;
	link->narrator = prog->obj->narrator;
	*out = link;
	return 0;
}

int rb_link_destroy(struct rb_link *link, struct rb_error *err)
{
	int ret;

	if (!link)
		return 0;
	ret = link->ops->detach(link, err);
	free(link);
	return ret;
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

int rb_perf_event_set_bpf(const struct rb_program *prog, int fd, const char *what,
			  struct rb_error *err)
{
	const struct rb_narrator *narrator = &prog->obj->narrator;

	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog->fd) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: attaching to %s (PERF_EVENT_IOC_SET_BPF) failed%s",
				     prog->fn.name, what, set_bpf_hint(e));
	}
	rb_narrate(narrator, "ioctl(fd %d, PERF_EVENT_IOC_SET_BPF, prog fd %d) = 0", fd, prog->fd);
	/* The program runs from here on, until the fd is closed. */
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: PERF_EVENT_IOC_ENABLE on %s failed", prog->fn.name, what);
	}
	rb_narrate(narrator, "ioctl(fd %d, PERF_EVENT_IOC_ENABLE) = 0", fd);
	return 0;
}

int rb_attach_perf_event(const struct rb_program *prog, int fd, const char *what,
			 struct rb_link **out, struct rb_error *err)
{
	if (rb_perf_event_set_bpf(prog, fd, what, err))
		return -1;
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}
