/* __ksym externs that need no data symbols in kallsyms: kfuncs that exist,
 * a weak kfunc and a weak variable that do not, and a function's address
 * from /proc/kallsyms. (Typed variables: extern_ksym_var.bpf.c.) Each
 * program records what it saw in .bss; after `rbdriver getppid 1`:
 *   seen.stext          the address of _stext, as in /proc/kallsyms
 *   seen.*_exists == 0  the weak externs the kernel lacks
 *   seen.tp_runs == 1, seen.kfunc_runs == 1 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "rbdriver.h"

extern const void _stext __ksym;                  /* typeless: from kallsyms */
extern const int rawbpf_no_such_var __ksym __weak;
extern void bpf_rcu_read_lock(void) __ksym;       /* kfuncs (Linux 6.2+) */
extern void bpf_rcu_read_unlock(void) __ksym;
extern void rawbpf_no_such_kfunc(void) __ksym __weak;

struct ksym_seen {
	__u64 stext;
	__u64 var_exists;
	__u64 kfunc_exists;
	__u64 tp_runs;
	__u64 kfunc_runs;
} seen;

SEC("tracepoint/syscalls/sys_enter_getppid")
int addresses(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	seen.stext = (__u64)&_stext;
	seen.var_exists = bpf_ksym_exists(&rawbpf_no_such_var);
	seen.tp_runs++;
	return 0;
}

/* sys_enter's raw arguments are (struct pt_regs *regs, long id): 110 is
 * getppid on x86-64. */
SEC("tp_btf/sys_enter")
int kfuncs(__u64 *args)
{
	if (args[1] != 110 || !current_is_rbdriver())
		return 0;
	bpf_rcu_read_lock();
	seen.kfunc_runs++;
	bpf_rcu_read_unlock();
	if (bpf_ksym_exists(rawbpf_no_such_kfunc)) {
		rawbpf_no_such_kfunc(); /* poisoned: the verifier drops it as dead */
		seen.kfunc_exists = 1;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
