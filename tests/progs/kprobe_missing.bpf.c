/* A kprobe attach that fails half-way: on_entry attaches, then the second
 * kprobe names a function no kernel has. rawbpf must undo the first (with
 * --probe-mode tracefs: remove the kprobe_events entry it wrote), exit 1,
 * and leave nothing behind. Checked in the VMs (make vmtest). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/__x64_sys_getppid")
int on_entry(void *ctx)
{
	return 0;
}

SEC("kprobe/rawbpf_no_such_function")
int on_missing(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
