/* The toolbox commands' test object (tests/kernel/kernel/toolbox.c):
 * maps with BTF types to dump and compare with bpftool (a struct key and
 * value, an array of u64, a global), and a raw tracepoint program, which
 * attaches through a BPF link that `rawbpf prog list` can see. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct flow {
	__u32 pid;
	__u16 port;
	__u8 proto;
	__u8 pad;
};

struct stats {
	__u64 packets;
	__u64 bytes;
	char comm[8];
	int delta;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct flow);
	__type(value, struct stats);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

__u64 calls = 0;
__u32 last_pid = 0;

SEC("raw_tp/sys_enter")
int tb_sys_enter(void *ctx)
{
	__u32 key = 1;
	__u64 *c = bpf_map_lookup_elem(&counters, &key);

	if (c)
		__sync_fetch_and_add(c, 1);
	calls++;
	last_pid = bpf_get_current_pid_tgid() >> 32; /* a helper call prog dump names */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
