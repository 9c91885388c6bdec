/* A bare SEC("usdt"): the probe is given on the command line (run --attach
 * on_konst=PATH:PROVIDER:NAME), as libbpf's user space gives it. Counts the
 * hits and sums the first argument. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long orig_rax, rip, cs, eflags, rsp, ss;
};
#include <bpf/usdt.bpf.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} konst SEC(".maps");

SEC("usdt")
int BPF_USDT(on_konst, long first)
{
	__u32 hits = 0, sum = 1;
	__u64 *p = bpf_map_lookup_elem(&konst, &hits);

	if (p)
		__sync_fetch_and_add(p, 1);
	p = bpf_map_lookup_elem(&konst, &sum);
	if (p)
		__sync_fetch_and_add(p, first);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
