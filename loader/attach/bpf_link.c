/* BPF_LINK_CREATE: the one command behind cgroup, network-namespace and
 * LSM attachments (cgroup.c, netns.c, lsm.c).
 *
 * The kernel returns a bpf link fd that holds the attachment: closing it
 * (by rawbpf, or by the kernel when the process dies, even by SIGKILL)
 * detaches the program, so nothing outlives the run. Links came in Linux
 * 5.7 (cgroups), 5.8 (flow dissector), 5.9 (sk_lookup), 5.10 (LSM and
 * tracing: kernel/bpf/syscall.c, link_create()). */
#include <errno.h>
#include <string.h>

#include "attach.h"
#include "loader/kernel/bpf_syscall.h"

int rb_attach_bpf_link(struct rb_program *prog, int target_fd, uint32_t attach_type,
		       const char *what, const char *hint, struct rb_link **out,
		       struct rb_error *err)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (__u32)prog->fd;
	attr.link_create.target_fd = (__u32)target_fd;
	attr.link_create.attach_type = attach_type;
	fd = rb_bpf(BPF_LINK_CREATE, &attr);
	if (fd < 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "program %s (section %s): attaching to %s (BPF_LINK_CREATE, "
				     "attach type %u) failed%s", prog->fn.name,
				     prog->fn.section_name, what, attach_type,
				     e == EINVAL && hint ? hint
				     : e == EEXIST ? " (this hook takes one program, and holds one "
						     "already: a flow dissector, say)" : "");
	}
	rb_narrate(&prog->obj->narrator,
		   "attach %s: bpf(BPF_LINK_CREATE, prog fd %d, target fd %d (%s), attach type %u) "
		   "= link fd %d", prog->fn.name, prog->fd, target_fd, what, attach_type, fd);
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}
