/* Test runs: BPF_PROG_TEST_RUN.
 *
 * A loaded program can be run by the kernel on input that user space
 * gives, without being attached anywhere (Linux 4.12). The kernel builds
 * what the program would see at its hook from that input, runs the
 * program once or `repeat` times, and copies back what it returned and
 * what it left behind. Each program type has its own runner in
 * net/bpf/test_run.c, and each takes different input:
 *
 *   xdp                     data: a packet from its Ethernet header on,
 *                           placed in a page after XDP_PACKET_HEADROOM
 *                           (bpf_prog_test_run_xdp); ctx: an xdp_md
 *   socket, tc, cgroup_skb  data: an Ethernet frame, made into an skb on
 *                           the namespace's loopback device
 *                           (bpf_prog_test_run_skb); ctx: a __sk_buff
 *   flow_dissector          data: an Ethernet frame, dissected from its
 *                           network header (n_proto is its Ethernet type);
 *                           what comes back as data is not the packet but
 *                           the struct bpf_flow_keys the program filled in;
 *                           ctx: a bpf_flow_keys with only flags set
 *                           (bpf_prog_test_run_flow_dissector, 4.20)
 *   raw_tracepoint          ctx only: the u64 arguments, at most 12; run
 *                           once, not timed (bpf_prog_test_run_raw_tp, 5.10)
 *   syscall                 ctx only: any struct, which the program may
 *                           write; the kernel copies it back into the very
 *                           buffer it read (bpf_prog_test_run_syscall, 5.14)
 *
 * The kernel answers with retval (the program's return value: XDP_DROP,
 * TC_ACT_SHOT, ...), duration (the mean time of one run, in ns), and the
 * data and context after the run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "uapi/linux/if_ether.h" /* ETH_HLEN */
#include "loader/open/object.h"

/* The kernel's own errno for "this program type has no test_run" (from
 * bpf_prog_test_run() in kernel/bpf/syscall.c). It is not a user-space
 * errno (include/linux/errno.h keeps it kernel-internal), so strerror()
 * has no text for it. */
#define ENOTSUPP 524

#define MAX_RAW_TP_ARGS 12    /* MAX_BPF_FUNC_ARGS, include/linux/bpf.h */
#define MAX_SYSCALL_CTX 65535 /* U16_MAX, bpf_prog_test_run_syscall() */
/* What a packet runner keeps around the packet in its page, roughly
 * (bpf_test_init()): for skb programs NET_SKB_PAD (64) and
 * SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) (320 on x86-64, Linux
 * 6.x); a packet within PACKET_SLACK of a page may be too big for XDP on
 * kernels before 5.18 (256 bytes of headroom more). */
#define SKB_SLACK 384
#define PACKET_SLACK 768
/* sizeof(struct bpf_flow_keys): a flow dissector's output */
#define FLOW_KEYS_SIZE sizeof(struct bpf_flow_keys)

#define TEST_RUN_TYPES "xdp, socket, tc (sched_cls, sched_act), cgroup_skb, lwt, " \
	"flow_dissector, sk_lookup, raw_tracepoint (Linux 5.10), syscall (5.14), " \
	"tracing (fentry/fexit) and struct_ops programs"

/* Types whose runner reads a packet from data (bpf_test_init() refuses
 * fewer than ETH_HLEN bytes), and the ones that take only a ctx. */
enum rb_test_input rb_test_run_input(uint32_t type)
{
	switch (type) {
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return RB_TEST_PACKET;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		return RB_TEST_ARGS;
	case BPF_PROG_TYPE_SYSCALL:
		return RB_TEST_CTX;
	default:
		return RB_TEST_OTHER;
	}
}

/* bpf_prog_test_run_skb() takes the Ethernet header off (and does not
 * give it back) for the types that see a packet from its network header;
 * the flow dissector's runner copies out the flow keys, not the packet. */
enum rb_test_output rb_test_run_output(uint32_t type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_CGROUP_SKB:
		return RB_TEST_OUT_FROM_NETWORK_HEADER;
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return RB_TEST_OUT_FLOW_KEYS;
	default:
		return RB_TEST_OUT_PACKET;
	}
}

static int takes_packet(uint32_t type)
{
	return rb_test_run_input(type) == RB_TEST_PACKET;
}

static int ctx_only(uint32_t type)
{
	return rb_test_run_input(type) == RB_TEST_ARGS || rb_test_run_input(type) == RB_TEST_CTX;
}

