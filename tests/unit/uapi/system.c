/* The ABI as the system's kernel headers (linux-libc-dev) define it. */
#include "table.h"

#if __has_include(<linux/bpf.h>) && __has_include(<linux/perf_event.h>)
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <linux/version.h>
#define ABI_VERSION LINUX_VERSION_CODE
#include "expand.h"

const struct abi_entry *abi_system(size_t *count)
{
	*count = fill_table();
	return table;
}
#else
const struct abi_entry *abi_system(size_t *count)
{
	*count = 0;
	return NULL;
}
#endif
