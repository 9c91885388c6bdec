/* exec_events: a stream of events, one per program started, through a perf
 * buffer.
 *
 *     build/rawbpf run build/progs/exec_events.bpf.o           (Ctrl-C to stop)
 *     build/rawbpf run --json build/progs/exec_events.bpf.o -- /bin/echo hi
 *
 * Each event is a struct event; with --json its bytes are printed in hex:
 * pid and uid (little-endian on x86), the name of the process that called
 * execve (the old name: the new program has not started yet), the file name.
 *
 * What to notice:
 *  - the PERF_EVENT_ARRAY map has max_entries 0, which the kernel would
 *    refuse: the loader sizes it to the number of CPUs, opens a perf event
 *    per CPU (PERF_COUNT_SW_BPF_OUTPUT), maps its ring buffer, and stores the
 *    event's fd in the map at that CPU's index;
 *  - bpf_perf_event_output(..., BPF_F_CURRENT_CPU, ...) writes the event
 *    into the ring of the CPU the program runs on: no locks, and events of
 *    different CPUs may arrive out of order;
 *  - the file name is a user-space pointer in the tracepoint's context,
 *    laid out as /sys/kernel/tracing/events/syscalls/sys_enter_execve/format
 *    says:
 *        offset 0:  8 bytes of common fields
 *        offset 8:  int __syscall_nr;  (4 bytes of padding follow)
 *        offset 16: const char *filename;
 *        offset 24: const char *const *argv;
 *        offset 32: const char *const *envp;
 *    A BPF program cannot dereference it: bpf_probe_read_user_str copies
 *    the string, and fails safely if the page is not there;
 *  - the second field is the uid, which a helper returns. The parent's pid
 *    would need reading task_struct->real_parent->tgid, at offsets that
 *    differ from one kernel build to the next (what BTF and CO-RE solve). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 pid;
	__u32 uid;
	char comm[16];
	char filename[64];
};

struct execve_ctx {
	__u64 common;
	int syscall_nr;
	int pad;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

struct bpf_map_def SEC("maps") events = {
	.type = BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	.key_size = sizeof(int),      /* the CPU number */
	.value_size = sizeof(__u32),  /* a perf event fd */
	.max_entries = 0,             /* one per CPU, sized by the loader */
};

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_events(struct execve_ctx *ctx)
{
	/* Zeroed, so that no byte sent to user space is leftover stack (those
	 * after each string's NUL included). The verifier also refuses to let
	 * a helper read uninitialised stack (recent kernels allow it to
	 * privileged programs). */
	struct event e = {};

	e.pid = bpf_get_current_pid_tgid() >> 32; /* upper half: the process id */
	e.uid = (__u32)bpf_get_current_uid_gid(); /* lower half: the uid */
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_probe_read_user_str(e.filename, sizeof(e.filename), ctx->filename);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