const char *rb_test_run_retval_name(uint32_t prog_type, uint32_t retval)
{
	/* enum xdp_action and the TC_ACT_* of include/uapi/linux/pkt_cls.h */
	static const char *const xdp[] = { "XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX",
					   "XDP_REDIRECT" };
	static const char *const tc[] = { "TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT",
					  "TC_ACT_PIPE", "TC_ACT_STOLEN", "TC_ACT_QUEUED",
					  "TC_ACT_REPEAT", "TC_ACT_REDIRECT", "TC_ACT_TRAP" };

	if (prog_type == BPF_PROG_TYPE_XDP && retval < sizeof(xdp) / sizeof(xdp[0]))
		return xdp[retval];
	/* enum bpf_ret_code, as __skb_flow_dissect() reads it */
	if (prog_type == BPF_PROG_TYPE_FLOW_DISSECTOR)
		return retval == BPF_OK ? "BPF_OK" : retval == BPF_DROP ? "BPF_DROP"
		       : retval == BPF_FLOW_DISSECTOR_CONTINUE ? "BPF_FLOW_DISSECTOR_CONTINUE" : NULL;
	if (prog_type == BPF_PROG_TYPE_SCHED_CLS || prog_type == BPF_PROG_TYPE_SCHED_ACT) {
		if (retval == UINT32_MAX)
			return "TC_ACT_UNSPEC"; /* -1 */
		if (retval < sizeof(tc) / sizeof(tc[0]))
			return tc[retval];
	}
	return NULL;
}

/* What the runners refuse with a bare EINVAL, said before asking. */
static int check_input(const struct rb_program *prog, const struct rb_test_run *run,
		       struct rb_error *err)
{
	const char *name = prog->fn.name, *section = prog->fn.section_name;
	const char *type = rb_prog_type_name(prog->type);

	if (prog->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s) is not loaded: load the "
			       "object first (rb_object_load)%s", name, section,
			       prog->autoload ? "" : "; its autoload is off");
	if ((run->data_size_in && !run->data_in) || (run->ctx_size_in && !run->ctx_in) ||
	    (run->data_capacity && !run->data_out) || (run->ctx_capacity && !run->ctx_out))
		return rb_fail(err, RB_ERR_INPUT, "program %s: a test run's buffer is NULL but its "
			       "size is not 0", name);
	if (run->data_size_in > UINT32_MAX || run->ctx_size_in > UINT32_MAX ||
	    run->data_capacity > UINT32_MAX || run->ctx_capacity > UINT32_MAX)
		return rb_fail(err, RB_ERR_INPUT, "program %s: test-run buffers hold at most 4 GiB",
			       name);
	if (takes_packet(prog->type) && run->data_size_in < ETH_HLEN)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s, type %s) runs on a packet: "
			       "give at least %d bytes of data, an Ethernet header first (%zu given)",
			       name, section, type, ETH_HLEN, run->data_size_in);
	if (ctx_only(prog->type) && (run->data_size_in || run->data_capacity))
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s, type %s) takes no packet "
			       "data, only a context (ctx%s)", name, section, type,
			       prog->type == BPF_PROG_TYPE_RAW_TRACEPOINT
				       ? ": the tracepoint's u64 arguments" : "");
	if (ctx_only(prog->type) && run->repeat > 1)
		return rb_fail(err, RB_ERR_INPUT, "program %s (type %s) runs once per test run: the "
			       "kernel takes no repeat for it", name, type);
	if (prog->type == BPF_PROG_TYPE_RAW_TRACEPOINT &&
	    run->ctx_size_in > MAX_RAW_TP_ARGS * sizeof(uint64_t))
		return rb_fail(err, RB_ERR_INPUT, "program %s: a raw tracepoint has at most %d u64 "
			       "arguments (%zu bytes of ctx given)", name, MAX_RAW_TP_ARGS,
			       run->ctx_size_in);
	if (prog->type == BPF_PROG_TYPE_RAW_TRACEPOINT && run->ctx_capacity)
		return rb_fail(err, RB_ERR_INPUT, "program %s: a raw tracepoint's arguments are not "
			       "given back (no ctx out)", name);
	if (prog->type == BPF_PROG_TYPE_SYSCALL && run->ctx_size_in > MAX_SYSCALL_CTX)
		return rb_fail(err, RB_ERR_INPUT, "program %s: a syscall program's ctx is at most %d "
			       "bytes (%zu given)", name, MAX_SYSCALL_CTX, run->ctx_size_in);
	if (prog->type == BPF_PROG_TYPE_SYSCALL && run->ctx_capacity &&
	    run->ctx_capacity < run->ctx_size_in)
		return rb_fail(err, RB_ERR_INPUT, "program %s: its ctx comes back whole: ctx_out "
			       "must hold %zu bytes", name, run->ctx_size_in);
	/* verify_user_bpf_flow_keys() (net/bpf/test_run.c): EINVAL for any
	 * field but flags; and the keys come back in data_out, whole or ENOSPC */
	if (prog->type == BPF_PROG_TYPE_FLOW_DISSECTOR && run->ctx_size_in &&
	    run->ctx_size_in != FLOW_KEYS_SIZE)
		return rb_fail(err, RB_ERR_INPUT, "program %s (type %s): its ctx is a struct "
			       "bpf_flow_keys, %zu bytes, with only flags set (%zu bytes given)",
			       name, type, FLOW_KEYS_SIZE, run->ctx_size_in);
	if (prog->type == BPF_PROG_TYPE_FLOW_DISSECTOR && run->data_capacity &&
	    run->data_capacity < FLOW_KEYS_SIZE)
		return rb_fail(err, RB_ERR_INPUT, "program %s (type %s): what comes back as data is "
			       "its struct bpf_flow_keys: data_out must hold %zu bytes", name, type,
			       FLOW_KEYS_SIZE);
	if (run->flags & ~(uint32_t)BPF_F_TEST_RUN_ON_CPU)
		return rb_fail(err, RB_ERR_INPUT, "program %s: unknown test-run flags %#x (rawbpf "
			       "passes BPF_F_TEST_RUN_ON_CPU only)", name, run->flags);
	if ((run->flags || run->cpu) && prog->type != BPF_PROG_TYPE_RAW_TRACEPOINT)
		return rb_fail(err, RB_ERR_INPUT, "program %s (type %s): only raw tracepoints run on "
			       "a chosen CPU (BPF_F_TEST_RUN_ON_CPU)", name, type);
	return 0;
}

