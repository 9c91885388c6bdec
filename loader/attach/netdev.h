/* What the providers of hooks on a network interface share (xdp.c, tc.c):
 * the interface by name, the choice between a bpf link and netlink, and
 * BPF_LINK_CREATE on an interface. */
#ifndef RAWBPF_NETDEV_H
#define RAWBPF_NETDEV_H

#include <net/if.h>
#include <stdint.h>

#include "attach.h"

/* opts->iface resolved in the caller's network namespace (if_nametoindex):
 * *ifindex, or -1 with err naming the program, its section and the
 * interface (or, when none was given, the option that gives one). */
int rb_netdev_index(const struct rb_program *prog, const struct rb_attach_opts *opts,
		    int *ifindex, struct rb_error *err);

/* bpf(BPF_LINK_CREATE) of prog on interface `ifindex` (`iface`) with
 * `attach_type` and `flags` (rb_bpf_link_create, narrated): the link fd,
 * or -1 and errno, for the caller to fail or fall back to netlink. */
int rb_netdev_link_create(const struct rb_program *prog, int ifindex, const char *iface,
			  uint32_t attach_type, uint32_t flags);

/* After BPF_LINK_CREATE failed with `errnum`: 1 when obj->net_mode lets
 * rawbpf try netlink instead (auto mode, and EINVAL: the kernel does not
 * know this attach type for links, `since` being when it came), narrated;
 * 0 when the failure is the answer. */
int rb_netdev_fall_back(const struct rb_program *prog, int errnum, const char *type_name,
			const char *since);

/* What a link remembers of its program for messages after the object may
 * have gone: its name, cut to fit. */
#define RB_NETDEV_PROG_NAME 128

#endif
