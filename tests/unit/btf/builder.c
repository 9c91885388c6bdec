#include "builder.h"

#include <string.h>

#include "elf/btf.h"

void bb_init(struct btf_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->strings_len = 1; /* the empty string at offset 0 */
	b->next_id = 1;
}

uint32_t bb_string(struct btf_builder *b, const char *s)
{
	uint32_t off = b->strings_len;

	if (!s || !*s)
		return 0;
	memcpy(b->strings + off, s, strlen(s) + 1);
	b->strings_len += (uint32_t)strlen(s) + 1;
	return off;
}

uint32_t bb_type(struct btf_builder *b, const char *name, unsigned kind, unsigned vlen,
		 uint32_t size_or_type)
{
	struct btf_type t = { .name_off = bb_string(b, name),
			      .info = (kind << 24) | (vlen & 0xffff), .size = size_or_type };

	memcpy(b->types + b->types_len, &t, sizeof(t));
	b->types_len += sizeof(t);
	return b->next_id++;
}

void bb_words(struct btf_builder *b, const uint32_t *words, size_t n)
{
	memcpy(b->types + b->types_len, words, n * 4);
	b->types_len += (uint32_t)(n * 4);
}

size_t bb_finish(struct btf_builder *b)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = 1, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = b->types_len,
		.str_off = b->types_len, .str_len = b->strings_len,
	};

	memcpy(b->blob, &h, sizeof(h));
	memcpy(b->blob + sizeof(h), b->types, b->types_len);
	memcpy(b->blob + sizeof(h) + b->types_len, b->strings, b->strings_len);
	b->blob_len = sizeof(h) + b->types_len + b->strings_len;
	return b->blob_len;
}
