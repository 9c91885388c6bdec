/* hello: the first BPF program of "Linux Observability with BPF" (ch. 2),
 * in its tracepoint version.
 *
 * Every time any process calls execve(2), the kernel runs this program,
 * which writes a line into the kernel's trace buffer. rawbpf notices that
 * the program calls bpf_trace_printk and prints what arrives in tracefs's
 * trace_pipe:
 *
 *     build/rawbpf run build/progs/hello.bpf.o -- /bin/true
 *     build/rawbpf run --json build/progs/hello.bpf.o -- /bin/true
 *
 * What to notice:
 *  - SEC("tracepoint/syscalls/sys_enter_execve") is all the loader needs to
 *    know: the program type (BPF_PROG_TYPE_TRACEPOINT) and where to attach
 *    it (the event syscalls/sys_enter_execve under /sys/kernel/tracing);
 *  - a helper may only read memory the verifier can check, so the message
 *    is a char array on the program's stack, passed with its size (NUL
 *    included). clang builds it with immediate stores -- see
 *    `build/rawbpf inspect build/progs/hello.bpf.o --disasm` -- and also
 *    leaves the literal in a .rodata.str1.1 section that no instruction
 *    uses. bpf_printk() (bpf/bpf_helpers.h) is the shorter way to say this;
 *  - the license: bpf_trace_printk is only for GPL-compatible programs,
 *    and the loader hands the string in SEC("license") to the kernel
 *    with the program (bpf_attr.license of BPF_PROG_LOAD). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_execve")
int hello(void *ctx)
{
	char msg[] = "Hello, BPF World!";

	bpf_trace_printk(msg, sizeof(msg));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
