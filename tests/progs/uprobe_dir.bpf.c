/* A uprobe whose target is a directory: the kernel can only place a uprobe
 * in a regular file, so rawbpf must refuse /tmp by name (exit 2) rather
 * than try to read it as an ELF file, and leave nothing behind. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("uprobe//tmp:some_function")
int on_entry(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
