/* rbdriver: makes a known number of events for the kernel tests.
 *   rbdriver getppid N    N getppid(2) system calls
 *   rbdriver func N       N calls of rbdriver_target(), for uprobes
 * Its process name is "rbdriver", which the test programs filter on, so
 * other activity on the machine does not change the counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* noinline and with a side effect the compiler cannot see through, so that
 * every call really happens at this function's address. */
__attribute__((noinline)) int rbdriver_target(int i)
{
	__asm__ volatile("" ::: "memory");
	return i + 1;
}

int main(int argc, char **argv)
{
	volatile int sink = 0;
	long n;

	if (argc != 3 || (strcmp(argv[1], "getppid") != 0 && strcmp(argv[1], "func") != 0)) {
		fprintf(stderr, "usage: rbdriver getppid|func N\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	for (long i = 0; i < n; i++) {
		if (argv[1][0] == 'g')
			syscall(SYS_getppid); /* not getppid(): libc could cache it */
		else
			sink += rbdriver_target((int)i);
	}
	return 0;
}
