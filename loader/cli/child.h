/* Running the command given after `--`. */
#ifndef RAWBPF_CLI_CHILD_H
#define RAWBPF_CLI_CHILD_H

#include <signal.h>
#include <sys/types.h>

struct child {
	pid_t pid;     /* 0 once reaped: a reaped pid is never signalled */
	pid_t group;   /* CMD's process group when it has its own, else 0 */
};

/* fork and exec argv[0] (searched in PATH) with the signal mask `mask`
 * restored in the child. Returns 0, or the exit status rawbpf should end
 * with (the message is printed): 127 command not found, 126 not
 * executable, 1 when the system refused (no fd for the pipe, no process). */
int child_start(struct child *c, char **argv, const sigset_t *mask);

/* Send sig to CMD: to its process group when it has one, so that what CMD
 * started goes too. Nothing once CMD has been reaped. */
void child_signal(const struct child *c, int sig);

/* Reap CMD if it has exited: returns 1 and its status (as a shell reports
 * it) in *status, 0 while it runs. */
int child_reap(struct child *c, int *status, int block);

#endif
