/* exec_count_btf: count program starts by name, with a BTF-typed tracepoint.
 *
 *     build/rawbpf run build/progs/exec_count_btf.bpf.o -- /bin/sh -c 'ls; ls'
 *
 * What to notice:
 *  - SEC("tp_btf/sched_process_exec") attaches to the raw tracepoint
 *    sched_process_exec, but through the kernel's BTF: the loader looks up
 *    the type btf_trace_sched_process_exec in /sys/kernel/btf/vmlinux and
 *    passes its id at load (attach_btf_id), so the verifier knows the C
 *    types of the arguments (here: struct task_struct *, pid_t, struct
 *    linux_binprm *). No tracefs is needed;
 *  - the context is an array of u64, one per argument;
 *  - the map is BTF-defined (SEC(".maps")): its key and value types are
 *    C types the kernel knows, so bpftool can print the map as C values;
 *  - at this tracepoint the task already has its new name, so the key is
 *    the name of the program being started. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct name {
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct name);
	__type(value, __u64);
} execs SEC(".maps");

SEC("tp_btf/sched_process_exec")
int count_exec(__u64 *ctx)
{
	struct name key = {};
	__u64 one = 1, *count;

	bpf_get_current_comm(key.comm, sizeof(key.comm));
	count = bpf_map_lookup_elem(&execs, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&execs, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
