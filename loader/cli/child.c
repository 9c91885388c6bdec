/* Starting CMD, signalling it, reaping it.
 *
 * Whether exec worked. The parent must know, to report "command not found"
 * instead of a mysterious exit status. A pipe with O_CLOEXEC tells it: a
 * successful exec closes the write end (the parent reads EOF), a failed one
 * writes errno into it first.
 *
 * Its own process group. When rawbpf is stopped by a signal (a supervisor's
 * SIGTERM, say) it passes the signal on to CMD, and a second one becomes
 * SIGKILL. A command is often a shell script whose children do the work;
 * sending to CMD's process group reaches them too. So CMD gets a group of
 * its own (setpgid in both processes: whichever runs first, the group
 * exists before exec and before the parent signals it). Not when rawbpf is
 * the foreground job of a terminal: there the terminal's Ctrl-C, Ctrl-Z
 * and reads belong to its foreground group, and CMD must stay in it (as it
 * would without rawbpf) to be interactive; Ctrl-C then reaches CMD and its
 * children from the terminal itself. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "cli.h"

/* Is rawbpf the foreground job of the terminal on stdin? */
static int terminal_foreground(void)
{
	return isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
}

/* pipe or fork refused: exit 1 with the cause, which rb_fail_errno()
 * spells out for resources (the open-file limit and its value). */
static int system_refused(const char *what)
{
	struct rb_error err;

	rb_fail_errno(&err, RB_ERR_SYSTEM, errno, "cannot start the command: %s", what);
	return report_error(&err);
}

int child_start(struct child *c, char **argv, const sigset_t *mask)
{
	int report[2], e = 0, own_group = !terminal_foreground();
	ssize_t n;
	pid_t pid;

	*c = (struct child){ 0 };
	if (pipe2(report, O_CLOEXEC) != 0)
		return system_refused("pipe");
	fflush(NULL); /* the child must not write our buffered output twice */
	pid = fork();
	if (pid < 0) {
		close(report[0]);
		close(report[1]);
		return system_refused("fork");
	}
	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		/* rawbpf blocks the signals it reads from a signalfd; the
		 * command must get the ordinary behaviour back. */
		sigprocmask(SIG_SETMASK, mask, NULL);
		signal(SIGPIPE, SIG_DFL); /* rawbpf ignores it; an ignored signal
					     would stay ignored across exec */
		close(report[0]);
		execvp(argv[0], argv);
		e = errno;
		if (write(report[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	/* EACCES: the child has already exec'd, after its own setpgid. */
	if (own_group && setpgid(pid, pid) != 0 && errno != EACCES)
		own_group = 0;
	close(report[1]);
	do
		n = read(report[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(report[0]);
	if (n == sizeof(e)) {
		fprintf(stderr, "rawbpf: cannot run %s: %s\n", argv[0], strerror(e));
		waitpid(pid, NULL, 0);
		return e == ENOENT ? 127 : 126;
	}
	c->pid = pid;
	c->group = own_group ? pid : 0;
	return 0;
}

void child_signal(const struct child *c, int sig)
{
	if (c->pid <= 0)
		return;
	/* The group's id is CMD's pid, which stays reserved while any
	 * member lives (the kernel does not reuse a pid still used as a
	 * process group id); CMD itself is not reaped yet. */
	if (c->group > 0 && kill(-c->group, sig) == 0)
		return;
	kill(c->pid, sig);
}

int child_reap(struct child *c, int *status, int block)
{
	int ws;

	if (c->pid <= 0 || waitpid(c->pid, &ws, block ? 0 : WNOHANG) != c->pid)
		return 0;
	c->pid = 0;
	if (WIFEXITED(ws))
		*status = WEXITSTATUS(ws);
	else if (WIFSIGNALED(ws))
		*status = 128 + WTERMSIG(ws);
	else
		*status = 1;
	return 1;
}
