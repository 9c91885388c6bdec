/* A kprobe and a kretprobe on the getppid system call's x86-64 entry point:
 * key 0 counts the driver's entries, key 1 its returns. On a kernel without
 * kprobes (this project's CI host) attaching must fail with exit 1 and a
 * message that says so; on the VM kernels (make vmtest) both counts are
 * exact, through the kprobe PMU and through kprobe_events. */
#include <linux/bpf.h>
#include "entry_exit_counts.h"

SEC("kprobe/__x64_sys_getppid")
int on_entry(void *ctx)
{
	count_driver(COUNT_ENTRY);
	return 0;
}

SEC("kretprobe/__x64_sys_getppid")
int on_return(void *ctx)
{
	count_driver(COUNT_RETURN);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
