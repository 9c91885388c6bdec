/* Function arguments in kprobes, uprobes and BTF-typed tracing programs.
 *
 * The same names and expansions as libbpf's <bpf/bpf_tracing.h>, so a
 * program written for libbpf compiles here unchanged (tests/headers/
 * compares the two on x86, arm64, s390, riscv and powerpc).
 *
 * ---- Registers ------------------------------------------------------------
 * A kprobe or uprobe program gets the registers as the kernel saved them
 * when the probe hit: struct pt_regs *ctx. Which register holds the first
 * argument is the architecture's calling convention (System V on x86-64:
 * rdi, rsi, rdx, rcx, r8, r9), and the struct's member names differ too,
 * so PT_REGS_PARM1(ctx) names the right member for the target:
 *
 *     SEC("uprobe/libc.so.6:malloc")
 *     int BPF_UPROBE(count_malloc, size_t size) { ... size ... }
 *
 * The BPF program is compiled for the BPF machine, not for the kernel's,
 * so clang cannot tell which: say it with -D__TARGET_ARCH_x86 (or arm64,
 * s390, riscv, powerpc, arm, mips), as libbpf-tools' Makefile does. Without
 * it, using a PT_REGS_* macro is a compile error that says so.
 *
 * The member names depend on which struct pt_regs the program sees: a
 * vmlinux.h (it defines __VMLINUX_H__) has the kernel's own, x86's `di`;
 * the user-space copy of <asm/ptrace.h> calls the same register `rdi`. On
 * arm64, s390 and riscv the kernel's struct begins with the user-space
 * one, which the macros use (__PT_REGS_CAST).
 *
 * ---- System calls ------------------------------------------------------------
 * The kernel's syscall entry points (__x64_sys_openat) take one argument
 * where the architecture has "syscall wrappers" (x86-64 since 4.17, arm64
 * 4.19, s390, riscv 6.6): a pointer to the registers user space made the
 * call with. The call's own arguments are in there, by the syscall
 * convention: on x86-64 the 4th is in r10, not rcx (the syscall
 * instruction overwrites rcx); on arm64 and s390 the 1st is in orig_x0 /
 * orig_gpr2, since the return value overwrites x0 / gpr2. Reading that
 * second pt_regs needs a probe read (PT_REGS_PARMn_CORE_SYSCALL), and
 * BPF_KSYSCALL decides at load time, from the extern
 * LINUX_HAS_SYSCALL_WRAPPER (a __kconfig the loader sets), which way to
 * read. */
#ifndef RAWBPF_BPF_TRACING_H
#define RAWBPF_BPF_TRACING_H

#include "bpf_helpers.h"

/* ---- Which architecture ------------------------------------------------------
 * -D__TARGET_ARCH_xxx, else what the compiler says (a program compiled for
 * the host rather than -target bpf, as in a BPF program's unit test). */
#if defined(__TARGET_ARCH_x86)
#define bpf_target_x86
#define bpf_target_defined
#elif defined(__TARGET_ARCH_arm64)
#define bpf_target_arm64
#define bpf_target_defined
#elif defined(__TARGET_ARCH_s390)
#define bpf_target_s390
#define bpf_target_defined
#elif defined(__TARGET_ARCH_riscv)
#define bpf_target_riscv
#define bpf_target_defined
#elif defined(__TARGET_ARCH_powerpc)
#define bpf_target_powerpc
#define bpf_target_defined
#elif defined(__TARGET_ARCH_arm)
#define bpf_target_arm
#define bpf_target_defined
#elif defined(__TARGET_ARCH_mips)
#define bpf_target_mips
#define bpf_target_defined
#elif defined(__x86_64__)
#define bpf_target_x86
#define bpf_target_defined
#elif defined(__aarch64__)
#define bpf_target_arm64
#define bpf_target_defined
#elif defined(__s390__)
#define bpf_target_s390
#define bpf_target_defined
#elif defined(__riscv) && __riscv_xlen == 64
#define bpf_target_riscv
#define bpf_target_defined
#elif defined(__powerpc__)
#define bpf_target_powerpc
#define bpf_target_defined
#elif defined(__arm__)
#define bpf_target_arm
#define bpf_target_defined
#elif defined(__mips__)
#define bpf_target_mips
#define bpf_target_defined
#endif

#ifndef __BPF_TARGET_MISSING
#define __BPF_TARGET_MISSING "GCC error \"Must specify a BPF target arch via __TARGET_ARCH_xxx\""
#endif

/* ---- One table per architecture ------------------------------------------------
 * Each defines the member of its pt_regs that holds:
 *   __PT_PARMn_REG          argument n of a function call (1..8; an argument
 *                           the convention passes on the stack is left
 *                           undefined, and naming it is a compile error)
 *   __PT_PARMn_SYSCALL_REG  argument n of a system call, in the registers
 *                           user space made it with
 *   __PT_RET_REG            where the return address is at function entry
 *                           (a register, or on x86 the stack pointer)
 *   __PT_FP_REG, __PT_RC_REG, __PT_SP_REG, __PT_IP_REG
 *                           frame pointer, return value, stack pointer,
 *                           instruction pointer
 * and __PT_REGS_CAST when the members belong to another struct than
 * struct pt_regs. */

