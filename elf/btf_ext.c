/* Validating and walking .BTF.ext (btf.rst 4.2). See btf_ext.h. */
#include "btf_ext.h"
#include "btf_header.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The three info sections, in the order of the header. */
enum info_kind { FUNC_INFO, LINE_INFO, CORE_RELO };

static const struct {
	const char *name;
	uint32_t min_rec; /* the fields rawbpf reads; records may be longer */
} infos[] = {
	[FUNC_INFO] = { "func_info", sizeof(struct bpf_func_info_rec) },
	[LINE_INFO] = { "line_info", sizeof(struct bpf_line_info_rec) },
	[CORE_RELO] = { "CO-RE relocation", sizeof(struct bpf_core_relo_rec) },
};

/* "PATH: .BTF.ext: what" (PATH the .BTF's) */
#define fail(btf, err, ...) btf_blob_fail(err, (btf)->path, ".BTF.ext", __VA_ARGS__)

static int read_header(const struct btf *btf, const uint8_t *data, size_t size,
		       struct btf_ext_header *h, struct rb_error *err)
{
	/* func_info and line_info are always described; CO-RE is optional. */
	const size_t min_len = offsetof(struct btf_ext_header, core_relo_off);

	*h = (struct btf_ext_header){ 0 };
	if (btf_check_header_start(btf->path, ".BTF.ext", data, size, min_len, err))
		return -1;
	memcpy(h, data, min_len);
	if (h->hdr_len >= sizeof(*h))
		memcpy(h, data, sizeof(*h));
	return 0;
}

/* "PATH: .BTF.ext: line_info record 3 for section "xdp" at byte offset 0x..: what" */
static int __attribute__((format(printf, 7, 8)))
record_fail(const struct btf *btf, struct rb_error *err, enum info_kind kind, uint32_t i,
	    const char *section, uint32_t at, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return fail(btf, err, "%s record %u for section \"%s\" at byte offset 0x%x: %s",
		    infos[kind].name, i, section, at, what);
}

/* What a record refers to must exist in .BTF; its instruction offset is in
 * bytes and must be a whole instruction (8 bytes). */
static int check_record(const struct btf *btf, enum info_kind kind, uint32_t i,
			const char *section, const uint8_t *rec, uint32_t at,
			struct rb_error *err)
{
	uint32_t w[4] = { 0 }; /* the record's first words: insn_off, ... */
	const struct btf_type *t;

	memcpy(w, rec, infos[kind].min_rec);
	if (w[0] % 8)
		return record_fail(btf, err, kind, i, section, at,
				   "instruction offset %u is not a multiple of 8", w[0]);
	switch (kind) {
	case FUNC_INFO: /* type_id names the function's FUNC (btf.rst 3.3) */
		t = btf_type_by_id(btf, w[1]);
		if (!t || btf_kind(t) != BTF_KIND_FUNC)
			return record_fail(btf, err, kind, i, section, at,
					   "type id %u is not a FUNC in .BTF", w[1]);
		return 0;
	case LINE_INFO: /* file_name_off and line_off are .BTF strings */
		if (w[1] >= btf->hdr.str_len || w[2] >= btf->hdr.str_len)
			return record_fail(btf, err, kind, i, section, at,
					   "file name offset %u or line offset %u is past the "
					   ".BTF string section (%u bytes)", w[1], w[2],
					   btf->hdr.str_len);
		return 0;
	case CORE_RELO: /* type_id, and access_str_off, a .BTF string */
		if (w[1] >= btf->count)
			return record_fail(btf, err, kind, i, section, at,
					   "type id %u does not exist in .BTF", w[1]);
		if (w[2] >= btf->hdr.str_len)
			return record_fail(btf, err, kind, i, section, at,
					   "access string offset %u is past the .BTF string "
					   "section (%u bytes)", w[2], btf->hdr.str_len);
		return 0;
	}
	return 0;
}

