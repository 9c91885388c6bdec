/* The compatibility layers (loader/compat/): user-space programs written
 * for libbpf's <bpf/bpf.h> and for the kernel samples' bpf_load.h, built
 * with include flags only and linked with librawbpf-compat.a (Makefile,
 * tests/compat/). Each test runs the built program and checks what it did;
 * the kernel must hold nothing new afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "netns.h"

#define COMPAT(name) build_path("tests/compat/" name)

static void expect_nothing_left(const struct kernel_ids *before)
{
	char what[1024];

	if (wait_no_new_ids(before, 10, what, sizeof(what)))
		fail_msg("left in the kernel: %s", what);
}

/* The libbpf-style program, built against rawbpf and against libbpf:
 * the same output, line for line, and the results libbpf 1.x gives. */
static void bpf_api_agrees_with_libbpf(void **state)
{
	struct kernel_ids before;
	struct result ours, libbpf;

	(void)state;
	kernel_ids(&before);
	run_argv(&ours, (char *const[]){ (char *)COMPAT("bpf_api"), NULL });
	run_argv(&libbpf, (char *const[]){ (char *)COMPAT("bpf_api-libbpf"), NULL });
	expect_status(&ours, 0);
	expect_status(&libbpf, 0);
	if (strcmp(ours.out, libbpf.out) != 0) {
		printf("against rawbpf:\n%s\nagainst libbpf:\n%s\n", ours.out, libbpf.out);
		fail_msg("the two builds of tests/compat/bpf_api.c disagree");
	}
	/* and both say what libbpf 1.x says */
	expect_out(&ours, "update existing with BPF_NOEXIST: -17 errno 17\n");
	expect_out(&ours, "lookup 7: 0 value 700\n");
	expect_out(&ours, "next_key walk: 38 keys, sum 811, end -2 errno 2\n");
	expect_out(&ours, "lookup_batch: 38 entries, value sum 81100, last errno 2\n");
	expect_out(&ours, "lookup 3 through the pin: 0 value 300\n");
	expect_out(&ours, "update frozen: -1 errno 1\n");
	expect_out(&ours, "test run retval 42\n");
	expect_out(&ours, "prog attach: 0\nprog detach2: 0\n");
	expect_out(&ours, "test run, NULL opts: 0\n");
	expect_out(&ours, "retval past sz untouched: 1\n");
	expect_out(&ours, "test run, sz through retval: 0\nretval 7\n");
	expect_out(&ours, "test run, sz 4: -22 errno 22\n");
	expect_out(&ours, "map create, longer opts not zeroed: -22 errno 22\n");
	expect_out(&ours, "link type 7 (perf_event 1)\n");
	/* BPF_PROG_QUERY and BPF_LINK_UPDATE on the program's own cgroup */
	expect_out(&ours, "query a linked: 1 program, id matches, attach_flags 2\n"
			  "link update to b: 0\n"
			  "query b linked: 1 program, id matches, attach_flags 2\n");
	expect_out(&ours, "link update, replace a (holds b): -1 EPERM (errno EPERM)\n");
	expect_out(&ours, "link update on a program fd: -22 EINVAL (errno EINVAL)\n");
	expect_out(&ours, "query a and b: 2 programs, ids match, attach_flags 2\n");
	expect_out(&ours, "query room 1: -28 ENOSPC, count 2, the id copied is one of them 1\n");
	expect_out(&ours, "query_opts, sz before prog_cnt: 0, attach_flags 2, "
			  "prog_cnt past sz untouched 1\n");
	expect_out(&ours, "query after detach2: 1 program, id matches, attach_flags 2\n");
	expect_out(&ours, "query after link detach: 0 programs, none, attach_flags 0\n");
	expect_out(&ours, "done\n");
	result_free(&ours);
	result_free(&libbpf);
	expect_nothing_left(&before);
}

/* A child whose stdout the test reads as it comes. */
struct child {
	pid_t pid;
	int out;
	char text[16384];
	size_t len;
};

static void child_start(struct child *c, char *const argv[])
{
	int p[2];

	memset(c, 0, sizeof(*c));
	if (pipe2(p, O_CLOEXEC) != 0)
		fail_msg("pipe: %s", strerror(errno));
	c->pid = fork();
	if (c->pid == 0) {
		dup2(p[1], 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	c->out = p[0];
}

/* Wait until stdout has `needle`, up to `ms` milliseconds; `poke` (may be
 * NULL) is called every 50 ms meanwhile. 0 when it came. */
static int child_wait_for(struct child *c, const char *needle, int ms, void (*poke)(void))
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd p = { .fd = c->out, .events = POLLIN };
		ssize_t n;

		if (strstr(c->text, needle))
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 > ms)
			return -1;
		if (poll(&p, 1, 50) > 0) {
			n = read(c->out, c->text + c->len, sizeof(c->text) - 1 - c->len);
			if (n <= 0)
				return strstr(c->text, needle) ? 0 : -1; /* it ended */
			c->len += (size_t)n;
			c->text[c->len] = '\0';
		} else if (poke) {
			poke();
		}
	}
}