#if defined(bpf_target_x86)
/* x86-64, System V ABI: integer arguments in rdi, rsi, rdx, rcx, r8, r9,
 * the 7th on the stack; the return value in rax. The syscall instruction
 * passes the 4th argument in r10. */
#if defined(__KERNEL__) || defined(__VMLINUX_H__)
/* the kernel's struct pt_regs (arch/x86/include/asm/ptrace.h) */
#define __PT_PARM1_REG di
#define __PT_PARM2_REG si
#define __PT_PARM3_REG dx
#define __PT_PARM4_REG cx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_PARM4_SYSCALL_REG r10
#define __PT_RET_REG sp
#define __PT_FP_REG bp
#define __PT_RC_REG ax
#define __PT_SP_REG sp
#define __PT_IP_REG ip
#else
/* user space's (arch/x86/include/uapi/asm/ptrace.h, 64-bit) */
#define __PT_PARM1_REG rdi
#define __PT_PARM2_REG rsi
#define __PT_PARM3_REG rdx
#define __PT_PARM4_REG rcx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_PARM4_SYSCALL_REG r10
#define __PT_RET_REG rsp
#define __PT_FP_REG rbp
#define __PT_RC_REG rax
#define __PT_SP_REG rsp
#define __PT_IP_REG rip
#endif
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG

#elif defined(bpf_target_arm64)
/* AArch64 (AAPCS64): arguments in x0..x7, the return value in x0, the
 * return address in x30 (the link register), the frame pointer x29. The
 * kernel's struct pt_regs starts with user space's struct user_pt_regs
 * { u64 regs[31]; u64 sp; u64 pc; u64 pstate; }, and has orig_x0 further
 * on: the first syscall argument, since regs[0] becomes the return value.
 * orig_x0 is not in user_pt_regs, so it is read through a flavour of
 * struct pt_regs by CO-RE, wherever this kernel puts it. */
struct pt_regs___arm64 {
	unsigned long orig_x0;
};
#define __PT_REGS_CAST(x) ((const struct user_pt_regs *)(x))
#define __PT_PARM1_REG regs[0]
#define __PT_PARM2_REG regs[1]
#define __PT_PARM3_REG regs[2]
#define __PT_PARM4_REG regs[3]
#define __PT_PARM5_REG regs[4]
#define __PT_PARM6_REG regs[5]
#define __PT_PARM7_REG regs[6]
#define __PT_PARM8_REG regs[7]
#define __PT_PARM1_SYSCALL_REG orig_x0
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#define PT_REGS_PARM1_SYSCALL(x) PT_REGS_PARM1_CORE_SYSCALL(x)
#define PT_REGS_PARM1_CORE_SYSCALL(x) \
	BPF_CORE_READ((const struct pt_regs___arm64 *)(x), __PT_PARM1_SYSCALL_REG)
#define __PT_RET_REG regs[30]
#define __PT_FP_REG regs[29] /* with CONFIG_FRAME_POINTER */
#define __PT_RC_REG regs[0]
#define __PT_SP_REG sp
#define __PT_IP_REG pc

#elif defined(bpf_target_s390)
/* s390x: arguments in r2..r6, the return value in r2, the return address
 * in r14, the stack pointer r15. user_pt_regs (a typedef there) starts the
 * kernel's struct; orig_gpr2 holds the first syscall argument. */
struct pt_regs___s390 {
	unsigned long orig_gpr2;
};
#define __PT_REGS_CAST(x) ((const user_pt_regs *)(x))
#define __PT_PARM1_REG gprs[2]
#define __PT_PARM2_REG gprs[3]
#define __PT_PARM3_REG gprs[4]
#define __PT_PARM4_REG gprs[5]
#define __PT_PARM5_REG gprs[6]
#define __PT_PARM1_SYSCALL_REG orig_gpr2
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG gprs[7]
#define PT_REGS_PARM1_SYSCALL(x) PT_REGS_PARM1_CORE_SYSCALL(x)
#define PT_REGS_PARM1_CORE_SYSCALL(x) \
	BPF_CORE_READ((const struct pt_regs___s390 *)(x), __PT_PARM1_SYSCALL_REG)
#define __PT_RET_REG gprs[14]
#define __PT_FP_REG gprs[11] /* with CONFIG_FRAME_POINTER */
#define __PT_RC_REG gprs[2]
#define __PT_SP_REG gprs[15]
#define __PT_IP_REG psw.addr

