/* BPF-to-BPF calls (a static and a global function in .text, shared by two
 * programs in different sections) and global data in .data, .bss, a custom
 * .data.counters section and a const volatile in .rodata.
 * After `rbdriver getppid N`: calls == 2*N, total == N*scale (scale from
 * .rodata, 3 unless --set), seen_base == 100 + N. */
#include <linux/bpf.h>
#include "rbdriver.h"

__u64 calls SEC(".data.counters") = 0; /* a custom data section */
__u64 total;                    /* .bss */
__u64 seen_base = 100;          /* .data */
const volatile __u64 scale = 3; /* .rodata */

static __noinline void bump(__u64 *where, __u64 by)
{
	__sync_fetch_and_add(where, by);
}

__noinline int counted(int unused)
{
	bump(&calls, 1);
	return (int)scale;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int first(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	bump(&total, counted(0));
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int second(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	counted(0);
	bump(&seen_base, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
