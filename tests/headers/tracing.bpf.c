/* bpf_tracing.h as libbpf 1.1 has it: the PT_REGS_* accessors and the
 * BPF_KPROBE family, built for each __TARGET_ARCH_xxx the Makefile names
 * (x86, arm64, s390, riscv, powerpc). Compiled against rawbpf's headers and
 * libbpf's, the objects must be the same (tests/unit/test_headers.c): the
 * same members read, the same CO-RE records for the _CORE variants. */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

u64 seen[16];

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(five_args, int dfd, struct filename *name, long c, long d, long e)
{
	seen[0] = dfd + (u64)name + c + d + e;
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(returned, long ret)
{
	seen[1] = ret;
	return 0;
}

SEC("kprobe/do_unlinkat")
int registers(struct pt_regs *ctx)
{
	seen[2] = PT_REGS_PARM1(ctx) + PT_REGS_PARM2(ctx) + PT_REGS_PARM3(ctx) +
		  PT_REGS_PARM4(ctx) + PT_REGS_PARM5(ctx);
	seen[3] = PT_REGS_RC(ctx) + PT_REGS_IP(ctx);
#if !defined(__TARGET_ARCH_s390) && !defined(__TARGET_ARCH_powerpc)
	/* libbpf 1.1's s390 return-address register is misspelt, and its
	 * powerpc return address and stack pointer name members powerpc's
	 * struct pt_regs does not have: they do not compile there */
	seen[4] = PT_REGS_RET(ctx) + PT_REGS_SP(ctx);
#endif
#if !defined(__TARGET_ARCH_powerpc)
	seen[5] = PT_REGS_FP(ctx); /* powerpc has no frame pointer register */
#endif
	return 0;
}

/* The _CORE variants: for a struct pt_regs * that is not the context. */
SEC("kprobe/do_unlinkat")
int registers_core(struct pt_regs *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)PT_REGS_PARM1(ctx);

	seen[6] = PT_REGS_PARM1_CORE(regs) + PT_REGS_PARM2_CORE(regs) + PT_REGS_PARM3_CORE(regs) +
		  PT_REGS_PARM4_CORE(regs) + PT_REGS_PARM5_CORE(regs);
	seen[7] = PT_REGS_RC_CORE(regs) + PT_REGS_IP_CORE(regs);
	return 0;
}

/* System call arguments: PT_REGS_SYSCALL_REGS and the _SYSCALL readers.
 * (Not on powerpc, where libbpf 1.1 reads the first from gpr[3], later
 * libbpf and rawbpf from orig_gpr3, which the return value does not
 * overwrite: newer.bpf.c checks that.) */
#if !defined(__TARGET_ARCH_powerpc)
SEC("kprobe/__x64_sys_openat")
int syscall_args(struct pt_regs *ctx)
{
	struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);

	seen[8] = PT_REGS_PARM1_CORE_SYSCALL(regs) + PT_REGS_PARM2_CORE_SYSCALL(regs) +
		  PT_REGS_PARM3_CORE_SYSCALL(regs) + PT_REGS_PARM4_CORE_SYSCALL(regs) +
		  PT_REGS_PARM5_CORE_SYSCALL(regs);
	seen[9] = PT_REGS_PARM2_SYSCALL(ctx) + PT_REGS_PARM4_SYSCALL(ctx);
	return 0;
}

SEC("ksyscall/openat")
int BPF_KSYSCALL(openat, int dfd, const char *path, int flags, unsigned mode)
{
	seen[10] = dfd + (u64)path + flags + mode;
	return 0;
}
#endif

SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec, struct task_struct *p, pid_t old_pid)
{
	seen[11] = BPF_CORE_READ(p, real_parent, tgid) + old_pid;
	return 0;
}

struct pair {
	u64 a, b;
};

SEC("fentry/do_unlinkat")
int BPF_PROG2(by_value, struct pair, pr, int, n)
{
	seen[12] = pr.a + pr.b + n;
	return 0;
}

SEC("kprobe/do_unlinkat")
int return_address(struct pt_regs *ctx)
{
	u64 ip = 0;

#if !defined(__TARGET_ARCH_s390)
	BPF_KPROBE_READ_RET_IP(ip, ctx);
#endif
	seen[13] = ip;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
