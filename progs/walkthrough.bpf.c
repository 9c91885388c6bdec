/* walkthrough: the object docs/WALKTHROUGH.md follows through every step of
 * loading, from the ELF file to teardown. It counts one system call per
 * process name and reports each new name through a perf buffer.
 *
 *     build/rawbpf run --verbose build/progs/walkthrough.bpf.o -- /bin/sh -c 'echo $PPID'
 *     build/rawbpf run --set syscall_nr=257 build/progs/walkthrough.bpf.o -- ls /
 *     build/rawbpf inspect --disasm build/progs/walkthrough.bpf.o
 *
 * By default it counts getppid(2) (110 on x86-64); --set syscall_nr=N
 * counts another (257 is openat: ausyscall --dump names them). At the end
 * rawbpf prints the map `calls` (name -> count), `total` and `syscall_nr`;
 * while it runs, one event per process name seen for the first time.
 *
 * It holds one of each thing a loader must handle:
 *  - a BTF-defined hash map (`calls`) and a BTF-defined perf event array
 *    (`new_names`, no max_entries: the loader sizes it to the CPUs);
 *  - global data: `syscall_nr` in .rodata (const volatile: the loader may
 *    change it before loading, the program cannot) and `total` in .bss;
 *    each section becomes a one-element array map;
 *  - a BPF-to-BPF call: count_name() is __noinline, so it stays a
 *    function of its own in .text that the loader appends to the program;
 *  - relocations: every use of a map or a global is an ld_imm64 the loader
 *    fills in with a map fd, in the program and in the subprogram.
 * Like count_syscalls, the tracepoint is raw_syscalls/sys_enter, and its
 * context layout is in /sys/kernel/tracing/events/raw_syscalls/sys_enter/format.
 * tests/kernel/kernel/examples.c runs it and checks the counts. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sys_enter_ctx {
	__u64 common;           /* offset 0: the common fields */
	long id;                /* offset 8: the system call number */
	unsigned long args[6];  /* offset 16 */
};

struct name {
	char comm[16];
};

/* 24 bytes: the perf buffer delivers it as 28, see docs/WALKTHROUGH.md. */
struct event {
	__u32 pid;              /* the process (thread group) id */
	__u32 tid;              /* the thread that made the call */
	char comm[16];
};

const volatile long syscall_nr = 110; /* .rodata: getppid on x86-64 */
__u64 total;                          /* .bss: calls counted, all names */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct name);
	__type(value, __u64);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));   /* the CPU number */
	__uint(value_size, sizeof(__u32)); /* a perf event fd */
} new_names SEC(".maps");

/* Count one call for `key`; 1 when the name is new. A static function is
 * verified as part of each program that calls it, so it may take a pointer
 * to the caller's stack. */
static __noinline int count_name(const struct name *key)
{
	__u64 one = 1, *count = bpf_map_lookup_elem(&calls, key);

	if (count) {
		__sync_fetch_and_add(count, 1);
		return 0;
	}
	/* BPF_NOEXIST: when another CPU inserted the name a moment ago this
	 * fails, and that one call goes uncounted (see count_syscalls). */
	return bpf_map_update_elem(&calls, key, &one, BPF_NOEXIST) == 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int count_calls(struct sys_enter_ctx *ctx)
{
	struct name key = {};
	struct event e = {};
	__u64 id;

	/* .rodata is frozen before the program loads: the verifier knows
	 * syscall_nr's value and may drop the code that cannot run. */
	if (ctx->id != syscall_nr)
		return 0;
	__sync_fetch_and_add(&total, 1);
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	if (!count_name(&key))
		return 0;
	id = bpf_get_current_pid_tgid();
	e.pid = id >> 32;
	e.tid = (__u32)id;
	__builtin_memcpy(e.comm, key.comm, sizeof(e.comm));
	bpf_perf_event_output(ctx, &new_names, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
