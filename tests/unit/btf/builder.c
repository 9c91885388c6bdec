#include "builder.h"

#include <string.h>

#include "elf/btf.h"
#include "elf/btf_ext.h"

void bb_init(struct btf_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->strings_len = 1; /* the empty string at offset 0 (btf.rst 2.1) */
	b->next_id = 1;
}

uint32_t bb_string(struct btf_builder *b, const char *s)
{
	uint32_t off = b->strings_len;

	if (!s || !*s)
		return 0;
	memcpy(b->strings + off, s, strlen(s) + 1);
	b->strings_len += (uint32_t)strlen(s) + 1;
	return b->str_base + off;
}

uint32_t bb_type(struct btf_builder *b, const char *name, unsigned kind, unsigned vlen,
		 uint32_t size_or_type)
{
	struct btf_type t = { .name_off = bb_string(b, name),
			      .info = (kind << 24) | (vlen & 0xffff), .size = size_or_type };

	b->type_offs[b->next_id] = b->types_len;
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

uint32_t bb_offset(const struct btf_builder *b, uint32_t id)
{
	return (uint32_t)sizeof(struct btf_header) + b->type_offs[id];
}

struct btf_type *bb_record(struct btf_builder *b, uint32_t id)
{
	return (struct btf_type *)(b->blob + bb_offset(b, id));
}

size_t eb_build(uint8_t *out, size_t cap, const uint32_t *func, size_t nfunc,
		const uint32_t *line, size_t nline, const uint32_t *core, size_t ncore)
{
	struct btf_ext_header h = {
		.magic = BTF_MAGIC, .version = 1, .hdr_len = sizeof(h),
		.func_info_off = 0, .func_info_len = (uint32_t)(nfunc * 4),
		.line_info_off = (uint32_t)(nfunc * 4), .line_info_len = (uint32_t)(nline * 4),
		.core_relo_off = (uint32_t)((nfunc + nline) * 4),
		.core_relo_len = (uint32_t)(ncore * 4),
	};
	size_t len = sizeof(h) + (nfunc + nline + ncore) * 4;

	if (len > cap)
		return 0;
	memcpy(out, &h, sizeof(h));
	if (nfunc) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(out + sizeof(h), func, nfunc * 4);
	if (nline)
		memcpy(out + sizeof(h) + nfunc * 4, line, nline * 4);
	if (ncore)
		memcpy(out + sizeof(h) + (nfunc + nline) * 4, core, ncore * 4);
	return len;
}
