/* A few kernel types, the way a vmlinux.h gives them (bpftool btf dump ...
 * format c): __VMLINUX_H__ defined, every struct preserve_access_index.
 * The programs of tests/headers/ are compiled twice, against rawbpf's
 * headers (-Iuapi) and against libbpf's (/usr/include/bpf, with the
 * system's <linux/bpf.h>); this file is the same in both. Only the members
 * the programs use, which is all CO-RE needs: the loader matches members
 * by name in the running kernel's BTF. */
#ifndef TESTS_HEADERS_KERNEL_TYPES_H
#define TESTS_HEADERS_KERNEL_TYPES_H

#define __VMLINUX_H__
#include <linux/bpf.h>

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct list_head {
	struct list_head *next, *prev;
};

struct mm_struct {
	unsigned long start_stack;
};

struct signal_struct {
	int nr_threads;
};

struct task_struct {
	unsigned int __state;
	unsigned int flags;
	int pid;
	int tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct list_head children;
	struct mm_struct *mm;
	struct signal_struct *signal;
	char comm[16];
	unsigned int in_execve : 1;  /* bitfields, as in the kernel's */
	unsigned int in_iowait : 1;
	int prio : 9;                /* a signed one (not the kernel's) */
};

/* the older layout, a flavour: matched by the part before ___ */
struct task_struct___old {
	long state;
};

struct file;
struct filename {
	const char *name;
};

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX };

typedef unsigned long long u64;
typedef int pid_t;
typedef unsigned int u32;

/* Each architecture's saved registers, as bpf_tracing.h names them. */
#if defined(__TARGET_ARCH_x86)
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};
#elif defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
};
struct pt_regs {
	union {
		struct user_pt_regs user_regs;
		struct {
			u64 regs[31];
			u64 sp;
			u64 pc;
			u64 pstate;
		};
	};
	u64 orig_x0;
};
#elif defined(__TARGET_ARCH_s390)
typedef struct {
	unsigned long mask;
	unsigned long addr;
} psw_t;
typedef struct {
	psw_t psw;
	unsigned long gprs[16];
	unsigned int acrs[16];
	unsigned long orig_gpr2;
} user_pt_regs;
struct pt_regs {
	union {
		user_pt_regs user_regs;
		struct {
			psw_t psw;
			unsigned long gprs[16];
		};
	};
	unsigned long orig_gpr2;
};
#elif defined(__TARGET_ARCH_riscv)
struct user_regs_struct {
	unsigned long pc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
};
struct pt_regs {
	unsigned long epc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long orig_a0;
};
#elif defined(__TARGET_ARCH_powerpc)
struct pt_regs {
	unsigned long gpr[32];
	unsigned long nip, msr, orig_gpr3, ctr, link, xer, ccr, softe, trap;
};
#endif

#pragma clang attribute pop

#endif
