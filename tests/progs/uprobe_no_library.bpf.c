/* A uprobe on a library that no system has: rawbpf must say where it
 * looked and exit 2, with nothing loaded left behind. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("uprobe/librawbpf_nosuch.so.9:some_function")
int on_entry(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
