/* Histograms (tests/kernel/kernel/formatting.c). Call k of rbdriver's
 * getppids (k = 1, 2, ...) records the value k:
 *   hists[k % 2]: libbpf-tools' struct hist, slots[log2(k)]++ (a slot
 *     array found by its BTF: each key a histogram);
 *   counts[log2(k)]++: a plain array of counts (rawbpf run --hist counts).
 * `rbdriver getppid 10` gives hists[1] (k 1,3,5,7,9) slots 1,1,2,1 and
 * hists[0] (k 2,4,6,8,10) slots 0,1,2,2; counts 1,2,4,3. */
#include <linux/bpf.h>
#include "rbdriver.h"

#define MAX_SLOTS 16

struct hist {
	__u32 slots[MAX_SLOTS];
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

__u64 calls;

/* floor(log2(v)), 0 for 0: libbpf-tools' bits.bpf.h log2(), loop-free */
static __always_inline __u32 log2_u32(__u32 v)
{
	__u32 shift, r;

	r = (v > 0xFFFF) << 4;
	v >>= r;
	shift = (v > 0xFF) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xF) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	r |= (v >> 1);
	return r;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int record(void *ctx)
{
	struct hist zero = {};
	__u32 key, slot;
	struct hist *h;
	__u64 *c, k;

	if (!current_is_rbdriver())
		return 0;
	k = __sync_fetch_and_add(&calls, 1) + 1;
	slot = log2_u32((__u32)k);
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;
	key = k % 2;
	h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		bpf_map_update_elem(&hists, &key, &zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h)
			return 0;
		bpf_get_current_comm(h->comm, sizeof(h->comm));
	}
	__sync_fetch_and_add(&h->slots[slot], 1);
	c = bpf_map_lookup_elem(&counts, &slot);
	if (c)
		__sync_fetch_and_add(c, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
