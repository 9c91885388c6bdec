/* A latency histogram, as chapter 4 of "Linux Observability with BPF"
 * and bcc's tools draw them: how long each clock_nanosleep(2) took, in
 * microseconds, in log2 buckets, one histogram per command name.
 *
 *   build/rawbpf run --hist hists:usecs build/progs/latency_hist.bpf.o -- \
 *       sh -c 'sleep 0.01; sleep 0.02; sleep 0.05'
 *
 * prints, among the other commands that slept meanwhile,
 *
 *   key { .comm = "sleep" }
 *        usecs               : count    distribution
 *            0 -> 1          : 0        |                                        |
 *            ...
 *         8192 -> 16383      : 1        |****************************************|
 *        16384 -> 32767      : 1        |****************************************|
 *        32768 -> 65535      : 1        |****************************************|
 *
 * rawbpf finds the histogram by its type: `struct hist` has a member
 * named `slots` that is an array of integers (libbpf-tools' shape); the
 * key, a struct, is formatted by its BTF as each histogram's heading.
 * `--hist hists:usecs` only names the unit (the default is "value").
 * The enter tracepoint notes the time per thread, the exit one adds the
 * time passed to its bucket: slots[i] counts the sleeps of 2^i to
 * 2^(i+1) - 1 us. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_SLOTS 26 /* up to 2^26 us: a minute */

struct hist_key {
	char comm[16];
};

struct hist {
	__u32 slots[MAX_SLOTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);   /* thread id */
	__type(value, __u64); /* when its sleep began, ns */
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct hist_key);
	__type(value, struct hist);
} hists SEC(".maps");

/* floor(log2(v)), 0 for 0 (libbpf-tools' bits.bpf.h), without a loop */
static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 hi = v >> 32, r = 0, shift;
	__u32 x = hi ? hi : (__u32)v;

	shift = (x > 0xFFFF) << 4; x >>= shift; r |= shift;
	shift = (x > 0xFF) << 3; x >>= shift; r |= shift;
	shift = (x > 0xF) << 2; x >>= shift; r |= shift;
	shift = (x > 0x3) << 1; x >>= shift; r |= shift;
	r |= x >> 1;
	return hi ? r + 32 : r;
}

SEC("tracepoint/syscalls/sys_enter_clock_nanosleep")
int sleep_enter(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_clock_nanosleep")
int sleep_exit(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), slot;
	struct hist_key key = {};
	struct hist zero = {}, *h;
	__u64 *begin, usecs;

	begin = bpf_map_lookup_elem(&start, &tid);
	if (!begin)
		return 0; /* it began before we attached */
	usecs = (bpf_ktime_get_ns() - *begin) / 1000;
	bpf_map_delete_elem(&start, &tid);
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		bpf_map_update_elem(&hists, &key, &zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h)
			return 0;
	}
	slot = log2_u64(usecs);
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
