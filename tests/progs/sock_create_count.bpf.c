/* Counts the inet sockets the cgroup's processes create (socket(2) of
 * AF_INET/AF_INET6: inet_create() runs the program). Returns 1: allowed. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sockets SEC(".maps");

SEC("cgroup/sock_create")
int count_sockets(void *sk)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&sockets, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
