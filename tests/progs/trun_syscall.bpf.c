/* A syscall program (SEC("syscall"), Linux 5.14): it runs only when user
 * space runs it, through BPF_PROG_TEST_RUN, on a context struct of its own
 * that it may write; the kernel copies the struct back. This one doubles
 * `in` into `out` and returns 7. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct args {
	__u64 in;
	__u64 out;
};

SEC("syscall")
int syscall_double(struct args *ctx)
{
	ctx->out = ctx->in * 2;
	return 7;
}

char LICENSE[] SEC("license") = "GPL";
