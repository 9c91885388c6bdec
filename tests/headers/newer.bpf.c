/* What rawbpf's headers have beyond libbpf 1.1 (Debian 12's libbpf-dev),
 * or do differently, as later libbpf does: built against rawbpf's headers
 * only, for each architecture, and checked record by record against what
 * tests/unit/test_headers.c expects. */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

u64 seen[16];

/* BPF_PROBE_READ*: no CO-RE records, and the _kernel/_user helpers
 * (libbpf 1.1 calls bpf_probe_read and bpf_probe_read_str, which do not
 * exist where user and kernel addresses overlap, as on s390) */
SEC("tracepoint/syscalls/sys_enter_getppid")
int probe_reads(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct filename *fname = 0;
	char comm[16];

	seen[0] = BPF_PROBE_READ(t, real_parent, tgid);
	BPF_PROBE_READ_STR_INTO(&comm, t, comm);
	seen[1] = (u64)BPF_PROBE_READ_USER(fname, name);
	BPF_PROBE_READ_USER_STR_INTO(&comm, fname, name);
	seen[2] = comm[0];
	return 0;
}

/* Arguments 6 to 8, where the convention has them in registers */
SEC("kprobe/do_unlinkat")
int more_args(struct pt_regs *ctx)
{
#if !defined(__TARGET_ARCH_s390)
	seen[3] = PT_REGS_PARM6(ctx);
#endif
#if defined(__TARGET_ARCH_arm64) || defined(__TARGET_ARCH_riscv) || defined(__TARGET_ARCH_powerpc)
	seen[4] = PT_REGS_PARM7(ctx) + PT_REGS_PARM8(ctx);
#endif
	seen[5] = PT_REGS_PARM6_CORE_SYSCALL(ctx);
	return 0;
}

/* The first system call argument: orig_gpr3 on powerpc, orig_x0 on arm64,
 * orig_gpr2 on s390, di on x86, a0 on riscv */
SEC("kprobe/__x64_sys_openat")
int first_syscall_arg(struct pt_regs *ctx)
{
	struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);

	seen[6] = PT_REGS_PARM1_CORE_SYSCALL(regs);
	return 0;
}

SEC("uprobe/libc.so.6:malloc")
int BPF_UPROBE(malloc_enter, unsigned long size)
{
	seen[7] = size;
	return 0;
}

SEC("uretprobe/libc.so.6:malloc")
int BPF_URETPROBE(malloc_exit, void *ret)
{
	seen[8] = (u64)ret;
	return 0;
}

/* Direct access: a BTF-typed pointer */
SEC("tp_btf/sched_process_exec")
int write_and_cast(u64 *ctx)
{
	struct task_struct *t = (void *)ctx[0];
	struct task_struct *k;

	BPF_CORE_WRITE_BITFIELD(t, in_iowait, 1);
	k = bpf_core_cast(t->real_parent, struct task_struct);
	seen[9] = k->tgid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
