/* task_iter: a table of the machine's processes -- pid, parent, name and
 * state, like a small `ps` -- written in BPF by a task iterator.
 *
 *     build/rawbpf run build/progs/task_iter.bpf.o
 *     build/rawbpf run --json build/progs/task_iter.bpf.o
 *     build/rawbpf run --verbose build/progs/task_iter.bpf.o 2>&1 | grep -i iter
 *
 * prints the table and exits:
 *
 *         PID    PPID COMM             S
 *           1       0 systemd          S
 *           2       0 kthreadd         S
 *         ...
 *
 * What to notice:
 *  - SEC("iter/task") makes a BPF iterator (Linux 5.8). Nothing in the
 *    kernel calls it on its own: user space asks for a walk, and the kernel
 *    calls the program once for each task, then once more with task NULL at
 *    the end. rawbpf attaches it (bpf(BPF_LINK_CREATE) with attach type
 *    BPF_TRACE_ITER), opens a walk (bpf(BPF_ITER_CREATE), which returns an
 *    fd) and read()s the fd to its end: what the program wrote with
 *    BPF_SEQ_PRINTF is what read() returns. --verbose shows each call;
 *  - the program writes text, not events: a seq_file, the same machinery
 *    behind the files of /proc. Pin the link in bpffs and `cat` reads it
 *    (bpftool iter pin does that);
 *  - the context, struct bpf_iter__task, is the kernel's: "task" names the
 *    kernel function bpf_iter_task, whose BTF gives the verifier its types,
 *    and rawbpf loads the program for that function's BTF id;
 *  - ctx->task is a BTF pointer, so the program reads task->tgid and even
 *    task->real_parent->tgid directly, with no bpf_probe_read_kernel (which a
 *    tracepoint program needs: core_parent.bpf.c); the verifier knows the
 *    types and the kernel turns a fault into a 0. The structs below declare
 *    only the fields used, with preserve_access_index: rawbpf moves every
 *    offset to the running kernel's (CO-RE), as it does for core_parent;
 *  - the task iterator visits every thread; the program prints a process
 *    once, for its first thread (pid == tgid), as ps does;
 *  - the state letter is what ps and /proc/PID/stat print, computed as the
 *    kernel's task_state_index() does (include/linux/sched.h); the field
 *    was renamed from state to __state in Linux 5.14, and
 *    bpf_core_field_exists picks the one this kernel has. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct seq_file;

/* The kernel's, from include/linux/bpf.h and kernel/bpf/task_iter.c. */
struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 session_id;
	__u64 seq_num;  /* 0 for the first object of the walk */
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;        /* the thread's id */
	int tgid;       /* the process's: what user space calls the pid */
	struct task_struct *real_parent;
	int exit_state; /* EXIT_ZOMBIE, EXIT_DEAD once it has exited */
	char comm[16];
} __attribute__((preserve_access_index));

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task; /* NULL once the walk is over */
} __attribute__((preserve_access_index));

/* Linux 5.14 and later */
struct task_struct___new {
	unsigned int __state;
} __attribute__((preserve_access_index));

/* before 5.14 */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

#define TASK_REPORT 0x7f /* running .. parked: the states ps reports */
#define TASK_IDLE 0x402  /* TASK_UNINTERRUPTIBLE | TASK_NOLOAD: an idle kernel thread */

/* R running, S sleeping, D disk sleep, T stopped, t traced, X dead,
 * Z zombie, P parked, I idle (fs/proc/array.c, task_state_array) */
static char state_letter(struct task_struct *task)
{
	unsigned int raw, bits;
	int index = 0;

	if (bpf_core_field_exists(((struct task_struct___new *)task)->__state))
		raw = ((struct task_struct___new *)task)->__state;
	else
		raw = ((struct task_struct___old *)task)->state;
	if (raw == TASK_IDLE)
		return 'I';
	/* the index of the highest bit set, 0 for none (running) */
	for (bits = (raw | task->exit_state) & TASK_REPORT; bits && index < 7; bits >>= 1)
		index++;
	return "RSDTtXZP"[index];
}

SEC("iter/task")
int list_tasks(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (ctx->meta->seq_num == 0)
		BPF_SEQ_PRINTF(seq, "    PID    PPID COMM             S\n");
	if (!task) /* the end of the walk: nothing more to print */
		return 0;
	if (task->pid != task->tgid) /* another thread of a process printed already */
		return 0;
	BPF_SEQ_PRINTF(seq, "%7d %7d %-16s %c\n", task->tgid, task->real_parent->tgid,
		       task->comm, state_letter(task));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
