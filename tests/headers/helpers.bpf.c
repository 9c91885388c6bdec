/* Helpers beyond the few rawbpf's own programs call, as libbpf-tools call
 * them: bpf_helper_defs.h's declarations and bpf_helpers.h's printf
 * macros. Compiled against rawbpf's headers and libbpf's, the objects must
 * be the same (tests/unit/test_headers.c), and each helper's `call N` must
 * carry the kernel's id. Compiled, never loaded: the verifier would refuse
 * some calls in these program types (BPF_SEQ_PRINTF belongs in an
 * iterator). */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

u64 seen[16];

struct event {
	int pid;
	char comm[16];
	char text[32];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__type(value, u32);
} jumps SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, u64);
} per_task SEC(".maps");

/* a kernel pointer the map owns, exchanged with bpf_kptr_xchg */
struct holder {
	struct task_struct __kptr *task;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct holder);
} holders SEC(".maps");

/* tp_btf: a typed task, its storage, a kptr */
SEC("tp_btf/sched_process_exec")
int typed_task(u64 *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct holder *h;
	u32 zero = 0;
	u64 *count;

	count = bpf_task_storage_get(&per_task, t, 0, 1 /* BPF_LOCAL_STORAGE_GET_F_CREATE */);
	if (count)
		*count += 1;
	h = bpf_map_lookup_percpu_elem(&holders, &zero, 0);
	if (h)
		seen[0] = (u64)bpf_kptr_xchg(&h->task, 0);
	seen[1] = t->tgid;
	return 0;
}

/* kprobe: stacks, clocks, kernel strings, the function's address */
SEC("kprobe/do_unlinkat")
int BPF_KPROBE(stacks, int dfd, struct filename *name)
{
	u64 frames[8];
	char path[32];
	long n;

	n = bpf_get_stack(ctx, frames, sizeof(frames), BPF_F_USER_STACK);
	seen[2] = n + bpf_ktime_get_boot_ns() + bpf_ktime_get_coarse_ns() + bpf_jiffies64();
	seen[3] = bpf_get_current_cgroup_id() + bpf_get_func_ip(ctx) + bpf_get_numa_node_id();
	bpf_probe_read_kernel_str(path, sizeof(path), BPF_CORE_READ(name, name));
	seen[4] = path[0] + bpf_strncmp(path, sizeof(path), "/tmp");
	if (seen[4] == 7)
		bpf_send_signal(9);
	return 0;
}

static long count_one(u32 index, void *data)
{
	*(u64 *)data += index;
	return 0;
}

/* tracepoint: a ring buffer record, the printf family, bpf_loop */
SEC("tracepoint/syscalls/sys_enter_getppid")
int printing(void *ctx)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	struct event *e;
	u64 sum = 0;

	bpf_printk("two args %d %d", 1, 2);
	bpf_printk("five args %d %d %d %d %d", 1, 2, 3, 4, (int)pid_tgid);
	bpf_loop(10, count_one, &sum, 0);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = pid_tgid >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	BPF_SNPRINTF(e->text, sizeof(e->text), "%s %d %llu", e->comm, e->pid, sum);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* a tail call with a constant slot */
SEC("tracepoint/syscalls/sys_enter_getppid")
int jump(void *ctx)
{
	bpf_tail_call_static(ctx, &jumps, 1);
	return 0;
}

/* BPF_SEQ_PRINTF and bpf_seq_write, whose seq_file an iterator's context
 * gives (here a stand-in pointer) */
SEC("kprobe/do_unlinkat")
int seq(struct pt_regs *ctx)
{
	struct seq_file *m = (struct seq_file *)PT_REGS_PARM1(ctx);

	BPF_SEQ_PRINTF(m, "%d %s %llx\n", 1, "two", (u64)3);
	bpf_seq_write(m, "\n", 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
