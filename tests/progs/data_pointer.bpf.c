/* Global data that holds an address: `int *where = &value;`. clang leaves
 * a relocation in .rel.data for it, which no loader can honour (the kernel
 * gives global data no addresses): rawbpf must refuse the object, naming
 * the variable's place and the symbol, instead of loading a zero. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int value = 7;
int *where = &value;

SEC("tracepoint/syscalls/sys_enter_getppid")
int read_through(void *ctx)
{
	return where ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
