/* Raw tracepoints and BTF tracing programs: attached with one command,
 * BPF_RAW_TRACEPOINT_OPEN, which returns an fd that holds the attachment
 * (closing it detaches).
 *
 *   raw_tracepoint/NAME, raw_tp/NAME   name = "NAME": the program gets the
 *       tracepoint's raw arguments (u64 args[]), with no tracefs involved;
 *   tp_btf/NAME, fentry/FUNC, fexit/FUNC   name = NULL: the target was
 *       already named at load time, by its BTF id (attach_btf_id). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/kernel/bpf_syscall.h"

/* BTF tracing programs are open without a name: the kernel takes the
 * target from the program (its attach_btf_id). */
static int raw_tracepoint_open(struct rb_program *prog, const char *name, const char *what,
			       struct rb_link **out, struct rb_error *err)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = name ? rb_ptr(name) : 0;
	attr.raw_tracepoint.prog_fd = (__u32)prog->fd;
	fd = rb_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
	if (fd < 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s: attaching to %s (BPF_RAW_TRACEPOINT_OPEN) failed%s",
				     prog->fn.name, what,
				     e == ENOENT ? " (no such tracepoint on this kernel)" : "");
	}
	rb_narrate(&prog->obj->narrator,
		   "attach %s: bpf(BPF_RAW_TRACEPOINT_OPEN, %s, prog fd %d) = fd %d", prog->fn.name,
		   name ? name : "(by BTF id)", prog->fd, fd);
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}

static int attach_raw_tp(struct rb_program *prog, const struct rb_attach_opts *opts,
			 struct rb_link **out, struct rb_error *err)
{
	char what[600], origin[600];

	if (!opts->target[0])
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s names no raw tracepoint",
			       prog->fn.name, rb_target_origin(prog, opts, origin, sizeof(origin)));
	snprintf(what, sizeof(what), "raw tracepoint %s", opts->target);
	return raw_tracepoint_open(prog, opts->target, what, out, err);
}

/* The target is fixed at load: rb_program_attach() refuses another one
 * (this provider does not take RB_ATTACH_OPT_TARGET). */
static int attach_btf_tracing(struct rb_program *prog, const struct rb_attach_opts *opts,
			      struct rb_link **out, struct rb_error *err)
{
	char what[600];

	snprintf(what, sizeof(what), "%s %s", prog->def->type_name, opts->target);
	return raw_tracepoint_open(prog, NULL, what, out, err);
}

/* raw_tracepoint/NAME, raw_tp/NAME */
const struct rb_attach_provider rb_provider_raw_tp = {
	.name = "raw_tracepoint",
	.options = RB_ATTACH_OPT_TARGET,
	.attach = attach_raw_tp,
};

/* tp_btf/NAME, fentry/FUNC, fexit/FUNC (RB_SEC_ATTACH_BTF) */
const struct rb_attach_provider rb_provider_btf_tracing = {
	.name = "btf_tracing",
	.options = 0,
	.attach = attach_btf_tracing,
};
