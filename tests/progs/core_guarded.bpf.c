/* A CO-RE record the running kernel cannot satisfy, behind a check: no
 * kernel's task_struct has rawbpf_no_such_field, so the read is poisoned
 * (libbpf's `call 0xbad2310`), but the program asks first whether the
 * field exists, as programs written for several kernels do. On this
 * kernel the answer is the constant 0, the verifier drops the read as
 * dead code, and the program loads and stores 7. (core_unguarded.bpf.c
 * reads the same field without asking.) */
#include <linux/bpf.h>
#include "rbdriver.h"

struct task_struct {
	int pid;
	int rawbpf_no_such_field;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} out SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int guarded(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	__u32 key = 0;
	__u64 v = 7; /* stays 7 where the field does not exist */
	int x = 0;

	if (!current_is_rbdriver())
		return 0;
	if (__builtin_preserve_field_info(task->rawbpf_no_such_field, 2 /* FIELD_EXISTS */)) {
		bpf_probe_read_kernel(&x, sizeof(x), &task->rawbpf_no_such_field);
		v = (__u64)x;
	}
	bpf_map_update_elem(&out, &key, &v, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
