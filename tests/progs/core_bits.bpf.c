/* CO-RE on bitfields: the five field kinds a bitfield read needs, and the
 * read itself.
 *
 * task_struct's sched_reset_on_fork is a 1-bit field that the driver sets
 * (rbdriver core asks sched_setscheduler for SCHED_RESET_ON_FORK), so its
 * value is known: 1. Its neighbours sched_contributes_to_load and
 * sched_migrated share its storage unit. The program also stores each
 * relocated number (byte offset, byte size, signedness, both shifts) for
 * two of them, which the test computes itself from the kernel's BTF as
 * libbpf defines them (tools/lib/bpf/relo_core.c, bpf_core_calc_field_relo).
 * Here the bitfields sit at other bit offsets than in the kernel, and one
 * local field is signed where the kernel's is not. */
#include "core_test.h"

struct task_struct {
	int pid;
	unsigned int sched_migrated : 1;
	unsigned int sched_contributes_to_load : 1;
	int sched_reset_on_fork : 1;
} __attribute__((preserve_access_index));

enum {
	K_RESET_ON_FORK, K_ROF_OFFSET, K_ROF_SIZE, K_ROF_SIGNED, K_ROF_LSHIFT, K_ROF_RSHIFT,
	K_MIG_OFFSET, K_MIG_SIZE, K_MIG_SIGNED, K_MIG_LSHIFT, K_MIG_RSHIFT, K_PID_SIGNED,
	K_PID_SIZE,
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int bits(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();

	if (!current_is_rbdriver())
		return 0;
	store(K_RESET_ON_FORK, read_bitfield(task, sched_reset_on_fork));
	store(K_ROF_OFFSET, field_offset(task->sched_reset_on_fork));
	store(K_ROF_SIZE, field_size(task->sched_reset_on_fork));
	store(K_ROF_SIGNED, field_signed(task->sched_reset_on_fork));
	store(K_ROF_LSHIFT, field_lshift(task->sched_reset_on_fork));
	store(K_ROF_RSHIFT, field_rshift(task->sched_reset_on_fork));
	store(K_MIG_OFFSET, field_offset(task->sched_migrated));
	store(K_MIG_SIZE, field_size(task->sched_migrated));
	store(K_MIG_SIGNED, field_signed(task->sched_migrated));
	store(K_MIG_LSHIFT, field_lshift(task->sched_migrated));
	store(K_MIG_RSHIFT, field_rshift(task->sched_migrated));
	store(K_PID_SIGNED, field_signed(task->pid));
	store(K_PID_SIZE, field_size(task->pid));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
