/* The kernel as the oracle of rawbpf's CO-RE: load an object twice through
 * the library, once with rawbpf's own CO-RE and once with the kernel's
 * (rb_open_opts.core_by_kernel), and compare what the verifier made of each
 * program: its translated instructions (BPF_OBJ_GET_INFO_BY_FD,
 * xlated_prog_insns), instruction by instruction.
 *
 * Shared by the kernel tests (core.c) and the VMs' /core_compare
 * (tests/vm/core_compare.c): plain C, no cmocka, the public header only. */
#ifndef KERNEL_XLATED_H
#define KERNEL_XLATED_H

#include <stddef.h>

struct core_compare_stats {
	size_t programs;     /* programs compared */
	size_t insns;        /* translated instructions compared, all programs */
	size_t core_relocs;  /* CO-RE records of the object */
};

/* 0 when every program's translated instructions are the same both ways,
 * 1 when one differs, -1 when the object could not be opened or loaded
 * (either way). `report` (always terminated) says, per program, how many
 * instructions were compared or, for a difference, the first differing
 * instruction as both loads had it, in the verifier's notation; or why a
 * load failed. Everything loaded is unloaded again before it returns. */
int core_compare(const char *path, char *report, size_t size, struct core_compare_stats *stats);

#endif
