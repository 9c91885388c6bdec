/* tc programs (BPF_PROG_TYPE_SCHED_CLS) on a network interface's ingress
 * or egress: SEC("tc"), SEC("classifier") and SEC("tc/ingress"),
 * SEC("tcx/ingress") on ingress; SEC("tc/egress"), SEC("tcx/egress") on
 * egress (the section row's expected attach type says which).
 *
 * Two ways, chosen by rb_open_opts.net_mode (netdev.h):
 *   a tcx link: BPF_LINK_CREATE with BPF_TCX_INGRESS or BPF_TCX_EGRESS and
 *       target_ifindex (Linux 6.6, net/sched/tcx.c): no qdisc, and the
 *       link fd holds the attachment, as for any bpf link.
 *   netlink, as `tc` does it: a clsact qdisc (Linux 4.5: the hook for
 *       filters on both directions, net/sched/sch_ingress.c), made only if
 *       the interface has none, and a "bpf" filter under it in
 *       direct-action mode (the program's return value is the verdict,
 *       TC_ACT_*; net/sched/cls_bpf.c). Both belong to the interface: the
 *       link removes the filter at teardown, and the qdisc if rawbpf made
 *       it; after a SIGKILL both stay (`tc filter del dev IFACE ingress`,
 *       `tc qdisc del dev IFACE clsact`).
 *
 * The qdisc is shared: two programs of one object on one interface (an
 * ingress and an egress counter) use the one clsact, which the first made.
 * Removing it removes every filter under it, so it goes only with the last
 * of them: they count it together (struct tc_qdisc). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netdev.h"
#include "netlink.h"
#include "loader/open/object.h"
#include "uapi/linux/if_ether.h" /* ETH_P_ALL: a filter for every protocol */
#include "uapi/linux/pkt_cls.h"
#include "uapi/linux/pkt_sched.h"
#include "uapi/linux/rtnetlink.h"

/* A clsact qdisc rawbpf made, and how many of its filters still use it. */
struct tc_qdisc {
	int users;
};

struct tc_netlink_link {
	struct rb_link link;     /* fd -1: the filter is not held by an fd */
	int ifindex;
	int egress;
	uint32_t handle, prio;   /* the filter's, as the kernel chose them */
	struct tc_qdisc *qdisc;  /* the qdisc rawbpf made, or NULL: it was there */
	char iface[IF_NAMESIZE];
	char prog[RB_NETDEV_PROG_NAME];
};

static const struct rb_link_ops netlink_link_ops;

static const char *direction(int egress)
{
	return egress ? "egress" : "ingress";
}

/* The fixed header of every request: the interface and, for filters, the
 * parent (clsact's ingress or egress) and tcm_info (priority, protocol). */
static struct tcmsg tc_header(int ifindex, uint32_t handle, uint32_t parent, uint32_t info)
{
	return (struct tcmsg){ .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
			       .tcm_handle = handle, .tcm_parent = parent, .tcm_info = info };
}

/* RTM_NEWQDISC or RTM_DELQDISC of clsact on ifindex: 0, 1 refused, -1. */
static int clsact(const struct rb_narrator *narrator, uint16_t type, int ifindex,
		  const char *iface, struct rb_nl_reply *reply, struct rb_error *err)
{
	struct tcmsg t = tc_header(ifindex, TC_H_MAKE(TC_H_CLSACT, 0), TC_H_CLSACT, 0);
	struct rb_nl_req req;
	char what[120];

	/* NLM_F_EXCL: EEXIST when the interface has one already (or an
	 * "ingress" qdisc, which takes the same place), which is then not ours */
	rb_nl_req_init(&req, type, type == RTM_NEWQDISC ? NLM_F_CREATE | NLM_F_EXCL : 0, &t,
		       sizeof(t));
	rb_nl_put_str(&req, TCA_KIND, "clsact");
	snprintf(what, sizeof(what), "%s %s (ifindex %d) clsact",
		 type == RTM_NEWQDISC ? "RTM_NEWQDISC" : "RTM_DELQDISC", iface, ifindex);
	return rb_nl_talk(narrator, &req, what, reply, err);
}

