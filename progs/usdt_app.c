/* usdt_app: a small program with a USDT probe, the target of
 * progs/usdt_hello.bpf.c (its opening comment has the command).
 *
 * DTRACE_PROBE2(hello, greet, name, len) from <sys/sdt.h> (Debian's
 * systemtap-sdt-dev; `make deps` installs it) compiles to a single `nop`
 * here and a note in the section .note.stapsdt that says where the nop
 * is and where its two arguments are at that moment ("8@%rax -4@%edx",
 * as the compiler chose). Untraced, the probe costs that nop. See them:
 *
 *     build/rawbpf inspect build/progs/usdt_app
 *     readelf -n build/progs/usdt_app              (the same notes)
 *
 *   usdt_app NAME...   greets each NAME, firing hello:greet for each */
#include <stdio.h>
#include <string.h>
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		DTRACE_PROBE2(hello, greet, argv[i], (int)strlen(argv[i]));
		printf("hello, %s\n", argv[i]);
	}
	return 0;
}
