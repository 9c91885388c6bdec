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
#include <net/if.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "attach.h"

/* include/uapi/linux/if_ether.h: every protocol (as a packet socket's
 * protocol, in network byte order) */
#define ETH_P_ALL_PROTOCOLS 0x0003
#ifndef SO_ATTACH_BPF
#define SO_ATTACH_BPF 50 /* include/uapi/asm-generic/socket.h */
#endif

static const char *socket_hint(int errnum)
{
	switch (errnum) {
	case EPERM:
	case EACCES: return " (raw packet sockets need root: CAP_NET_RAW)";
	case EAFNOSUPPORT: return " (this kernel has no packet sockets: CONFIG_PACKET)";
	}
	return "";
}

static int attach_socket_filter(struct rb_program *prog, const struct rb_attach_opts *opts,
				struct rb_link **out, struct rb_error *err)
{
	struct sockaddr_ll addr;
	unsigned ifindex;
	int fd;

	if (!opts->iface)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s) is a socket filter on a "
			       "network interface: give one (rb_attach_opts.iface, rawbpf run "
			       "--iface NAME)", prog->fn.name, prog->fn.section_name);
	ifindex = if_nametoindex(opts->iface);
	if (!ifindex)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "program %s (section %s): no "
				     "network interface '%s' here (ip link lists them)",
				     prog->fn.name, prog->fn.section_name, opts->iface);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL_PROTOCOLS));
	if (fd < 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "program %s: socket(AF_PACKET, "
				     "SOCK_RAW, ETH_P_ALL) failed%s", prog->fn.name, socket_hint(e));
	}
	memset(&addr, 0, sizeof(addr));
	addr.sll_family = AF_PACKET;
	addr.sll_protocol = htons(ETH_P_ALL_PROTOCOLS);
	addr.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "program %s: binding a packet socket "
				     "to %s (ifindex %u) failed", prog->fn.name, opts->iface, ifindex);
	}
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, &prog->fd, sizeof(prog->fd)) != 0) {
		int e = errno;
		close(fd);
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s (section %s): "
				     "setsockopt(SO_ATTACH_BPF) on a packet socket of %s failed",
				     prog->fn.name, prog->fn.section_name, opts->iface);
	}
	rb_narrate(&prog->obj->narrator, "attach %s: socket(AF_PACKET, SOCK_RAW, ETH_P_ALL) = "
		   "fd %d, bind(ifindex %u: %s), setsockopt(SO_ATTACH_BPF, prog fd %d): the filter "
		   "lives as long as the socket", prog->fn.name, fd, ifindex, opts->iface, prog->fd);
	return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
}

/* socket */
const struct rb_attach_provider rb_provider_socket_filter = {
	.name = "socket_filter",
	.options = RB_ATTACH_OPT_IFACE,
	.attach = attach_socket_filter,
};
