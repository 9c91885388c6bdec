/* Running the command given after `--`. */
#ifndef RAWBPF_CLI_CHILD_H
#define RAWBPF_CLI_CHILD_H

#include <signal.h>
#include <sys/types.h>

/* fork and exec argv[0] (searched in PATH) with the signal mask `mask`
 * restored in the child. Returns the pid, or -1 when the command could not
 * be started (the message is printed; *exec_errno holds the reason). */
pid_t child_start(char **argv, const sigset_t *mask, int *exec_errno);

/* The exit status a shell would report: the code, or 128 + signal. */
int child_status(int wait_status);

#endif
