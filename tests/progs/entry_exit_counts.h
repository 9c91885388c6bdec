/* Shared by the test objects that probe a function's entry and its return
 * (kprobe_count, uprobe_own, fentry_getppid): map `counts`, key 0 for
 * entries and key 1 for returns, counting the test driver only. */
#ifndef ENTRY_EXIT_COUNTS_H
#define ENTRY_EXIT_COUNTS_H

#include "rbdriver.h"

#define COUNT_ENTRY 0
#define COUNT_RETURN 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count_driver(__u32 key)
{
	__u64 *value;

	if (!current_is_rbdriver())
		return;
	value = bpf_map_lookup_elem(&counts, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
}

#endif
