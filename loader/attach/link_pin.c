/* Pinning an attachment. Only a BPF link (an fd from BPF_LINK_CREATE or
 * BPF_RAW_TRACEPOINT_OPEN, Linux 5.7+ for pinning: bpf_link_prime() makes
 * it a bpffs-pinnable file) can be pinned, and then the program stays
 * attached while the pin lives. A perf event fd (how tracepoints, kprobes
 * and uprobes are attached here) is no BPF object: BPF_OBJ_PIN refuses it. */
#include <unistd.h>

#include "attach.h"
#include "loader/kernel/kernel.h"

int rb_link_fd(const struct rb_link *link)
{
	return link ? link->fd : -1;
}

int rb_link_pin(const struct rb_link *link, const char *path, const struct rb_pin_opts *opts,
		struct rb_error *err)
{
	enum rb_kobj_kind kind = RB_KOBJ_LINK;

	if (!link || link->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: this attachment has no fd to pin", path);
	/* /proc/self/fd says what the fd is; when it cannot (no /proc), the
	 * kernel's BPF_OBJ_PIN still refuses what is no BPF object */
	if ((rb_fd_kind(link->fd, &kind) != 0 || kind != RB_KOBJ_LINK) &&
	    access("/proc/self/fd", F_OK) == 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: this attachment (%s) is not a BPF link and "
			       "cannot be pinned: only raw_tp, tp_btf, fentry/fexit, LSM, cgroup, "
			       "netns and other link-based attachments can", path, link->ops->name);
	return rb_obj_pin(link->fd, path, opts, err);
}