static void qdisc_release(const struct rb_narrator *narrator, struct tc_qdisc *q, int ifindex,
			  const char *iface, struct rb_error *err, int *failed)
{
	struct rb_nl_reply reply = { 0 };
	char said[300];
	int ret;

	if (!q || --q->users > 0)
		return;
	free(q);
	ret = clsact(narrator, RTM_DELQDISC, ifindex, iface, &reply, err);
	if (ret == 0 || (ret > 0 && (reply.error == ENODEV || reply.error == ENOENT ||
				     reply.error == EINVAL)))
		return; /* removed, or gone already (EINVAL: no qdisc there) */
	if (ret > 0)
		rb_fail_errno(err, RB_ERR_KERNEL, reply.error, "removing the clsact qdisc rawbpf "
			      "added to %s failed%s; it stays: `tc qdisc del dev %s clsact` "
			      "removes it", iface, rb_nl_said(&reply, said, sizeof(said)), iface);
	*failed = 1;
}

static uint32_t parent_of(int egress)
{
	return TC_H_MAKE(TC_H_CLSACT, egress ? TC_H_MIN_EGRESS : TC_H_MIN_INGRESS);
}

/* RTM_DELTFILTER of the filter (handle, prio) on ifindex's direction:
 * 0 removed or gone already, -1 (err says so, naming prog). */
static int del_filter(const struct rb_narrator *narrator, int ifindex, const char *iface,
		      int egress, uint32_t handle, uint32_t prio, const char *prog,
		      struct rb_error *err)
{
	struct tcmsg hdr = tc_header(ifindex, handle, parent_of(egress),
				     TC_H_MAKE(prio << 16, htons(ETH_P_ALL)));
	struct rb_nl_reply reply = { 0 };
	struct rb_nl_req req;
	char what[200], said[300];
	int ret;

	rb_nl_req_init(&req, RTM_DELTFILTER, 0, &hdr, sizeof(hdr));
	rb_nl_put_str(&req, TCA_KIND, "bpf");
	snprintf(what, sizeof(what), "RTM_DELTFILTER %s (ifindex %d) %s bpf prio %u handle %#x",
		 iface, ifindex, direction(egress), prio, handle);
	ret = rb_nl_talk(narrator, &req, what, &reply, err);
	if (ret <= 0)
		return ret;
	/* The filter went already, nothing of rawbpf's stays: ENOENT (the
	 * filter), ENODEV (its interface or namespace), EINVAL: its clsact was
	 * deleted, and every filter under it with it ("Parent Qdisc doesn't
	 * exists", __tcf_qdisc_find() in net/sched/cls_api.c) */
	if (reply.error == ENOENT || reply.error == ENODEV || reply.error == EINVAL) {
		rb_narrate(narrator, "detach %s: its tc filter on %s %s is gone already (%s)", prog,
			   iface, direction(egress), reply.error == EINVAL ? "no qdisc there any more"
			   : reply.error == ENODEV ? "no such interface here any more" : "no such filter");
		return 0;
	}
	return rb_fail_errno(err, RB_ERR_KERNEL, reply.error, "program %s: removing its tc filter "
			     "from %s %s (netlink RTM_DELTFILTER) failed%s; it stays: `tc filter "
			     "del dev %s %s pref %u handle %#x bpf` removes it", prog, iface,
			     direction(egress), rb_nl_said(&reply, said, sizeof(said)), iface,
			     direction(egress), prio, handle);
}

static int netlink_detach(struct rb_link *link, struct rb_error *err)
{
	struct tc_netlink_link *t = (struct tc_netlink_link *)link;
	int failed;

	failed = del_filter(&link->narrator, t->ifindex, t->iface, t->egress, t->handle, t->prio,
			    t->prog, err) != 0;
	qdisc_release(&link->narrator, t->qdisc, t->ifindex, t->iface, failed ? NULL : err,
		      &failed);
	return failed ? -1 : 0;
}

