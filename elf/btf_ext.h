/* .BTF.ext: what the compiler knows about instructions (btf.rst 4.2).
 *
 * Where .BTF describes types, .BTF.ext describes code. For each code
 * section of the object it lists
 *   - func_info: which instruction starts which function (a BTF FUNC id);
 *   - line_info: which source line an instruction comes from;
 *   - CO-RE relocations: which instructions access which field of which
 *     type, so a loader can adjust them to the running kernel's layout.
 * Unlike .BTF, the kernel never sees this section: the loader hands
 * func_info and line_info to BPF_PROG_LOAD per program (btf.rst 3.3),
 * converting instruction offsets from bytes (ELF) to instructions (kernel).
 *
 * Layout: a header like .BTF's, then three "info sections", each
 *     u32 rec_size                         the size of one record
 *     block for code section 1:  u32 sec_name_off; u32 num_info;
 *                                num_info records of rec_size bytes
 *     block for code section 2:  ...
 * The record size comes first so that newer compilers can grow records and
 * older readers still step over them. sec_name_off is an offset into the
 * .BTF string section, so .BTF.ext is only meaningful next to its .BTF.
 *
 * btf_ext_parse() checks all of it once; the iterators below then walk
 * validated data. Records are copied out with memcpy, so nothing here needs
 * the blob to be aligned. */
#ifndef RAWBPF_BTF_EXT_H
#define RAWBPF_BTF_EXT_H

#include <stdint.h>

#include "btf.h"
#include "error.h"

struct btf_ext_header {
	uint16_t magic; /* BTF_MAGIC */
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	/* Offsets count from the end of the header. */
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	/* Optional: present when hdr_len covers them. */
	uint32_t core_relo_off, core_relo_len;
};

/* The records, as clang writes them. insn_off is a byte offset in the code
 * section (btf.rst 4.2); the kernel wants it divided by 8. */
struct bpf_func_info_rec { uint32_t insn_off, type_id; };
struct bpf_line_info_rec { uint32_t insn_off, file_name_off, line_off, line_col; };
struct bpf_core_relo_rec { uint32_t insn_off, type_id, access_str_off, kind; };

/* line_col packs the line number and the column (btf.rst 3.3). */
static inline uint32_t btf_line_num(uint32_t line_col) { return line_col >> 10; }
static inline uint32_t btf_line_col(uint32_t line_col) { return line_col & 0x3ff; }

/* Where the block of a code section starts in its info section. */
struct btf_ext_section {
	const char *name; /* in .BTF's strings */
	uint32_t pos;     /* byte offset of the block in btf_ext_info.data */
};

/* One info section, validated. */
struct btf_ext_info {
	uint32_t rec_size;   /* at least the size of the record struct above */
	const uint8_t *data; /* the blocks, after rec_size; NULL when absent */
	uint32_t len;        /* bytes of blocks */
	/* Its blocks sorted by section name, for btf_ext_find_block(): an
	 * object of N sections asks once per function. NULL when there are
	 * no blocks. */
	struct btf_ext_section *sections;
	uint32_t nsections;
};

struct btf_ext {
	uint8_t *data; /* our copy of the blob */
	size_t size;
	struct btf_ext_info func_info, line_info, core_relo;
};

/* The block of one code section in one info section. */
struct btf_ext_block {
	const char *section;     /* the code section's name, e.g. "xdp" */
	const uint8_t *records;  /* count records of rec_size bytes */
	uint32_t count;
	uint32_t rec_size;
};

/* Validate .BTF.ext against its (parsed) .BTF: section names and the
 * strings of line_info are .BTF strings, func_info names FUNC types,
 * CO-RE relocations name types; each code section has at most one block
 * per info section, and its func_info and line_info records come in
 * instruction order (as compilers write them, and as the kernel wants
 * them: btf_ext_first_at() relies on it). Messages use btf->path. The
 * caller's buffer is copied, so it may be freed afterwards. */
int btf_ext_parse(struct btf_ext *ext, const struct btf *btf, const uint8_t *data,
		  size_t size, struct rb_error *err);
void btf_ext_free(struct btf_ext *ext);

/* Walk the blocks of an info section in order: start with *pos = 0; each
 * call fills *block and returns 1, or returns 0 after the last one. */
int btf_ext_next_block(const struct btf_ext_info *info, const struct btf *btf, uint32_t *pos,
		       struct btf_ext_block *block);
/* The block of code section `section`: 1 when it has one, else 0 (and an
 * empty block). */
int btf_ext_find_block(const struct btf_ext_info *info, const struct btf *btf,
		       const char *section, struct btf_ext_block *block);

/* The first record of a func_info or line_info block whose instruction
 * offset (bytes) is at least insn_off, or block->count: a binary search,
 * as the records are sorted. */
uint32_t btf_ext_first_at(const struct btf_ext_block *block, uint32_t insn_off);

/* Record i (< block->count) of a block, decoded. Fields a newer compiler
 * appended to the record are skipped. */
struct bpf_func_info_rec btf_ext_func_info(const struct btf_ext_block *block, uint32_t i);
struct bpf_line_info_rec btf_ext_line_info(const struct btf_ext_block *block, uint32_t i);
struct bpf_core_relo_rec btf_ext_core_relo(const struct btf_ext_block *block, uint32_t i);

#endif
