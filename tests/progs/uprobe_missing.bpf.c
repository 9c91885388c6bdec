/* Attach fails half-way: the tracepoint program and the uprobe on
 * rbdriver_target() attach first, then the last uprobe names a function the
 * driver does not have. rawbpf must undo both attachments (with
 * --probe-mode tracefs that includes removing the uprobe_events entry it
 * wrote), exit 2 naming the binary and the symbol, and leave nothing
 * behind. Programs attach in section order, which is source order here. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_getppid")
int first(void *ctx)
{
	return 0;
}

SEC("uprobe/" RBDRIVER ":rbdriver_target")
int second(void *ctx)
{
	return 0;
}

SEC("uprobe/" RBDRIVER ":no_such_function")
int third(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
