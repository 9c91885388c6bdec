/* profile: a sampling profiler with stacks, the flame-graph example of
 * *Linux Observability with BPF* (chapter 4) in libbpf-tools' profile.bpf.c
 * style.
 *
 *     rawbpf run --sample-freq 99 --folded build/progs/profile.bpf.o -- ./busy > out.folded
 *     flamegraph.pl out.folded > out.svg      # github.com/brendangregg/FlameGraph
 *     rawbpf run --sample-freq 99 build/progs/profile.bpf.o -- ./busy   # the stacks, for people
 *
 * 99 times a second on every CPU (--sample-freq; --event cpu-clock is the
 * default, a software timer there on every machine, a VM too), whatever
 * runs there is interrupted and this program runs: it takes the user and
 * the kernel stack of the interrupted task and counts the pair. At the end
 * rawbpf prints the counts, each stack named (kernel frames from
 * /proc/kallsyms, user ones from the process's mappings and its files'
 * symbols), the largest first; --folded prints them as flame-graph tools
 * read them, one line a stack, root first: "busy;main;work;hot 42".
 *
 * What to notice:
 *  - SEC("perf_event"): no target in the section. rawbpf opens one perf
 *    event per CPU (perf_event_open with pid -1, cpu N) and sets the
 *    program on each (PERF_EVENT_IOC_SET_BPF): --verbose shows them;
 *  - bpf_get_stackid() walks the stack in the kernel, stores the addresses
 *    in the STACK_TRACE map `stacks` and returns its id; with
 *    BPF_F_USER_STACK the user stack (which needs frame pointers, or the
 *    walk stops early: build the profiled program with
 *    -fno-omit-frame-pointer). A negative id is "no stack": a kernel
 *    thread has no user stack (-EFAULT);
 *  - rawbpf knows `counts` counts by stack from its key's member names in
 *    BTF (pid, user_stack_id, kern_stack_id, name): the convention of
 *    libbpf-tools' profile.h, which is how it knows whose mappings name a
 *    user frame. It reads each process's /proc/PID/maps while it runs;
 *  - `targ_tgid` (--set targ_tgid=PID) profiles one process; 0, all. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TASK_COMM_LEN 16
#define MAX_STACK_DEPTH 127 /* the kernel's default kernel.perf_event_max_stack */

struct key_t {
	__u32 pid; /* the process (tgid), whose mappings name the user frames */
	int user_stack_id;
	int kern_stack_id;
	char name[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
	/* bcc's size: stacks hash to slots, and one whose slot is taken is
	 * lost (-EEXIST), so room for many more than are ever kept */
	__uint(max_entries, 16384);
} stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct key_t);
	__type(value, __u64);
	__uint(max_entries, 4096);
} counts SEC(".maps");

const volatile __u32 targ_tgid = 0;

SEC("perf_event")
int do_sample(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct key_t key = {};
	__u64 one = 1, *count;

	key.pid = id >> 32;
	if (key.pid == 0)
		return 0; /* the idle task: nothing ran */
	if (targ_tgid && key.pid != targ_tgid)
		return 0;
	bpf_get_current_comm(&key.name, sizeof(key.name));
	key.kern_stack_id = bpf_get_stackid(ctx, &stacks, 0);
	key.user_stack_id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	count = bpf_map_lookup_elem(&counts, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