#elif defined(bpf_target_riscv)
/* RISC-V (64-bit): arguments in a0..a7, the return value in a0, the
 * return address in ra, the frame pointer s0. struct user_regs_struct
 * starts the kernel's struct pt_regs. */
#define __PT_REGS_CAST(x) ((const struct user_regs_struct *)(x))
#define __PT_PARM1_REG a0
#define __PT_PARM2_REG a1
#define __PT_PARM3_REG a2
#define __PT_PARM4_REG a3
#define __PT_PARM5_REG a4
#define __PT_PARM6_REG a5
#define __PT_PARM7_REG a6
#define __PT_PARM8_REG a7
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
/* As libbpf: the registers themselves (kernels before 6.6 had no syscall
 * wrappers here; BPF_KSYSCALL asks the running kernel instead). */
#define PT_REGS_SYSCALL_REGS(ctx) ctx
#define __PT_RET_REG ra
#define __PT_FP_REG s0
#define __PT_RC_REG a0
#define __PT_SP_REG sp
#define __PT_IP_REG pc

#elif defined(bpf_target_powerpc)
/* PowerPC: arguments in r3..r10, the return value in r3, the return
 * address in the link register; no fixed frame pointer. Syscalls are not
 * wrapped; orig_gpr3 keeps the first argument. */
#define __PT_PARM1_REG gpr[3]
#define __PT_PARM2_REG gpr[4]
#define __PT_PARM3_REG gpr[5]
#define __PT_PARM4_REG gpr[6]
#define __PT_PARM5_REG gpr[7]
#define __PT_PARM6_REG gpr[8]
#define __PT_PARM7_REG gpr[9]
#define __PT_PARM8_REG gpr[10]
#define __PT_PARM1_SYSCALL_REG orig_gpr3
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#define PT_REGS_SYSCALL_REGS(ctx) ctx
/* libbpf writes regs[31] and sp, which powerpc's struct pt_regs does not
 * have: the return address is in `link` (what BPF_KPROBE_READ_RET_IP
 * reads), the stack pointer is r1. */
#define __PT_RET_REG link
#define __PT_FP_REG __unsupported__
#define __PT_RC_REG gpr[3]
#define __PT_SP_REG gpr[1]
#define __PT_IP_REG nip

#elif defined(bpf_target_arm)
/* 32-bit ARM (AAPCS): arguments in r0..r3, the 5th on the stack; syscalls
 * take up to 7 in r0..r6. */
#define __PT_PARM1_REG uregs[0]
#define __PT_PARM2_REG uregs[1]
#define __PT_PARM3_REG uregs[2]
#define __PT_PARM4_REG uregs[3]
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#define __PT_PARM5_SYSCALL_REG uregs[4]
#define __PT_PARM6_SYSCALL_REG uregs[5]
#define __PT_PARM7_SYSCALL_REG uregs[6]
#define __PT_RET_REG uregs[14]
#define __PT_FP_REG uregs[11] /* with CONFIG_FRAME_POINTER */
#define __PT_RC_REG uregs[0]
#define __PT_SP_REG uregs[13]
#define __PT_IP_REG uregs[12]

#elif defined(bpf_target_mips)
/* MIPS, N64 ABI: arguments in $4..$11, the return value in $2. */
#define __PT_PARM1_REG regs[4]
#define __PT_PARM2_REG regs[5]
#define __PT_PARM3_REG regs[6]
#define __PT_PARM4_REG regs[7]
#define __PT_PARM5_REG regs[8]
#define __PT_PARM6_REG regs[9]
#define __PT_PARM7_REG regs[10]
#define __PT_PARM8_REG regs[11]
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#define __PT_RET_REG regs[31]
#define __PT_FP_REG regs[30] /* with CONFIG_FRAME_POINTER */
#define __PT_RC_REG regs[2]
#define __PT_SP_REG regs[29]
#define __PT_IP_REG cp0_epc

#endif

#if defined(bpf_target_defined)

struct pt_regs;

#ifndef __PT_REGS_CAST
#define __PT_REGS_CAST(x) (x)
#endif
/* Arguments the convention passes on the stack: ctx->__unsupported__
 * is a compile error naming the macro that was used. */
#ifndef __PT_PARM4_REG
#define __PT_PARM4_REG __unsupported__
#endif
#ifndef __PT_PARM5_REG
#define __PT_PARM5_REG __unsupported__
#endif
#ifndef __PT_PARM6_REG
#define __PT_PARM6_REG __unsupported__
#endif
#ifndef __PT_PARM7_REG
#define __PT_PARM7_REG __unsupported__
#endif
#ifndef __PT_PARM8_REG
#define __PT_PARM8_REG __unsupported__
#endif
#ifndef __PT_PARM7_SYSCALL_REG
#define __PT_PARM7_SYSCALL_REG __unsupported__
#endif

