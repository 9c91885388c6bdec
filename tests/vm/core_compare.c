/* /core_compare OBJ...: in the test VMs, load each CO-RE object both ways
 * (rawbpf's CO-RE and the kernel's, BPF_PROG_LOAD core_relos) and compare
 * the verifier's translated instructions (tests/kernel/kernel/xlated.c,
 * which the kernel tests on the host use too). Prints a line per object,
 * "same OBJ: ..." or what differs; exits 0 when every object is the same
 * both ways, 1 otherwise. Built static by tests/vm/run.sh. */
#include <stdio.h>

#include "tests/kernel/kernel/xlated.h"

int main(int argc, char **argv)
{
	static char report[16384];
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		struct core_compare_stats stats;
		int ret = core_compare(argv[i], report, sizeof(report), &stats);

		if (ret == 0 && stats.core_relocs && stats.insns)
			printf("same %s: %zu programs, %zu instructions, %zu CO-RE records\n",
			       argv[i], stats.programs, stats.insns, stats.core_relocs);
		else {
			printf("DIFFERENT %s (%s):\n%s", argv[i],
			       ret < 0 ? "not loaded both ways" : ret ? "instructions differ"
								   : "nothing compared",
			       report);
			failed = 1;
		}
	}
	return failed;
}
