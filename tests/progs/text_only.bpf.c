/* The only program is a plain function in .text (no SEC): it is the program,
 * and since ".text" implies no type, it loads with --type. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int accept_all(void *skb)
{
	return -1;
}

char LICENSE[] SEC("license") = "GPL";
