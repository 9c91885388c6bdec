/* Raw tracepoints and BTF tracing programs: attached with one command,
 * BPF_RAW_TRACEPOINT_OPEN, which returns an fd that holds the attachment
 * (closing it detaches).
 *
 *   raw_tracepoint/NAME, raw_tp/NAME   name = "NAME": the program gets the
 *       tracepoint's raw arguments (u64 args[]), with no tracefs involved;
 *   tp_btf/NAME, fentry/FUNC, fexit/FUNC   name = NULL: the target was
 *       already named at load time, by its BTF id (attach_btf_id). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/kernel/bpf_syscall.h"

int rb_attach_raw_tracepoint(struct rb_object *obj, struct rb_program *prog,
			     struct rb_link **out, struct rb_error *err)
{
	int btf_tracing = prog->def->attach == RB_ATTACH_BTF_TRACING;
	union bpf_attr attr;
	int fd;

	if (!btf_tracing && !prog->target[0])
		return rb_fail(err, RB_ERR_INPUT, "program %s: section %s names no raw tracepoint",
			       prog->name, prog->section_name);
	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = btf_tracing ? 0 : rb_ptr(prog->target);
	attr.raw_tracepoint.prog_fd = (__u32)prog->fd;
	fd = rb_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "program %s: attaching to %s %s (BPF_RAW_TRACEPOINT_OPEN) failed%s",
				     prog->name, btf_tracing ? prog->def->type_name : "raw tracepoint",
				     prog->target,
				     errno == ENOENT ? " (no such tracepoint on this kernel)" : "");
	rb_narrate(&obj->narrator, "attach %s: bpf(BPF_RAW_TRACEPOINT_OPEN, %s, prog fd %d) = fd %d",
		 prog->name, btf_tracing ? "(by BTF id)" : prog->target, prog->fd, fd);
	return rb_link_new(prog->def->attach, fd, out, err);
}
