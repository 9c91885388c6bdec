/* /init of the test VMs (make vmtest): runs rawbpf against the booted
 * kernel and reports through the serial console and qemu's isa-debug-exit.
 *
 * Built static (musl), it is the only process at first: it mounts /proc,
 * /sys and /dev, runs each case (rawbpf run --json OBJ [-- CMD]), checks its
 * exit status and output, then checks that nothing is left: no BPF program
 * in the kernel, no entry in kprobe_events or uprobe_events. It prints
 * "vmtest: N passed, N failed" and writes the result to I/O port 0xf4,
 * which makes qemu exit with status (value << 1) | 1.
 *
 * Objects under /t/conf/ come from ../shared/conformance and are present
 * only when the suite is (always in CI); the others are the project's own. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

struct test_case {
	const char *name;
	const char *argv[14];  /* rawbpf and its arguments */
	int status;            /* the exit status it must end with */
	const char *expect[3]; /* substrings of stdout, all required */
	const char *expect_err;/* a substring of stderr, or NULL */
	/* Signal cases run without CMD: once stderr (--verbose) shows `ready`
	 * perf events enabled, `driver` runs, then `signal` is sent. */
	int signal;
	int ready;
	const char *driver[4];
	/* A sysfs directory to hide under an empty tmpfs while the case runs:
	 * a PMU's, to act as a kernel before 4.17 that has none. */
	const char *hide;
};

#define V(k, v) "\"key\":\"" k "\",\"value\":\"" v "\""
#define FIVE "0500000000000000"
#define RUN "/rawbpf", "run", "--json"
#define GETPPID5 "/rbdriver", "getppid", "5"

