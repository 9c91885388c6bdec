/* XDP and tc programs on an interface (attach/xdp.c, attach/tc.c), each in
 * a network namespace of the test's own (netns.h) on its lo, both ways
 * the kernel offers: bpf links (--net-mode link: XDP 5.9, tcx 6.6) and
 * netlink (--net-mode netlink: IFLA_XDP, clsact + a bpf filter), so this
 * kernel tests the paths the 6.1 VM takes too.
 *
 * What is checked is behaviour: TCP connections that fail while the XDP
 * program is attached and work before and after, pings that pass, the
 * programs' counters for the traffic rbnet made; and, after every run
 * however it ended, iproute2's view of lo (net_snapshot: the independent
 * oracle) and the kernel's BPF ids as they were. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "netns.h"

static const char *const modes[] = { "link", "netlink" };

/* The narration line that shows which way a program went: a link, or the
 * netlink request. */
static const char *mechanism(const char *mode, int xdp)
{
	if (strcmp(mode, "link") == 0)
		return "bpf(BPF_LINK_CREATE";
	return xdp ? "RTM_SETLINK lo (ifindex 1) IFLA_XDP" : "RTM_NEWTFILTER lo (ifindex 1)";
}

static void run_cmd(char *const argv[], int want)
{
	struct result r;

	run_argv(&r, argv);
	if (r.status != want)
		fail_run(&r, "expected status %d", want);
	result_free(&r);
}

/* TCP to 127.0.0.1 works before, fails while xdp_drop_tcp is attached
 * (3 SYNs dropped: the timeout, 300 ms, is under TCP's first SYN
 * retransmission at 1 s, TCP_TIMEOUT_INIT), and works again after; ping
 * passes while it is attached (4 requests and 4 replies, each received
 * once on lo). */
static void xdp_drops_tcp(const char *mode)
{
	char *tcp[] = { (char *)RBNET, "tcp", "3", "--timeout", "300", NULL };
	struct net_snapshot before;
	struct result r;

	net_snapshot(&before);
	run_cmd(tcp, 0);
	rawbpf(&r, "run", "--json", "--verbose", "--net-mode", mode, "--iface", "lo",
	       TPROG("iface_xdp"), "--", RBNET, "tcp", "3", "--timeout", "300");
	expect_status(&r, 1); /* rbnet's: not every connection got through */
	expect_out(&r, "3 tried, 0 connected");
	expect_err(&r, mechanism(mode, 1));
	expect_map_u64(&r, "seen", "00000000", 3);
	expect_map_u64(&r, "seen", "01000000", 0);
	result_free(&r);
	expect_net_unchanged(&before);

	rawbpf(&r, "run", "--json", "--net-mode", mode, "--iface", "lo", TPROG("iface_xdp"), "--",
	       RBNET, "ping", "4");
	expect_status(&r, 0);
	expect_out(&r, "sent 4, received 4");
	expect_map_u64(&r, "seen", "00000000", 0);
	expect_map_u64(&r, "seen", "01000000", 8);
	result_free(&r);
	run_cmd(tcp, 0);
	expect_net_unchanged(&before);
}

static void iface_xdp_link_drops_tcp(void **state)
{
	(void)state;
	xdp_drops_tcp("link");
}

static void iface_xdp_netlink_drops_tcp(void **state)
{
	(void)state;
	xdp_drops_tcp("netlink");
}

/* `rbnet udp 5`: 5 datagrams leave lo (egress) and come in again
 * (ingress), each counted once by its direction's program. */
static void tc_counts(const char *mode)
{
	struct net_snapshot before;
	struct result r;

	net_snapshot(&before);
	rawbpf(&r, "run", "--json", "--verbose", "--net-mode", mode, "--iface", "lo",
	       TPROG("iface_tc"), "--", RBNET, "udp", "5");
	expect_status(&r, 0);
	expect_out(&r, "sent 5, received 5");
	expect_err(&r, mechanism(mode, 0));
	if (strcmp(mode, "netlink") == 0) {
		/* one clsact, made by the first program, serves both */
		expect_err(&r, "RTM_NEWQDISC lo (ifindex 1) clsact) = ack");
		expect_err(&r, "RTM_DELQDISC lo (ifindex 1) clsact) = ack");
	}
	expect_map_u64(&r, "counts", "00000000", 5);
	expect_map_u64(&r, "counts", "01000000", 5);
	result_free(&r);
	expect_net_unchanged(&before);
}

static void iface_tc_link_counts_udp(void **state)
{
	(void)state;
	tc_counts("link");
}

static void iface_tc_netlink_counts_udp(void **state)
{
	(void)state;
	tc_counts("netlink");
}