/* The attr for one call. A syscall program's ctx comes back in the buffer
 * it was read from (copy_to_user(ctx_in, ...) in
 * bpf_prog_test_run_syscall(); ctx_out must be 0 there), so with ctx_out
 * the input is copied into it first and ctx_out is given as ctx_in. */
static void fill_attr(union bpf_attr *attr, const struct rb_program *prog,
		      struct rb_test_run *run)
{
	int syscall_ctx_out = prog->type == BPF_PROG_TYPE_SYSCALL && run->ctx_capacity;

	memset(attr, 0, sizeof(*attr));
	attr->test.prog_fd = (__u32)prog->fd;
	/* An empty input is none: a pointer with size 0 is refused by some
	 * runners (bpf_ctx_init() in net/bpf/test_run.c makes a zeroed ctx
	 * whenever ctx_in is set, and bpf_prog_test_run_xdp() then finds its
	 * data_end is not the packet's size: EINVAL) */
	attr->test.data_in = run->data_size_in ? rb_ptr(run->data_in) : 0;
	attr->test.data_size_in = (__u32)run->data_size_in;
	/* a buffer of 0 bytes is none: raw_tp and syscall refuse any data_out */
	attr->test.data_out = run->data_capacity ? rb_ptr(run->data_out) : 0;
	attr->test.data_size_out = (__u32)run->data_capacity;
	/* raw_tp and syscall runners refuse any repeat, even 1 (EINVAL) */
	attr->test.repeat = ctx_only(prog->type) ? 0 : run->repeat;
	attr->test.ctx_size_in = (__u32)run->ctx_size_in;
	attr->test.flags = run->flags;
	attr->test.cpu = run->cpu;
	if (syscall_ctx_out) {
		if (run->ctx_size_in)
			memmove(run->ctx_out, run->ctx_in, run->ctx_size_in);
		attr->test.ctx_in = rb_ptr(run->ctx_size_in ? run->ctx_out : NULL);
	} else {
		attr->test.ctx_in = run->ctx_size_in ? rb_ptr(run->ctx_in) : 0;
		attr->test.ctx_out = run->ctx_capacity ? rb_ptr(run->ctx_out) : 0;
		attr->test.ctx_size_out = (__u32)run->ctx_capacity;
	}
}

/* The kernel refused: say why in the terms of what was given. */
static int refused(const struct rb_program *prog, const struct rb_test_run *run, int errnum,
		   struct rb_error *err)
{
	const char *name = prog->fn.name, *section = prog->fn.section_name;
	const char *type = rb_prog_type_name(prog->type);

