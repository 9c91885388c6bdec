/* One entry per line of abi_list.h, as seen through one set of headers. */
#ifndef UAPI_TABLE_H
#define UAPI_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct abi_entry {
	const char *name;  /* the abi_list.h line, e.g. "union bpf_attr.key" */
	int64_t value;     /* a constant, an offset, a size, or a byte pattern */
	int64_t size;      /* a field's size; -1 for everything else */
	int newer;         /* these headers predate it: nothing to compare */
};

/* Fill out[0..max) and return how many entries abi_list.h has (which may be
 * more than max: the caller checks). abi_system() looks through the
 * system's <linux/bpf.h> and <linux/perf_event.h> and returns -1 when they
 * are not installed; abi_pinned() looks through uapi/linux/. */
long abi_system(struct abi_entry *out, size_t max);
long abi_pinned(struct abi_entry *out, size_t max);

#endif
