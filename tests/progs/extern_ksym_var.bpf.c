/* A typed __ksym variable: a per-CPU one (the only variables the kernel's
 * BTF has), read through bpf_this_cpu_ptr() and bpf_per_cpu_ptr(). The
 * kernel itself finds it by name in kallsyms when it verifies the program,
 * so a kernel built without CONFIG_KALLSYMS_ALL refuses it. After
 * `rbdriver getppid 1`:
 *   seen.prog_active == 1   a tracepoint program runs with this CPU's
 *                           bpf_prog_active raised (trace_call_bpf())
 *   seen.same_cpu == 1      bpf_per_cpu_ptr() of this CPU is this CPU's copy
 *   seen.cpu0 == 1          CPU 0 has one; seen.past_last == 0: no CPU
 *                           100000 has any
 *   seen.runs == 1 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "rbdriver.h"

extern const int bpf_prog_active __ksym;

struct var_seen {
	__u64 prog_active;
	__u64 same_cpu;
	__u64 cpu0;
	__u64 past_last;
	__u64 runs;
} seen;

SEC("tracepoint/syscalls/sys_enter_getppid")
int typed_var(void *ctx)
{
	const int *here;

	if (!current_is_rbdriver())
		return 0;
	here = bpf_this_cpu_ptr(&bpf_prog_active);
	seen.prog_active = *here;
	seen.same_cpu = bpf_per_cpu_ptr(&bpf_prog_active, bpf_get_smp_processor_id()) == here;
	seen.cpu0 = bpf_per_cpu_ptr(&bpf_prog_active, 0) != 0;
	seen.past_last = bpf_per_cpu_ptr(&bpf_prog_active, 100000) != 0;
	seen.runs++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
