/* core_field_exists: one program for two layouts of a kernel struct.
 *
 *     build/rawbpf run build/progs/core_field_exists.bpf.o -- /bin/sh -c 'echo $PPID'
 *     build/rawbpf run --verbose build/progs/core_field_exists.bpf.o -- /bin/sh -c 'echo $PPID'
 *
 * A task's scheduler state (running, sleeping, stopped, ...) was
 * `long state` in struct task_struct until Linux 5.14 renamed it to
 * `unsigned int __state`, so that old code reading `state` would fail to
 * build rather than race. A tool that must run on both kernels asks which
 * one the running kernel has. For each process that calls getppid(2), the
 * map gets, under the process's name: whether the kernel has __state,
 * whether it has state, the size of the one it has, and the state read
 * through it -- 0, TASK_RUNNING, since the process is running the system
 * call.
 *
 * What to notice:
 *  - two flavours of the struct, each with the one field it needs: the
 *    loader matches both to the kernel's struct task_struct (the part of
 *    the name before "___");
 *  - bpf_core_field_exists() compiles to `r1 = 1` plus a CO-RE record; the
 *    loader turns the 1 into the running kernel's answer before the
 *    verifier sees the program. So the `if` tests a constant, and the
 *    verifier follows only the branch it takes;
 *  - the other branch still reads the field the kernel lacks. The loader
 *    cannot give that instruction an offset, so it replaces it with a call
 *    the verifier refuses *if it is reachable* -- and it is not. This is
 *    the convention libbpf set: an unsatisfiable record does not fail the
 *    load, only a reachable one fails verification (--verbose names the
 *    record it could not apply);
 *  - bpf_core_field_size() is relocated the same way: 4 for __state, 8 for
 *    state, whatever the compiled-in guess was. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* Linux 5.14 and later */
struct task_struct___new {
	unsigned int __state;
} __attribute__((preserve_access_index));

/* before 5.14 */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

struct name {
	char comm[16];
};

struct state {
	__u32 has_new;   /* bpf_core_field_exists(__state) */
	__u32 has_old;   /* bpf_core_field_exists(state) */
	__u32 size;      /* the size of the one the kernel has */
	__u32 state;     /* its value: 0 (TASK_RUNNING) */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct name);
	__type(value, struct state);
} states SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int task_state(void *ctx)
{
	void *task = (void *)bpf_get_current_task();
	struct task_struct___new *t_new = task;
	struct task_struct___old *t_old = task;
	struct state s = {};
	struct name key = {};

	s.has_new = bpf_core_field_exists(t_new->__state);
	s.has_old = bpf_core_field_exists(t_old->state);
	if (bpf_core_field_exists(t_new->__state)) {
		s.size = bpf_core_field_size(t_new->__state);
		s.state = BPF_CORE_READ(t_new, __state);
	} else {
		s.size = bpf_core_field_size(t_old->state);
		s.state = BPF_CORE_READ(t_old, state);
	}
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	bpf_map_update_elem(&states, &key, &s, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