static const struct rb_link_ops netlink_link_ops = {
	.name = "netlink tc",
	.detach = netlink_detach,
};

/* RTM_NEWQDISC said EEXIST: something is in clsact's place already
 * (parent TC_H_INGRESS). RTM_GETQDISC says what (TCA_KIND: tc_get_qdisc()
 * in net/sched/sch_api.c answers with the qdisc of dev_ingress_queue()).
 * A clsact is used and left. The older "ingress" qdisc has one hook only:
 * a filter asked for under its egress minor lands on its ingress block
 * (ingress_find() and ingress_tcf_block() in net/sched/sch_ingress.c
 * ignore the minor), so an egress program would silently run on incoming
 * packets: refused. An ingress program is where it asked to be under it,
 * and is attached there (the qdisc is left, as a clsact would be). */
static int existing_qdisc(struct rb_program *prog, int ifindex, const char *iface, int egress,
			  struct rb_error *err)
{
	struct tcmsg t = tc_header(ifindex, 0, TC_H_INGRESS, 0), got;
	struct rb_nl_reply reply = { .echo_type = RTM_NEWQDISC, .echo = &got,
				     .echo_size = sizeof(got), .echo_attr = TCA_KIND };
	const struct rb_narrator *narrator = &prog->obj->narrator;
	struct rb_nl_req req;
	char what[120], said[300];
	int ret;

	/* NLM_F_ECHO: the kernel sends its answer as a notification, which
	 * reaches the asker only when it asks for an echo (tc_get_qdisc() ->
	 * qdisc_notify() -> rtnetlink_send(), net/sched/sch_api.c) */
	rb_nl_req_init(&req, RTM_GETQDISC, NLM_F_ECHO, &t, sizeof(t));
	snprintf(what, sizeof(what), "RTM_GETQDISC %s (ifindex %d) parent ingress", iface, ifindex);
	ret = rb_nl_talk(narrator, &req, what, &reply, err);
	if (ret < 0)
		return -1;
	if (ret > 0 || !reply.echoed)
		return rb_fail_errno(err, RB_ERR_KERNEL, ret > 0 ? reply.error : EPROTO,
				     "program %s (section %s): %s has a qdisc where clsact goes, and "
				     "asking what it is (netlink RTM_GETQDISC) failed%s: `tc qdisc "
				     "show dev %s` shows it", prog->fn.name, prog->fn.section_name,
				     iface, ret > 0 ? rb_nl_said(&reply, said, sizeof(said))
						    : " (no answer but the ack)", iface);
	rb_narrate(narrator, "attach %s: the qdisc in clsact's place on %s is \"%s\"",
		   prog->fn.name, iface, reply.echo_str);
	if (strcmp(reply.echo_str, "clsact") == 0) {
		rb_narrate(narrator, "attach %s: %s has a clsact qdisc already: rawbpf uses it and "
			   "leaves it", prog->fn.name, iface);
		return 0;
	}
	if (strcmp(reply.echo_str, "ingress") == 0 && !egress) {
		rb_narrate(narrator, "attach %s: %s has an ingress qdisc, whose one hook is ingress: "
			   "rawbpf puts this ingress filter under it and leaves it", prog->fn.name,
			   iface);
		return 0;
	}
	return rb_fail(err, RB_ERR_SYSTEM, "program %s (section %s): %s has %s %s qdisc; "
		       "tc/egress needs clsact (a filter asked for on egress would run on "
		       "ingress): `tc qdisc del dev %s %s` removes it", prog->fn.name,
		       prog->fn.section_name, iface, reply.echo_str[0] && strchr("aeiou", reply.echo_str[0]) ? "an" : "a",
		       reply.echo_str, iface, reply.echo_str);
}

