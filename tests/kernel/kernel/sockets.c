/* Socket filters, cgroup programs, network-namespace programs and BPF LSM
 * (loader/attach/socket_filter.c, cgroup.c, netns.c, lsm.c), run for real.
 *
 * The networking tests run in a network namespace of their own (netns.h)
 * and count rbnet's traffic on its lo exactly; the cgroup tests count one
 * command's sockets in a cgroup v2 directory the test makes and removes,
 * under the v2 root rawbpf itself found or mounted. After every run the
 * rawbpf() helper checks that no program, map or link is left. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "netns.h"
#include "loader/attach/cgroup2.h"

#define RBCGROUP build_path("tests/tools/rbcgroup")

/* On lo a packet socket sees each packet twice, as it leaves (dev_queue_
 * xmit_nit) and as it comes back in (loopback_xmit -> netif_rx): N echo
 * requests and the kernel's N replies are 4N ICMP packets. */
static void socket_filter_counts_pings(void **state)
{
	struct net_snapshot before;
	struct result r;

	(void)state;
	net_snapshot(&before);
	rawbpf(&r, "run", "--json", "--iface", "lo", TPROG("sock_proto_count"), "--", RBNET,
	       "ping", "3");
	expect_status(&r, 0);
	expect_out(&r, "rbnet ping: sent 3, received 3");
	expect_map_u64(&r, "protocols", "01000000", 12); /* IPPROTO_ICMP */
	expect_map_u64(&r, "protocols", "11000000", 0);  /* no UDP */
	result_free(&r);
	expect_net_unchanged(&before);
}

