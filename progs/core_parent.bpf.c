/* core_parent: each process's parent, read from the kernel's task_struct
 * with CO-RE -- and the struct declared here holds only the three fields
 * the program uses.
 *
 *     build/rawbpf run build/progs/core_parent.bpf.o -- /bin/sh -c 'echo $PPID'
 *     build/rawbpf run --verbose build/progs/core_parent.bpf.o -- /bin/sh -c 'echo $PPID'
 *     build/rawbpf inspect build/progs/core_parent.bpf.o
 *
 * Whenever a process calls getppid(2) (a shell does, to set $PPID), the
 * program records under the process's name its pid, its parent's pid and
 * the parent's name, read from the kernel's own data. The shell above is
 * rawbpf's child, so its entry names rawbpf, and the pid it prints is the
 * one in the map.
 *
 * What to notice:
 *  - struct task_struct is the kernel's, with hundreds of fields whose
 *    offsets depend on the kernel's version and configuration: real_parent
 *    is over a thousand bytes in, and not at the same place on two
 *    distributions. The struct below says only "there are fields tgid,
 *    real_parent and comm", in any order, at offsets that do not matter;
 *  - preserve_access_index makes clang record, for every instruction that
 *    uses one of its offsets, which field it meant (in .BTF.ext: `inspect`
 *    lists them as "struct task_struct___mine.real_parent"). At load time
 *    the loader reads the running kernel's BTF (/sys/kernel/btf/vmlinux),
 *    finds each field there by name, and rewrites the offsets: --verbose
 *    shows each "local 8 -> kernel NNNN";
 *  - the name: "___mine" is a flavour suffix. The loader ignores everything
 *    from the "___" on when it looks for the kernel's type, so this matches
 *    struct task_struct, and it cannot clash with a vmlinux.h that defines
 *    the real one;
 *  - BPF_CORE_READ(task, real_parent, tgid) is task->real_parent->tgid,
 *    one bpf_probe_read_kernel per pointer step: a tracepoint program may
 *    not dereference kernel pointers itself (bpf/bpf_core_read.h explains
 *    the macro);
 *  - real_parent is the process that forked this one (parent can differ
 *    under ptrace), and tgid is what user space calls the pid. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___mine {
	int tgid;
	struct task_struct___mine *real_parent;
	char comm[16];
} __attribute__((preserve_access_index));

struct name {
	char comm[16];
};

struct family {
	__u32 pid;              /* the caller */
	__u32 ppid;             /* its parent */
	char parent_comm[16];   /* the parent's name */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct name);
	__type(value, struct family);
} parents SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int record_parent(void *ctx)
{
	struct task_struct___mine *task = (void *)bpf_get_current_task();
	struct family f = {};
	struct name key = {};

	bpf_get_current_comm(key.comm, sizeof(key.comm));
	f.pid = bpf_get_current_pid_tgid() >> 32;
	f.ppid = BPF_CORE_READ(task, real_parent, tgid);
	BPF_CORE_READ_STR_INTO(&f.parent_comm, task, real_parent, comm);
	bpf_map_update_elem(&parents, &key, &f, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
