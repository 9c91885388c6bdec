/* Bare SEC("uprobe") and SEC("uretprobe"), as libbpf-tools' bashreadline
 * writes them: the section names no target, user space gives it
 * (`rawbpf run --attach on_entry=PATH:rbdriver_target`). Key 0 counts
 * entries, key 1 returns, of the test driver only. */
#include <linux/bpf.h>
#include "entry_exit_counts.h"

SEC("uprobe")
int on_entry(void *ctx)
{
	count_driver(COUNT_ENTRY);
	return 0;
}

SEC("uretprobe")
int on_return(void *ctx)
{
	count_driver(COUNT_RETURN);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
