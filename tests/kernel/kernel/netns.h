/* The network test kit: a network namespace of the test's own, and a
 * check that a test left the network as it found it.
 *
 * Networking tests run only inside a namespace they made, and send traffic
 * only there (tests/kernel/tools/rbnet, on 127.0.0.1). Use the pair as a
 * cmocka setup and teardown:
 *
 *   cmocka_unit_test_setup_teardown(my_test, netns_fresh, netns_restore)
 *
 * netns_fresh() moves the test process into a new network namespace whose
 * `lo` is up (so 127.0.0.1 works), and everything the test starts (rawbpf,
 * rbnet) inherits it. netns_restore() moves the process back. When the
 * last process (and the last open namespace file) leaves it, the kernel
 * tears the namespace down with everything in it: lo, its qdiscs and
 * filters, its XDP program, the test's sockets. Neither touches *state:
 * a test's own setup can call netns_fresh(state) and keep *state for
 * itself. netns_restore() is harmless when no netns_fresh() is in effect,
 * so it can be the teardown of a test that calls netns_fresh() itself.
 *
 * net_snapshot() records what iproute2 (the independent oracle: it is not
 * rawbpf's code) says about lo: `ip -d link show lo` (flags, an attached
 * XDP program), `tc qdisc show dev lo` (a clsact rawbpf added),
 * `tc filter show dev lo ingress` and `... egress` (tc BPF programs).
 * expect_net_unchanged(&before) fails the test, naming what differs, when
 * a snapshot taken now is not the same; net_compare() says the same as a
 * value. The rawbpf(&r, ...) helper of check.h already compares the BPF
 * programs, maps and links the kernel holds. */
#ifndef KERNEL_NETNS_H
#define KERNEL_NETNS_H

#include <stddef.h>

int netns_fresh(void **state);
int netns_restore(void **state);

/* The traffic tool (tests/kernel/tools/rbnet.c says its modes and output);
 * build_path() is support.h's. */
#define RBNET build_path("tests/tools/rbnet")

/* The namespace the calling thread is in: the inode number of
 * /proc/thread-self/ns/net (two namespaces are the same one exactly when
 * these are equal); 0 when it cannot be read. */
unsigned long long netns_inode(void);

/* Bring lo of the current namespace up (up = 1) or down (0), with
 * SIOCSIFFLAGS; 0, or -1 with errno set. */
int netns_lo_set_up(int up);
/* Is lo of the current namespace up (IFF_UP)? 1, 0, or -1 with errno. */
int netns_lo_is_up(void);

#define NET_SNAPSHOT_PARTS 4
#define NET_SNAPSHOT_SIZE 4096
struct net_snapshot {
	/* each command's stdout, or a note that it failed */
	char part[NET_SNAPSHOT_PARTS][NET_SNAPSHOT_SIZE];
};
/* Take a snapshot. Fails the test (at the caller's line) when ip or tc
 * cannot run: two empty snapshots must not pass as "unchanged". */
#define net_snapshot(s) net_snapshot_at(__FILE__, __LINE__, s)
void net_snapshot_at(const char *file, int line, struct net_snapshot *s);
/* 0 when `before` and `after` are the same; else -1, with the command and
 * both of its outputs in what[size]. */
int net_compare(const struct net_snapshot *before, const struct net_snapshot *after, char *what,
		size_t size);
#define expect_net_unchanged(before) expect_net_unchanged_at(__FILE__, __LINE__, before)
void expect_net_unchanged_at(const char *file, int line, const struct net_snapshot *before);

/* The commands a snapshot runs, in part order (for messages). */
extern const char *const net_snapshot_commands[NET_SNAPSHOT_PARTS];

#endif
