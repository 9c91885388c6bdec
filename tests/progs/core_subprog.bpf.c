/* A CO-RE record in a subprogram that two programs call: rawbpf appends a
 * copy of tgid_of() to each program, at a different place in each, and
 * the record must follow its instruction into both copies. Both programs
 * then store the driver's tgid (key 0 and key 1). */
#include <linux/bpf.h>
#include "rbdriver.h"

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} tgids SEC(".maps");

static __noinline int tgid_of(struct task_struct *task)
{
	int tgid = 0;

	bpf_probe_read_kernel(&tgid, sizeof(tgid), &task->tgid);
	return tgid;
}

static __always_inline void store(__u32 key)
{
	__u64 v = (__u64)tgid_of((void *)bpf_get_current_task());

	bpf_map_update_elem(&tgids, &key, &v, BPF_ANY);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int first(void *ctx)
{
	if (current_is_rbdriver())
		store(0);
	return 0;
}

/* more instructions before the call, so the copy lands elsewhere */
SEC("tracepoint/syscalls/sys_enter_getppid")
int second(void *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	if (current_is_rbdriver() && pid_tgid)
		store(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
