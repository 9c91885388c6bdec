/* The skeleton test's object (tests/kernel/kernel/skeleton.c, user space
 * in tests/skeleton/globals_user.c): variables of several kinds in .bss,
 * .data and .rodata, which user space reads and writes through the
 * skeleton's typed, mmap'd pointers. On each of the driver's getppid
 * calls: hits += 1, stats.sum += bump * cfg.multiplier + add_base,
 * counters[hits % 4] += 1, label copied into last_label. */
#include <linux/bpf.h>
#include "rbdriver.h"

struct config {
	__u32 multiplier;
	char label[8];
};

struct stats {
	__u64 calls;
	__u64 sum;
	__u32 last_pid;
};

/* .rodata: set by user space before load, constant for the verifier */
const volatile struct config cfg = { .multiplier = 1, .label = "none" };
const volatile __u64 add_base = 0;

/* .bss */
__u64 hits;
struct stats stats;
long counters[4];
char last_label[8];
__u64 *pointer;              /* pointer-sized, never set */

/* .data: user space changes bump after load, and the program sees it */
__u64 bump = 1;
unsigned long word = 0x1122334455667788UL;
char name[16] = "skel_globals";

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_getppid(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	__sync_fetch_and_add(&hits, 1);
	stats.calls++;
	stats.sum += bump * cfg.multiplier + add_base;
	stats.last_pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	counters[hits & 3]++;
	for (int i = 0; i < 8; i++)
		last_label[i] = cfg.label[i];
	return 0;
}

char _license[] SEC("license") = "GPL";
