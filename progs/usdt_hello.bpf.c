/* usdt_hello: a USDT probe in user space, the book's chapter 4 example
 * (Linux Observability with BPF, "User Statically Defined Tracepoints").
 *
 *     build/rawbpf run --attach greet=build/progs/usdt_app:hello:greet \
 *         build/progs/usdt_hello.bpf.o -- build/progs/usdt_app world BPF
 *
 * prints "greet world (5 bytes)" and "greet BPF (3 bytes)" from the
 * kernel's trace buffer as usdt_app (progs/usdt_app.c) reaches its probe.
 *
 * What to notice:
 *  - SEC("usdt") names no probe: --attach PROG=PATH:PROVIDER:NAME gives it
 *    (libbpf's user space would: bpf_program__attach_usdt()). A program
 *    that always traces one binary says it in the section instead,
 *    SEC("usdt/PATH:PROVIDER:NAME"), with PATH a full path, a command in
 *    $PATH or a library name ("libc.so.6"), as for uprobes;
 *  - rawbpf reads the binary's .note.stapsdt (`rawbpf inspect PATH` lists
 *    it) and puts a uprobe on every site of the probe (--verbose shows each,
 *    with its file offset);
 *  - BPF_USDT gives the probe's arguments as parameters: <bpf/usdt.bpf.h>
 *    (libbpf's API, rawbpf's own header) reads each from the register or
 *    the memory the note names, described in its map __bpf_usdt_specs,
 *    which rawbpf fills before attaching; the site's spec is found by its
 *    BPF cookie (Linux 5.15);
 *  - `name` is a pointer into usdt_app's memory: the program copies the
 *    string with bpf_probe_read_user_str before printing it. */
#define __TARGET_ARCH_x86 /* the struct pt_regs below is x86-64's */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* A uprobe program's context: the registers at the probe (what a
 * vmlinux.h or <asm/ptrace.h> declares). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long orig_rax, rip, cs, eflags, rsp, ss;
};
#include <bpf/usdt.bpf.h>

SEC("usdt")
int BPF_USDT(greet, const char *name, int len)
{
	char buf[32];

	bpf_probe_read_user_str(buf, sizeof(buf), name);
	bpf_printk("greet %s (%d bytes)", buf, len);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
