/* The network test kit itself (netns.h, tests/kernel/tools/rbnet.c): the
 * networking tests trust it, so it is proved here first, against the
 * kernel's own answers and iproute2's.
 *   - netns_fresh() really makes a new namespace (another inode), lo is up
 *     in it, and netns_restore() goes back to the very namespace it left;
 *   - rbnet's every mode gets all its traffic through in a fresh namespace,
 *     and reports failure (exit 1, the counts, the reason) within its
 *     deadline when packets are silently dropped (a pfifo qdisc of limit 0
 *     on lo: pfifo_enqueue() in net/sched/sch_fifo.c drops every packet,
 *     and UDP and TCP senders are not told) or refused (ENETUNREACH);
 *   - a snapshot sees a qdisc, a filter and a flag that were not there,
 *     and sees nothing once they are gone.
 * Everything here runs in namespaces the tests make: whatever a test adds
 * to lo dies with its namespace, even when the test fails half-way. */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cases.h"
#include "check.h"
#include "netns.h"

/* Run argv (NULL-terminated) and require exit status 0. */
#define must_run(...) must_run_at(__FILE__, __LINE__, (char *[]){ __VA_ARGS__, NULL })
static void must_run_at(const char *file, int line, char *argv[])
{
	struct result r;

	run_argv(&r, argv);
	if (r.status != 0)
		fail_run_at(file, line, &r, "`%s` failed", r.cmd);
	result_free(&r);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* rbnet ARGS... must exit with `status` and print a line with `line`,
 * within `max_seconds` (its deadlines work: it never hangs). */
static void rbnet_expect(int status, const char *line, double max_seconds, char *mode, char *n,
			 char *timeout)
{
	char *argv[] = { (char *)RBNET, mode, n, timeout ? "--timeout" : NULL, timeout, NULL };
	struct timespec t0;
	struct result r;
	double took;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_argv(&r, argv);
	took = seconds_since(&t0);
	expect_status(&r, status);
	expect_out(&r, line);
	if (took > max_seconds)
		fail_run(&r, "took %.1f s, more than its deadlines allow (%.1f s)", took,
			 max_seconds);
	result_free(&r);
}

/* The test calls netns_fresh() itself, to see the namespace before and
 * after; the teardown brings it back if an assertion stopped it half-way. */
static void fresh_namespace_is_new_and_restored(void **state)
{
	unsigned long long before = netns_inode(), inside;
	struct net_snapshot outside;

	assert_true(before != 0);
	net_snapshot(&outside);
	assert_int_equal(netns_fresh(state), 0);
	inside = netns_inode();
	assert_true(inside != 0);
	assert_true(inside != before);
	assert_int_equal(netns_lo_is_up(), 1);
	/* what is done to this lo is not done to the original's */
	must_run("tc", "qdisc", "add", "dev", "lo", "clsact");
	/* fresh ones do not nest: a second call refuses, and changes nothing */
	assert_int_not_equal(netns_fresh(state), 0);
	assert_true(netns_inode() == inside);
	assert_int_equal(netns_restore(state), 0);
	assert_true(netns_inode() == before);
	expect_net_unchanged(&outside);
	/* a second restore (the teardown) is harmless */
	assert_int_equal(netns_restore(state), 0);
	assert_true(netns_inode() == before);
}

/* Each mode of rbnet, N = 3, all through. Its children are in the fresh
 * namespace too: ping's raw socket sees only this namespace's lo. */
static void rbnet_gets_all_traffic_through(void **state)
{
	(void)state;
	assert_int_equal(netns_lo_is_up(), 1);
	rbnet_expect(0, "rbnet udp: sent 3, received 3", 10, "udp", "3", NULL);
	rbnet_expect(0, "rbnet tcp: 3 tried, 3 connected, 3 echoed", 10, "tcp", "3", NULL);
	rbnet_expect(0, "rbnet ping: sent 3, received 3", 10, "ping", "3", NULL);
	rbnet_expect(0, "rbnet http: 3 requests, 3 answered 200 OK", 10, "http", "3", NULL);
}

/* Every packet lo sends is dropped: each mode fails after its deadlines
 * (2 tries x 200 ms each), exit 1, with the counts. The 10 s bound catches
 * a deadline that does not work (a hang), with room for a slow machine. */
static void rbnet_reports_silent_drops_in_time(void **state)
{
	struct result r;

	(void)state;
	must_run("tc", "qdisc", "add", "dev", "lo", "root", "pfifo", "limit", "0");
	rbnet_expect(1, "rbnet udp: sent 2, received 0", 10, "udp", "2", "200");
	rbnet_expect(1, "rbnet tcp: 2 tried, 0 connected, 0 echoed", 10, "tcp", "2", "200");
	rbnet_expect(1, "rbnet ping: sent 2, received 0", 10, "ping", "2", "200");
	rbnet_expect(1, "rbnet http: 2 requests, 0 answered 200 OK", 10, "http", "2", "200");
	must_run("tc", "qdisc", "del", "dev", "lo", "root");
	rbnet_expect(0, "rbnet udp: sent 2, received 2", 10, "udp", "2", "200");
	/* the reason is on stderr */
	must_run("tc", "qdisc", "add", "dev", "lo", "root", "pfifo", "limit", "0");
	run_argv(&r, (char *[]){ (char *)RBNET, "tcp", "1", "--timeout", "100", NULL });
	expect_status(&r, 1);
	expect_err(&r, "rbnet tcp: #0: connect: no answer within 100 ms");
	result_free(&r);
}

/* Refused at once: a namespace whose lo never came up has no route to
 * 127.0.0.1 (a lo taken down keeps its local routes and just drops), so
 * every send and connect fails with ENETUNREACH, and rbnet says so. The
 * inner namespace is made here, inside the fresh one; netns_restore()
 * goes back to the original from either. */
static void rbnet_reports_refusals(void **state)
{
	struct result r;

	(void)state;
	assert_int_equal(unshare(CLONE_NEWNET), 0);
	assert_int_equal(netns_lo_is_up(), 0);
	run_argv(&r, (char *[]){ (char *)RBNET, "udp", "2", NULL });
	expect_status(&r, 1);
	expect_out(&r, "rbnet udp: sent 0, received 0");
	expect_err(&r, "rbnet udp: #0: sendto: Network is unreachable");
	result_free(&r);
	run_argv(&r, (char *[]){ (char *)RBNET, "tcp", "2", NULL });
	expect_status(&r, 1);
	expect_out(&r, "rbnet tcp: 2 tried, 0 connected, 0 echoed");
	expect_err(&r, "rbnet tcp: #0: connect: Network is unreachable");
	result_free(&r);
	rbnet_expect(1, "rbnet ping: sent 0, received 0", 10, "ping", "2", NULL);
	rbnet_expect(1, "rbnet http: 2 requests, 0 answered 200 OK", 10, "http", "2", NULL);
	/* and with lo up, all goes through again */
	assert_int_equal(netns_lo_set_up(1), 0);
	rbnet_expect(0, "rbnet tcp: 2 tried, 2 connected, 2 echoed", 10, "tcp", "2", NULL);
}

static void rbnet_usage_errors(void **state)
{
	static char *const bad[][6] = {
		{ "tcp", NULL }, { "tcp", "0", NULL }, { "tcp", "x", NULL },
		{ "smtp", "1", NULL }, { "udp", "1", "--timeout", NULL },
		{ "udp", "1", "--timeout", "0", NULL }, { "ping", "1", "--port", "1", NULL },
		{ "udp", "1", "--what", "1", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[8] = { (char *)RBNET };
		struct result r;

		for (int j = 0; bad[i][j]; j++)
			argv[j + 1] = bad[i][j];
		run_argv(&r, argv);
		expect_status(&r, 2);
		expect_err(&r, "usage: rbnet");
		result_free(&r);
	}
}

/* The compare must see what tests must not leave: a qdisc, a filter, a
 * flag of lo; and nothing once it is gone. */
static void snapshot_sees_changes(void **state)
{
	struct net_snapshot before, qdisc, filter, down;
	char what[4 * NET_SNAPSHOT_SIZE];

	(void)state;
	net_snapshot(&before);
	assert_int_equal(net_compare(&before, &before, what, sizeof(what)), 0);
	assert_string_equal(what, "");
	assert_non_null(strstr(before.part[0], "lo: <LOOPBACK,UP"));

	must_run("tc", "qdisc", "add", "dev", "lo", "clsact");
	net_snapshot(&qdisc);
	assert_int_equal(net_compare(&before, &qdisc, what, sizeof(what)), -1);
	assert_non_null(strstr(what, "`tc qdisc show dev lo` changed"));
	assert_non_null(strstr(what, "qdisc clsact"));

	/* a u32 filter that matches everything and does nothing (no action:
	 * this kernel has no gact) */
	must_run("tc", "filter", "add", "dev", "lo", "ingress", "protocol", "all", "u32", "match",
		 "u32", "0", "0");
	net_snapshot(&filter);
	assert_int_equal(net_compare(&qdisc, &filter, what, sizeof(what)), -1);
	assert_non_null(strstr(what, "`tc filter show dev lo ingress` changed"));
	assert_non_null(strstr(what, "u32"));

	/* deleting clsact deletes its filters: as the test found it */
	must_run("tc", "qdisc", "del", "dev", "lo", "clsact");
	expect_net_unchanged(&before);

	assert_int_equal(netns_lo_set_up(0), 0);
	net_snapshot(&down);
	assert_int_equal(net_compare(&before, &down, what, sizeof(what)), -1);
	assert_non_null(strstr(what, "`ip -d link show lo` changed"));
	assert_int_equal(netns_lo_set_up(1), 0);
	expect_net_unchanged(&before);
}

const struct CMUnitTest netkit_tests[] = {
	cmocka_unit_test_teardown(fresh_namespace_is_new_and_restored, netns_restore),
	cmocka_unit_test_setup_teardown(rbnet_gets_all_traffic_through, netns_fresh, netns_restore),
	cmocka_unit_test_setup_teardown(rbnet_reports_silent_drops_in_time, netns_fresh,
					netns_restore),
	cmocka_unit_test_setup_teardown(rbnet_reports_refusals, netns_fresh, netns_restore),
	cmocka_unit_test(rbnet_usage_errors),
	cmocka_unit_test_setup_teardown(snapshot_sees_changes, netns_fresh, netns_restore),
};
DEFINE_COUNT(netkit);
