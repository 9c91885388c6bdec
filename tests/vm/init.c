/* /init of the test VMs (make vmtest): runs rawbpf against the booted
 * kernel and reports through the serial console and qemu's isa-debug-exit.
 *
 * Built static (musl), it is the only process at first: it mounts /proc,
 * /sys and /dev, runs each case (rawbpf run --json OBJ -- CMD), checks the
 * output for the lines the case states, prints "vmtest: N passed, N failed"
 * and writes the result to I/O port 0xf4, which makes qemu exit with
 * status (value << 1) | 1. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct test_case {
	const char *name;
	const char *argv[12];
	const char *expect[4]; /* substrings of stdout, all required */
};

#define V(k, v) "\"key\":\"" k "\",\"value\":\"" v "\""
#define FIVE "0500000000000000"

static const struct test_case cases[] = {
	{ "tracepoint, legacy maps", { "/rawbpf", "run", "--json", "/t/legacy_count.bpf.o", "--",
				       "/trigger", "getppid", "5" }, { V("00000000", FIVE) } },
	{ "kprobe and kretprobe", { "/rawbpf", "run", "--json", "/t/kprobe.bpf.o", "--", "/trigger",
				    "getppid", "5" }, { V("00000000", FIVE), V("01000000", FIVE) } },
	{ "raw tracepoint", { "/rawbpf", "run", "--json", "/t/raw_tp.bpf.o", "--", "/trigger",
			      "getppid", "5" }, { V("00000000", FIVE) } },
	{ "uprobe and uretprobe", { "/rawbpf", "run", "--json", "/t/uprobe.bpf.o", "--", "/trigger",
				    "func", "5" }, { V("00000000", FIVE), V("01000000", FIVE) } },
	{ "BTF maps", { "/rawbpf", "run", "--json", "/t/btf_maps.bpf.o", "--", "/trigger", "getppid",
			"5" }, { "\"map\":\"total\"," V("00000000", FIVE) } },
	{ "global data", { "/rawbpf", "run", "--json", "/t/globals.bpf.o", "--", "/trigger",
			   "getppid", "5" }, { V("00000000", "f703000000000000") } },
	{ "BPF-to-BPF calls", { "/rawbpf", "run", "--json", "/t/subprogs.bpf.o", "--", "/trigger",
				"getppid", "5" }, { V("00000000", "0a00000000000000"),
						    V("01000000", "2800000000000000") } },
	{ "ring buffer", { "/rawbpf", "run", "--json", "/t/ringbuf.bpf.o", "--", "/trigger",
			   "getppid", "5" }, { "\"data\":\"0400000000000000\"" } },
	{ "tp_btf example", { "/rawbpf", "run", "--json", "/t/exec_count_btf.bpf.o", "--",
			      "/rbdriver", "getppid", "1" },
	  { V("72626472697665720000000000000000", "0100000000000000") } },
	{ "fentry and fexit", { "/rawbpf", "run", "--json", "/t/fentry_getppid.bpf.o", "--",
				"/rbdriver", "getppid", "5" }, { V("00000000", FIVE), V("01000000", FIVE) } },
};

static int run_case(const struct test_case *c)
{
	char out[16384];
	size_t len = 0;
	int pipefd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return 0;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execv(c->argv[0], (char *const *)c->argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (len < sizeof(out) - 1 && (n = read(pipefd[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("FAIL %s: exit status %d\n%s", c->name, WIFEXITED(status) ? WEXITSTATUS(status) : -1, out);
		return 0;
	}
	for (int i = 0; i < 4 && c->expect[i]; i++)
		if (!strstr(out, c->expect[i])) {
			printf("FAIL %s: no %s in\n%s", c->name, c->expect[i], out);
			return 0;
		}
	printf("ok   %s\n", c->name);
	return 1;
}

/* After every case: no BPF program may remain (the kernel frees them a
 * moment after the last fd closes, so poll for up to 10 s), and no probe
 * event in tracefs. */
static int nothing_left(void)
{
	union { struct { unsigned start_id, next_id, open_flags; }; char pad[128]; } attr;
	char events[512] = "";
	FILE *f;

	for (int tries = 0; tries < 1000; tries++) {
		memset(&attr, 0, sizeof(attr));
		if (syscall(SYS_bpf, 11 /* BPF_PROG_GET_NEXT_ID */, &attr, sizeof(attr)) != 0)
			break;
		if (tries == 999) {
			printf("FAIL nothing left: BPF program id %u remains\n", attr.next_id);
			return 0;
		}
		usleep(10000);
	}
	f = fopen("/sys/kernel/tracing/kprobe_events", "r");
	if (f) {
		size_t n = fread(events, 1, sizeof(events) - 1, f);
		events[n] = '\0';
		fclose(f);
	}
	if (events[0]) {
		printf("FAIL nothing left: kprobe_events holds %s\n", events);
		return 0;
	}
	printf("ok   nothing left: no BPF program, no probe event\n");
	return 1;
}

int main(void)
{
	int passed = 0, failed = 0, console;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	console = open("/dev/console", O_RDWR);
	if (console >= 0) {
		dup2(console, 0);
		dup2(console, 1);
		dup2(console, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	{
		char version[256] = "";
		FILE *f = fopen("/proc/version", "r");
		if (f && fgets(version, sizeof(version), f))
			printf("vmtest: %s", version);
		if (f)
			fclose(f);
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]) ? passed++ : failed++;
	nothing_left() ? passed++ : failed++;
	printf("vmtest: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	/* isa-debug-exit: qemu exits with (value << 1) | 1 */
	if (ioperm(0xf4, 1, 1) == 0)
		outb(failed ? 1 : 0, 0xf4);
	reboot(RB_POWER_OFF); /* if the port is missing */
	return 0;
}
