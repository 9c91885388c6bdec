/* CO-RE field reads of the current task, as libbpf-tools' programs make
 * them, with values the test knows: the driver (rbdriver core) prints its
 * pid, tgid, parent's pid, uid and name.
 *
 * What it covers:
 *   - field byte offsets through pointers (real_parent->tgid, two records);
 *   - an array and a nested struct in one access: thread_pid->numbers[0].nr
 *     (a flexible array of struct upid in the kernel, numbers[1] here);
 *   - a struct inside a struct: cred->uid.val (kuid_t);
 *   - an array read whole: comm;
 *   - records in a subprogram (read_task), which the loader appends after
 *     the program: the records must move with it;
 *   - a flavour, task_struct___old, with a field the kernel no longer has
 *     (`state`, renamed __state in Linux 5.14): its offset cannot be
 *     relocated, so that instruction is poisoned, and bpf_core_field_exists
 *     keeps it unreachable, which is what lets the program load.
 * The structs below are partial and in another order than the kernel's, so
 * every offset must be rewritten. */
#include "core_test.h"

struct upid {
	int nr;
} __attribute__((preserve_access_index));

struct pid {
	unsigned int level;
	struct upid numbers[1];
} __attribute__((preserve_access_index));

typedef struct {
	unsigned int val;
} __attribute__((preserve_access_index)) kuid_t;

struct cred {
	kuid_t uid;
} __attribute__((preserve_access_index));

struct task_struct {
	char comm[16];
	const struct cred *cred;
	struct pid *thread_pid;
	struct task_struct *real_parent;
	int tgid;
	int pid;
	unsigned int __state;
} __attribute__((preserve_access_index));

/* The layout of kernels before 5.14 (a long `state`). */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

enum { K_PID, K_TGID, K_PPID, K_COMM, K_UID, K_TASK_PID, K_OLD_STATE_EXISTS, K_STATE_EXISTS,
       K_STATE };

/* Not inlined: a subprogram, with CO-RE records of its own. */
static __noinline int read_task(struct task_struct *task)
{
	struct task_struct *parent = 0;
	const struct cred *cred = 0;
	struct pid *pid = 0;
	unsigned int uid = 0;
	char comm[16] = {};
	int nr = 0, tgid = 0, ppid = 0;
	__u64 word = 0;

	read_field(pid, task, thread_pid);
	read_field(nr, pid, numbers[0].nr);
	read_field(tgid, task, tgid);
	read_field(parent, task, real_parent);
	read_field(ppid, parent, tgid);
	read_field(cred, task, cred);
	read_field(uid, cred, uid.val);
	read_field(comm, task, comm);
	__builtin_memcpy(&word, comm, sizeof(word));
	store(K_PID, nr);
	store(K_TGID, tgid);
	store(K_PPID, ppid);
	store(K_COMM, word);
	store(K_UID, uid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int task_ids(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct task_struct___old *old = (void *)task;
	__u64 state = 99;
	int pid = 0;

	if (!current_is_rbdriver())
		return 0;
	read_task(task);
	read_field(pid, task, pid);
	store(K_TASK_PID, pid);
	store(K_OLD_STATE_EXISTS, field_exists(old->state));
	store(K_STATE_EXISTS, field_exists(task->__state));
	if (field_exists(old->state)) {
		long s = 0;
		read_field(s, old, state); /* poisoned here: unreachable */
		state = s;
	} else {
		unsigned int s = 0;
		read_field(s, task, __state);
		state = s;
	}
	store(K_STATE, state); /* 0: TASK_RUNNING, as it makes a system call */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
