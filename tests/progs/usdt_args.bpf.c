/* USDT arguments of every kind, from rbusdt (tests/kernel/tools/rbusdt.c),
 * whose absolute path the build passes as RBUSDT (flags.mk): integers of
 * each size and sign from registers and memory, constants at two sites of
 * one probe, a string pointer read with bpf_probe_read_user_str, a global
 * read %rip-relative, and a semaphore-guarded probe.
 *
 * Built twice: against rawbpf's <bpf/usdt.bpf.h> (this file), and against
 * libbpf's (usdt_args_libbpf.bpf.c, which names that one header by path;
 * everything else still comes from -Iuapi). Both must read the same values.
 *
 * `values`: 0-7 ints' arguments, 8 ints' argument count, 9 the sum of
 * konst's first argument, 10 konst's hits, 11 konst's second argument,
 * 12 str's global, 13 guarded's last argument, 14 guarded's hits. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The context of a uprobe program on x86-64 (what <asm/ptrace.h> or a
 * vmlinux.h would declare; clang -target bpf finds neither by itself). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long orig_rax, rip, cs, eflags, rsp, ss;
};
typedef _Bool bool; /* libbpf's header says bool, as a vmlinux.h has it */

#ifdef USDT_HEADER
#include USDT_HEADER
#else
#include <bpf/usdt.bpf.h>
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[32]);
} strings SEC(".maps");

static __always_inline void put(__u32 key, __u64 value)
{
	__u64 *slot = bpf_map_lookup_elem(&values, &key);

	if (slot)
		*slot = value;
}

static __always_inline void add(__u32 key, __u64 value)
{
	__u64 *slot = bpf_map_lookup_elem(&values, &key);

	if (slot)
		__sync_fetch_and_add(slot, value);
}

SEC("usdt/" RBUSDT ":rbtest:ints")
int BPF_USDT(on_ints, long s8, long u8, long s16, long u16, long s32, long u32, long s64,
	     long u64)
{
	put(0, s8);
	put(1, u8);
	put(2, s16);
	put(3, u16);
	put(4, s32);
	put(5, u32);
	put(6, s64);
	put(7, u64);
	put(8, bpf_usdt_arg_cnt(ctx));
	return 0;
}

SEC("usdt/" RBUSDT ":rbtest:konst")
int BPF_USDT(on_konst, long first, long second)
{
	add(9, first);
	add(10, 1);
	put(11, second);
	return 0;
}

SEC("usdt/" RBUSDT ":rbtest:str")
int BPF_USDT(on_str, const char *text, long global)
{
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&strings, &zero);

	if (buf)
		bpf_probe_read_user_str(buf, 32, text);
	put(12, global);
	return 0;
}

SEC("usdt/" RBUSDT ":rbtest:guarded")
int BPF_USDT(on_guarded, int value)
{
	put(13, value);
	add(14, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