/* ---- Reading the registers -----------------------------------------------------
 * PT_REGS_PARMn(ctx) is the member itself: for programs whose context the
 * verifier lets them read directly (kprobe, uprobe). PT_REGS_PARMn_CORE
 * reads it with BPF_CORE_READ instead: for a struct pt_regs * that is not
 * the context, such as a syscall wrapper's argument. */
#define PT_REGS_PARM1(x) (__PT_REGS_CAST(x)->__PT_PARM1_REG)
#define PT_REGS_PARM2(x) (__PT_REGS_CAST(x)->__PT_PARM2_REG)
#define PT_REGS_PARM3(x) (__PT_REGS_CAST(x)->__PT_PARM3_REG)
#define PT_REGS_PARM4(x) (__PT_REGS_CAST(x)->__PT_PARM4_REG)
#define PT_REGS_PARM5(x) (__PT_REGS_CAST(x)->__PT_PARM5_REG)
#define PT_REGS_PARM6(x) (__PT_REGS_CAST(x)->__PT_PARM6_REG)
#define PT_REGS_PARM7(x) (__PT_REGS_CAST(x)->__PT_PARM7_REG)
#define PT_REGS_PARM8(x) (__PT_REGS_CAST(x)->__PT_PARM8_REG)
#define PT_REGS_RET(x) (__PT_REGS_CAST(x)->__PT_RET_REG)
#define PT_REGS_FP(x) (__PT_REGS_CAST(x)->__PT_FP_REG)
#define PT_REGS_RC(x) (__PT_REGS_CAST(x)->__PT_RC_REG)
#define PT_REGS_SP(x) (__PT_REGS_CAST(x)->__PT_SP_REG)
#define PT_REGS_IP(x) (__PT_REGS_CAST(x)->__PT_IP_REG)

#define PT_REGS_PARM1_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM1_REG)
#define PT_REGS_PARM2_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM2_REG)
#define PT_REGS_PARM3_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM3_REG)
#define PT_REGS_PARM4_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM4_REG)
#define PT_REGS_PARM5_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM5_REG)
#define PT_REGS_PARM6_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM6_REG)
#define PT_REGS_PARM7_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM7_REG)
#define PT_REGS_PARM8_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM8_REG)
#define PT_REGS_RET_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_RET_REG)
#define PT_REGS_FP_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_FP_REG)
#define PT_REGS_RC_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_RC_REG)
#define PT_REGS_SP_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_SP_REG)
#define PT_REGS_IP_CORE(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_IP_REG)

/* The caller's address: at a function's entry (kprobe) it is where
 * PT_REGS_RET points on x86 (the top of the stack), and in a kretprobe
 * just above the saved frame pointer. powerpc keeps it in a register. */
#if defined(bpf_target_powerpc)
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ({ (ip) = (ctx)->link; })
#define BPF_KRETPROBE_READ_RET_IP BPF_KPROBE_READ_RET_IP
#else
#define BPF_KPROBE_READ_RET_IP(ip, ctx) \
	({ bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)PT_REGS_RET(ctx)); })
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) \
	({ bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)(PT_REGS_FP(ctx) + sizeof(ip))); })
#endif

/* System call arguments, from the registers user space made the call with
 * (the struct pt_regs * of a syscall wrapper; see the top). A table above
 * may have defined PARM1 itself, when it needs CO-RE. */
#ifndef PT_REGS_PARM1_SYSCALL
#define PT_REGS_PARM1_SYSCALL(x) (__PT_REGS_CAST(x)->__PT_PARM1_SYSCALL_REG)
#define PT_REGS_PARM1_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM1_SYSCALL_REG)
#endif
#define PT_REGS_PARM2_SYSCALL(x) (__PT_REGS_CAST(x)->__PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM2_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_SYSCALL(x) (__PT_REGS_CAST(x)->__PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM3_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_SYSCALL(x) (__PT_REGS_CAST(x)->__PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM4_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM5_SYSCALL(x) (__PT_REGS_CAST(x)->__PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM5_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM6_SYSCALL(x) (__PT_REGS_CAST(x)->__PT_PARM6_SYSCALL_REG)
#define PT_REGS_PARM6_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM6_SYSCALL_REG)
#define PT_REGS_PARM7_SYSCALL(x) (__PT_REGS_CAST(x)->__PT_PARM7_SYSCALL_REG)
#define PT_REGS_PARM7_CORE_SYSCALL(x) BPF_CORE_READ(__PT_REGS_CAST(x), __PT_PARM7_SYSCALL_REG)

#else /* no target: every use says how to name one */

