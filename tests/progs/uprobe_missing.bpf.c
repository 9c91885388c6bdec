/* Attach fails half-way: the tracepoint program attaches first, then the
 * uprobe names a function the driver does not have. rawbpf must undo the
 * first attachment, exit 2 naming the binary and the symbol, and leave
 * nothing behind. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_getppid")
int first(void *ctx)
{
	return 0;
}

SEC("uprobe/" RBDRIVER ":no_such_function")
int second(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
