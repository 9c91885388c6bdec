/* A cgroup program, then a socket filter: with a --iface that does not
 * exist, the first attaches and the second fails, so rawbpf must undo
 * the first (attach.c: all or nothing). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/egress")
int allow_all(void *skb)
{
	return 1;
}

SEC("socket")
int keep_none(void *skb)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