static void socket_filter_needs_an_interface(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("sock_proto_count"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "count_protocols", "rb_attach_opts.iface", "--iface");
	result_free(&r);
	/* as for xdp and tc (netdev.c): the caller's mistake, exit 2 */
	rawbpf(&r, "run", "--verbose", "--iface", "rbnope0", TPROG("sock_proto_count"), "--",
	       "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "count_protocols (section socket): no network interface 'rbnope0'");
	result_free(&r);
	rawbpf(&r, "run", "--iface", "rbnope0123456789x", TPROG("sock_proto_count"), "--",
	       "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "names are at most 15 characters");
	result_free(&r);
	rawbpf(&r, "run", "--iface", "", TPROG("sock_proto_count"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "count_protocols (section socket): the network interface given is an "
			"empty name", "--iface NAME");
	result_free(&r);
}

/* The cgroup v2 root, as rawbpf finds it (or mounts it: the host may
 * have cgroup v1 only) when no --cgroup is given. */
static void cgroup2_root(char *path, size_t size)
{
	const char *found[] = { "cgroup v2 found at ", "mounted cgroup v2 at " };
	struct result r;

	rawbpf(&r, "run", "--verbose", TPROG("sock_create_count"), "--", "/bin/true");
	expect_status(&r, 0);
	/* said whether --verbose or not: without --cgroup it is machine-wide */
	expect_err_line(&r, "rawbpf: program count_sockets (section cgroup/sock_create) is "
			"attached to the root of cgroup v2: it runs for every process of this "
			"machine", "--cgroup DIR");
	for (int i = 0; i < 2; i++) {
		const char *p = strstr(r.err, found[i]);

		if (p) {
			p += strlen(found[i]);
			snprintf(path, size, "%.*s", (int)strcspn(p, " \n"), p);
			result_free(&r);
			return;
		}
	}
	fail_run(&r, "rawbpf said nowhere where cgroup v2 is");
}

/* A cgroup of the test's own under the root, made empty and removed. */
static void cgroup_make(char *dir, size_t size)
{
	char root[4096];

	cgroup2_root(root, sizeof(root));
	snprintf(dir, size, "%s/rawbpf-test-%d", root, (int)getpid());
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", dir, strerror(errno));
}

/* rmdir succeeds once the cgroup has no process; its last one exited
 * before rawbpf did, but the kernel may take a moment to see it empty. */
static void cgroup_remove(const char *dir)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (rmdir(dir) != 0) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (errno != EBUSY || t.tv_sec - t0.tv_sec > 5)
			fail_msg("rmdir %s: %s", dir, strerror(errno));
		usleep(10000);
	}
}

/* rbnet udp N in the cgroup: its client sends N datagrams (egress) and
 * its server socket receives them (ingress); nothing else of the cgroup
 * sends anything, and on lo there is no ARP. */
static void cgroup_skb_counts_one_cgroups_packets(void **state)
{
	char dir[4200];
	struct result r;

	(void)state;
	cgroup_make(dir, sizeof(dir));
	rawbpf(&r, "run", "--json", "--cgroup", dir, TPROG("cgroup_skb_count"), "--", RBCGROUP,
	       dir, RBNET, "udp", "5");
	expect_status(&r, 0);
	expect_out(&r, "rbnet udp: sent 5, received 5");
	expect_map_u64(&r, "packets", "00000000", 5);
	expect_map_u64(&r, "packets", "01000000", 5);
	if (strstr(r.err, "root of cgroup v2"))
		fail_run(&r, "a program given its --cgroup was said to run machine-wide");
	result_free(&r);
	cgroup_remove(dir);
}

/* rbnet udp makes two inet sockets, a server and a client. */
static void cgroup_sock_create_counts_sockets(void **state)
{
	char dir[4200];
	struct result r;

	(void)state;
	cgroup_make(dir, sizeof(dir));
	rawbpf(&r, "run", "--json", "--verbose", "--cgroup", dir, TPROG("sock_create_count"), "--",
	       RBCGROUP, dir, RBNET, "udp", "3");
	expect_status(&r, 0);
	expect_err_line(&r, "BPF_LINK_CREATE", dir);
	expect_map_u64(&r, "sockets", "00000000", 2);
	result_free(&r);
	cgroup_remove(dir);
}

static void cgroup_option_errors(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--cgroup", "/tmp", TPROG("sock_create_count"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "cgroup /tmp is not a cgroup v2 directory", "cgroup2");
	result_free(&r);
	rawbpf(&r, "run", "--cgroup", "/rawbpf-no-such-cgroup", TPROG("sock_create_count"), "--",
	       "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "program count_sockets (section cgroup/sock_create): cgroup "
			"/rawbpf-no-such-cgroup: no such directory");
	result_free(&r);
	rawbpf(&r, "run", "--cgroup", "", TPROG("sock_create_count"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "program count_sockets (section cgroup/sock_create): the cgroup given "
			"is an empty path", "--cgroup DIR");
	result_free(&r);
	/* --cgroup for an object without cgroup programs is refused */
	rawbpf(&r, "run", "--cgroup", "/tmp", "--iface", "lo", TPROG("sock_proto_count"), "--",
	       "/bin/true");
	expect_status(&r, 2);
	expect_err(&r, "a cgroup was given");
	result_free(&r);
}

/* A cgroup link made, then the socket filter after it fails: the link is
 * undone before rawbpf exits (the helper finds no link left). */
static void failed_attach_half_way_leaves_no_cgroup_link(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--verbose", "--iface", "rbnope0", TPROG("cgroup_then_socket"), "--",
	       "/bin/true");
	expect_status(&r, 2); /* no such interface: the caller's mistake */
	expect_err(&r, "BPF_LINK_CREATE");
	expect_err(&r, "no network interface 'rbnope0'");
	expect_err(&r, "detach: close(fd");
	result_free(&r);
}

/* In a mount namespace of its own where no cgroup2 is mounted (the ones
 * the host has are unmounted there), rawbpf mounts one where it belongs;
 * it goes with the namespace. Runs in a child: cmocka's asserts stay in
 * the parent. */
static int unmount_cgroup2(void)
{
	for (int tries = 0; tries < 16; tries++) {
		char text[1 << 16], path[4096], why[200];
		FILE *f = fopen("/proc/self/mountinfo", "r");
		size_t n = f ? fread(text, 1, sizeof(text), f) : 0;

		if (f)
			fclose(f);
		if (rb_mountinfo_find(text, n, "cgroup2", path, sizeof(path), why, sizeof(why)) != 0)
			return 0;
		if (umount2(path, MNT_DETACH) != 0)
			return -1;
	}
	return -1;
}

static void mounts_cgroup2_where_none_is(void **state)
{
	int pipefd[2], status;
	char msg[512] = "";
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct result r;
		char *argv[] = { (char *)build_path("rawbpf"), "run", "--verbose",
				 (char *)TPROG("sock_create_count"), "--", "/bin/true", NULL };
		const char *why = NULL;

		close(pipefd[0]);
		if (unshare(CLONE_NEWNS) != 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 || unmount_cgroup2())
			why = "cannot make a mount namespace without cgroup2";
		if (!why) {
			run_argv(&r, argv);
			if (r.status != 0 || !strstr(r.err, "mounted cgroup v2 at /sys/fs/cgroup") ||
			    !strstr(r.err, "it stays mounted"))
				why = r.err;
		}
		if (why && write(pipefd[1], why, strnlen(why, 500)) < 0)
			_exit(2);
		_exit(why ? 1 : 0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], msg, sizeof(msg) - 1) < 0)
		msg[0] = '\0';
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("rawbpf did not mount cgroup v2: %s", msg);
}

/* Each of rbnet's N datagrams looks up its socket once (udp4 lookup runs
 * sk_lookup for an unconnected socket: __udp4_lib_lookup()). */
