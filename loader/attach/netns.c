/* Network-namespace programs: sk_lookup (Linux 5.9) and flow_dissector
 * (links since 5.8), on the namespace rb_attach_opts.netns names (rawbpf
 * run --netns FILE: /proc/PID/ns/net, /run/netns/NAME), by default
 * rawbpf's own.
 *
 *   open(FILE, O_RDONLY)                                the namespace
 *   bpf(BPF_LINK_CREATE, prog, target_fd = that fd,
 *       attach_type = BPF_SK_LOOKUP or BPF_FLOW_DISSECTOR)
 * sk_lookup runs when a packet looks for the socket it is for (TCP SYNs,
 * UDP datagrams) and may pick another (bpf_sk_assign); flow_dissector
 * replaces the kernel's own parsing of packet headers into a flow key,
 * and a namespace has at most one (EEXIST). Closing the link fd detaches
 * it, also when rawbpf is killed (kernel/bpf/net_namespace.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"

#define OWN_NETNS "/proc/self/ns/net"

static int attach_netns(struct rb_program *prog, const struct rb_attach_opts *opts,
			struct rb_link **out, struct rb_error *err)
{
	const char *file = opts->netns ? opts->netns : OWN_NETNS;
	char what[600];
	int fd = open(file, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0) {
		int e = errno;
		rb_narrate(&prog->obj->narrator, "attach %s: open(\"%s\", O_RDONLY) = -1 (%s)",
			   prog->fn.name, file, strerror(e));
		return rb_fail_errno(err, e == ENOENT ? RB_ERR_INPUT : RB_ERR_SYSTEM, e,
				     "program %s (section %s): cannot open network namespace %s "
				     "(rb_attach_opts.netns, rawbpf run --netns FILE: /proc/PID/ns/net "
				     "or /run/netns/NAME)", prog->fn.name, prog->fn.section_name, file);
	}
	rb_narrate(&prog->obj->narrator, "attach %s: open(\"%s\", O_RDONLY) = fd %d",
		   prog->fn.name, file, fd);
	snprintf(what, sizeof(what), "network namespace %s", file);
	/* EINVAL is also the kernel's answer to a file that is not a
	 * network namespace (get_net_ns_by_fd()). */
	ret = rb_attach_bpf_link(prog, fd, prog->expected_attach_type, what,
				 prog->expected_attach_type == BPF_FLOW_DISSECTOR
					 ? " (is it a network namespace file? flow dissector links "
					   "need Linux 5.8)"
					 : " (is it a network namespace file? sk_lookup needs Linux 5.9)",
				 out, err);
	close(fd);
	return ret;
}

/* sk_lookup, flow_dissector */
const struct rb_attach_provider rb_provider_netns = {
	.name = "netns",
	.options = RB_ATTACH_OPT_NETNS,
	.attach = attach_netns,
};
