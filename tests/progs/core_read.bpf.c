/* CO-RE ("compile once, run everywhere") relocations, which rawbpf cannot
 * apply yet: `run` must refuse the object, and `inspect` list its records.
 *
 * The struct below is how a program compiled against some kernel's headers
 * sees task_struct: real_parent at byte offset 8. On the running kernel it
 * is somewhere else (over a thousand bytes in). preserve_access_index makes
 * clang record, in .BTF.ext, every instruction that uses a field offset of
 * this struct ("field_byte_offset of struct task_struct.real_parent, access
 * 0:2"), so that a loader can rewrite the offset to the running kernel's.
 * Loaded as it is, the program would read bytes 8-15 of the task: not its
 * parent, and no error would say so.
 *
 * The other builtins make records of other kinds: does a field exist, how
 * big is a type, what is an enumerator's value in the running kernel. */
#include <linux/bpf.h>
#include "rbdriver.h"

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID };

struct task_struct {
	int pid;
	int tgid;
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static void store(__u32 key, __u64 value)
{
	bpf_map_update_elem(&seen, &key, &value, BPF_ANY);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int parent_tgid(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct task_struct *parent = 0;
	int tgid = 0;

	if (!current_is_rbdriver())
		return 0;
	bpf_probe_read_kernel(&parent, sizeof(parent), &task->real_parent);
	bpf_probe_read_kernel(&tgid, sizeof(tgid), &parent->tgid);
	store(0, (__u64)tgid);
	store(1, __builtin_preserve_field_info(task->pid, 2 /* FIELD_EXISTS */));
	store(2, __builtin_preserve_type_info(*task, 1 /* TYPE_SIZE */));
	store(3, __builtin_preserve_enum_value(*(enum pid_type *)PIDTYPE_TGID,
					       1 /* ENUMVAL_VALUE */));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