#define ___bpf_no_target ({ _Pragma(__BPF_TARGET_MISSING); 0l; })
#define PT_REGS_PARM1(x) ___bpf_no_target
#define PT_REGS_PARM2(x) ___bpf_no_target
#define PT_REGS_PARM3(x) ___bpf_no_target
#define PT_REGS_PARM4(x) ___bpf_no_target
#define PT_REGS_PARM5(x) ___bpf_no_target
#define PT_REGS_PARM6(x) ___bpf_no_target
#define PT_REGS_PARM7(x) ___bpf_no_target
#define PT_REGS_PARM8(x) ___bpf_no_target
#define PT_REGS_RET(x) ___bpf_no_target
#define PT_REGS_FP(x) ___bpf_no_target
#define PT_REGS_RC(x) ___bpf_no_target
#define PT_REGS_SP(x) ___bpf_no_target
#define PT_REGS_IP(x) ___bpf_no_target
#define PT_REGS_PARM1_CORE(x) ___bpf_no_target
#define PT_REGS_PARM2_CORE(x) ___bpf_no_target
#define PT_REGS_PARM3_CORE(x) ___bpf_no_target
#define PT_REGS_PARM4_CORE(x) ___bpf_no_target
#define PT_REGS_PARM5_CORE(x) ___bpf_no_target
#define PT_REGS_PARM6_CORE(x) ___bpf_no_target
#define PT_REGS_PARM7_CORE(x) ___bpf_no_target
#define PT_REGS_PARM8_CORE(x) ___bpf_no_target
#define PT_REGS_RET_CORE(x) ___bpf_no_target
#define PT_REGS_FP_CORE(x) ___bpf_no_target
#define PT_REGS_RC_CORE(x) ___bpf_no_target
#define PT_REGS_SP_CORE(x) ___bpf_no_target
#define PT_REGS_IP_CORE(x) ___bpf_no_target
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ___bpf_no_target
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) ___bpf_no_target
#define PT_REGS_PARM1_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM2_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM3_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM4_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM5_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM6_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM7_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM1_CORE_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM2_CORE_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM3_CORE_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM4_CORE_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM5_CORE_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM6_CORE_SYSCALL(x) ___bpf_no_target
#define PT_REGS_PARM7_CORE_SYSCALL(x) ___bpf_no_target

#endif /* bpf_target_defined */

/* From a kprobe on a syscall wrapper: the struct pt_regs * holding the
 * call's own arguments, for PT_REGS_PARMn_SYSCALL and _CORE_SYSCALL. */
#ifndef PT_REGS_SYSCALL_REGS
#define PT_REGS_SYSCALL_REGS(ctx) ((struct pt_regs *)PT_REGS_PARM1(ctx))
#endif

/* ---- Typed arguments: BPF_PROG, BPF_KPROBE and the others --------------------
 * Each expands
 *     int BPF_KPROBE(do_open, const char *name, int flags) { BODY }
 * into two functions: the program the loader sees,
 *     int do_open(struct pt_regs *ctx)
 *     { return ____do_open(ctx, (void *)PT_REGS_PARM1(ctx), (void *)PT_REGS_PARM2(ctx)); }
 * and an inline one that has the arguments as you named them,
 *     static __always_inline int ____do_open(struct pt_regs *ctx,
 *                                            const char *name, int flags) { BODY }
 * `ctx` stays available inside BODY (bpf_perf_event_output needs it). The
 * first line, `do_open(struct pt_regs *ctx);`, completes the declaration
 * `int` began, so the macro's return type is what you wrote before it.
 * The (void *) casts let one list of registers feed arguments of any
 * scalar type; the pragma silences the int-from-pointer warning that
 * gives. */

/* BTF-typed programs (tp_btf/, fentry/, fexit/, struct_ops): the context
 * is an array of u64, one per argument of the traced function. */
#define ___bpf_ctx_cast0() ctx
#define ___bpf_ctx_cast1(x) ___bpf_ctx_cast0(), (void *)ctx[0]
#define ___bpf_ctx_cast2(x, args...) ___bpf_ctx_cast1(args), (void *)ctx[1]
#define ___bpf_ctx_cast3(x, args...) ___bpf_ctx_cast2(args), (void *)ctx[2]
#define ___bpf_ctx_cast4(x, args...) ___bpf_ctx_cast3(args), (void *)ctx[3]
#define ___bpf_ctx_cast5(x, args...) ___bpf_ctx_cast4(args), (void *)ctx[4]
#define ___bpf_ctx_cast6(x, args...) ___bpf_ctx_cast5(args), (void *)ctx[5]
#define ___bpf_ctx_cast7(x, args...) ___bpf_ctx_cast6(args), (void *)ctx[6]
#define ___bpf_ctx_cast8(x, args...) ___bpf_ctx_cast7(args), (void *)ctx[7]
#define ___bpf_ctx_cast9(x, args...) ___bpf_ctx_cast8(args), (void *)ctx[8]
#define ___bpf_ctx_cast10(x, args...) ___bpf_ctx_cast9(args), (void *)ctx[9]
#define ___bpf_ctx_cast11(x, args...) ___bpf_ctx_cast10(args), (void *)ctx[10]
#define ___bpf_ctx_cast12(x, args...) ___bpf_ctx_cast11(args), (void *)ctx[11]
#define ___bpf_ctx_cast(args...) ___bpf_apply(___bpf_ctx_cast, ___bpf_narg(args))(args)