/* A clsact qdisc that was there is used and left: only rawbpf's filters go. */
static void iface_tc_netlink_leaves_a_qdisc_it_did_not_make(void **state)
{
	char *add[] = { "tc", "qdisc", "add", "dev", "lo", "clsact", NULL };
	char *del[] = { "tc", "qdisc", "del", "dev", "lo", "clsact", NULL };
	struct net_snapshot before;
	struct result r;

	(void)state;
	run_cmd(add, 0);
	net_snapshot(&before);
	rawbpf(&r, "run", "--json", "--verbose", "--net-mode", "netlink", "--iface", "lo",
	       TPROG("iface_tc"), "--", RBNET, "udp", "2");
	expect_status(&r, 0);
	expect_err(&r, "lo has a clsact qdisc already");
	expect_map_u64(&r, "counts", "00000000", 2);
	expect_map_u64(&r, "counts", "01000000", 2);
	if (strstr(r.err, "RTM_DELQDISC"))
		fail_run(&r, "rawbpf removed a qdisc it did not make");
	result_free(&r);
	expect_net_unchanged(&before);
	run_cmd(del, 0);
}

/* A plain "ingress" qdisc sits where clsact goes (the create says
 * EEXIST). Its one hook is ingress: an egress filter asked of it would
 * land on its ingress block, so iface_tc (ingress and egress) is refused
 * and its ingress filter, attached first, is removed again; iface_half's
 * ingress classifier alone attaches under it. The qdisc stays either way. */