static void sk_lookup_counts_udp_lookups(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("sk_lookup_count"), "--", RBNET, "udp", "4");
	expect_status(&r, 0);
	expect_map_u64(&r, "lookups", "00000000", 4);
	result_free(&r);
	rawbpf(&r, "run", "--json", "--netns", "/proc/self/ns/net", TPROG("sk_lookup_count"), "--",
	       RBNET, "udp", "2");
	expect_status(&r, 0);
	expect_map_u64(&r, "lookups", "00000000", 2);
	result_free(&r);
	rawbpf(&r, "run", "--netns", "/rawbpf-no-such-netns", TPROG("sk_lookup_count"), "--",
	       "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "cannot open network namespace /rawbpf-no-such-netns", "--netns");
	result_free(&r);
}

static void flow_dissector_attaches_to_the_namespace(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--verbose", TPROG("flow_dissector_pass"), "--", RBNET, "udp", "2");
	expect_status(&r, 0);
	expect_err_line(&r, "BPF_LINK_CREATE", "network namespace /proc/self/ns/net");
	result_free(&r);
}

/* Where the kernel runs BPF LSM programs, the count is exact. Which case
 * this kernel is, is told apart by a fact of its own: an LSM program is
 * called through a BPF trampoline, as an fentry program is, so where an
 * fentry program is refused EPERM (this project's host), the LSM program
 * must be refused with that reason and what to do; where fentry loads, an
 * LSM program that cannot run can only be one whose LSM is not active, and
 * rawbpf must refuse to attach it, naming the lsm= fix. */
static void lsm_counts_a_hook(void **state)
{
	struct result r;
	int trampolines;

	(void)state;
	rawbpf(&r, "run", TPROG("fentry_getppid"), "--", DRIVER, "getppid", "1");
	trampolines = r.status == 0;
	if (!trampolines)
		expect_err_line(&r, "the kernel refused to load it (Operation not permitted)");
	result_free(&r);

	rawbpf(&r, "run", "--json", "--verbose", TPROG("lsm_getpgid"), "--", DRIVER, "getpgid",
	       "7");
	expect_err(&r, "function bpf_lsm_task_getpgid is BTF id");
	if (!trampolines) {
		expect_status(&r, 1);
		expect_err_line(&r, "program count_getpgid (section lsm/task_getpgid): the kernel "
				"refused to load it (Operation not permitted)");
		expect_err_line(&r, "bpf is an active LSM (", ") and this process has the "
				"capabilities, yet the kernel refused the program (EPERM).",
				"a kernel that forbids BPF trampolines refuses them so",
				"run it on a kernel that allows fentry programs");
	} else if (r.status == 0) {
		expect_err_line(&r, "program count_getpgid: bpf is an active LSM (");
		expect_err_line(&r, "BPF_LINK_CREATE", "BPF_LSM_MAC");
		expect_map_u64(&r, "calls", "00000000", 7);
	} else {
		expect_status(&r, 1);
		expect_err_line(&r, "count_getpgid (section lsm/task_getpgid): the hook would "
				"never run");
		expect_err_line(&r, "BPF LSM programs run only when bpf is an active LSM",
				",bpf) and reboot.");
	}
	result_free(&r);
}

static void lsm_unknown_hook_is_named(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("lsm_missing"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err_line(&r, "on_nothing", "bpf_lsm_no_such_hook", "no LSM hook no_such_hook");
	result_free(&r);
}

const struct CMUnitTest socket_tests[] = {
	cmocka_unit_test_setup_teardown(socket_filter_counts_pings, netns_fresh, netns_restore),
	cmocka_unit_test_setup_teardown(socket_filter_needs_an_interface, netns_fresh,
					netns_restore),
	cmocka_unit_test_setup_teardown(cgroup_skb_counts_one_cgroups_packets, netns_fresh,
					netns_restore),
	cmocka_unit_test_setup_teardown(cgroup_sock_create_counts_sockets, netns_fresh,
					netns_restore),
	cmocka_unit_test(cgroup_option_errors),
	cmocka_unit_test_setup_teardown(failed_attach_half_way_leaves_no_cgroup_link, netns_fresh,
					netns_restore),
	cmocka_unit_test(mounts_cgroup2_where_none_is),
	cmocka_unit_test_setup_teardown(sk_lookup_counts_udp_lookups, netns_fresh, netns_restore),
	cmocka_unit_test_setup_teardown(flow_dissector_attaches_to_the_namespace, netns_fresh,
					netns_restore),
	cmocka_unit_test(lsm_counts_a_hook),
	cmocka_unit_test(lsm_unknown_hook_is_named),
};
DEFINE_COUNT(socket);
