/* A flow dissector that hands every packet back to the kernel's own
 * dissector (BPF_FLOW_DISSECTOR_CONTINUE, Linux 6.1): attached only to
 * show that the link is made and removed. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("flow_dissector")
int pass_to_kernel(void *skb)
{
	return BPF_FLOW_DISSECTOR_CONTINUE;
}

char LICENSE[] SEC("license") = "GPL";
