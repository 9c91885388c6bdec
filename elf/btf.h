/* BTF: the BPF Type Format (the kernel's Documentation/bpf/btf.rst).
 *
 * clang -g puts the C types of a BPF program into a .BTF section: a header,
 * then an array of type records, then a string table. Type ids are
 * positions in that array, starting at 1 (id 0 is void). Each record is a
 * struct btf_type, followed by kind-specific data (members of a struct,
 * parameters of a function prototype, ...). The kernel's own types are in
 * the same format in /sys/kernel/btf/vmlinux.
 *
 * btf_parse() validates the whole blob once: every record fits, every name
 * is a string in the string table, every type id it refers to exists. It
 * works on its own aligned copy of the bytes, which the loader may patch
 * (btf_type_mut) before handing BTF to the kernel. */
#ifndef RAWBPF_BTF_H
#define RAWBPF_BTF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define BTF_MAGIC 0xeB9F

enum btf_kind {
	BTF_KIND_UNKN = 0,
	BTF_KIND_INT = 1,        /* + u32: encoding, bit offset, bits */
	BTF_KIND_PTR = 2,
	BTF_KIND_ARRAY = 3,      /* + struct btf_array */
	BTF_KIND_STRUCT = 4,     /* + vlen struct btf_member */
	BTF_KIND_UNION = 5,      /* + vlen struct btf_member */
	BTF_KIND_ENUM = 6,       /* + vlen struct btf_enum */
	BTF_KIND_FWD = 7,
	BTF_KIND_TYPEDEF = 8,
	BTF_KIND_VOLATILE = 9,
	BTF_KIND_CONST = 10,
	BTF_KIND_RESTRICT = 11,
	BTF_KIND_FUNC = 12,      /* vlen: linkage (static, global, extern) */
	BTF_KIND_FUNC_PROTO = 13,/* + vlen struct btf_param */
	BTF_KIND_VAR = 14,       /* + struct btf_var */
	BTF_KIND_DATASEC = 15,   /* + vlen struct btf_var_secinfo */
	BTF_KIND_FLOAT = 16,
	BTF_KIND_DECL_TAG = 17,  /* + struct btf_decl_tag */
	BTF_KIND_TYPE_TAG = 18,
	BTF_KIND_ENUM64 = 19,    /* + vlen struct btf_enum64 */
	BTF_KIND_MAX = 19,
};

struct btf_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t type_off; /* from the end of the header */
	uint32_t type_len;
	uint32_t str_off;  /* from the end of the header */
	uint32_t str_len;
};

struct btf_type {
	uint32_t name_off;
	/* bits 0-15: vlen; 24-28: kind; 31: kind_flag */
	uint32_t info;
	union {
		uint32_t size; /* INT, ENUM, STRUCT, UNION, DATASEC, FLOAT, ENUM64 */
		uint32_t type; /* PTR, TYPEDEF, modifiers, FUNC, FUNC_PROTO, VAR, tags */
	};
};

struct btf_array { uint32_t type, index_type, nelems; };
struct btf_member { uint32_t name_off, type, offset; };
struct btf_param { uint32_t name_off, type; };
struct btf_enum { uint32_t name_off; int32_t val; };
struct btf_enum64 { uint32_t name_off, val_lo32, val_hi32; };
struct btf_var { uint32_t linkage; };
struct btf_var_secinfo { uint32_t type, offset, size; };
struct btf_decl_tag { int32_t component_idx; };

static inline unsigned btf_kind(const struct btf_type *t) { return (t->info >> 24) & 0x1f; }
static inline unsigned btf_vlen(const struct btf_type *t) { return t->info & 0xffff; }
static inline int btf_kflag(const struct btf_type *t) { return t->info >> 31; }
/* The kind-specific data right after the record. */
static inline const void *btf_extra(const struct btf_type *t) { return t + 1; }

struct btf {
	const char *path;    /* for messages */
	uint8_t *data;       /* our aligned copy of the blob */
	size_t size;
	struct btf_header hdr;
	const char *strings; /* the string table; every name offset is checked */
	uint32_t *offsets;   /* offsets[id]: byte offset of type id in data */
	uint32_t count;      /* types + 1: valid ids are 1..count-1 */
};

int btf_parse(struct btf *btf, const char *path, const uint8_t *data, size_t size,
	      struct rb_error *err);
void btf_free(struct btf *btf);

/* NULL for id 0 (void) and ids out of range. */
const struct btf_type *btf_type_by_id(const struct btf *btf, uint32_t id);
struct btf_type *btf_type_mut(struct btf *btf, uint32_t id);
/* A name from the string table ("" for offset 0). Offsets in validated
 * records are always valid; others give "". */
const char *btf_name(const struct btf *btf, uint32_t name_off);
const char *btf_kind_name(unsigned kind);

/* Follow typedefs and const/volatile/restrict/type_tag to the type they
 * name. Fails on chains deeper than the kernel allows (a loop). */
int btf_resolve(const struct btf *btf, uint32_t id, uint32_t *out, struct rb_error *err);
/* The size in bytes of a type (through modifiers; arrays multiply). */
int btf_type_size(const struct btf *btf, uint32_t id, uint64_t *size, struct rb_error *err);
/* The first type of `kind` named `name`, or -1. */
int64_t btf_find(const struct btf *btf, const char *name, unsigned kind);

/* ---- .BTF.ext: what the compiler knows about instructions ------------------
 * For each code section: func_info (which instruction starts which
 * function, by BTF FUNC id), line_info (which instruction comes from which
 * source line) and CO-RE relocations. Instruction offsets are in bytes. */
struct btf_ext_info {
	uint32_t rec_size;   /* the size of one record (may grow in new versions) */
	const uint8_t *data; /* the blocks: {sec_name_off, num_info, records...} */
	uint32_t len;
};

struct btf_ext {
	uint8_t *data;
	size_t size;
	struct btf_ext_info func_info, line_info, core_relo;
};

struct bpf_func_info_rec { uint32_t insn_off, type_id; };
struct bpf_line_info_rec { uint32_t insn_off, file_name_off, line_off, line_col; };
struct bpf_core_relo_rec { uint32_t insn_off, type_id, access_str_off, kind; };

/* Validate .BTF.ext against its .BTF (section names are BTF strings). */
int btf_ext_parse(struct btf_ext *ext, const struct btf *btf, const uint8_t *data,
		  size_t size, struct rb_error *err);
void btf_ext_free(struct btf_ext *ext);
/* The records of `info` for code section `section`: *count records of
 * info->rec_size bytes at *records; 0 records when the section has none. */
void btf_ext_records(const struct btf_ext_info *info, const struct btf *btf,
		     const char *section, const uint8_t **records, uint32_t *count);

#endif
