/* Hooks on a network interface: the interface, and BPF_LINK_CREATE on it
 * (netdev.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "netdev.h"

int rb_netdev_index(const struct rb_program *prog, const struct rb_attach_opts *opts,
		    int *ifindex, struct rb_error *err)
{
	unsigned index;

	if (!opts->iface)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s) attaches to a network "
			       "interface: give one (rb_attach_opts.iface, rawbpf run --iface NAME)",
			       prog->fn.name, prog->fn.section_name);
	if (!opts->iface[0])
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): the network interface "
			       "given is an empty name (rb_attach_opts.iface, rawbpf run --iface "
			       "NAME): `ip link` lists the names", prog->fn.name,
			       prog->fn.section_name);
	/* A name the kernel cannot hold is no interface either: if_nametoindex
	 * would say ENODEV, which hides why. */
	if (strlen(opts->iface) >= IF_NAMESIZE)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): '%s' is no network "
			       "interface: names are at most %d characters", prog->fn.name,
			       prog->fn.section_name, opts->iface, IF_NAMESIZE - 1);
	/* SIOCGIFINDEX on a socket, in the caller's network namespace */
	index = if_nametoindex(opts->iface);
	if (index == 0) {
		int e = errno;
		return rb_fail_errno(err, e == ENODEV ? RB_ERR_INPUT : RB_ERR_SYSTEM, e,
				     "program %s (section %s): no network interface '%s' in this "
				     "network namespace (`ip link` lists them)", prog->fn.name,
				     prog->fn.section_name, opts->iface);
	}
	rb_narrate(&prog->obj->narrator, "if_nametoindex(\"%s\") = %u", opts->iface, index);
	*ifindex = (int)index;
	return 0;
}

int rb_netdev_link_create(const struct rb_program *prog, int ifindex, const char *iface,
			  uint32_t attach_type, uint32_t flags)
{
	char what[64];

	snprintf(what, sizeof(what), "target_ifindex %d (%s)", ifindex, iface);
	return rb_bpf_link_create(prog, (uint32_t)ifindex, attach_type, flags, what);
}

int rb_netdev_fall_back(const struct rb_program *prog, int errnum, const char *type_name,
			const char *since)
{
	/* The kernel's link_create() (kernel/bpf/syscall.c) says EINVAL for an
	 * attach type it does not know, as every kernel before the link kind
	 * came does; a kernel before 5.7 says EINVAL for BPF_LINK_CREATE
	 * itself. Any other errno is a real answer about this attachment. */
	if (prog->obj->net_mode != RB_NET_AUTO || errnum != EINVAL)
		return 0;
	rb_narrate(&prog->obj->narrator, "attach %s: no %s links on this kernel (they came in "
		   "Linux %s): using netlink", prog->fn.name, type_name, since);
	return 1;
}
