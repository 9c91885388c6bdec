/* fentry and fexit on the kernel function behind getppid(2): __do_sys_getppid,
 * which this kernel's BTF describes (the __x64_sys_ alias is not in it).
 * Counts the driver's calls in key 0 (entries) and key 1 (exits). */
#include <linux/bpf.h>
#include "entry_exit_counts.h"

SEC("fentry/__do_sys_getppid")
int on_entry(__u64 *ctx)
{
	count_driver(COUNT_ENTRY);
	return 0;
}

SEC("fexit/__do_sys_getppid")
int on_exit(__u64 *ctx)
{
	count_driver(COUNT_RETURN);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