/* SIGTERM, as a user's Ctrl-C would end it; the status. */
static int child_stop(struct child *c)
{
	int status = 0;

	kill(c->pid, SIGTERM);
	waitpid(c->pid, &status, 0);
	close(c->out);
	return status;
}

static void run_true(void)
{
	struct result r;

	run_argv(&r, (char *const[]){ "/bin/true", NULL });
	result_free(&r);
}

/* Chapter 2: load_bpf_file() attaches the tracepoint program, and
 * read_trace_pipe() shows the program's greeting for an exec. */
static void book_hello_world(void **state)
{
	struct kernel_ids before;
	struct child c;

	(void)state;
	kernel_ids(&before);
	child_start(&c, (char *const[]){ (char *)COMPAT("book_hello"), (char *)PROG("hello"), NULL });
	if (child_wait_for(&c, "loaded 1 program(s)", 10000, NULL) ||
	    child_wait_for(&c, "Hello, BPF World!", 10000, run_true)) {
		child_stop(&c);
		fail_msg("book_hello printed no greeting; its output:\n%s", c.text);
	}
	child_stop(&c);
	expect_nothing_left(&before);
}

/* Chapter 3: one process makes and pins a map (bpf_create_map,
 * bpf_obj_pin), another fetches it by path (bpf_obj_get) and reads it;
 * in a private mount namespace with a bpffs of its own, which goes (and
 * the pin with it) when the namespace does. */
#define BOOK_PIN "/sys/fs/bpf/rawbpf_book_array"
static int pin_save_fetch(void *ctx, char *why, size_t size)
{
	struct result save, fetch, wrong;
	int ok;

	(void)ctx;
	if (mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL) != 0) {
		snprintf(why, size, "mount bpffs: %s", strerror(errno));
		return -1;
	}
	run_argv(&save, (char *const[]){ (char *)COMPAT("book_pin_save"), BOOK_PIN, NULL });
	run_argv(&fetch, (char *const[]){ (char *)COMPAT("book_pin_fetch"), BOOK_PIN, NULL });
	/* not a pin: a file outside any bpffs */
	run_argv(&wrong, (char *const[]){ (char *)COMPAT("book_pin_fetch"), "/proc/self/status", NULL });
	ok = save.status == 0 && strstr(save.out, "pinned at " BOOK_PIN) && fetch.status == 0 &&
	     strstr(fetch.out, "Value read from the map: '1234'") && wrong.status == 1 &&
	     strstr(wrong.out, "Failed to fetch the map from /proc/self/status");
	if (!ok)
		snprintf(why, size, "save: %d %s| fetch: %d %s| not a pin: %d %s", save.status,
			 save.out, fetch.status, fetch.out, wrong.status, wrong.out);
	unlink(BOOK_PIN);
	result_free(&save);
	result_free(&fetch);
	result_free(&wrong);
	return ok ? 0 : -1;
}

static void book_map_pinning(void **state)
{
	struct kernel_ids before;
	char why[2048] = "";

	(void)state;
	kernel_ids(&before);
	if (in_bare_mount_namespace(pin_save_fetch, NULL, why, sizeof(why)))
		fail_msg("%s", why);
	expect_nothing_left(&before);
}

/* Chapter 6: a socket filter from a legacy `maps` object, attached with
 * SO_ATTACH_BPF to a raw socket on lo (in this test's own network
 * namespace), counts three UDP datagrams; lo's tap sees each twice, on
 * the way out and on the way in. */
static void book_socket_filter(void **state)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(4242),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct kernel_ids before;
	struct child c;
	int rx, tx, found;

	(void)state;
	kernel_ids(&before);
	child_start(&c, (char *const[]){ (char *)COMPAT("book_socket"),
					 (char *)TPROG("book_socket"), "20", NULL });
	if (child_wait_for(&c, "TCP 0 UDP 0 ICMP 0 packets", 10000, NULL)) {
		child_stop(&c);
		fail_msg("book_socket did not attach; its output:\n%s", c.text);
	}
	rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_int_equal(bind(rx, (struct sockaddr *)&to, sizeof(to)), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(sendto(tx, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)), 1);
	found = child_wait_for(&c, "TCP 0 UDP 6 ICMP 0 packets", 10000, NULL);
	close(rx);
	close(tx);
	child_stop(&c);
	if (found)
		fail_msg("book_socket did not count 6 UDP packets; its output:\n%s", c.text);
	expect_nothing_left(&before);
}

const struct CMUnitTest compat_tests[] = {
	cmocka_unit_test(bpf_api_agrees_with_libbpf),
	cmocka_unit_test(book_hello_world),
	cmocka_unit_test(book_map_pinning),
	cmocka_unit_test_setup_teardown(book_socket_filter, netns_fresh, netns_restore),
};
DEFINE_COUNT(compat);