static void iface_tc_netlink_refuses_egress_under_an_ingress_qdisc(void **state)
{
	char *add[] = { "tc", "qdisc", "add", "dev", "lo", "ingress", NULL };
	char *del[] = { "tc", "qdisc", "del", "dev", "lo", "ingress", NULL };
	struct net_snapshot before;
	struct result r;

	(void)state;
	run_cmd(add, 0);
	net_snapshot(&before);
	rawbpf(&r, "run", "--verbose", "--net-mode", "netlink", "--iface", "lo",
	       TPROG("iface_tc"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err(&r, "RTM_GETQDISC lo (ifindex 1) parent ingress) = ack");
	expect_err_line(&r, "program tc_out (section tcx/egress): lo has an ingress qdisc; "
			"tc/egress needs clsact", "`tc qdisc del dev lo ingress`");
	expect_err(&r, "attach tc_in: tc filter on lo ingress");
	result_free(&r);
	expect_net_unchanged(&before);
	rawbpf(&r, "run", "--verbose", "--net-mode", "netlink", "--iface", "lo",
	       TPROG("iface_half"), "--", "/bin/true");
	expect_status(&r, 0);
	expect_err(&r, "lo has an ingress qdisc, whose one hook is ingress");
	expect_err(&r, "attach first_tc: tc filter on lo ingress");
	result_free(&r);
	expect_net_unchanged(&before);
	run_cmd(del, 0);
}

/* CMD deletes the clsact rawbpf made (and its filters with it): the
 * detach finds them gone (RTM_DELTFILTER: EINVAL, no parent qdisc), says
 * nothing is left, and the run is CMD's success. */
static void iface_tc_netlink_clsact_deleted_mid_run(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	rawbpf(&r, "run", "--verbose", "--net-mode", "netlink", "--iface", "lo",
	       TPROG("iface_tc"), "--", "tc", "qdisc", "del", "dev", "lo", "clsact");
	expect_status(&r, 0);
	expect_err(&r, "detach tc_in: its tc filter on lo ingress is gone already (no qdisc "
		   "there any more)");
	if (strstr(r.err, "it stays") || strstr(r.err, "warning"))
		fail_run(&r, "a false warning about a filter or qdisc that is gone");
	result_free(&r);
	expect_net_unchanged(&before);
}

/* SEC("xdp") and two SEC("xdp/devmap")-style programs: --iface lo
 * attaches the first only, the others load with their attach type (they
 * read egress_ifindex) and are reported as run from a devmap entry. */
static void iface_xdp_devmap_programs_load_but_do_not_attach(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	rawbpf(&r, "run", "--verbose", "--iface", "lo", TPROG("xdp_devmap"), "--", "/bin/true");
	expect_status(&r, 0);
	expect_err(&r, "attach on_the_interface: bpf(BPF_LINK_CREATE");
	expect_err_line(&r, "from_a_devmap (section xdp/devmap", "is loaded but not attached",
			"devmap or cpumap entry");
	expect_err_line(&r, "name=from_a_devmap_f", "(prog_flags BPF_F_XDP_HAS_FRAGS)");
	if (strstr(r.err, "attach from_a_devmap"))
		fail_run(&r, "a devmap program was attached to the interface");
	result_free(&r);
	expect_net_unchanged(&before);
}

static void iface_interface_errors(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--iface", "nosuch0", TPROG("iface_xdp"));
	expect_status(&r, 2);
	expect_err_line(&r, "xdp_drop_tcp", "no network interface 'nosuch0'");
	result_free(&r);
	rawbpf(&r, "run", TPROG("iface_xdp"));
	expect_status(&r, 2);
	expect_err_line(&r, "xdp_drop_tcp (section xdp) attaches to a network interface",
			"rb_attach_opts.iface", "--iface NAME");
	result_free(&r);
	rawbpf(&r, "run", TPROG("iface_tc"));
	expect_status(&r, 2);
	expect_err(&r, "--iface NAME");
	result_free(&r);
}

/* lo's driver has no XDP of its own: the kernel refuses native mode, and
 * the message says to use skb mode (through netlink, with the kernel's
 * own words). */
static void iface_xdp_native_on_lo_is_refused(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	for (int i = 0; i < 2; i++) {
		rawbpf(&r, "run", "--net-mode", modes[i], "--xdp-mode", "native", "--iface", "lo",
		       TPROG("iface_xdp"), "--", "/bin/true");
		expect_status(&r, 1);
		expect_err_line(&r, "xdp_drop_tcp", "lo in native mode", "--xdp-mode skb");
		if (i == 1)
			expect_err(&r, "the kernel says: ");
		result_free(&r);
	}
	expect_net_unchanged(&before);
}

/* An XDP program someone else attached (iproute2, here) stays: neither
 * way replaces it. */
static void iface_xdp_does_not_replace_another_program(void **state)
{
	char *add[] = { "ip", "link", "set", "dev", "lo", "xdpgeneric", "obj",
			(char *)TPROG("iface_xdp_pass"), "sec", "xdp", NULL };
	char *del[] = { "ip", "link", "set", "dev", "lo", "xdpgeneric", "off", NULL };
	struct net_snapshot before, theirs;
	struct result r;

	(void)state;
	net_snapshot(&before);
	run_cmd(add, 0);
	net_snapshot(&theirs);
	if (!strstr(theirs.part[0], "xdp"))
		fail_msg("ip link shows no XDP program after `ip link set ... xdpgeneric`:\n%s",
			 theirs.part[0]);
	for (int i = 0; i < 2; i++) {
		rawbpf(&r, "run", "--net-mode", modes[i], "--iface", "lo", TPROG("iface_xdp"), "--",
		       "/bin/true");
		expect_status(&r, 1);
		expect_err_line(&r, "xdp_drop_tcp", "another XDP program is attached to lo");
		result_free(&r);
		expect_net_unchanged(&theirs);
	}
	run_cmd(del, 0);
	expect_net_unchanged(&before);
}

/* The second program of iface_half (XDP, native) fails after the first
 * (a tc classifier) attached: the run fails and leaves no filter, no
 * qdisc, no link. */
static void iface_failed_attach_half_way_leaves_nothing(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	for (int i = 0; i < 2; i++) {
		rawbpf(&r, "run", "--verbose", "--net-mode", modes[i], "--xdp-mode", "native",
		       "--iface", "lo", TPROG("iface_half"), "--", "/bin/true");
		expect_status(&r, 1);
		expect_err_line(&r, "second_xdp", "native");
		expect_err(&r, i == 0 ? "attach first_tc: bpf(BPF_LINK_CREATE"
				      : "attach first_tc: tc filter on lo ingress");
		result_free(&r);
		expect_net_unchanged(&before);
	}
}

/* rawbpf running without CMD in the background, its stderr read as it
 * comes (--verbose), stdout into a file. */
struct bg {
	pid_t pid;
	int err_fd, out_fd;
	size_t len;
	struct result r;
};

static void bg_start(struct bg *b, char *const argv[])
{
	char out_name[] = "/tmp/rawbpf-test-iface-XXXXXX", cmd[1024] = "";
	int err_pipe[2];

	for (int i = 0; argv[i]; i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "%s ", argv[i]);
	*b = (struct bg){ .r.cmd = strdup(cmd) };
	b->out_fd = mkstemp(out_name);
	assert_true(b->out_fd >= 0);
	unlink(out_name);
	assert_int_equal(pipe(err_pipe), 0);
	b->pid = fork();
	assert_true(b->pid >= 0);
	if (b->pid == 0) {
		dup2(b->out_fd, 1);
		dup2(err_pipe[1], 2);
		close(err_pipe[0]);
		close(err_pipe[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(err_pipe[1]);
	b->err_fd = err_pipe[0];
}

/* Read stderr until a line holds every needle, for up to 30 s; 0 when one
 * came, -1 at its end or on the deadline. */
static int bg_wait_line(struct bg *b, const char *const needles[])
{
	while (count_lines_with(b->r.err ? b->r.err : "", needles) == 0) {
		struct pollfd p = { .fd = b->err_fd, .events = POLLIN };
		char chunk[4096];
		ssize_t n;

		if (poll(&p, 1, 30000) <= 0 || (n = read(b->err_fd, chunk, sizeof(chunk))) <= 0)
			return -1;
		b->r.err = realloc(b->r.err, b->len + (size_t)n + 1);
		assert_non_null(b->r.err);
		memcpy(b->r.err + b->len, chunk, (size_t)n);
		b->len += (size_t)n;
		b->r.err[b->len] = '\0';
	}
	return 0;
}

/* Send sig, read stderr to its end, reap: r.status and r.out are set. */
static void bg_stop(struct bg *b, int sig)
{
	static const char *const never[] = { "\001never\001", NULL };
	int ws;

	kill(b->pid, sig);
	bg_wait_line(b, never); /* to the end of stderr (or the deadline) */
	close(b->err_fd);
	assert_int_equal(waitpid(b->pid, &ws, 0), b->pid);
	b->r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	b->r.out = read_all(b->out_fd);
	close(b->out_fd);
}

static void bg_attached(struct bg *b, const char *const needles[])
{
	if (bg_wait_line(b, needles) == 0)
		return;
	kill(b->pid, SIGKILL);
	waitpid(b->pid, NULL, 0);
	b->r.status = -1;
	fail_run(&b->r, "rawbpf never said it attached (\"%s\")", needles[0]);
}

/* The tc object running until `sig`, with 3 datagrams sent meanwhile:
 * it prints 3 and 3 and exits 0, and lo is as before. While it runs, the
 * netlink way is visible to iproute2 (which proves the snapshot can see
 * what rawbpf adds). */
static void tc_ends_cleanly_on(int sig, const char *mode)
{
	static struct kernel_ids ids;
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--json", "--verbose", "--net-mode",
			 (char *)mode, "--iface", "lo", (char *)TPROG("iface_tc"), NULL };
	char *udp[] = { (char *)RBNET, "udp", "3", NULL };
	const char *const link_done[] = { "attach tc_out: bpf(BPF_LINK_CREATE", "= link fd", NULL };
	const char *const netlink_done[] = { "attach tc_out: tc filter on lo egress", NULL };
	struct net_snapshot before, during;
	char left[512], what[4 * NET_SNAPSHOT_SIZE];
	struct bg b;

	kernel_ids(&ids);
	net_snapshot(&before);
	bg_start(&b, argv);
	bg_attached(&b, strcmp(mode, "link") == 0 ? link_done : netlink_done);
	net_snapshot(&during);
	if (strcmp(mode, "netlink") == 0 && net_compare(&before, &during, what, 1) == 0) {
		bg_stop(&b, SIGKILL);
		fail_run(&b.r, "iproute2 sees no clsact or filter while rawbpf runs");
	}
	run_cmd(udp, 0);
	bg_stop(&b, sig);
	expect_status(&b.r, 0);
	expect_map_u64(&b.r, "counts", "00000000", 3);
	expect_map_u64(&b.r, "counts", "01000000", 3);
	if (wait_no_new_ids(&ids, 10, left, sizeof(left)))
		fail_run(&b.r, "left in the kernel after rawbpf exited:%s", left);
	free(b.r.cmd);
	free(b.r.out);
	free(b.r.err);
	expect_net_unchanged(&before);
}

static void iface_tc_link_sigint_leaves_nothing(void **state)
{
	(void)state;
	tc_ends_cleanly_on(SIGINT, "link");
}

static void iface_tc_netlink_sigint_leaves_nothing(void **state)
{
	(void)state;
	tc_ends_cleanly_on(SIGINT, "netlink");
}

static void iface_tc_netlink_sigterm_leaves_nothing(void **state)
{
	(void)state;
	tc_ends_cleanly_on(SIGTERM, "netlink");
}

/* XDP by netlink until SIGTERM, and a second rawbpf meanwhile (by a link)
 * refused rather than replacing the first's program. */
static void iface_xdp_netlink_sigterm_leaves_nothing(void **state)
{
	static struct kernel_ids ids;
	char *argv[] = { (char *)build_path("rawbpf"), "run", "--json", "--verbose", "--net-mode",
			 "netlink", "--iface", "lo", (char *)TPROG("iface_xdp"), NULL };
	const char *const done[] = { "RTM_SETLINK lo (ifindex 1) IFLA_XDP {fd", "= ack", NULL };
	struct net_snapshot before;
	char left[512];
	struct result r;
	struct bg b;

	(void)state;
	kernel_ids(&ids);
	net_snapshot(&before);
	bg_start(&b, argv);
	bg_attached(&b, done);
	r = (struct result){ 0 };
	{
		char *second[] = { (char *)build_path("rawbpf"), "run", "--iface", "lo",
				   (char *)TPROG("iface_xdp"), "--", "/bin/true", NULL };
		run_argv(&r, second);
	}
	if (r.status != 1 || !strstr(r.err, "another XDP program is attached to lo")) {
		bg_stop(&b, SIGKILL);
		fail_run(&r, "a second rawbpf was not refused while the first's XDP program ran");
	}
	result_free(&r);
	bg_stop(&b, SIGTERM);
	expect_status(&b.r, 0);
	if (wait_no_new_ids(&ids, 10, left, sizeof(left)))
		fail_run(&b.r, "left in the kernel after rawbpf exited:%s", left);
	free(b.r.cmd);
	free(b.r.out);
	free(b.r.err);
	expect_net_unchanged(&before);
}

/* What the README says: after a SIGKILL a bpf link is gone with the
 * process, and a netlink attachment stays on the interface until removed
 * by hand (`ip link set dev lo xdp off`). */
static void iface_sigkill_leaves_only_netlink_attachments(void **state)
{
	char *off[] = { "ip", "link", "set", "dev", "lo", "xdp", "off", NULL };
	const char *const attached[][3] = {
		{ "attach xdp_drop_tcp: bpf(BPF_LINK_CREATE", "= link fd", NULL },
		{ "RTM_SETLINK lo (ifindex 1) IFLA_XDP {fd", "= ack", NULL },
	};
	static struct kernel_ids ids;
	struct net_snapshot before, after;
	char left[512];

	(void)state;
	for (int i = 0; i < 2; i++) {
		char *argv[] = { (char *)build_path("rawbpf"), "run", "--verbose", "--net-mode",
				 (char *)modes[i], "--iface", "lo", (char *)TPROG("iface_xdp"), NULL };
		struct bg b;

		kernel_ids(&ids);
		net_snapshot(&before);
		bg_start(&b, argv);
		bg_attached(&b, attached[i]);
		bg_stop(&b, SIGKILL);
		net_snapshot(&after);
		if (i == 0) {
			expect_net_unchanged(&before);
		} else {
			if (!strstr(after.part[0], "xdp"))
				fail_run(&b.r, "no XDP program on lo after rawbpf's SIGKILL:\n%s",
					 after.part[0]);
			run_cmd(off, 0);
			expect_net_unchanged(&before);
		}
		if (wait_no_new_ids(&ids, 10, left, sizeof(left)))
			fail_run(&b.r, "left in the kernel:%s", left);
		free(b.r.cmd);
		free(b.r.out);
		free(b.r.err);
	}
}

#define NET_TEST(t) cmocka_unit_test_setup_teardown(t, netns_fresh, netns_restore)

const struct CMUnitTest iface_tests[] = {
	NET_TEST(iface_xdp_link_drops_tcp),
	NET_TEST(iface_xdp_netlink_drops_tcp),
	NET_TEST(iface_tc_link_counts_udp),
	NET_TEST(iface_tc_netlink_counts_udp),
	NET_TEST(iface_tc_netlink_leaves_a_qdisc_it_did_not_make),
	NET_TEST(iface_tc_netlink_refuses_egress_under_an_ingress_qdisc),
	NET_TEST(iface_tc_netlink_clsact_deleted_mid_run),
	NET_TEST(iface_xdp_devmap_programs_load_but_do_not_attach),
	NET_TEST(iface_interface_errors),
	NET_TEST(iface_xdp_native_on_lo_is_refused),
	NET_TEST(iface_xdp_does_not_replace_another_program),
	NET_TEST(iface_failed_attach_half_way_leaves_nothing),
	NET_TEST(iface_tc_link_sigint_leaves_nothing),
	NET_TEST(iface_tc_netlink_sigint_leaves_nothing),
	NET_TEST(iface_tc_netlink_sigterm_leaves_nothing),
	NET_TEST(iface_xdp_netlink_sigterm_leaves_nothing),
	NET_TEST(iface_sigkill_leaves_only_netlink_attachments),
};
DEFINE_COUNT(iface);
