/* rbcgroup DIR CMD [ARG...]: run CMD in the cgroup v2 directory DIR.
 *
 * The networking tests count what one command does in a cgroup of their
 * own; this moves itself there (writing "0" to DIR/cgroup.procs moves the
 * writer, Documentation/admin-guide/cgroup-v2.rst) and then execs CMD,
 * which stays there (exec does not change a process's cgroup), as do the
 * processes it starts. Exit status: CMD's, or 127 when it cannot run. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[4096];
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: rbcgroup DIR CMD [ARG...]\n");
		return 2;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/cgroup.procs", argv[1]) >= sizeof(path)) {
		fprintf(stderr, "rbcgroup: %s: path too long\n", argv[1]);
		return 127;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1) {
		perror(path);
		return 127;
	}
	close(fd);
	execvp(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