/* The blocks of one info section, each {sec_name_off, num_info, records}. */
static int check_blocks(const struct btf *btf, enum info_kind kind, const struct btf_ext_info *info,
			uint32_t base, struct rb_error *err)
{
	const char *name = infos[kind].name;
	uint32_t pos = 0;

	while (pos < info->len) {
		uint32_t name_off, num, at = base + pos;
		const char *section;

		if (info->len - pos < 8)
			return fail(btf, err, "%s block at byte offset 0x%x: %u bytes, too short "
				    "for its 8-byte header", name, at, info->len - pos);
		memcpy(&name_off, info->data + pos, 4);
		memcpy(&num, info->data + pos + 4, 4);
		if (name_off >= btf->hdr.str_len)
			return fail(btf, err, "%s block at byte offset 0x%x: section name offset %u "
				    "is past the .BTF string section (%u bytes)", name, at,
				    name_off, btf->hdr.str_len);
		section = btf_name(btf, name_off);
		if (num == 0) /* btf.rst 4.2: "num_info must be greater than 0" */
			return fail(btf, err, "%s block for section \"%s\" at byte offset 0x%x has "
				    "no records", name, section, at);
		if ((uint64_t)num * info->rec_size > info->len - pos - 8)
			return fail(btf, err, "%s block for section \"%s\" at byte offset 0x%x: %u "
				    "records of %u bytes do not fit in the %u bytes left", name,
				    section, at, num, info->rec_size, info->len - pos - 8);
		pos += 8;
		for (uint32_t i = 0, prev = 0; i < num; i++, pos += info->rec_size) {
			uint32_t insn_off;
			if (check_record(btf, kind, i, section, info->data + pos, base + pos, err))
				return -1;
			memcpy(&insn_off, info->data + pos, 4);
			if (kind != CORE_RELO && i > 0 && insn_off < prev)
				return record_fail(btf, err, kind, i, section, base + pos,
						   "instruction offset %u comes after %u: the records "
						   "are not in instruction order", insn_off, prev);
			prev = insn_off;
		}
	}
	return 0;
}

static int by_section_name(const void *a, const void *b)
{
	return strcmp(((const struct btf_ext_section *)a)->name,
		      ((const struct btf_ext_section *)b)->name);
}

/* The blocks of an info section, sorted by name; two blocks of one code
 * section would leave a loader to pick one, so they are refused. */
static int index_sections(const struct btf *btf, enum info_kind kind, struct btf_ext_info *info,
			  uint32_t base, struct rb_error *err)
{
	struct btf_ext_block block;
	uint32_t pos = 0, n = 0;

	while (btf_ext_next_block(info, btf, &pos, &block))
		n++;
	if (n == 0)
		return 0;
	info->sections = calloc(n, sizeof(*info->sections));
	if (!info->sections)
		return rb_fail(err, RB_ERR_SYSTEM, "%s: .BTF.ext: out of memory", btf->path);
	for (uint32_t at = pos = 0; btf_ext_next_block(info, btf, &pos, &block); at = pos)
		info->sections[info->nsections++] = (struct btf_ext_section){ block.section, at };
	qsort(info->sections, n, sizeof(*info->sections), by_section_name);
	for (uint32_t i = 1; i < n; i++)
		if (strcmp(info->sections[i - 1].name, info->sections[i].name) == 0)
			return fail(btf, err, "two %s blocks for section \"%s\", at byte offsets "
				    "0x%x and 0x%x", infos[kind].name, info->sections[i].name,
				    base + info->sections[i - 1].pos, base + info->sections[i].pos);
	return 0;
}

/* One info section: where the header says, inside the blob; a record size;
 * then blocks. Length 0 means the compiler emitted none. */
static int parse_info(struct btf_ext *ext, const struct btf *btf, enum info_kind kind,
		      uint32_t hdr_len, uint32_t off, uint32_t len, struct btf_ext_info *out,
		      struct rb_error *err)
{
	uint64_t start = (uint64_t)hdr_len + off;

	*out = (struct btf_ext_info){ 0 };
	if (len == 0)
		return 0;
	if (start + len > ext->size)
		return fail(btf, err, "the %s section at byte offset 0x%llx + %u bytes is past "
			    "the end of the blob (%zu bytes)", infos[kind].name,
			    (unsigned long long)start, len, ext->size);
	if (len < 4)
		return fail(btf, err, "the %s section at byte offset 0x%llx: %u bytes, too short "
			    "for its record size", infos[kind].name, (unsigned long long)start, len);
	memcpy(&out->rec_size, ext->data + start, 4);
	if (out->rec_size < infos[kind].min_rec || out->rec_size % 4)
		return fail(btf, err, "%s record size %u at byte offset 0x%llx: must be a "
			    "multiple of 4, and at least %u", infos[kind].name, out->rec_size,
			    (unsigned long long)start, infos[kind].min_rec);
	out->data = ext->data + start + 4;
	out->len = len - 4;
	return check_blocks(btf, kind, out, (uint32_t)start + 4, err) ||
	       index_sections(btf, kind, out, (uint32_t)start + 4, err);
}