/* The clsact qdisc a filter of prog goes under: one that another program
 * of the same object made on this interface, else a new one, else (EEXIST)
 * the one that was there. *q is the qdisc to count this filter in, or NULL. */
static int get_qdisc(struct rb_program *prog, int ifindex, const char *iface, int egress,
		     struct tc_qdisc **q, struct rb_error *err)
{
	const struct rb_object *obj = prog->obj;
	struct rb_nl_reply reply = { 0 };
	char said[300];
	int ret;

	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_link *l = obj->programs[i].link;
		struct tc_netlink_link *t = (struct tc_netlink_link *)l;

		if (l && l->ops == &netlink_link_ops && t->ifindex == ifindex && t->qdisc) {
			*q = t->qdisc;
			(*q)->users++;
			rb_narrate(&obj->narrator, "attach %s: the clsact qdisc program %s made on "
				   "%s serves this filter too", prog->fn.name, t->prog, iface);
			return 0;
		}
	}
	*q = NULL;
	ret = clsact(&obj->narrator, RTM_NEWQDISC, ifindex, iface, &reply, err);
	if (ret < 0)
		return -1;
	if (ret > 0 && reply.error == EEXIST)
		return existing_qdisc(prog, ifindex, iface, egress, err);
	if (ret > 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, reply.error, "program %s (section %s): "
				     "adding a clsact qdisc to %s (netlink RTM_NEWQDISC) failed%s%s",
				     prog->fn.name, prog->fn.section_name, iface,
				     rb_nl_said(&reply, said, sizeof(said)),
				     reply.error == ENOENT || reply.error == EOPNOTSUPP
					     ? " (the kernel has no clsact qdisc: CONFIG_NET_SCH_INGRESS)"
					     : "");
	*q = calloc(1, sizeof(**q));
	if (!*q) {
		clsact(&obj->narrator, RTM_DELQDISC, ifindex, iface, &reply, NULL);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	(*q)->users = 1;
	return 0;
}

/* RTM_NEWTFILTER: a direct-action bpf filter of prog, the kernel choosing
 * its priority and handle (0), which it echoes back (NLM_F_ECHO). */
static int add_filter(struct rb_program *prog, int ifindex, const char *iface, int egress,
		      struct tcmsg *made, struct rb_error *err)
{
	struct tcmsg hdr = tc_header(ifindex, 0, parent_of(egress), TC_H_MAKE(0, htons(ETH_P_ALL)));
	struct rb_nl_reply reply = { .echo_type = RTM_NEWTFILTER, .echo = made,
				     .echo_size = sizeof(*made) };
	char name[256], what[200], said[300];
	struct rb_nl_req req;
	size_t nest;
	int ret;

	/* what `tc filter show` prints as the filter's name */
	snprintf(name, sizeof(name), "rawbpf:%s", prog->fn.name);
	rb_nl_req_init(&req, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, &hdr,
		       sizeof(hdr));
	rb_nl_put_str(&req, TCA_KIND, "bpf");
	nest = rb_nl_nest_begin(&req, TCA_OPTIONS);
	rb_nl_put_u32(&req, TCA_BPF_FD, (uint32_t)prog->fd);
	rb_nl_put_str(&req, TCA_BPF_NAME, name);
	rb_nl_put_u32(&req, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
	rb_nl_nest_end(&req, nest);
	snprintf(what, sizeof(what), "RTM_NEWTFILTER %s (ifindex %d) %s bpf {fd %d, name %.40s, "
		 "direct-action}", iface, ifindex, direction(egress), prog->fd, name);
	ret = rb_nl_talk(&prog->obj->narrator, &req, what, &reply, err);
	if (ret < 0)
		return -1;
	if (ret > 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, reply.error, "program %s (section %s): "
				     "adding a tc filter on %s %s (netlink RTM_NEWTFILTER) failed%s",
				     prog->fn.name, prog->fn.section_name, iface, direction(egress),
				     rb_nl_said(&reply, said, sizeof(said)));
	if (!reply.echoed)
		return rb_fail(err, RB_ERR_KERNEL, "program %s: the kernel added its tc filter on "
			       "%s but did not echo it (NLM_F_ECHO), so rawbpf cannot name it to "
			       "remove it: `tc filter show dev %s %s` lists it", prog->fn.name,
			       iface, iface, direction(egress));
	return 0;
}

static int netlink_attach(struct rb_program *prog, int ifindex, const char *iface, int egress,
			  struct rb_link **out, struct rb_error *err)
{
	struct tc_netlink_link *t;
	struct tc_qdisc *q;
	struct tcmsg made;

