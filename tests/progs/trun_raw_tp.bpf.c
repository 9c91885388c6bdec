/* A raw tracepoint for `rawbpf test-run --ctx`: a test run gives it the
 * tracepoint's u64 arguments itself, here two (sys_enter's are regs and
 * the syscall number, but the program cannot tell). It returns their sum
 * and keeps the last one it saw in `seen`. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

SEC("raw_tp/sys_enter")
int rawtp_sum(__u64 *args)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&seen, &key);

	if (v)
		*v = args[1];
	return (int)(args[0] + args[1]);
}

char LICENSE[] SEC("license") = "GPL";
