/* The index by name of a parsed btf: what btf.c needs to make and free it.
 * Internal to elf/; lookups are declared in btf.h. */
#ifndef RAWBPF_BTF_LOOKUP_H
#define RAWBPF_BTF_LOOKUP_H

#include "btf.h"

/* An empty index for btf->names (filled by the second lookup): 0, or -1
 * when out of memory. */
int btf_names_new(struct btf *btf);
/* Free btf->names; NULL is fine. */
void btf_names_free(struct btf *btf);

#endif
