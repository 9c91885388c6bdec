/* One entry per line of abi_list.h, as seen through one set of headers. */
#ifndef UAPI_TABLE_H
#define UAPI_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct abi_entry {
	const char *name;
	int64_t value;  /* a constant, an offset, or a byte pattern */
	int64_t size;   /* field size, or -1 */
	int skip;       /* not comparable with these headers */
};

/* system.c: through <linux/bpf.h> and <linux/perf_event.h>, or NULL when
 * they are not installed. pinned.c: through uapi/linux/. */
const struct abi_entry *abi_system(size_t *count);
const struct abi_entry *abi_pinned(size_t *count);

#endif