	if (get_qdisc(prog, ifindex, iface, egress, &q, err))
		return -1;
	if (add_filter(prog, ifindex, iface, egress, &made, err)) {
		int ignored = 0;
		/* a filter made but not echoed stays: the message says so */
		qdisc_release(&prog->obj->narrator, q, ifindex, iface, NULL, &ignored);
		return -1;
	}
	if (rb_link_new(prog, &netlink_link_ops, sizeof(*t), -1, out, err)) {
		int ignored = 0;
		/* the filter is there and nothing would hold it: undone now */
		del_filter(&prog->obj->narrator, ifindex, iface, egress, made.tcm_handle,
			   TC_H_MAJ(made.tcm_info) >> 16, prog->fn.name, NULL);
		qdisc_release(&prog->obj->narrator, q, ifindex, iface, NULL, &ignored);
		return -1;
	}
	t = (struct tc_netlink_link *)*out;
	t->ifindex = ifindex;
	t->egress = egress;
	t->handle = made.tcm_handle;
	t->prio = TC_H_MAJ(made.tcm_info) >> 16;
	t->qdisc = q;
	snprintf(t->iface, sizeof(t->iface), "%s", iface);
	snprintf(t->prog, sizeof(t->prog), "%s", prog->fn.name);
	rb_narrate(&prog->obj->narrator, "attach %s: tc filter on %s %s: prio %u, handle %#x",
		   prog->fn.name, iface, direction(egress), t->prio, t->handle);
	return 0;
}

static int attach_tc(struct rb_program *prog, const struct rb_attach_opts *opts,
		     struct rb_link **out, struct rb_error *err)
{
	int egress = prog->def->expected_attach_type == BPF_TCX_EGRESS;
	uint32_t type = egress ? BPF_TCX_EGRESS : BPF_TCX_INGRESS;
	int ifindex, fd, e;

	if (rb_netdev_index(prog, opts, &ifindex, err))
		return -1;
	if (prog->obj->net_mode == RB_NET_NETLINK)
		return netlink_attach(prog, ifindex, opts->iface, egress, out, err);
	fd = rb_netdev_link_create(prog, ifindex, opts->iface, type, 0);
	if (fd >= 0)
		return rb_link_new(prog, &rb_fd_link_ops, sizeof(struct rb_link), fd, out, err);
	e = errno;
	if (rb_netdev_fall_back(prog, e, "tcx", "6.6"))
		return netlink_attach(prog, ifindex, opts->iface, egress, out, err);
	return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s (section %s): attaching to %s %s "
			     "(BPF_LINK_CREATE, %s) failed%s", prog->fn.name, prog->fn.section_name,
			     opts->iface, direction(egress), rb_attach_type_name(type),
			     e == EINVAL ? " (a kernel before 6.6 has no tcx links: "
					   "rb_open_opts.net_mode RB_NET_AUTO or RB_NET_NETLINK, "
					   "rawbpf run --net-mode auto|netlink, attaches through "
					   "netlink)" : "");
}

/* tc, classifier, tc/ingress, tc/egress, tcx/ingress, tcx/egress */
const struct rb_attach_provider rb_provider_tc = {
	.name = "tc",
	.options = RB_ATTACH_OPT_IFACE,
	.attach = attach_tc,
};