#define BPF_PROG(name, args...)                                               \
name(unsigned long long *ctx);                                                \
static __always_inline typeof(name(0))                                        \
____##name(unsigned long long *ctx, ##args);                                  \
typeof(name(0)) name(unsigned long long *ctx)                                 \
{                                                                             \
	_Pragma("GCC diagnostic push")                                        \
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")                \
	return ____##name(___bpf_ctx_cast(args));                             \
	_Pragma("GCC diagnostic pop")                                         \
}                                                                             \
static __always_inline typeof(name(0))                                        \
____##name(unsigned long long *ctx, ##args)

/* BPF_PROG2: the same where an argument may be a struct passed by value,
 * which takes two u64 slots when it is 9 to 16 bytes. Types and names are
 * separate arguments so the macro can size each type:
 *     int BPF_PROG2(fn, struct pair, p, int, n)
 * ___bpf_reg_cnt counts slots; each argument is read from its slots
 * through a union of the type and u64s. */
#define ___bpf_nth2(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, \
		    _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, N, ...) N
#define ___bpf_narg2(...) \
	___bpf_nth2(_, ##__VA_ARGS__, 12, 12, 11, 11, 10, 10, 9, 9, 8, 8, 7, 7, \
		    6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0)

#define ___bpf_treg_cnt(t)                               \
	__builtin_choose_expr(sizeof(t) == 1, 1,         \
	__builtin_choose_expr(sizeof(t) == 2, 1,         \
	__builtin_choose_expr(sizeof(t) == 4, 1,         \
	__builtin_choose_expr(sizeof(t) == 8, 1,         \
	__builtin_choose_expr(sizeof(t) == 16, 2,        \
			      (void)0)))))

#define ___bpf_reg_cnt0() (0)
#define ___bpf_reg_cnt1(t, x) (___bpf_reg_cnt0() + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt2(t, x, args...) (___bpf_reg_cnt1(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt3(t, x, args...) (___bpf_reg_cnt2(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt4(t, x, args...) (___bpf_reg_cnt3(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt5(t, x, args...) (___bpf_reg_cnt4(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt6(t, x, args...) (___bpf_reg_cnt5(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt7(t, x, args...) (___bpf_reg_cnt6(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt8(t, x, args...) (___bpf_reg_cnt7(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt9(t, x, args...) (___bpf_reg_cnt8(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt10(t, x, args...) (___bpf_reg_cnt9(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt11(t, x, args...) (___bpf_reg_cnt10(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt12(t, x, args...) (___bpf_reg_cnt11(args) + ___bpf_treg_cnt(t))
#define ___bpf_reg_cnt(args...) ___bpf_apply(___bpf_reg_cnt, ___bpf_narg2(args))(args)

#define ___bpf_union_arg(t, x, n) \
	__builtin_choose_expr(sizeof(t) == 1, ({ union { __u8 z[1]; t x; } ___t = { .z = {ctx[n]}}; ___t.x; }), \
	__builtin_choose_expr(sizeof(t) == 2, ({ union { __u16 z[1]; t x; } ___t = { .z = {ctx[n]} }; ___t.x; }), \
	__builtin_choose_expr(sizeof(t) == 4, ({ union { __u32 z[1]; t x; } ___t = { .z = {ctx[n]} }; ___t.x; }), \
	__builtin_choose_expr(sizeof(t) == 8, ({ union { __u64 z[1]; t x; } ___t = {.z = {ctx[n]} }; ___t.x; }), \
	__builtin_choose_expr(sizeof(t) == 16, ({ union { __u64 z[2]; t x; } ___t = {.z = {ctx[n], ctx[n + 1]} }; ___t.x; }), \
			      (void)0)))))

#define ___bpf_ctx_arg0(n, args...)
#define ___bpf_ctx_arg1(n, t, x) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt1(t, x))
#define ___bpf_ctx_arg2(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt2(t, x, args)) ___bpf_ctx_arg1(n, args)
#define ___bpf_ctx_arg3(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt3(t, x, args)) ___bpf_ctx_arg2(n, args)
#define ___bpf_ctx_arg4(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt4(t, x, args)) ___bpf_ctx_arg3(n, args)
#define ___bpf_ctx_arg5(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt5(t, x, args)) ___bpf_ctx_arg4(n, args)
#define ___bpf_ctx_arg6(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt6(t, x, args)) ___bpf_ctx_arg5(n, args)
#define ___bpf_ctx_arg7(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt7(t, x, args)) ___bpf_ctx_arg6(n, args)
#define ___bpf_ctx_arg8(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt8(t, x, args)) ___bpf_ctx_arg7(n, args)
#define ___bpf_ctx_arg9(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt9(t, x, args)) ___bpf_ctx_arg8(n, args)
#define ___bpf_ctx_arg10(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt10(t, x, args)) ___bpf_ctx_arg9(n, args)
#define ___bpf_ctx_arg11(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt11(t, x, args)) ___bpf_ctx_arg10(n, args)
#define ___bpf_ctx_arg12(n, t, x, args...) , ___bpf_union_arg(t, x, n - ___bpf_reg_cnt12(t, x, args)) ___bpf_ctx_arg11(n, args)
#define ___bpf_ctx_arg(args...) ___bpf_apply(___bpf_ctx_arg, ___bpf_narg2(args))(___bpf_reg_cnt(args), args)

