/* A CO-RE record the running kernel cannot satisfy, read without asking
 * first (core_guarded.bpf.c asks): the instruction that would add the
 * field's offset becomes libbpf's poison call, the verifier reaches it
 * and refuses the program, and rawbpf's error must say which field of
 * which type, and why, not only "invalid func unknown#195896080". */
#include <linux/bpf.h>
#include "rbdriver.h"

struct task_struct {
	int pid;
	int rawbpf_no_such_field;
} __attribute__((preserve_access_index));

SEC("tracepoint/syscalls/sys_enter_getppid")
int unguarded(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	int x = 0;

	bpf_probe_read_kernel(&x, sizeof(x), &task->rawbpf_no_such_field);
	return x;
}

char LICENSE[] SEC("license") = "GPL";
