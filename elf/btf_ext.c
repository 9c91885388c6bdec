/* Parsing .BTF.ext: per code section, records about instructions.
 *
 * Layout: a header (magic, version, flags, hdr_len, then offset/length
 * pairs of each info section, counted from the end of the header). Each
 * info section: a u32 record size, then blocks of
 *     u32 sec_name_off; u32 num_info; num_info records
 * one block per code section. The record size comes first so that newer
 * compilers can grow records and older readers still step over them. */
#include "btf.h"

#include <stdlib.h>
#include <string.h>

struct btf_ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len; /* when hdr_len covers them */
};

static int parse_info(struct btf_ext *ext, const struct btf *btf, const char *what,
		      uint32_t off, uint32_t len, uint32_t min_rec, struct btf_ext_info *out,
		      struct rb_error *err)
{
	const struct btf_ext_header *h = (const void *)ext->data;
	uint64_t start = (uint64_t)h->hdr_len + off;
	const uint8_t *p, *end;

	*out = (struct btf_ext_info){ 0 };
	if (len == 0)
		return 0;
	if (start + len > ext->size || len < 4 || off % 4)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF.ext: %s section is outside the blob",
			       btf->path, what);
	p = ext->data + start;
	memcpy(&out->rec_size, p, 4);
	if (out->rec_size < min_rec || out->rec_size % 4)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF.ext: %s record size %u is invalid",
			       btf->path, what, out->rec_size);
	out->data = p + 4;
	out->len = len - 4;
	/* Walk the blocks once: each must fit, and name a section. */
	for (p = out->data, end = out->data + out->len; p < end;) {
		uint32_t name_off, num;
		if (end - p < 8)
			return rb_fail(err, RB_ERR_INPUT, "%s: .BTF.ext: %s block header is truncated",
				       btf->path, what);
		memcpy(&name_off, p, 4);
		memcpy(&num, p + 4, 4);
		if (name_off >= btf->hdr.str_len)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .BTF.ext: %s block names string %u, past the .BTF strings",
				       btf->path, what, name_off);
		if ((uint64_t)num * out->rec_size > (uint64_t)(end - p - 8))
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .BTF.ext: %s block for %s: %u records do not fit",
				       btf->path, what, btf_name(btf, name_off), num);
		p += 8 + (size_t)num * out->rec_size;
	}
	return 0;
}

int btf_ext_parse(struct btf_ext *ext, const struct btf *btf, const uint8_t *data,
		  size_t size, struct rb_error *err)
{
	struct btf_ext_header h = { 0 };

	*ext = (struct btf_ext){ 0 };
	if (size < 24)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF.ext: %zu bytes, too short for a header",
			       btf->path, size);
	memcpy(&h, data, size < sizeof(h) ? size : sizeof(h));
	if (h.magic != BTF_MAGIC || h.version != 1)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF.ext: bad magic or version", btf->path);
	if (h.hdr_len < 24 || h.hdr_len > size || h.hdr_len % 4)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF.ext: header length %u is not valid",
			       btf->path, h.hdr_len);
	if (h.hdr_len < sizeof(h)) /* an older header: no CO-RE part */
		h.core_relo_off = h.core_relo_len = 0;
	ext->data = malloc(size);
	if (!ext->data)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	memcpy(ext->data, data, size);
	ext->size = size;
	if (parse_info(ext, btf, "func_info", h.func_info_off, h.func_info_len,
		       sizeof(struct bpf_func_info_rec), &ext->func_info, err) ||
	    parse_info(ext, btf, "line_info", h.line_info_off, h.line_info_len,
		       sizeof(struct bpf_line_info_rec), &ext->line_info, err) ||
	    parse_info(ext, btf, "CO-RE relocation", h.core_relo_off, h.core_relo_len,
		       sizeof(struct bpf_core_relo_rec), &ext->core_relo, err)) {
		btf_ext_free(ext);
		return -1;
	}
	return 0;
}

void btf_ext_free(struct btf_ext *ext)
{
	free(ext->data);
	*ext = (struct btf_ext){ 0 };
}

void btf_ext_records(const struct btf_ext_info *info, const struct btf *btf,
		     const char *section, const uint8_t **records, uint32_t *count)
{
	const uint8_t *p = info->data, *end;

	*records = NULL;
	*count = 0;
	if (!p)
		return; /* no such info section: even p + 0 would be undefined */
	end = p + info->len;
	while (p < end) { /* blocks were validated by btf_ext_parse */
		uint32_t name_off, num;
		memcpy(&name_off, p, 4);
		memcpy(&num, p + 4, 4);
		if (strcmp(btf_name(btf, name_off), section) == 0) {
			*records = p + 8;
			*count = num;
			return;
		}
		p += 8 + (size_t)num * info->rec_size;
	}
}