#define ___bpf_ctx_decl0()
#define ___bpf_ctx_decl1(t, x) , t x
#define ___bpf_ctx_decl2(t, x, args...) , t x ___bpf_ctx_decl1(args)
#define ___bpf_ctx_decl3(t, x, args...) , t x ___bpf_ctx_decl2(args)
#define ___bpf_ctx_decl4(t, x, args...) , t x ___bpf_ctx_decl3(args)
#define ___bpf_ctx_decl5(t, x, args...) , t x ___bpf_ctx_decl4(args)
#define ___bpf_ctx_decl6(t, x, args...) , t x ___bpf_ctx_decl5(args)
#define ___bpf_ctx_decl7(t, x, args...) , t x ___bpf_ctx_decl6(args)
#define ___bpf_ctx_decl8(t, x, args...) , t x ___bpf_ctx_decl7(args)
#define ___bpf_ctx_decl9(t, x, args...) , t x ___bpf_ctx_decl8(args)
#define ___bpf_ctx_decl10(t, x, args...) , t x ___bpf_ctx_decl9(args)
#define ___bpf_ctx_decl11(t, x, args...) , t x ___bpf_ctx_decl10(args)
#define ___bpf_ctx_decl12(t, x, args...) , t x ___bpf_ctx_decl11(args)
#define ___bpf_ctx_decl(args...) ___bpf_apply(___bpf_ctx_decl, ___bpf_narg2(args))(args)

#define BPF_PROG2(name, args...)                                              \
name(unsigned long long *ctx);                                                \
static __always_inline typeof(name(0))                                        \
____##name(unsigned long long *ctx ___bpf_ctx_decl(args));                    \
typeof(name(0)) name(unsigned long long *ctx)                                 \
{                                                                             \
	return ____##name(ctx ___bpf_ctx_arg(args));                          \
}                                                                             \
static __always_inline typeof(name(0))                                        \
____##name(unsigned long long *ctx ___bpf_ctx_decl(args))

/* kprobes and uprobes: the arguments from the registers */
#define ___bpf_kprobe_args0() ctx
#define ___bpf_kprobe_args1(x) ___bpf_kprobe_args0(), (void *)PT_REGS_PARM1(ctx)
#define ___bpf_kprobe_args2(x, args...) ___bpf_kprobe_args1(args), (void *)PT_REGS_PARM2(ctx)
#define ___bpf_kprobe_args3(x, args...) ___bpf_kprobe_args2(args), (void *)PT_REGS_PARM3(ctx)
#define ___bpf_kprobe_args4(x, args...) ___bpf_kprobe_args3(args), (void *)PT_REGS_PARM4(ctx)
#define ___bpf_kprobe_args5(x, args...) ___bpf_kprobe_args4(args), (void *)PT_REGS_PARM5(ctx)
#define ___bpf_kprobe_args6(x, args...) ___bpf_kprobe_args5(args), (void *)PT_REGS_PARM6(ctx)
#define ___bpf_kprobe_args7(x, args...) ___bpf_kprobe_args6(args), (void *)PT_REGS_PARM7(ctx)
#define ___bpf_kprobe_args8(x, args...) ___bpf_kprobe_args7(args), (void *)PT_REGS_PARM8(ctx)
#define ___bpf_kprobe_args(args...) ___bpf_apply(___bpf_kprobe_args, ___bpf_narg(args))(args)

