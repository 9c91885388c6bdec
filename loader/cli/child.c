/* Starting CMD.
 *
 * The parent must know whether exec worked, to report "command not found"
 * instead of a mysterious exit status. A pipe with O_CLOEXEC tells it: a
 * successful exec closes the write end (the parent reads EOF), a failed one
 * writes errno into it first. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"

pid_t child_start(char **argv, const sigset_t *mask, int *exec_errno)
{
	int report[2], e = 0;
	ssize_t n;
	pid_t pid;

	*exec_errno = 0;
	if (pipe2(report, O_CLOEXEC) != 0) {
		*exec_errno = errno;
		fprintf(stderr, "rawbpf: pipe: %s\n", strerror(errno));
		return -1;
	}
	fflush(NULL); /* the child must not write our buffered output twice */
	pid = fork();
	if (pid < 0) {
		*exec_errno = errno;
		fprintf(stderr, "rawbpf: fork: %s\n", strerror(errno));
		close(report[0]);
		close(report[1]);
		return -1;
	}
	if (pid == 0) {
		/* rawbpf blocks SIGINT/SIGTERM/SIGCHLD to read them from a
		 * signalfd; the command must get the ordinary behaviour back. */
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
	close(report[1]);
	do
		n = read(report[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(report[0]);
	if (n == sizeof(e)) {
		*exec_errno = e;
		fprintf(stderr, "rawbpf: cannot run %s: %s\n", argv[0], strerror(e));
		waitpid(pid, NULL, 0);
		return -1;
	}
	return pid;
}

int child_status(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	return 1;
}
