/* bpf_tracing.h without a vmlinux.h: no __VMLINUX_H__, so on x86 the
 * macros name user space's struct pt_regs members (rdi, rsi, ..., from
 * <asm/ptrace.h>; declared here, since -target bpf has no asm/ headers).
 * No preserve_access_index: plain offsets, no CO-RE records. Compared
 * with libbpf's expansion by tests/unit/test_headers.c; on the other
 * architectures the names are the same either way (user_pt_regs), so only
 * x86 is built with a body. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

unsigned long long seen[4];

#if defined(__TARGET_ARCH_x86)
struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
};

SEC("uprobe/libc.so.6:malloc")
int BPF_KPROBE(malloc_size, unsigned long size)
{
	seen[0] = size;
	seen[1] = PT_REGS_PARM2(ctx) + PT_REGS_PARM3(ctx) + PT_REGS_PARM4(ctx) + PT_REGS_PARM5(ctx);
	seen[2] = PT_REGS_RET(ctx) + PT_REGS_FP(ctx) + PT_REGS_SP(ctx) + PT_REGS_IP(ctx);
	return 0;
}

SEC("uretprobe/libc.so.6:malloc")
int BPF_KRETPROBE(malloc_ret, void *ret)
{
	seen[3] = (unsigned long long)ret + PT_REGS_RC(ctx);
	return 0;
}
#else
SEC("uprobe/libc.so.6:malloc")
int nothing(void *ctx)
{
	return 0;
}
#endif

char LICENSE[] SEC("license") = "GPL";
