/* The ABI as rawbpf's pinned headers define it. */
#include "table.h"

#include "uapi/linux/bpf.h"
#include "uapi/linux/perf_event.h"
#define ABI_VERSION 0xffffff /* the pinned headers have everything listed */
#include "expand.h"

const struct abi_entry *abi_pinned(size_t *count)
{
	*count = fill_table();
	return table;
}
