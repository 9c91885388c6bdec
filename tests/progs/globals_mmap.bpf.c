/* Global variables that user space reads and writes in place through the
 * mmap'd maps (rb_variable_ptr): on each getppid(), output = input *
 * factor + bias. factor is a constant of .rodata, bias initialised .data,
 * input and output zeroed .bss. tests/kernel/kernel/user_api.c. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile int factor = 3;
int bias = 1;
int input;
int output;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} not_mmapable SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int compute(void *ctx)
{
	output = input * factor + bias;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
