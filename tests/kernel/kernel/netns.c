/* The network test kit (netns.h): a fresh network namespace per test, and
 * iproute2's view of lo before and after. */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "check.h"

/* The namespace netns_fresh() left, open so that setns(2) can go back to
 * it; -1 when none is saved. (Test code, not the library: a global is the
 * only way for a cmocka setup to hand its teardown something without
 * taking the test's *state.) */
static int saved_netns = -1;

/* /proc/thread-self, not /proc/self: unshare(2) and setns(2) change the
 * calling thread's namespaces (kernel/nsproxy.c), and /proc/self is the
 * thread group leader's. The tests are single-threaded, so both are the
 * same, but this one is right either way (Linux 3.17). */
#define OWN_NETNS "/proc/thread-self/ns/net"

unsigned long long netns_inode(void)
{
	struct stat st;

	return stat(OWN_NETNS, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/* SIOCGIFFLAGS/SIOCSIFFLAGS on any socket of the namespace reach its
 * devices (dev_ifsioc in net/core/dev_ioctl.c); setting IFF_UP is what
 * `ip link set lo up` does. The flags are those of the namespace the
 * socket was made in. */
static int lo_flags(int fd, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	strcpy(ifr->ifr_name, "lo");
	return ioctl(fd, SIOCGIFFLAGS, ifr);
}

int netns_lo_set_up(int up)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = -1, err;

	if (fd < 0)
		return -1;
	if (lo_flags(fd, &ifr) == 0) {
		if (up)
			ifr.ifr_flags |= IFF_UP;
		else
			ifr.ifr_flags &= ~IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	err = errno;
	close(fd);
	errno = err;
	return ret;
}

int netns_lo_is_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = -1;

	if (fd < 0)
		return -1;
	if (lo_flags(fd, &ifr) == 0)
		ret = (ifr.ifr_flags & IFF_UP) != 0;
	close(fd);
	return ret;
}

int netns_fresh(void **state)
{
	(void)state;
	if (saved_netns >= 0) {
		print_error("netns_fresh: already in a fresh namespace (they do not nest)\n");
		return -1;
	}
	saved_netns = open(OWN_NETNS, O_RDONLY | O_CLOEXEC);
	if (saved_netns < 0) {
		print_error("netns_fresh: open %s: %s\n", OWN_NETNS, strerror(errno));
		return -1;
	}
	/* A new namespace has only lo, and it is down. Bringing it up gives
	 * it 127.0.0.1/8 by itself (inetdev_event() in net/ipv4/devinet.c
	 * adds the loopback address on NETDEV_UP for IFF_LOOPBACK devices). */
	if (unshare(CLONE_NEWNET) != 0) {
		print_error("netns_fresh: unshare(CLONE_NEWNET): %s\n", strerror(errno));
		close(saved_netns);
		saved_netns = -1;
		return -1;
	}
	if (netns_lo_set_up(1) != 0) {
		print_error("netns_fresh: SIOCSIFFLAGS lo IFF_UP: %s\n", strerror(errno));
		netns_restore(state);
		return -1;
	}
	return 0;
}

int netns_restore(void **state)
{
	int ret = 0;

	(void)state;
	if (saved_netns < 0)
		return 0;
	if (setns(saved_netns, CLONE_NEWNET) != 0) {
		print_error("netns_restore: setns: %s\n", strerror(errno));
		ret = -1;
	}
	close(saved_netns);
	saved_netns = -1;
	return ret;
}

const char *const net_snapshot_commands[NET_SNAPSHOT_PARTS] = {
	"ip -d link show lo",
	"tc qdisc show dev lo",
	"tc filter show dev lo ingress",
	"tc filter show dev lo egress",
};

void net_snapshot_at(const char *file, int line, struct net_snapshot *s)
{
	static char *const argvs[NET_SNAPSHOT_PARTS][7] = {
		{ "ip", "-d", "link", "show", "lo", NULL },
		{ "tc", "qdisc", "show", "dev", "lo", NULL },
		{ "tc", "filter", "show", "dev", "lo", "ingress", NULL },
		{ "tc", "filter", "show", "dev", "lo", "egress", NULL },
	};

	for (int i = 0; i < NET_SNAPSHOT_PARTS; i++) {
		struct result r;
		size_t len;

		run_argv(&r, argvs[i]);
		len = r.out ? strlen(r.out) : 0;
		/* an oracle that did not answer must not compare equal to
		 * another that did not */
		if (r.status != 0 || !r.out)
			fail_run_at(file, line, &r, "net_snapshot: `%s` failed",
				    net_snapshot_commands[i]);
		if (len >= sizeof(s->part[i]))
			fail_run_at(file, line, &r, "net_snapshot: `%s` printed %zu bytes, more "
				    "than NET_SNAPSHOT_SIZE holds", net_snapshot_commands[i], len);
		memcpy(s->part[i], r.out, len + 1);
		result_free(&r);
	}
}

int net_compare(const struct net_snapshot *before, const struct net_snapshot *after, char *what,
		size_t size)
{
	for (int i = 0; i < NET_SNAPSHOT_PARTS; i++)
		if (strcmp(before->part[i], after->part[i]) != 0) {
			snprintf(what, size, "`%s` changed:\n-- before:\n%s-- after:\n%s",
				 net_snapshot_commands[i], before->part[i], after->part[i]);
			return -1;
		}
	if (size)
		what[0] = '\0';
	return 0;
}

void expect_net_unchanged_at(const char *file, int line, const struct net_snapshot *before)
{
	/* static: 16 KiB, and what they describe may be as long */
	static struct net_snapshot now;
	static char what[2 * NET_SNAPSHOT_PARTS * NET_SNAPSHOT_SIZE];

	net_snapshot_at(file, line, &now);
	if (net_compare(before, &now, what, sizeof(what)) != 0) {
		print_error("the network is not as the test found it: %s\n", what);
		_fail(file, line);
	}
}
