/* Tests against the running kernel: `rawbpf run` and `inspect`, end to end,
 * on the examples (progs/), the test objects (tests/progs/) and, when it is
 * there, the conformance suite. The tests live in kernel/, a file a group.
 *
 * Every run is also a cleanup check: the kernel must hold exactly the BPF
 * programs, maps and links after rawbpf exits that it held before.
 * Without BPF (not root, or bpf(2) refused) the suite prints SKIP and
 * exits 0; with CI=true that is a failure instead, so CI cannot pass by
 * testing nothing.
 *
 * One suite at a time per machine: the test programs count events by the
 * driver's process name, and since Linux 6.6 only one process may read
 * trace_pipe, so two suites running at once (a plain and a sanitizer
 * build, say) would disturb each other's counts. A second suite waits on a
 * lock file for the first to finish. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/cases.h"
#include "uapi/linux/bpf.h"

/* 0 when BPF can be tested; else 1 (no BPF: skip) or -1 (BPF is there but
 * broken: always a failure), with the reason in why. */
static int bpf_unavailable(char *why, size_t size)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 }, /* r0 = 0 */
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	/* tracefs, perf events and bpffs all need root as well */
	if (geteuid() != 0) {
		snprintf(why, size, "not running as root");
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (uint64_t)(unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (uint64_t)(unsigned long)"GPL";
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	snprintf(why, size, "BPF_PROG_LOAD of a two-instruction program: %s", strerror(errno));
	/* EPERM: locked down or in a container; ENOSYS: a kernel without BPF */
	return errno == EPERM || errno == EACCES || errno == ENOSYS ? 1 : -1;
}

int main(void)
{
	static const struct {
		const struct CMUnitTest *tests;
		const size_t *count;
	} groups[] = {
		{ example_tests, &example_count },
		{ object_tests, &object_count },
		{ feature_tests, &feature_count },
		{ cli_tests, &cli_count },
		{ conformance_tests, &conformance_count },
		{ stream_tests, &stream_count },
		{ input_tests, &input_count },
		{ pin_tests, &pin_count },
		{ message_tests, &message_count },
		{ cleanup_tests, &cleanup_count },
		{ map_tests, &map_count },
		{ core_tests, &core_count },
		{ extern_tests, &extern_count },
		{ toolbox_tests, &toolbox_count },
		{ toolbox_map_tests, &toolbox_map_count },
		{ test_run_tests, &test_run_count },
		{ netkit_tests, &netkit_count },
		{ socket_tests, &socket_count },
		{ iface_tests, &iface_count },
		{ user_api_tests, &user_api_count },
		{ compat_tests, &compat_count },
		{ skeleton_tests, &skeleton_count },
		{ usdt_tests, &usdt_count },
		{ formatting_tests, &formatting_count },
		{ iterator_tests, &iterator_count },
		{ sampling_tests, &sampling_count },
		{ net_example_tests, &net_example_count },
	};
	struct CMUnitTest *all;
	size_t n = 0, total = 0;
	const char *ci = getenv("CI");
	char why[256];
	int status = bpf_unavailable(why, sizeof(why)), lock;

	if (status < 0 || (status > 0 && ci && strcmp(ci, "true") == 0)) {
		printf("FAIL: kernel tests cannot run%s: %s\n", status > 0 ? " in CI" : "", why);
		return 1;
	}
	if (status > 0) {
		printf("SKIP: kernel tests: %s\n", why);
		return 0;
	}
	lock = open("/tmp/rawbpf-kernel-tests.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
		if (lock >= 0 && errno == EWOULDBLOCK) {
			printf("kernel tests: another run holds /tmp/rawbpf-kernel-tests.lock; "
			       "waiting for it\n");
			fflush(stdout);
		}
		if (lock < 0 || flock(lock, LOCK_EX) != 0) {
			printf("FAIL: kernel tests: cannot lock /tmp/rawbpf-kernel-tests.lock: %s\n",
			       strerror(errno));
			return 1;
		}
	}
	/* one group, so that cmocka's summary (which tests/run.sh reads)
	 * counts every test */
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		total += *groups[g].count;
	all = calloc(total, sizeof(*all));
	if (!all)
		return 1;
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (size_t i = 0; i < *groups[g].count; i++)
			all[n++] = groups[g].tests[i];
	/* RB_TEST_FILTER=pattern runs only the matching tests ('*' wildcards). */
	if (getenv("RB_TEST_FILTER"))
		cmocka_set_test_filter(getenv("RB_TEST_FILTER"));
	status = _cmocka_run_group_tests("kernel", all, n, NULL, NULL);
	free(all);
	return status;
}
