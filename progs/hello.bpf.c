/* hello: the first BPF program of "Linux Observability with BPF" (ch. 2).
 *
 * Every time any process calls execve(2), the kernel runs this program,
 * which writes a line into the kernel's trace buffer. rawbpf notices that
 * the program calls bpf_trace_printk and prints what arrives in tracefs's
 * trace_pipe:
 *
 *     build/rawbpf run build/progs/hello.bpf.o -- /bin/true
 *
 * What to notice:
 *  - SEC("tracepoint/syscalls/sys_enter_execve") is all the loader needs to
 *    know: the program type (tracepoint) and where to attach it;
 *  - the format string lives in the program's stack (a char array), because
 *    a helper may only read memory the verifier can check;
 *  - the license: bpf_trace_printk is only for GPL-compatible programs. */
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