	/* bpf_prog_test_run() (kernel/bpf/syscall.c) says ENOTSUPP for a type
	 * whose bpf_prog_ops has no test_run */
	if (errnum == ENOTSUPP)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s, type %s): the kernel "
			       "cannot test-run programs of this type (BPF_PROG_TEST_RUN: ENOTSUPP); "
			       "it can run " TEST_RUN_TYPES, name, section, type);
	if (errnum == ENOSPC) {
		int data = run->data_out && run->data_size_out > run->data_capacity;
		rb_fail(err, RB_ERR_INPUT, "program %s: its output %s is %zu bytes and the "
			       "buffer holds %zu: run it again with a buffer of that size (%s)",
			       name, data ? "packet" : "context",
			       data ? run->data_size_out : run->ctx_size_out,
			       data ? run->data_capacity : run->ctx_capacity,
			       data ? "data_capacity" : "ctx_capacity");
		if (err)
			err->errnum = ENOSPC; /* what the caller tests to run it again */
		return -1;
	}
	if (errnum == EINVAL && ctx_only(prog->type))
		return rb_fail_errno(err, RB_ERR_INPUT, errnum, "program %s (type %s): the kernel "
				     "refused the test run: is the ctx (%zu bytes) at least as big "
				     "as what the program reads%s?", name, type, run->ctx_size_in,
				     prog->type == BPF_PROG_TYPE_RAW_TRACEPOINT
					     ? " (8 bytes per argument)" : "");
	if (errnum == EINVAL && run->ctx_size_in && prog->type == BPF_PROG_TYPE_FLOW_DISSECTOR)
		return rb_fail_errno(err, RB_ERR_INPUT, errnum, "program %s (type %s): the kernel "
				     "refused the test run's ctx: a bpf_flow_keys may set only flags "
				     "(BPF_FLOW_DISSECTOR_F_*), every other field 0", name, type);
	if (errnum == EINVAL && run->ctx_size_in)
		return rb_fail_errno(err, RB_ERR_INPUT, errnum, "program %s (type %s): the kernel "
				     "refused the test run's ctx (%zu bytes): it checks each field "
				     "(an xdp_md's data_end must be the packet's size and data_meta "
				     "0; a __sk_buff may set only mark, priority, ifindex, cb, "
				     "tstamp, wire_len, gso_*)", name, type, run->ctx_size_in);
	/* bpf_test_init() (net/bpf/test_run.c) refuses a packet larger than a
	 * page less the room the runner keeps around it: for skb programs
	 * NET_SKB_PAD + NET_IP_ALIGN before, struct skb_shared_info after
	 * (about 3.7 KiB of a 4 KiB page on x86-64); XDP keeps the 256 bytes
	 * of XDP_PACKET_HEADROOM too, and since Linux 5.18 puts what does not
	 * fit into fragments of more pages instead of refusing it
	 * (bpf_prog_test_run_xdp()) */
	if (errnum == EINVAL && takes_packet(prog->type) &&
	    run->data_size_in + PACKET_SLACK > (size_t)sysconf(_SC_PAGESIZE))
		return rb_fail_errno(err, RB_ERR_INPUT, errnum, "program %s (section %s, type %s): "
				     "the kernel refused a packet of %zu bytes: it takes at most "
				     "about a page of packet data (%ld bytes less the room it keeps "
				     "around the packet: about %ld bytes for skb programs; "
				     "bpf_test_init() in net/bpf/test_run.c)", name,
				     section, type, run->data_size_in, sysconf(_SC_PAGESIZE),
				     sysconf(_SC_PAGESIZE) - SKB_SLACK);
	return rb_fail_errno(err, errnum == EINVAL || errnum == EMSGSIZE ? RB_ERR_INPUT
									 : RB_ERR_KERNEL,
			     errnum, "program %s (section %s, type %s): BPF_PROG_TEST_RUN failed",
			     name, section, type);
}

int rb_program_test_run(struct rb_program *prog, struct rb_test_run *run,
			struct rb_error *err)
{
	union bpf_attr attr;
	int errnum = 0;

	run->retval = run->duration_ns = 0;
	run->data_size_out = run->ctx_size_out = 0;
	if (check_input(prog, run, err))
		return -1;
	fill_attr(&attr, prog, run);
	if (rb_bpf(BPF_PROG_TEST_RUN, &attr) != 0)
		errnum = errno;
	/* ENOSPC still fills every result: the sizes say what was needed */
	if (!errnum || errnum == ENOSPC) {
		run->retval = attr.test.retval;
		run->duration_ns = attr.test.duration;
		run->data_size_out = attr.test.data_size_out;
		run->ctx_size_out = prog->type == BPF_PROG_TYPE_SYSCALL
					    ? (run->ctx_capacity ? run->ctx_size_in : 0)
					    : attr.test.ctx_size_out;
	}
	rb_narrate(&prog->obj->narrator, "bpf(BPF_PROG_TEST_RUN, prog %s fd %d, data %zu B, ctx "
		   "%zu B, repeat %u) = %s: retval %u, duration %u ns, data out %u B, ctx out %u B",
		   prog->fn.name, prog->fd, run->data_size_in, run->ctx_size_in, run->repeat,
		   errnum ? (errnum == ENOTSUPP ? "ENOTSUPP" : strerror(errnum)) : "0",
		   attr.test.retval, attr.test.duration, attr.test.data_size_out,
		   attr.test.ctx_size_out);
	if (errnum)
		return refused(prog, run, errnum, err);
	return 0;
}
