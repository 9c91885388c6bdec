/* rbdriver: the kernel tests' event source. It makes an exact number of
 * events, so a test can compare a count with the number it asked for:
 *   rbdriver getppid N    N getppid(2) system calls
 *   rbdriver func N       N calls of rbdriver_target(), for uprobes
 * The test programs count only tasks named "rbdriver" (this binary's
 * comm), so whatever else runs on the machine does not change a count. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The uprobe target (tests/progs/uprobe_own.bpf.c names it). noinline and
 * externally visible, so the symbol exists and each call enters it; the
 * empty asm is opaque to the optimiser, so the loop cannot be folded. */
__attribute__((noinline)) unsigned long rbdriver_target(unsigned long x)
{
	__asm__ __volatile__("" : "+r"(x));
	return x ^ 1;
}

/* The raw system call: glibc's getppid() is not cached today, but a
 * wrapper that ever was would silently make fewer events. */
static void one_getppid(void)
{
	syscall(SYS_getppid);
}

/* volatile: every call's result is stored, so no call can be dropped. */
static volatile unsigned long acc;

static void one_func(void)
{
	acc = rbdriver_target(acc);
}

static const struct mode {
	const char *name;
	void (*once)(void);
} modes[] = {
	{ "getppid", one_getppid },
	{ "func", one_func },
};

int main(int argc, char **argv)
{
	const struct mode *mode = NULL;
	unsigned long long n;
	char *end;

	for (size_t i = 0; argc == 3 && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(argv[1], modes[i].name) == 0)
			mode = &modes[i];
	if (!mode) {
		fprintf(stderr, "usage: rbdriver getppid|func N\n");
		return 2;
	}
	/* A wrong count must not pass as some other number of events. */
	errno = 0;
	n = strtoull(argv[2], &end, 10);
	if (errno || end == argv[2] || *end || argv[2][0] == '-') {
		fprintf(stderr, "rbdriver: N must be a non-negative integer, not '%s'\n", argv[2]);
		return 2;
	}
	while (n--)
		mode->once();
	return 0;
}
