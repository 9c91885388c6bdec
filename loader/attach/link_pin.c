/* Pinning an attachment. Only a BPF link (an fd from BPF_LINK_CREATE or
 * BPF_RAW_TRACEPOINT_OPEN, Linux 5.7+ for pinning: bpf_link_prime() makes
 * it a bpffs-pinnable file) can be pinned, and then the program stays
 * attached while the pin lives. A perf event fd (how tracepoints, kprobes
 * and uprobes are attached here) is no BPF object: BPF_OBJ_PIN refuses it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"

int rb_link_fd(const struct rb_link *link)
{
	return link ? link->fd : -1;
}

int rb_link_pin(const struct rb_link *link, const char *path, const struct rb_pin_opts *opts,
		struct rb_error *err)
{
	char target[64], proc[64];
	ssize_t n;

	if (!link || link->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: this attachment has no fd to pin", path);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", link->fd);
	n = readlink(proc, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	/* bpf_link_prime() names a new link's file "bpf_link", bpf_link_new_fd()
	 * (BPF_OBJ_GET, an id) "bpf-link" (kernel/bpf/syscall.c) */
	if (n > 0 && strcmp(target, "anon_inode:bpf_link") != 0 &&
	    strcmp(target, "anon_inode:bpf-link") != 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: this attachment (%s, a %s) is not a BPF "
			       "link and cannot be pinned: only raw_tp, tp_btf, fentry/fexit, LSM, "
			       "cgroup, netns and other link-based attachments can", path,
			       link->ops->name, target);
	return rb_obj_pin(link->fd, path, opts, err);
}
