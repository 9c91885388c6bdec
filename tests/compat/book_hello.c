/* The logic of the chapter 2 loader of "Linux Observability with BPF"
 * (code/chapter-2/hello_world/loader.c), written anew for rawbpf's tests:
 * load an object with the kernel samples' load_bpf_file(), whose tracepoint
 * program is attached by it, then copy trace_pipe to stdout forever with
 * read_trace_pipe(). Built with -I flags for loader/compat only; the test
 * (tests/kernel/kernel/compat.c) stops it with SIGTERM once the greeting
 * has come through. */
#include <stdio.h>

#include "bpf_load.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJ\n", argv[0]);
		return 2;
	}
	if (load_bpf_file(argv[1]) != 0) {
		printf("The kernel did not load %s\n", argv[1]);
		return 1;
	}
	printf("loaded %d program(s)\n", prog_cnt);
	fflush(stdout);
	read_trace_pipe();
	return 0;
}
