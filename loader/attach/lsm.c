/* BPF LSM programs: SEC("lsm/HOOK"), and SEC("lsm.s/HOOK") sleepable.
 *
 * A program of type BPF_PROG_TYPE_LSM (Linux 5.7) is loaded for one hook,
 * named by the BTF id of the kernel's empty function bpf_lsm_HOOK
 * (attach_btf_id, expected attach type BPF_LSM_MAC: kernel/vmlinux_btf.c),
 * and attached to it with
 *   bpf(BPF_LINK_CREATE, prog, target_fd 0, attach_type BPF_LSM_MAC)
 * (Linux 5.10), or on older kernels BPF_RAW_TRACEPOINT_OPEN with no name,
 * which attaches a program loaded for a BTF id the same way. Either fd is
 * the attachment: closing it detaches, also when rawbpf is killed.
 *
 * The kernel calls bpf_lsm_HOOK only when bpf is one of its active LSMs
 * (kernel/lsm_active.c); otherwise the program would attach and never run,
 * so rawbpf refuses to attach it when it can tell. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "loader/kernel/bpf_syscall.h"
#include "loader/kernel/kernel.h"

static int attach_lsm(struct rb_program *prog, const struct rb_attach_opts *opts,
		      struct rb_link **out, struct rb_error *err)
{
	char what[600], list[512], hint[700];
	const char *source;
	union bpf_attr attr;
	int active = rb_lsm_bpf_active(list, sizeof(list), &source), fd, e;

	if (active == 0)
		return rb_fail(err, RB_ERR_KERNEL, "program %s (section %s): the hook would never "
			       "run: %s", prog->fn.name, prog->fn.section_name,
			       rb_lsm_hint(hint, sizeof(hint), 0) + 1);
	if (active < 0)
		rb_narrate(&prog->obj->narrator, "program %s: cannot tell whether bpf is an active "
			   "LSM (securityfs is not mounted, and the kernel command line has no "
			   "lsm=): if the program never runs, see /sys/kernel/security/lsm",
			   prog->fn.name);
	else
		rb_narrate(&prog->obj->narrator, "program %s: bpf is an active LSM (%s: %s)",
			   prog->fn.name, source, list);
	snprintf(what, sizeof(what), "LSM hook %s", opts->target);
	{
		char target[sizeof(what) + 40];

		/* target 0: the hook is the program's, named at load by BTF id */
		snprintf(target, sizeof(target), "target 0 (%s, by BTF id)", what);
		fd = rb_bpf_link_create(prog, 0, BPF_LSM_MAC, 0, target);
	}
	if (fd >= 0)
		return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
	e = errno;
	if (e != EINVAL)
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s (section %s): "
				     "attaching to %s (BPF_LINK_CREATE) failed%s", prog->fn.name,
				     prog->fn.section_name, what, rb_lsm_hint(hint, sizeof(hint), e));
	/* Before 5.10 link_create() knew no LSM programs: EINVAL. */
	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.prog_fd = (__u32)prog->fd;
	fd = rb_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
	e = errno;
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s (section %s): "
				     "attaching to %s (BPF_LINK_CREATE, then BPF_RAW_TRACEPOINT_OPEN) "
				     "failed%s", prog->fn.name, prog->fn.section_name, what,
				     rb_lsm_hint(hint, sizeof(hint), e));
	rb_narrate(&prog->obj->narrator, "attach %s: bpf(BPF_LINK_CREATE) said EINVAL (before "
		   "Linux 5.10); bpf(BPF_RAW_TRACEPOINT_OPEN, by BTF id, prog fd %d) = fd %d (%s)",
		   prog->fn.name, prog->fd, fd, what);
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}

/* lsm/HOOK, lsm.s/HOOK (RB_SEC_ATTACH_BTF) */
const struct rb_attach_provider rb_provider_lsm = {
	.name = "lsm",
	.options = 0,
	.attach = attach_lsm,
};
