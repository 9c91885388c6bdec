/* cgroup programs: cgroup_skb/ingress|egress, cgroup/sock_create,
 * cgroup/connect4, ... and sockops, on a cgroup v2 directory
 * (rb_attach_opts.cgroup, rawbpf run --cgroup DIR; by default the root of
 * the hierarchy, which every process is under).
 *
 *   open(DIR, O_RDONLY | O_DIRECTORY)                  the cgroup
 *   bpf(BPF_LINK_CREATE, prog, target_fd = that fd,    (Linux 5.7)
 *       attach_type = the section's, e.g. BPF_CGROUP_INET_EGRESS)
 * The program then runs for the sockets of every process in that cgroup
 * and its descendants. The attach type is the one the program was loaded
 * with (expected_attach_type): the kernel checks that they agree
 * (kernel/bpf/syscall.c, bpf_prog_attach_check_attach_type()).
 *
 * A link is a multi-program attachment (BPF_F_ALLOW_MULTI): it runs beside
 * what others attached to the same cgroup, and closing its fd detaches it,
 * also when rawbpf is killed. The older BPF_PROG_ATTACH would stay after a
 * SIGKILL until someone detached it; rawbpf does not use it. */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "attach.h"
#include "cgroup2.h"

static int attach_cgroup(struct rb_program *prog, const struct rb_attach_opts *opts,
			 struct rb_link **out, struct rb_error *err)
{
	char root[PATH_MAX], what[PATH_MAX + 16];
	const char *dir = opts->cgroup;
	int fd, ret;

	if (!dir) {
		if (rb_cgroup2_root(&prog->obj->narrator, prog->obj->policy, root, sizeof(root),
				    err))
			return -1;
		dir = root;
	}
	fd = rb_cgroup2_open(prog, dir, err);
	if (fd < 0)
		return -1;
	snprintf(what, sizeof(what), "cgroup %s", dir);
	ret = rb_attach_bpf_link(prog, fd, prog->expected_attach_type, what,
				 " (cgroup links need Linux 5.7 or later)", out, err);
	close(fd); /* the link holds the cgroup */
	return ret;
}

const struct rb_attach_provider rb_provider_cgroup = {
	.name = "cgroup",
	.options = RB_ATTACH_OPT_CGROUP,
	.attach = attach_cgroup,
};
