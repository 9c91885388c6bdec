/* CO-RE on direct loads, and a field whose size changed.
 *
 * In a tp_btf program, bpf_get_current_task_btf() gives a pointer the
 * verifier knows the type of, so fields are read with plain loads
 * (`r1 = *(u64 *)(r0 + 24)`), no bpf_probe_read_kernel. The record is then
 * on the load itself, and a loader rewrites its offset, and its width when
 * the field's size differs: `flags` is declared a u64 here, and is an
 * unsigned int in the kernel, so the 8-byte load must become a 4-byte one
 * (zero-extended, which keeps an unsigned value right: libbpf allows the
 * resize only for unsigned integers and pointers). Unpatched, the verifier
 * would refuse an 8-byte read of a 4-byte field; patched wrong, the value
 * would hold the next field's bytes.
 *
 * The values: the driver's task flags (the ninth field of /proc/PID/stat,
 * which rbdriver core prints) and its pid, at its getppid system call. */
#include "core_test.h"

struct task_struct {
	int pid;
	unsigned long long flags; /* unsigned int in the kernel */
	int tgid;
} __attribute__((preserve_access_index));

/* bpf_get_current_task_btf (helper 158) comes from bpf/bpf_helper_defs.h */

/* __NR_getppid on x86_64, where the tests run (the VMs too). */
#define NR_GETPPID 110

enum { K_FLAGS, K_PID, K_TGID, K_FLAGS_SIZE };

/* tp_btf/sys_enter: the raw tracepoint's arguments, (struct pt_regs *regs,
 * long id), one u64 each. */
SEC("tp_btf/sys_enter")
int size_changed(unsigned long long *ctx)
{
	struct task_struct *task;

	if (ctx[1] != NR_GETPPID || !current_is_rbdriver())
		return 0;
	task = bpf_get_current_task_btf();
	store(K_FLAGS, task->flags);
	store(K_PID, task->pid);
	store(K_TGID, task->tgid);
	store(K_FLAGS_SIZE, field_size(task->flags));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
