/* bpf_core_read.h as libbpf 1.1 has it, every macro once. Compiled against
 * rawbpf's headers and libbpf's, the two objects must hold the same CO-RE
 * records and the same instructions (tests/unit/test_headers.c). Nothing
 * here is loaded: the test is about what the macros expand to. */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct out {
	u64 v[24];
	char comm[16];
	char parent_comm[16];
	char user_str[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct out);
} results SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int every_macro(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct filename *fname = 0;
	struct out *o;
	u32 key = 0;
	int tgid = 0;
	pid_t pid;

	o = bpf_map_lookup_elem(&results, &key);
	if (!o)
		return 0;
	/* pointer chains, 1 to 3 steps, and a member chain in one step */
	o->v[0] = BPF_CORE_READ(t, tgid);
	o->v[1] = BPF_CORE_READ(t, real_parent, tgid);
	o->v[2] = BPF_CORE_READ(t, group_leader, real_parent, pid);
	o->v[3] = (u64)BPF_CORE_READ(t, children.next);
	o->v[4] = BPF_CORE_READ(t, mm, start_stack);
	BPF_CORE_READ_INTO(&tgid, t, real_parent, tgid);
	o->v[5] = tgid;
	BPF_CORE_READ_STR_INTO(&o->comm, t, comm);
	BPF_CORE_READ_STR_INTO(&o->parent_comm, t, real_parent, comm);
	bpf_core_read(&pid, sizeof(pid), &t->pid);
	o->v[6] = pid;
	bpf_core_read_str(o->comm, sizeof(o->comm), &t->group_leader);
	/* user memory: the types are still kernel ones */
	o->v[7] = (u64)BPF_CORE_READ_USER(fname, name);
	BPF_CORE_READ_USER_INTO(&o->v[8], fname, name);
	BPF_CORE_READ_USER_STR_INTO(&o->user_str, fname, name);
	bpf_core_read_user(&o->v[9], sizeof(o->v[9]), &fname->name);
	bpf_core_read_user_str(o->user_str, sizeof(o->user_str), &fname->name);
	/* (BPF_PROBE_READ*, the chains without CO-RE, are in newer.bpf.c:
	 * libbpf 1.1 makes them call bpf_probe_read, later ones and rawbpf
	 * bpf_probe_read_kernel) */
	/* facts: both spellings of a field, types, enumerators */
	o->v[14] = bpf_core_field_exists(t->__state) +
		   bpf_core_field_exists(struct task_struct___old, state);
	o->v[15] = bpf_core_field_size(t->comm) + bpf_core_field_size(struct task_struct, mm);
	o->v[16] = bpf_core_field_offset(t->real_parent) +
		   bpf_core_field_offset(struct task_struct, tgid);
	o->v[17] = bpf_core_type_exists(struct task_struct___old) + bpf_core_type_size(struct mm_struct);
	o->v[18] = bpf_core_type_id_local(struct task_struct) + bpf_core_type_id_kernel(struct task_struct);
	o->v[19] = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_TGID) +
		   bpf_core_enum_value(enum pid_type, PIDTYPE_SID);
	/* bitfields, probed and direct */
	o->v[20] = BPF_CORE_READ_BITFIELD_PROBED(t, in_iowait);
	o->v[21] = BPF_CORE_READ_BITFIELD_PROBED(t, prio);
	return 0;
}

/* Direct reads need a BTF-typed pointer: tp_btf. */
SEC("tp_btf/sched_process_exec")
int bitfields_direct(u64 *ctx)
{
	struct task_struct *t = (void *)ctx[0];
	struct out *o;
	u32 key = 0;

	o = bpf_map_lookup_elem(&results, &key);
	if (!o)
		return 0;
	o->v[22] = BPF_CORE_READ_BITFIELD(t, in_execve);
	o->v[23] = BPF_CORE_READ_BITFIELD(t, prio);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
