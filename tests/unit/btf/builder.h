/* Building small BTF and .BTF.ext blobs by hand, for the parser's tests. */
#ifndef BTF_BUILDER_H
#define BTF_BUILDER_H

#include <stddef.h>
#include <stdint.h>

struct btf_builder {
	uint8_t types[4096];
	uint32_t types_len;
	char strings[1024];
	uint32_t strings_len;
	uint32_t next_id;        /* split BTF: set it to the base's count */
	uint32_t str_base;       /* split BTF: the base's string section size, added
				    to every offset bb_string gives */
	uint32_t type_offs[256]; /* type_offs[id]: where its record is in types */
	uint8_t blob[8192];      /* the result of bb_finish */
	size_t blob_len;
};

void bb_init(struct btf_builder *b);
/* Add a string; its offset (0 for NULL or ""). */
uint32_t bb_string(struct btf_builder *b, const char *s);
/* Append a type record: name, kind, vlen, size-or-type; returns its id. */
uint32_t bb_type(struct btf_builder *b, const char *name, unsigned kind, unsigned vlen,
		 uint32_t size_or_type);
/* Append raw u32 words of kind-specific data after the last record. */
void bb_words(struct btf_builder *b, const uint32_t *words, size_t n);
/* Serialize header + types + strings into b->blob; returns b->blob_len. */
size_t bb_finish(struct btf_builder *b);
/* After bb_finish: the byte offset of type id's record in b->blob, and a
 * pointer to it, to corrupt it. */
uint32_t bb_offset(const struct btf_builder *b, uint32_t id);
struct btf_type *bb_record(struct btf_builder *b, uint32_t id);

/* A .BTF.ext blob with a 32-byte header and three info sections given as
 * u32 words (each starting with its record size; n == 0: absent). Returns
 * the blob's length. */
size_t eb_build(uint8_t *out, size_t cap, const uint32_t *func, size_t nfunc,
		const uint32_t *line, size_t nline, const uint32_t *core, size_t ncore);

#endif
