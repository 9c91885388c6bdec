/* A target for the USDT tests (tests/kernel/kernel/usdt.c): probes made
 * with <sys/sdt.h> (systemtap-sdt-dev), their arguments known to the test.
 *
 *   rbusdt N    fires each probe N times, then prints whether the
 *               semaphore of rbtest:guarded was set (someone traced it)
 *
 * Probes (provider rbtest):
 *   ints     8 integers, one of each size and sign, from memory or registers
 *   konst    2 constants; two sites, (42, -3) and (43, -3)
 *   str      a string pointer and a global (GCC writes it %rip-relative)
 *   guarded  one integer, behind a semaphore: fired only when it is set */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>

/* <sys/sdt.h> takes semaphores for a whole file (_SDT_HAS_SEMAPHORES) or
 * none; this file wants one guarded probe among plain ones, so the note
 * of rbtest:guarded is written with its semaphore by redefining the macro
 * sdt.h expands where the probe is written (below). The name is sdt.h's
 * (and dtrace -G's) convention: PROVIDER_NAME_semaphore, in ".probes". */
volatile unsigned short rbtest_guarded_semaphore __attribute__((section(".probes")));

volatile int rbusdt_global = 1234567;

/* noinline: the probes' arguments come from a call's parameters, in
 * registers and on the stack, not folded into constants */
__attribute__((noinline)) static void fire_ints(int8_t s8, uint8_t u8, int16_t s16, uint16_t u16,
						 int32_t s32, uint32_t u32, int64_t s64,
						 uint64_t u64)
{
	volatile int64_t on_stack = s64; /* memory: "-8@-16(%rbp)" or like it */

	DTRACE_PROBE8(rbtest, ints, s8, u8, s16, u16, s32, u32, on_stack, u64);
}

__attribute__((noinline)) static void fire_guarded(int v)
{
#undef _SDT_SEMAPHORE
#define _SDT_SEMAPHORE(p, n) _SDT_ASM_1(_SDT_ASM_ADDR p##_##n##_semaphore)
	if (rbtest_guarded_semaphore)
		DTRACE_PROBE1(rbtest, guarded, v);
#undef _SDT_SEMAPHORE
#define _SDT_SEMAPHORE(p, n) _SDT_ASM_1(_SDT_ASM_ADDR 0) /* sdt.h's own, again */
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	/* On the stack, so its page is present: a BPF program's probe read
	 * cannot fault in a page the process has not touched yet (a string
	 * in .rodata, before anything read it). */
	char text[32];
	const char *volatile msg = text;

	snprintf(text, sizeof(text), "hello from rbusdt");

	for (int i = 0; i < n; i++) {
		fire_ints(-8, 200, -1600, 60000, -70000, 4000000000u, -5000000000LL,
			  0xfedcba9876543210ULL);
		DTRACE_PROBE2(rbtest, konst, 42, -3);
		DTRACE_PROBE2(rbtest, konst, 43, -3);
		DTRACE_PROBE2(rbtest, str, msg, rbusdt_global);
		fire_guarded(i + 1);
	}
	printf("rbusdt: semaphore %s\n", rbtest_guarded_semaphore ? "set" : "unset");
	return 0;
}
