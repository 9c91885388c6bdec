/* A uprobe on a file whose path has a space in it (the test makes the file:
 * a copy of the driver). The uprobe PMU takes the path as a string and
 * attaches; a uprobe_events line is split at white space, so with
 * --probe-mode tracefs rawbpf must refuse it (exit 2) rather than write a
 * line the kernel would read differently. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("uprobe//tmp/rawbpf test driver:rbdriver_target")
int on_entry(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
