/* A section name that implies no program type: needs --type. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("mysection")
int drop_all(void *skb)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
