/* bpf_printk only outside the programs' own instructions: in a static
 * __noinline function one program calls, and in a bpf_loop callback of
 * another. rawbpf must still open trace_pipe (it looks for the helper in
 * every function a program reaches), or the lines are lost. Per getppid
 * call of the driver: "rb in subprogram" once, "rb in callback" twice. */
#include <linux/bpf.h>
#include "rbdriver.h"

static long (*bpf_loop_helper)(__u32 nr_loops, void *callback_fn, void *callback_ctx,
			       __u64 flags) = (void *)181; /* bpf_loop */

static __attribute__((noinline)) int say(void)
{
	bpf_printk("rb in subprogram");
	return 0;
}

static long one_iteration(__u32 index, void *ctx)
{
	bpf_printk("rb in callback");
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int call_subprogram(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	return say();
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int loop_callback(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	bpf_loop_helper(2, one_iteration, (void *)0, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