int btf_ext_parse(struct btf_ext *ext, const struct btf *btf, const uint8_t *data,
		  size_t size, struct rb_error *err)
{
	struct btf_ext_header h;

	*ext = (struct btf_ext){ 0 };
	if (read_header(btf, data, size, &h, err))
		return -1;
	ext->data = malloc(size);
	if (!ext->data)
		return rb_fail(err, RB_ERR_SYSTEM, "%s: .BTF.ext: out of memory", btf->path);
	memcpy(ext->data, data, size);
	ext->size = size;
	if (parse_info(ext, btf, FUNC_INFO, h.hdr_len, h.func_info_off, h.func_info_len,
		       &ext->func_info, err) ||
	    parse_info(ext, btf, LINE_INFO, h.hdr_len, h.line_info_off, h.line_info_len,
		       &ext->line_info, err) ||
	    parse_info(ext, btf, CORE_RELO, h.hdr_len, h.core_relo_off, h.core_relo_len,
		       &ext->core_relo, err)) {
		btf_ext_free(ext);
		return -1;
	}
	return 0;
}

void btf_ext_free(struct btf_ext *ext)
{
	free(ext->func_info.sections);
	free(ext->line_info.sections);
	free(ext->core_relo.sections);
	free(ext->data);
	*ext = (struct btf_ext){ 0 };
}

int btf_ext_next_block(const struct btf_ext_info *info, const struct btf *btf, uint32_t *pos,
		       struct btf_ext_block *block)
{
	uint32_t name_off, num;

	*block = (struct btf_ext_block){ .section = "", .rec_size = info->rec_size };
	/* An absent section has data == NULL: not even NULL + 0 is computed. */
	if (!info->data || *pos >= info->len)
		return 0;
	memcpy(&name_off, info->data + *pos, 4); /* the blocks were validated */
	memcpy(&num, info->data + *pos + 4, 4);
	block->section = btf_name(btf, name_off);
	block->records = info->data + *pos + 8;
	block->count = num;
	*pos += 8 + num * info->rec_size;
	return 1;
}

int btf_ext_find_block(const struct btf_ext_info *info, const struct btf *btf,
		       const char *section, struct btf_ext_block *block)
{
	uint32_t pos = 0;

	uint32_t lo = 0, hi = info->nsections; /* a binary search of the sorted names */

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(info->sections[mid].name, section);
		if (c == 0) {
			pos = info->sections[mid].pos;
			return btf_ext_next_block(info, btf, &pos, block);
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*block = (struct btf_ext_block){ .section = "", .rec_size = info->rec_size };
	return 0;
}

uint32_t btf_ext_first_at(const struct btf_ext_block *block, uint32_t insn_off)
{
	uint32_t lo = 0, hi = block->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2, off;
		memcpy(&off, block->records + (size_t)mid * block->rec_size, 4);
		if (off < insn_off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Copy record i out; a shorter record (a block of another info section)
 * leaves the missing fields zero rather than reading past it. */
static void read_record(const struct btf_ext_block *block, uint32_t i, void *out, size_t n)
{
	memset(out, 0, n);
	memcpy(out, block->records + (size_t)i * block->rec_size,
	       n < block->rec_size ? n : block->rec_size);
}

struct bpf_func_info_rec btf_ext_func_info(const struct btf_ext_block *block, uint32_t i)
{
	struct bpf_func_info_rec r;
	read_record(block, i, &r, sizeof(r));
	return r;
}

struct bpf_line_info_rec btf_ext_line_info(const struct btf_ext_block *block, uint32_t i)
{
	struct bpf_line_info_rec r;
	read_record(block, i, &r, sizeof(r));
	return r;
}

struct bpf_core_relo_rec btf_ext_core_relo(const struct btf_ext_block *block, uint32_t i)
{
	struct bpf_core_relo_rec r;
	read_record(block, i, &r, sizeof(r));
	return r;
}
