/* XDP programs (SEC("xdp"), SEC("xdp/..."), --type xdp) on a network
 * interface (rb_attach_opts.iface, rawbpf run --iface NAME).
 *
 * Two ways, chosen by rb_open_opts.net_mode (netdev.h):
 *   a bpf link: BPF_LINK_CREATE with attach type BPF_XDP and target_ifindex
 *       (Linux 5.9, net/core/dev.c bpf_xdp_link_attach). The link fd holds
 *       the attachment: closing it, or the process dying, detaches.
 *   netlink: RTM_SETLINK with IFLA_XDP { IFLA_XDP_FD, IFLA_XDP_FLAGS }
 *       (net/core/rtnetlink.c do_setlink, dev_change_xdp_fd). The program
 *       then belongs to the interface, not to rawbpf: it stays until it is
 *       removed, by rawbpf at teardown or by hand after a SIGKILL
 *       (`ip link set dev IFACE xdp off`).
 * Either way rawbpf never replaces someone else's program: a link is
 * refused (EBUSY) where a program is attached, and the netlink request
 * says XDP_FLAGS_UPDATE_IF_NOEXIST; the netlink detach names the program
 * it expects (IFLA_XDP_EXPECTED_FD), so it removes only its own. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netdev.h"
#include "netlink.h"
#include "uapi/linux/if_link.h"
#include "uapi/linux/rtnetlink.h"

struct xdp_netlink_link {
	struct rb_link link; /* fd: a dup of the program's fd, which the detach names */
	int ifindex;
	uint32_t mode;       /* XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE or 0 */
	char iface[IF_NAMESIZE];
	char prog[RB_NETDEV_PROG_NAME];
};

static uint32_t mode_flags(enum rb_xdp_mode mode)
{
	return mode == RB_XDP_SKB ? XDP_FLAGS_SKB_MODE
	       : mode == RB_XDP_NATIVE ? XDP_FLAGS_DRV_MODE : 0;
}

static const char *mode_name(uint32_t mode)
{
	return mode == XDP_FLAGS_SKB_MODE ? "skb" : mode == XDP_FLAGS_DRV_MODE ? "native"
	       : "auto";
}

/* What the kernel's refusal means here (dev_xdp_attach, net/core/dev.c). */
static const char *hint(int errnum, uint32_t mode, char *buf, size_t size, const char *iface)
{
	switch (errnum) {
	case EBUSY:
		snprintf(buf, size, " (another XDP program is attached to %s: rawbpf does not "
			 "replace it; `ip link show dev %s` names it, `ip link set dev %s xdp "
			 "off` removes it)", iface, iface, iface);
		break;
	case EEXIST:
		snprintf(buf, size, " (an XDP program in the other mode is attached to %s)", iface);
		break;
	case EOPNOTSUPP:
		snprintf(buf, size, mode == XDP_FLAGS_DRV_MODE
			 ? " (the driver of %s has no native XDP: use skb mode, "
			   "rb_attach_opts.xdp_mode RB_XDP_SKB, rawbpf run --xdp-mode skb)"
			 : " (%s cannot run XDP programs)", iface);
		break;
	case EINVAL:
		snprintf(buf, size, " (a kernel before 5.9 has no XDP links: "
			 "rb_open_opts.net_mode RB_NET_AUTO or RB_NET_NETLINK, rawbpf run "
			 "--net-mode auto|netlink, attaches through netlink)");
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}

/* RTM_SETLINK ifindex IFLA_XDP { IFLA_XDP_FD fd, [IFLA_XDP_EXPECTED_FD
 * expected,] IFLA_XDP_FLAGS flags }: 0, 1 refused (reply), -1 (err). */
static int set_link_xdp(const struct rb_narrator *narrator, int ifindex, const char *iface,
			int fd, int expected, uint32_t flags, struct rb_nl_reply *reply,
			struct rb_error *err)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct rb_nl_req req;
	char what[200];
	size_t nest;

	rb_nl_req_init(&req, RTM_SETLINK, 0, &ifi, sizeof(ifi));
	nest = rb_nl_nest_begin(&req, IFLA_XDP);
	rb_nl_put_s32(&req, IFLA_XDP_FD, fd);
	if (flags & XDP_FLAGS_REPLACE)
		rb_nl_put_s32(&req, IFLA_XDP_EXPECTED_FD, expected);
	rb_nl_put_u32(&req, IFLA_XDP_FLAGS, flags);
	rb_nl_nest_end(&req, nest);
	if (flags & XDP_FLAGS_REPLACE)
		snprintf(what, sizeof(what), "RTM_SETLINK %s (ifindex %d) IFLA_XDP {fd %d, "
			 "expected fd %d, flags %#x}", iface, ifindex, fd, expected, flags);
	else
		snprintf(what, sizeof(what), "RTM_SETLINK %s (ifindex %d) IFLA_XDP {fd %d, "
			 "flags %#x}", iface, ifindex, fd, flags);
	return rb_nl_talk(narrator, &req, what, reply, err);
}

/* Remove the program, if it is still ours: fd -1, expecting our program
 * (XDP_FLAGS_REPLACE with IFLA_XDP_EXPECTED_FD, Linux 5.7). */
