/* A uprobe and a uretprobe on rbdriver_target() in the test driver, whose
 * absolute path the build passes as RBDRIVER (flags.mk). Key 0 counts
 * entries, key 1 returns. */
#include <linux/bpf.h>
#include "entry_exit_counts.h"

SEC("uprobe/" RBDRIVER ":rbdriver_target")
int on_entry(void *ctx)
{
	count_driver(COUNT_ENTRY);
	return 0;
}

SEC("uretprobe/" RBDRIVER ":rbdriver_target")
int on_return(void *ctx)
{
	count_driver(COUNT_RETURN);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
