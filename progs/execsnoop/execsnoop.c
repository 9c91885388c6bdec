/* execsnoop: print one line per exec, with its pid, parent, command, file
 * and result. The user space of execsnoop.bpf.c, written on the skeleton
 * `rawbpf gen skeleton` makes of it (execsnoop.skel.h, struct
 * execsnoop_bpf), the way a libbpf-bootstrap tool is written on bpftool's:
 *
 *     skel = execsnoop_bpf__open_opts(...)     the object, from the header
 *     skel->rodata->failed_only = 1            before load: a constant
 *     execsnoop_bpf__load(skel)                maps made, programs verified
 *     execsnoop_bpf__attach(skel)              both tracepoints
 *     rb_ringbuf_open(skel->maps.events ...)   events as they come
 *     skel->bss->lost                          read in place (mmap'd)
 *     execsnoop_bpf__destroy(skel)             nothing left in the kernel
 *
 *     execsnoop [--json] [-x|--failed] [-- CMD [ARG...]]
 *
 * Without CMD it runs until Ctrl-C or SIGTERM; with CMD it runs CMD and
 * stops when CMD exits (then its exit status is execsnoop's).
 * README.md ("Skeletons") shows how to build a tool of one's own this way. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "execsnoop.h"
#include "execsnoop.skel.h"

struct options {
	int json;
	int failed_only;
	char **cmd; /* NULL: until a signal */
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: execsnoop [--json] [-x|--failed] [-- CMD [ARG...]]\n"
		"  one line per execve(2) on the machine: pid, parent pid, result\n"
		"  (0 or -errno), the command's name and the file it ran.\n"
		"  --json       one JSON object per line:\n"
		"               {\"pid\":N,\"ppid\":N,\"uid\":N,\"ret\":N,\"comm\":\"...\",\"filename\":\"...\"}\n"
		"  -x, --failed only the execs that failed\n"
		"  -- CMD       run CMD and stop when it exits (its status is execsnoop's);\n"
		"               without it, stop on Ctrl-C or SIGTERM\n"
		"exit status: 0 (or CMD's), 1 when the kernel refused, 2 for bad usage\n");
}

static int parse(int argc, char **argv, struct options *o)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			o->json = 1;
		} else if (strcmp(argv[i], "-x") == 0 || strcmp(argv[i], "--failed") == 0) {
			o->failed_only = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(argv[i], "--") == 0 && i + 1 < argc) {
			o->cmd = argv + i + 1;
			return 0;
		} else {
			fprintf(stderr, "execsnoop: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

/* Bytes from the kernel, for a terminal or for JSON: printable ASCII as
 * it is, the rest as \xNN (JSON: \u00NN), so a file name cannot send the
 * terminal commands. */
static void put_text(const char *s, size_t max, int json)
{
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (json && (c == '"' || c == '\\'))
			printf("\\%c", c);
		else if (c >= 32 && c < 127 && (json || c != '\\'))
			putchar(c);
		else if (json)
			printf("\\u%04x", c);
		else
			printf("\\x%02x", c);
	}
}

static void on_event(void *ctx, const void *data, uint32_t size)
{
	const struct options *o = ctx;
	struct exec_event e;

	if (size < sizeof(e))
		return;
	memcpy(&e, data, sizeof(e));
	if (o->json) {
		printf("{\"pid\":%u,\"ppid\":%u,\"uid\":%u,\"ret\":%d,\"comm\":\"", e.pid, e.ppid,
		       e.uid, e.retval);
		put_text(e.comm, sizeof(e.comm), 1);
		printf("\",\"filename\":\"");
		put_text(e.filename, sizeof(e.filename), 1);
		printf("\"}\n");
	} else {
		printf("%-7u %-7u %4d %-16.16s ", e.pid, e.ppid, e.retval, e.comm);
		put_text(e.filename, sizeof(e.filename), 0);
		putchar('\n');
	}
	fflush(stdout);
}

/* CMD in a child that waits for `go` (written once everything is
 * attached, so its own exec is seen), with the signal mask it had. */
static pid_t start(char **cmd, int *go, const sigset_t *old_mask)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		sigprocmask(SIG_SETMASK, old_mask, NULL);
		if (read(p[0], &c, 1) != 1)
			_exit(126); /* execsnoop ended before attaching */
		execvp(cmd[0], cmd);
		_exit(127);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct rb_open_opts opts = {
		/* what rawbpf's own command allows: mount tracefs where a
		 * minimal system has none, raise RLIMIT_MEMLOCK on old kernels */
		.policy = RB_MOUNT_TRACEFS | RB_RAISE_MEMLOCK,
	};
	struct execsnoop_bpf *skel;
	struct rb_ringbuf *ring = NULL;
	struct rb_error err = { 0 };
	sigset_t mask, old_mask;
	pid_t child = -1;
	int sfd, go = -1, status = 0, running = 1;

	if (parse(argc, argv, &o))
		return 2;
	/* signals arrive as reads of a signalfd, so teardown always runs */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, &old_mask);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		perror("execsnoop: signalfd");
		return 1;
	}
	skel = execsnoop_bpf__open_opts(&opts, NULL);
	if (!skel)
		return errno == EINVAL ? 2 : 1;
	skel->rodata->failed_only = o.failed_only;
	if (execsnoop_bpf__load(skel) || execsnoop_bpf__attach(skel) ||
	    rb_ringbuf_open(&ring, skel->maps.events, on_event, &o, NULL, &err)) {
		if (err.msg[0])
			fprintf(stderr, "execsnoop: %s\n", err.msg);
		execsnoop_bpf__destroy(skel);
		return 1;
	}
	if (o.cmd) {
		child = start(o.cmd, &go, &old_mask);
		if (child < 0) {
			perror("execsnoop: starting the command");
			running = 0;
			status = 1;
		}
	}
	if (!o.json)
		printf("%-7s %-7s %4s %-16s %s\n", "PID", "PPID", "RET", "COMM", "FILENAME");
	fflush(stdout);
	if (go >= 0) {
		if (write(go, "g", 1) != 1)
			perror("execsnoop: starting the command");
		close(go);
	}
	while (running) {
		struct pollfd fds[2] = {
			{ .fd = rb_ringbuf_fd(ring), .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};
		struct signalfd_siginfo si;

		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		if (rb_ringbuf_consume(ring, &err) < 0) {
			fprintf(stderr, "execsnoop: %s\n", err.msg);
			status = 1;
			break;
		}
		if (!(fds[1].revents & POLLIN) || read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo != SIGCHLD) {
			running = 0;
		} else if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			running = 0;
		}
	}
	rb_ringbuf_consume(ring, &err); /* what came before the end */
	if (skel->bss->lost)
		fprintf(stderr, "execsnoop: %llu events lost (the ring was full)\n",
			(unsigned long long)skel->bss->lost);
	rb_ringbuf_free(ring);
	execsnoop_bpf__destroy(skel);
	return status;
}