static int netlink_detach(struct rb_link *link, struct rb_error *err)
{
	struct xdp_netlink_link *x = (struct xdp_netlink_link *)link;
	struct rb_nl_reply reply = { 0 };
	char said[300];
	int ret;

	ret = set_link_xdp(&link->narrator, x->ifindex, x->iface, -1, link->fd,
			   x->mode | XDP_FLAGS_REPLACE, &reply, err);
	rb_link_close_fd(link);
	if (ret <= 0)
		return ret;
	/* ENODEV: no interface of this index in rawbpf's namespace any more.
	 * Deleted (with its namespace, say), the program went with it; moved
	 * to another namespace, it keeps the program, attached there, where
	 * rawbpf cannot name it: said, not failed, as neither is rawbpf's to
	 * undo from here. */
	if (reply.error == ENODEV) {
		rb_narrate(&link->narrator, "detach %s: %s (ifindex %d) is not in this network "
			   "namespace any more: deleted, its XDP program went with it; moved to "
			   "another namespace, the program is still attached to it there", x->prog,
			   x->iface, x->ifindex);
		return 0;
	}
	/* EEXIST: another program is attached now, which is not rawbpf's to remove */
	if (reply.error == EEXIST) {
		rb_narrate(&link->narrator, "detach %s: the XDP program on %s is not rawbpf's "
			   "any more: left as it is", x->prog, x->iface);
		return 0;
	}
	return rb_fail_errno(err, RB_ERR_KERNEL, reply.error, "program %s: removing its XDP "
			     "program from %s (netlink RTM_SETLINK IFLA_XDP) failed%s; it stays "
			     "attached: `ip link set dev %s xdp off` removes it", x->prog, x->iface,
			     rb_nl_said(&reply, said, sizeof(said)), x->iface);
}

static const struct rb_link_ops netlink_link_ops = {
	.name = "netlink XDP",
	.detach = netlink_detach,
};

static int netlink_attach(struct rb_program *prog, int ifindex, const char *iface,
			  uint32_t mode, struct rb_link **out, struct rb_error *err)
{
	struct rb_nl_reply reply = { 0 };
	struct xdp_netlink_link *x;
	char said[300], why[300];
	int ret, fd;

	ret = set_link_xdp(&prog->obj->narrator, ifindex, iface, prog->fd, -1,
			   mode | XDP_FLAGS_UPDATE_IF_NOEXIST, &reply, err);
	if (ret < 0)
		return -1;
	if (ret > 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, reply.error, "program %s (section %s): "
				     "attaching XDP to %s in %s mode (netlink RTM_SETLINK "
				     "IFLA_XDP) failed%s%s", prog->fn.name, prog->fn.section_name,
				     iface, mode_name(mode), rb_nl_said(&reply, said, sizeof(said)),
				     reply.error == EINVAL ? "" : hint(reply.error, mode, why,
								       sizeof(why), iface));
	/* The detach names this program; the link keeps its own fd for it,
	 * since the object (and the program's fd) may go first. */
	fd = fcntl(prog->fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0 || rb_link_new(prog, &netlink_link_ops, sizeof(*x), fd, out, err)) {
		struct rb_nl_reply undo = { 0 };
		int e = errno;

		set_link_xdp(&prog->obj->narrator, ifindex, iface, -1, prog->fd,
			     mode | XDP_FLAGS_REPLACE, &undo, NULL);
		return fd < 0 ? rb_fail_errno(err, RB_ERR_SYSTEM, e, "program %s: dup of its fd",
					      prog->fn.name) : -1;
	}
	x = (struct xdp_netlink_link *)*out;
	x->ifindex = ifindex;
	x->mode = mode;
	snprintf(x->iface, sizeof(x->iface), "%s", iface);
	snprintf(x->prog, sizeof(x->prog), "%s", prog->fn.name);
	return 0;
}

static int attach_xdp(struct rb_program *prog, const struct rb_attach_opts *opts,
		      struct rb_link **out, struct rb_error *err)
{
	uint32_t mode = mode_flags(opts->xdp_mode);
	char why[400];
	int ifindex, fd, e;

	if (rb_netdev_index(prog, opts, &ifindex, err))
		return -1;
	if (prog->obj->net_mode == RB_NET_NETLINK)
		return netlink_attach(prog, ifindex, opts->iface, mode, out, err);
	fd = rb_netdev_link_create(prog, ifindex, opts->iface, BPF_XDP, mode);
	if (fd >= 0)
		return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
	e = errno;
	if (rb_netdev_fall_back(prog, e, "XDP", "5.9"))
		return netlink_attach(prog, ifindex, opts->iface, mode, out, err);
	return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s (section %s): attaching XDP to %s "
			     "in %s mode (BPF_LINK_CREATE, BPF_XDP) failed%s", prog->fn.name,
			     prog->fn.section_name, opts->iface, mode_name(mode),
			     hint(e, mode, why, sizeof(why), opts->iface));
}

/* xdp, xdp/... */
const struct rb_attach_provider rb_provider_xdp = {
	.name = "xdp",
	.options = RB_ATTACH_OPT_IFACE | RB_ATTACH_OPT_XDP_MODE,
	.attach = attach_xdp,
};