#define BPF_KPROBE(name, args...)                                             \
name(struct pt_regs *ctx);                                                    \
static __always_inline typeof(name(0))                                        \
____##name(struct pt_regs *ctx, ##args);                                      \
typeof(name(0)) name(struct pt_regs *ctx)                                     \
{                                                                             \
	_Pragma("GCC diagnostic push")                                        \
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")                \
	return ____##name(___bpf_kprobe_args(args));                          \
	_Pragma("GCC diagnostic pop")                                         \
}                                                                             \
static __always_inline typeof(name(0))                                        \
____##name(struct pt_regs *ctx, ##args)

/* kretprobes: only the return value, if named; the argument registers
 * have been reused by the time the function returns. */
#define ___bpf_kretprobe_args0() ctx
#define ___bpf_kretprobe_args1(x) ___bpf_kretprobe_args0(), (void *)PT_REGS_RC(ctx)
#define ___bpf_kretprobe_args(args...) ___bpf_apply(___bpf_kretprobe_args, ___bpf_narg(args))(args)

#define BPF_KRETPROBE(name, args...)                                          \
name(struct pt_regs *ctx);                                                    \
static __always_inline typeof(name(0))                                        \
____##name(struct pt_regs *ctx, ##args);                                      \
typeof(name(0)) name(struct pt_regs *ctx)                                     \
{                                                                             \
	_Pragma("GCC diagnostic push")                                        \
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")                \
	return ____##name(___bpf_kretprobe_args(args));                       \
	_Pragma("GCC diagnostic pop")                                         \
}                                                                             \
static __always_inline typeof(name(0)) ____##name(struct pt_regs *ctx, ##args)

/* Syscalls, without a wrapper: the arguments are in ctx itself */
#define ___bpf_syscall_args0() ctx
#define ___bpf_syscall_args1(x) ___bpf_syscall_args0(), (void *)PT_REGS_PARM1_SYSCALL(regs)
#define ___bpf_syscall_args2(x, args...) ___bpf_syscall_args1(args), (void *)PT_REGS_PARM2_SYSCALL(regs)
#define ___bpf_syscall_args3(x, args...) ___bpf_syscall_args2(args), (void *)PT_REGS_PARM3_SYSCALL(regs)
#define ___bpf_syscall_args4(x, args...) ___bpf_syscall_args3(args), (void *)PT_REGS_PARM4_SYSCALL(regs)
#define ___bpf_syscall_args5(x, args...) ___bpf_syscall_args4(args), (void *)PT_REGS_PARM5_SYSCALL(regs)
#define ___bpf_syscall_args6(x, args...) ___bpf_syscall_args5(args), (void *)PT_REGS_PARM6_SYSCALL(regs)
#define ___bpf_syscall_args7(x, args...) ___bpf_syscall_args6(args), (void *)PT_REGS_PARM7_SYSCALL(regs)
#define ___bpf_syscall_args(args...) ___bpf_apply(___bpf_syscall_args, ___bpf_narg(args))(args)

/* ... with a wrapper: in the pt_regs ctx points to, read by CO-RE */
#define ___bpf_syswrap_args0() ctx
#define ___bpf_syswrap_args1(x) ___bpf_syswrap_args0(), (void *)PT_REGS_PARM1_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args2(x, args...) ___bpf_syswrap_args1(args), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args3(x, args...) ___bpf_syswrap_args2(args), (void *)PT_REGS_PARM3_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args4(x, args...) ___bpf_syswrap_args3(args), (void *)PT_REGS_PARM4_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args5(x, args...) ___bpf_syswrap_args4(args), (void *)PT_REGS_PARM5_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args6(x, args...) ___bpf_syswrap_args5(args), (void *)PT_REGS_PARM6_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args7(x, args...) ___bpf_syswrap_args6(args), (void *)PT_REGS_PARM7_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args(args...) ___bpf_apply(___bpf_syswrap_args, ___bpf_narg(args))(args)

/* BPF_KSYSCALL: for SEC("ksyscall/NAME") (or a kprobe on a syscall's entry
 * function), the system call's own arguments, whether or not the kernel
 * wraps system calls: LINUX_HAS_SYSCALL_WRAPPER is filled in by the loader
 * from the running kernel, and the verifier drops the branch not taken.
 * Needs CO-RE and __kconfig support in the loader. Not handled (as in
 * libbpf): old mmap, clone's argument orders, socketcall, compat calls. */
#define BPF_KSYSCALL(name, args...)                                           \
name(struct pt_regs *ctx);                                                    \
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;                             \
static __always_inline typeof(name(0))                                        \
____##name(struct pt_regs *ctx, ##args);                                      \
typeof(name(0)) name(struct pt_regs *ctx)                                     \
{                                                                             \
	struct pt_regs *regs = LINUX_HAS_SYSCALL_WRAPPER                      \
			       ? (struct pt_regs *)PT_REGS_PARM1(ctx)         \
			       : ctx;                                         \
	_Pragma("GCC diagnostic push")                                        \
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")                \
	if (LINUX_HAS_SYSCALL_WRAPPER)                                        \
		return ____##name(___bpf_syswrap_args(args));                 \
	else                                                                  \
		return ____##name(___bpf_syscall_args(args));                 \
	_Pragma("GCC diagnostic pop")                                         \
}                                                                             \
static __always_inline typeof(name(0))                                        \
____##name(struct pt_regs *ctx, ##args)

#define BPF_KPROBE_SYSCALL BPF_KSYSCALL

/* The same for user-space functions: SEC("uprobe/...") and uretprobe/ see
 * the registers of a user process, with the same conventions. */
#define BPF_UPROBE(name, args...) BPF_KPROBE(name, ##args)
#define BPF_URETPROBE(name, args...) BPF_KRETPROBE(name, ##args)

#endif
