/* Building small BTF blobs by hand, for the parser's tests. */
#ifndef BTF_BUILDER_H
#define BTF_BUILDER_H

#include <stddef.h>
#include <stdint.h>

struct btf_builder {
	uint8_t types[4096];
	uint32_t types_len;
	char strings[1024];
	uint32_t strings_len;
	uint32_t next_id;
	uint8_t blob[8192];
	size_t blob_len;
};

void bb_init(struct btf_builder *b);
uint32_t bb_string(struct btf_builder *b, const char *s);
/* Append a type record: name, kind, vlen, size-or-type; returns its id. */
uint32_t bb_type(struct btf_builder *b, const char *name, unsigned kind, unsigned vlen,
		 uint32_t size_or_type);
/* Append raw u32 words of kind-specific data after the last record. */
void bb_words(struct btf_builder *b, const uint32_t *words, size_t n);
/* Serialize header + types + strings into b->blob; returns b->blob_len. */
size_t bb_finish(struct btf_builder *b);

#endif
