/* count_syscalls: which process makes which system calls, counted in a map.
 *
 *     build/rawbpf run build/progs/count_syscalls.bpf.o -- ls /
 *
 * rawbpf prints the map at the end: one entry per (process name, syscall
 * number) with how many times it happened while the program was attached.
 *
 * What to notice:
 *  - the raw_syscalls/sys_enter tracepoint fires for every system call. Its
 *    context is described by /sys/kernel/tracing/events/raw_syscalls/sys_enter/format:
 *        offset 0:  8 bytes of common fields (type, flags, preempt count, pid)
 *        offset 8:  long id;                 the syscall number
 *        offset 16: unsigned long args[6];
 *  - the map is a legacy definition in SEC("maps"): the loader creates it
 *    with BPF_MAP_CREATE before loading the program and writes its fd into
 *    the program's instructions (a relocation);
 *  - a hash map lookup can fail, so the program checks for NULL: without
 *    that check the verifier refuses the program;
 *  - the key is 20 bytes with no padding (16 + 4, and 4-byte alignment),
 *    so no uninitialised padding bytes can make equal keys differ. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct key {
	char comm[16];
	__u32 nr;
};

struct sys_enter_ctx {
	__u64 common;
	long id;
	unsigned long args[6];
};

struct bpf_map_def SEC("maps") syscalls = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(struct key),
	.value_size = sizeof(__u64),
	.max_entries = 10240,
};

SEC("tracepoint/raw_syscalls/sys_enter")
int count_syscalls(struct sys_enter_ctx *ctx)
{
	struct key key = { .nr = (__u32)ctx->id };
	__u64 one = 1, *count;

	bpf_get_current_comm(key.comm, sizeof(key.comm));
	count = bpf_map_lookup_elem(&syscalls, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&syscalls, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
