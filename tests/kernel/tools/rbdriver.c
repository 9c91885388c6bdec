/* rbdriver: makes a known number of events for the kernel tests.
 *   rbdriver getppid N    N getppid(2) system calls
 * Its process name is "rbdriver", which the test programs filter on, so
 * other activity on the machine does not change the counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n;

	if (argc != 3 || strcmp(argv[1], "getppid") != 0) {
		fprintf(stderr, "usage: rbdriver getppid N\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid); /* not getppid(): libc could cache it */
	return 0;
}
