/* count_syscalls: which process makes which system calls, counted in a map.
 *
 *     build/rawbpf run build/progs/count_syscalls.bpf.o -- ls /
 *     build/rawbpf run --json build/progs/count_syscalls.bpf.o -- ls /
 *
 * rawbpf prints the map at the end: one entry per (process name, syscall
 * number) with how many times it happened while the program was attached
 * (ausyscall --dump, or /usr/include/asm/unistd_64.h, names the numbers).
 *
 * What to notice:
 *  - the raw_syscalls/sys_enter tracepoint fires for every system call of
 *    every process. Its context is a record whose layout the kernel
 *    publishes in /sys/kernel/tracing/events/raw_syscalls/sys_enter/format:
 *        offset 0:  8 bytes of common fields (type, flags, preempt count, pid)
 *        offset 8:  long id;                 the syscall number
 *        offset 16: unsigned long args[6];   its arguments
 *    struct sys_enter_ctx below mirrors it;
 *  - the map is a legacy definition in SEC("maps"): the loader creates it
 *    with BPF_MAP_CREATE before loading the program and writes its fd into
 *    the instructions that refer to it (a relocation; see --verbose);
 *  - a hash map compares keys byte by byte, so every byte of the key must
 *    be defined. This key has no padding: comm is 16 bytes at offset 0 and
 *    nr, needing 4-byte alignment, follows at 16, for 20 bytes in all (the
 *    struct's alignment is 4, so no tail padding either). The bytes of comm
 *    after the name's NUL are zero: the initializer zeroes the key, and
 *    bpf_get_current_comm pads with zeros;
 *  - a lookup can fail, so the program checks for NULL: without that check
 *    the verifier refuses the program. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct key {
	char comm[16];
	__u32 nr;
};
_Static_assert(sizeof(struct key) == 20, "the key has no padding");

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
		/* Other CPUs may update the same counter: an atomic add (a
		 * BPF_STX | BPF_ATOMIC instruction, `lock *(u64 *)(r0 + 0) += ...`
		 * in the disassembly). */
		__sync_fetch_and_add(count, 1);
	else
		/* The first time for this key. BPF_NOEXIST: if another CPU
		 * inserted the same key a moment ago, this insert fails rather
		 * than overwrite its count -- and this one call goes uncounted.
		 * A counter that must never miss one looks the key up again
		 * after a failed insert. */
		bpf_map_update_elem(&syscalls, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
