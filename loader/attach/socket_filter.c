/* Socket filters: SEC("socket"), on a raw packet socket bound to the
 * interface rb_attach_opts.iface names (rawbpf run --iface NAME).
 *
 * A socket filter runs on the packets one socket receives and says how
 * many bytes of each the socket keeps (0: drop it from this socket only;
 * the packet goes on to everyone else). To see all the traffic of an
 * interface, what the book's loader does (samples/bpf's open_raw_sock):
 *   socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))   every protocol
 *   bind(sockaddr_ll { ifindex of IFACE })          that interface only
 *   setsockopt(SOL_SOCKET, SO_ATTACH_BPF, prog fd)  (Linux 3.19)
 * The filter lives as long as the socket: the link is the socket's fd,
 * and closing it (rawbpf's teardown, or the kernel when rawbpf dies, even
 * by SIGKILL) is the whole detach.
 *
 * A packet socket sees each packet in both directions: outgoing ones
 * (dev_queue_xmit_nit, net/core/dev.c) and incoming ones. On `lo` every
 * packet is both, so a filter there counts each packet twice. */
#include <errno.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "netdev.h"
#include "uapi/asm/socket.h"
#include "uapi/linux/if_ether.h"


static const char *socket_hint(int errnum)
{
	switch (errnum) {
	case EPERM:
	case EACCES: return " (raw packet sockets need root: CAP_NET_RAW)";
	case EAFNOSUPPORT: return " (this kernel has no packet sockets: CONFIG_PACKET)";
	}
	return "";
}

/* Narrate a failed call, then fail with it (as the other syscalls of
 * this file are narrated when they succeed). */
static int failed(const struct rb_program *prog, int fd, const char *call, enum rb_error_kind kind,
		  int e, const char *why, struct rb_error *err)
{
	rb_narrate(&prog->obj->narrator, "attach %s: %s = -1 (%s)", prog->fn.name, call,
		   strerror(e));
	if (fd >= 0)
		close(fd);
	return rb_fail_errno(err, kind, e, "program %s (section %s): %s failed%s", prog->fn.name,
			     prog->fn.section_name, call, why);
}

static int attach_socket_filter(struct rb_program *prog, const struct rb_attach_opts *opts,
				struct rb_link **out, struct rb_error *err)
{
	struct sockaddr_ll addr;
	char call[160];
	int ifindex, fd;

	/* the interface as xdp and tc find it: a missing one is the caller's
	 * mistake (exit 2), named with the option that gives it */
	if (rb_netdev_index(prog, opts, &ifindex, err))
		return -1;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0)
		return failed(prog, -1, "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)", RB_ERR_SYSTEM,
			      errno, socket_hint(errno), err);
	memset(&addr, 0, sizeof(addr));
	addr.sll_family = AF_PACKET;
	addr.sll_protocol = htons(ETH_P_ALL);
	addr.sll_ifindex = ifindex;
	snprintf(call, sizeof(call), "bind(packet socket fd %d, ifindex %d: %s)", fd, ifindex,
		 opts->iface);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		return failed(prog, fd, call, RB_ERR_SYSTEM, errno, "", err);
	snprintf(call, sizeof(call), "setsockopt(packet socket fd %d of %s, SO_ATTACH_BPF, prog "
		 "fd %d)", fd, opts->iface, prog->fd);
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, &prog->fd, sizeof(prog->fd)) != 0)
		return failed(prog, fd, call, RB_ERR_KERNEL, errno, "", err);
	rb_narrate(&prog->obj->narrator, "attach %s: socket(AF_PACKET, SOCK_RAW, ETH_P_ALL) = "
		   "fd %d, bind(ifindex %d: %s), setsockopt(SO_ATTACH_BPF, prog fd %d): the filter "
		   "lives as long as the socket", prog->fn.name, fd, ifindex, opts->iface, prog->fd);
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}

/* socket */
const struct rb_attach_provider rb_provider_socket_filter = {
	.name = "socket_filter",
	.options = RB_ATTACH_OPT_IFACE,
	.attach = attach_socket_filter,
};
