/* BPF_LINK_CREATE: the one command behind cgroup, network-namespace, LSM
 * and interface (XDP, tcx) attachments: rb_bpf_link_create() makes the
 * call and narrates it for all of them (cgroup.c, netns.c, lsm.c,
 * netdev.c), rb_attach_bpf_link() also fails or wraps the fd in a link.
 *
 * The kernel returns a bpf link fd that holds the attachment: closing it
 * (by rawbpf, or by the kernel when the process dies, even by SIGKILL)
 * detaches the program, so nothing outlives the run. Links came in Linux
 * 5.7 (cgroups), 5.8 (flow dissector), 5.9 (sk_lookup), 5.10 (LSM and
 * tracing: kernel/bpf/syscall.c, link_create()). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "loader/kernel/bpf_syscall.h"

int rb_bpf_link_create(const struct rb_program *prog, uint32_t target, uint32_t attach_type,
		       uint32_t flags, const char *what)
{
	union bpf_attr attr;
	int fd, e;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (__u32)prog->fd;
	attr.link_create.target_fd = target; /* or target_ifindex: one union */
	attr.link_create.attach_type = attach_type;
	attr.link_create.flags = flags;
	fd = rb_bpf(BPF_LINK_CREATE, &attr);
	e = errno;
	if (fd >= 0)
		rb_narrate(&prog->obj->narrator, "attach %s: bpf(BPF_LINK_CREATE, prog fd %d, %s, %s, "
			   "flags %#x) = link fd %d", prog->fn.name, prog->fd, what,
			   rb_attach_type_name(attach_type), flags, fd);
	else
		rb_narrate(&prog->obj->narrator, "attach %s: bpf(BPF_LINK_CREATE, prog fd %d, %s, %s, "
			   "flags %#x) = -1 (%s)", prog->fn.name, prog->fd, what,
			   rb_attach_type_name(attach_type), flags, strerror(e));
	errno = e;
	return fd;
}

int rb_attach_bpf_link(struct rb_program *prog, int target_fd, uint32_t attach_type,
		       const char *what, const char *hint, struct rb_link **out,
		       struct rb_error *err)
{
	char target[700];
	int fd;

	snprintf(target, sizeof(target), "target fd %d (%s)", target_fd, what);
	fd = rb_bpf_link_create(prog, (uint32_t)target_fd, attach_type, 0, target);
	if (fd < 0) {
		int e = errno;
		/* EEXIST: a hook that takes one program holds one already (a
		 * namespace's flow dissector); on a cgroup, this very program
		 * is attached there already (a cgroup takes a program once per
		 * attach type: __cgroup_bpf_attach(), kernel/bpf/cgroup.c) */
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s (section %s): attaching to %s (BPF_LINK_CREATE, "
				     "%s) failed%s", prog->fn.name, prog->fn.section_name, what,
				     rb_attach_type_name(attach_type),
				     e == EINVAL && hint ? hint
				     : e != EEXIST ? ""
				     : prog->def && prog->def->provider &&
						       (prog->def->provider->options & RB_ATTACH_OPT_CGROUP)
					     ? " (this program is attached to that cgroup already)"
					     : " (this hook takes one program, and holds one already)");
	}
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}
