/* Attaching kprobes: SEC("kprobe/FUNC[+OFFSET]"), SEC("kretprobe/FUNC").
 *
 * The target is the function's name and an offset into it. The probe is
 * then made on the kprobe PMU (perf_event_open(type = the PMU's type,
 * config1 = the function's name, config2 = the offset, config = the
 * retprobe bit for a kretprobe)) or, without one, by writing
 * "p:kprobes/NAME FUNC+OFF" (or "r:..." for a return probe) to
 * kprobe_events: probe.c chooses, as for uprobes.
 *
 * This project's CI kernel has no kprobes (the error path is tested there);
 * `make vmtest` proves both ways on Debian's 6.1 and 6.12 kernels, and that
 * a kprobe on the PMU neither needs nor mounts tracefs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "tracefs.h"

/* A kernel built without CONFIG_KPROBES has neither the PMU nor tracefs's
 * kprobe_events. The PMU is looked for first, in sysfs: where it is, the
 * probe needs no tracefs at all, which is then neither looked up nor
 * mounted (RB_MOUNT_TRACEFS) for nothing, as for uprobes. Only without it
 * is tracefs needed: for kprobe_events, the fallback or the proof that
 * there are no kprobes. 1 when there are, 0 when not, -1 when tracefs
 * cannot be found to tell. */
static int kernel_has_kprobes(struct rb_object *obj, struct rb_error *err)
{
	const char *tracefs;
	char path[320];

	if (access("/sys/bus/event_source/devices/kprobe", F_OK) == 0)
		return 1;
	if (rb_tracefs_path(obj, &tracefs, err))
		return -1;
	snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
	return access(path, F_OK) == 0;
}

static int parse_target(const struct rb_program *prog, const struct rb_attach_opts *opts,
			int ret_probe, char *func, size_t size, unsigned long *offset,
			struct rb_error *err)
{
	const char *plus = strchr(opts->target, '+');
	char *end, origin[600];

	size_t len = plus ? (size_t)(plus - opts->target) : strlen(opts->target);

	rb_target_origin(prog, opts, origin, sizeof(origin));
	*offset = 0;
	if (len >= size) /* never probe a prefix of the name */
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s: the function name is "
			       "longer than %zu bytes", prog->fn.name, origin, size - 1);
	snprintf(func, size, "%.*s", (int)len, opts->target);
	if (!func[0])
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s names no function",
			       prog->fn.name, origin);
	if (plus) {
		*offset = strtoul(plus + 1, &end, 0);
		if (*end || ret_probe)
			return rb_fail(err, RB_ERR_INPUT, "program %s: %s: %s", prog->fn.name, origin,
				       ret_probe ? "a kretprobe takes no offset" : "bad offset");
	}
	return 0;
}

static int attach_kprobe(struct rb_program *prog, const struct rb_attach_opts *opts,
			 struct rb_link **out, struct rb_error *err)
{
	int ret_probe = (prog->def->flags & RB_SEC_RETURN_PROBE) != 0;
	char func[512], location[560], what[580];
	unsigned long offset = 0;
	struct rb_probe probe;
	int has;

	if (parse_target(prog, opts, ret_probe, func, sizeof(func), &offset, err))
		return -1;
	has = kernel_has_kprobes(prog->obj, err);
	if (has < 0)
		return -1;
	if (!has)
		return rb_fail(err, RB_ERR_KERNEL,
			       "program %s (section %s): this kernel has no kprobe support "
			       "(built without CONFIG_KPROBES: no kprobe PMU, no kprobe_events); "
			       "use a tracepoint (tracepoint/CATEGORY/NAME) or a raw tracepoint instead",
			       prog->fn.name, prog->fn.section_name);
	snprintf(location, sizeof(location), "%s+%lu", func, offset);
	snprintf(what, sizeof(what), "%s %s", ret_probe ? "kretprobe" : "kprobe", location);
	probe = (struct rb_probe){
		.pmu = "kprobe",
		.ret_probe = ret_probe,
		.target = func,
		.offset = offset,
		.location = location,
		.what = what,
		.open_hint = " (is the function in /proc/kallsyms, and not inlined or blacklisted?)",
	};
	return rb_attach_probe(prog, &probe, out, err);
}

/* kprobe/FUNC[+OFFSET] and kretprobe/FUNC (RB_SEC_RETURN_PROBE). */
const struct rb_attach_provider rb_provider_kprobe = {
	.name = "kprobe",
	.options = RB_ATTACH_OPT_TARGET,
	.attach = attach_kprobe,
};
