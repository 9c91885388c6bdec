/* tail_calls: one program jumps to another through a program array whose
 * slots the object itself fills in.
 *
 *     build/rawbpf run build/progs/tail_calls.bpf.o -- /bin/sh -c 'echo $PPID'
 *     build/rawbpf run --verbose build/progs/tail_calls.bpf.o -- ls /
 *
 * `dispatch` runs on every system call and jumps to a handler by call
 * number; `on_getppid` counts getppid(2) calls per process name in the map
 * `handled`. The getpid(2) slot is deliberately left empty: those calls
 * fall through to the code after the jump and are counted in `unhandled`.
 * The numbers are x86-64's (110 getppid, 39 getpid).
 *
 * What to notice:
 *  - bpf_tail_call(ctx, &handlers, slot) replaces the running program
 *    with the one in the slot -- same context, and no return: like
 *    exec(), not like a call. If the slot is empty it does
 *    nothing and the caller carries on, which is the only way the line
 *    after it runs. At most 33 tail calls in a chain;
 *  - the handlers' SEC("tracepoint") names no tracepoint: the loader loads
 *    them (a tail call's target must have its caller's program type) but
 *    attaches them nowhere; they run only when jumped to. rawbpf says so
 *    on stderr;
 *  - `.values = { [SLOT_GETPPID] = &on_getppid }` is an initial value of
 *    the program array: clang stores 0 in .maps and a relocation in
 *    .rel.maps, "this slot holds on_getppid". The kernel has no addresses
 *    to give: after the programs load, the loader writes on_getppid's fd
 *    into slot 0 with BPF_MAP_UPDATE_ELEM (--verbose shows it). Without
 *    that, every call would fall through;
 *  - the kernel holds the program in the slot as long as the array holds
 *    it: a program array drops its programs when its last user space
 *    reference closes, which is why tail call targets need a loader that
 *    stays around (rawbpf until the command ends). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sys_enter_ctx {
	__u64 common;           /* /sys/kernel/tracing/events/raw_syscalls/sys_enter/format */
	long id;                /* the system call number */
	unsigned long args[6];
};

struct name {
	char comm[16];
};

enum { SLOT_GETPPID, SLOT_GETPID, SLOTS };

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct name);
	__type(value, __u64);
} handled SEC(".maps"), unhandled SEC(".maps");

static void count(void *map)
{
	struct name key = {};
	__u64 one = 1, *n;

	bpf_get_current_comm(key.comm, sizeof(key.comm));
	n = bpf_map_lookup_elem(map, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(map, &key, &one, BPF_NOEXIST);
}

SEC("tracepoint")
int on_getppid(struct sys_enter_ctx *ctx)
{
	count(&handled);
	return 0;
}

/* The program array, after the programs it names. __array(values, T)
 * declares the slots' type (a function taking the context); max_entries is
 * the number of slots. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, SLOTS);
	__type(key, __u32);
	__array(values, int (void *));
} handlers SEC(".maps") = {
	.values = { [SLOT_GETPPID] = (void *)&on_getppid },
};

SEC("tracepoint/raw_syscalls/sys_enter")
int dispatch(struct sys_enter_ctx *ctx)
{
	__u32 slot;

	if (ctx->id == 110)
		slot = SLOT_GETPPID;
	else if (ctx->id == 39)
		slot = SLOT_GETPID;
	else
		return 0;
	bpf_tail_call(ctx, &handlers, slot);
	/* only when the slot is empty */
	count(&unhandled);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
