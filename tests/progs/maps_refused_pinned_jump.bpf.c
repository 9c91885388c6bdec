/* A pinned program array with an initial program: the pin would keep the
 * program loaded after the run, so rawbpf refuses it before loading. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LIBBPF_PIN_BY_NAME 1

SEC("tracepoint")
int target(void *ctx)
{
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__array(values, int (void *));
} rawbpf_test_jump SEC(".maps") = {
	.values = { (void *)&target },
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int dispatch(void *ctx)
{
	bpf_tail_call(ctx, &rawbpf_test_jump, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
