/* execsnoop's kernel side: one event per execve(2), with its result.
 *
 * The two tracepoints of the system call make a pair: at
 * sys_enter_execve the program knows who calls and with which file name,
 * at sys_exit_execve what the call returned (and, on success, the new
 * program's name). So the entry keeps a half-made event in a hash map by
 * pid, and the exit completes it and sends it to user space through a
 * ring buffer.
 *
 * What to notice:
 *  - the user space (execsnoop.c) is written on the skeleton `rawbpf gen
 *    skeleton` makes of this object: it sets `failed_only` (in .rodata)
 *    before load, reads `lost` (in .bss) through the mmap'd section, and
 *    finds the maps and programs as skel->maps.events, skel->progs.X;
 *  - `failed_only` is a const volatile: the verifier knows its value once
 *    the map is frozen, so with 0 the branch that tests it is dead code;
 *  - the parent is task->real_parent->tgid, read with CO-RE (the struct
 *    below names only the two fields; core_parent.bpf.c explains);
 *  - the context layouts are the tracepoints' (events/syscalls/
 *    sys_enter_execve/format and sys_exit_execve/format in tracefs). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "execsnoop.h"

struct task_struct___execsnoop {
	int tgid;
	struct task_struct___execsnoop *real_parent;
} __attribute__((preserve_access_index));

struct enter_execve_ctx {
	__u64 common;
	int syscall_nr;
	int pad;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

struct exit_execve_ctx {
	__u64 common;
	int syscall_nr;
	int pad;
	long ret;
};

const volatile int failed_only = 0; /* user space: -x */
__u64 lost;                         /* events the ring had no room for */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct exec_event);
} execs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int execve_enter(struct enter_execve_ctx *ctx)
{
	struct task_struct___execsnoop *task = (void *)bpf_get_current_task();
	struct exec_event e = {};

	e.pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	e.ppid = (__u32)BPF_CORE_READ(task, real_parent, tgid);
	e.uid = (__u32)bpf_get_current_uid_gid();
	bpf_probe_read_user_str(e.filename, sizeof(e.filename), ctx->filename);
	bpf_map_update_elem(&execs, &e.pid, &e, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int execve_exit(struct exit_execve_ctx *ctx)
{
	__u32 pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	struct exec_event *e = bpf_map_lookup_elem(&execs, &pid);

	if (!e)
		return 0; /* it began before we attached */
	e->retval = (int)ctx->ret;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (!failed_only || e->retval < 0) {
		if (bpf_ringbuf_output(&events, e, sizeof(*e), 0))
			__sync_fetch_and_add(&lost, 1);
	}
	bpf_map_delete_elem(&execs, &pid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