static const struct test_case cases[] = {
	{ "tracepoint, legacy maps", { RUN, "/t/conf/legacy_count.bpf.o", "--", "/trigger",
				       "getppid", "5" }, 0, { V("00000000", FIVE) } },
	{ "kprobe and kretprobe (conformance)", { RUN, "/t/conf/kprobe.bpf.o", "--", "/trigger",
						  "getppid", "5" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) } },
	{ "kprobe and kretprobe, kprobe PMU", { RUN, "--verbose", "--probe-mode", "pmu",
						"/t/kprobe_count.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "perf_event_open(kprobe PMU type" },
	{ "kprobe and kretprobe, kprobe_events", { RUN, "--verbose", "--probe-mode", "tracefs",
						   "/t/kprobe_count.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "write(kprobe_events, \"r:kprobes/rawbpf_" },
	{ "kprobe and kretprobe, no kprobe PMU: auto falls back to kprobe_events",
	  { RUN, "--verbose", "/t/kprobe_count.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "write(kprobe_events, \"p:kprobes/rawbpf_",
	  0, 0, { NULL }, "/sys/bus/event_source/devices/kprobe" },
	{ "kprobe attach failing half-way, kprobe_events",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/kprobe_missing.bpf.o", "--",
	    GETPPID5 }, 1, { NULL }, "detach: write(kprobe_events, \"-:kprobes/rawbpf_" },
	{ "SIGINT ends a run with kprobe_events entries",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/kprobe_count.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGINT, 2, { GETPPID5 } },
	{ "SIGTERM ends a run with kprobe_events entries",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/kprobe_count.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGTERM, 2, { GETPPID5 } },
	{ "SIGINT ends a run with uprobe PMU events",
	  { RUN, "--verbose", "/t/uprobe_own.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGINT, 2,
	  { "/rbdriver", "func", "5" } },
	{ "raw tracepoint", { RUN, "/t/conf/raw_tp.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { V("00000000", FIVE) } },
	{ "uprobe and uretprobe (conformance)", { RUN, "/t/conf/uprobe.bpf.o", "--", "/trigger",
						  "func", "5" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) } },
	{ "uprobe and uretprobe, uprobe_events", { RUN, "--verbose", "--probe-mode", "tracefs",
						   "/t/uprobe_own.bpf.o", "--", "/rbdriver",
						   "func", "5" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, "write(uprobe_events, \"r:uprobes/rawbpf_" },
	{ "SIGTERM ends a run with uprobe_events entries",
	  { RUN, "--verbose", "--probe-mode", "tracefs", "/t/uprobe_own.bpf.o" }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) }, NULL, SIGTERM, 2,
	  { "/rbdriver", "func", "5" } },
	{ "BTF maps", { RUN, "/t/conf/btf_maps.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { "\"map\":\"total\"," V("00000000", FIVE) } },
	{ "global data", { RUN, "/t/conf/globals.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { V("00000000", "f703000000000000") } },
	{ "BPF-to-BPF calls", { RUN, "/t/conf/subprogs.bpf.o", "--", "/trigger", "getppid", "5" },
	  0, { V("00000000", "0a00000000000000"), V("01000000", "2800000000000000") } },
	{ "ring buffer", { RUN, "/t/conf/ringbuf.bpf.o", "--", "/trigger", "getppid", "5" }, 0,
	  { "\"data\":\"0400000000000000\"" } },
	{ "tp_btf example", { RUN, "/t/exec_count_btf.bpf.o", "--", "/rbdriver", "getppid", "1" },
	  0, { V("72626472697665720000000000000000", "0100000000000000") } },
	{ "fentry and fexit", { RUN, "/t/fentry_getppid.bpf.o", "--", GETPPID5 }, 0,
	  { V("00000000", FIVE), V("01000000", FIVE) } },
};

/* The object a case loads: its argument ending in ".bpf.o". */
static const char *case_object(const struct test_case *c)
{
	for (int i = 0; c->argv[i]; i++) {
		size_t n = strlen(c->argv[i]);
		if (n > 6 && strcmp(c->argv[i] + n - 6, ".bpf.o") == 0)
			return c->argv[i];
	}
	return "";
}

static int count_substr(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Run argv to its end (output to the console); its exit status. */
static int run_quietly(const char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char out[32768], err[65536];

/* Run the case: stdout into /out, stderr through a pipe read as it comes,
 * so a signal case can wait for the attach to finish. A case that does not
 * end within 60 s is killed and fails. */
static int run_case(const struct test_case *c)
{
	int errpipe[2], outfd, status, signalled = 0, timed_out = 0;
	size_t len = 0;
	pid_t pid;

	outfd = open("/out", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (outfd < 0 || pipe(errpipe))
		return 0;
	pid = fork();
	if (pid == 0) {
		dup2(outfd, 1);
		dup2(errpipe[1], 2);
		close(errpipe[0]);
		execv(c->argv[0], (char *const *)c->argv);
		_exit(127);
	}
	close(errpipe[1]);
	err[0] = '\0';
	for (;;) {
		struct pollfd p = { errpipe[0], POLLIN, 0 };
		char chunk[4096];
		ssize_t n;

		if (poll(&p, 1, 60000) <= 0) {
			timed_out = 1;
			kill(pid, SIGKILL);
			break;
		}
		n = read(errpipe[0], chunk, sizeof(chunk));
		if (n <= 0)
			break;
		if (len + (size_t)n < sizeof(err)) { /* keep the start; it has the trace */
			memcpy(err + len, chunk, (size_t)n);
			len += (size_t)n;
			err[len] = '\0';
		}
		if (c->signal && !signalled &&
		    count_substr(err, "PERF_EVENT_IOC_ENABLE) = 0") >= c->ready) {
			if (run_quietly(c->driver) != 0)
				printf("     (the driver %s failed)\n", c->driver[0]);
			kill(pid, c->signal);
			signalled = 1;
		}
	}
	close(errpipe[0]);
	waitpid(pid, &status, 0);
	len = (size_t)pread(outfd, out, sizeof(out) - 1, 0);
	out[len < sizeof(out) ? len : 0] = '\0';
	close(outfd);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (timed_out || status != c->status || (c->signal && !signalled)) {
		printf("FAIL %s: exit status %d (expected %d)%s%s\n%s%s", c->name, status,
		       c->status, timed_out ? ", killed after 60 s" : "",
		       c->signal && !signalled ? ", never attached" : "", out, err);
		return 0;
	}
	for (int i = 0; i < 3 && c->expect[i]; i++)
		if (!strstr(out, c->expect[i])) {
			printf("FAIL %s: no %s in\n%s%s", c->name, c->expect[i], out, err);
			return 0;
		}
	if (c->expect_err && !strstr(err, c->expect_err)) {
		printf("FAIL %s: no %s on stderr:\n%s", c->name, c->expect_err, err);
		return 0;
	}
	return 1;
}

/* The content of a tracefs probe file, "" when it is empty or absent. */
static void read_events(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/* After every case: no BPF program may remain (the kernel frees them a
 * moment after the last fd closes, so poll for up to 10 s), no BPF link, no probe
 * event in tracefs (rawbpf removes those itself before it exits). */
static int nothing_left(const char *name)
{
	static const char *const files[] = { "/sys/kernel/tracing/kprobe_events",
					     "/sys/kernel/tracing/uprobe_events" };
	union { struct { unsigned start_id, next_id, open_flags; }; char pad[128]; } attr;
	char events[1024];

	for (size_t i = 0; i < 2; i++) {
		read_events(files[i], events, sizeof(events));
		if (events[0]) {
			printf("FAIL %s: %s still holds %s\n", name, files[i], events);
			/* clear them (O_TRUNC removes every probe event), so that
			 * the next cases are judged on their own */
			close(open(files[i], O_WRONLY | O_TRUNC));
			return 0;
		}
	}
	/* BPF_PROG_GET_NEXT_ID (11) and BPF_LINK_GET_NEXT_ID (31) from id 0
	 * fail with ENOENT when there is none */
	static const struct { int cmd; const char *what; } kinds[] = {
		{ 11, "program" }, { 31, "link" } };
	for (size_t k = 0; k < 2; k++) {
		int tries = 0;
		for (; tries < 1000; tries++) {
			memset(&attr, 0, sizeof(attr));
			if (syscall(SYS_bpf, kinds[k].cmd, &attr, sizeof(attr)) != 0)
				break;
			usleep(10000);
		}
		if (tries == 1000) {
			printf("FAIL %s: BPF %s id %u remains\n", name, kinds[k].what, attr.next_id);
			return 0;
		}
	}
	return 1;
}

int main(void)
{
	int passed = 0, failed = 0, console, ok;
	char version[256] = "";
	FILE *f;

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
	f = fopen("/proc/version", "r");
	if (f && fgets(version, sizeof(version), f))
		printf("\nvmtest: %s", version); /* own line: the console may have
						      printed escapes before */
	if (f)
		fclose(f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct test_case *c = &cases[i];
		if (access(case_object(c), F_OK) != 0) {
			printf("skip %s: no %s (../shared/conformance absent)\n", c->name,
			       case_object(c));
			continue;
		}
		if (c->hide && mount("vmtest", c->hide, "tmpfs", 0, NULL) != 0) {
			printf("FAIL %s: cannot hide %s\n", c->name, c->hide);
			failed++;
			continue;
		}
		ok = run_case(c);
		if (c->hide)
			umount(c->hide);
		/* both checks, always: a failed case must not hide a leftover */
		if (ok & nothing_left(c->name)) {
			printf("ok   %s\n", c->name);
			passed++;
		} else {
			failed++;
		}
	}
	printf("vmtest: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	/* Wait until the serial port has sent it all: qemu exits at once on
	 * the port write below, and would drop what is still queued. */
	tcdrain(STDOUT_FILENO);
	/* isa-debug-exit: qemu exits with (value << 1) | 1 */
	if (ioperm(0xf4, 1, 1) == 0)
		outb(failed ? 1 : 0, 0xf4);
	reboot(RB_POWER_OFF); /* if the port is missing */
	return 0;
}
