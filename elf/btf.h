/* BTF, the BPF Type Format: reading a .BTF blob.
 *
 * The format is described in the kernel's Documentation/bpf/btf.rst
 * ("btf.rst" below; section numbers refer to it). clang -g puts the C types
 * of a BPF program into a .BTF section, and the kernel publishes its own
 * types in the same format in /sys/kernel/btf/vmlinux. A blob is
 *
 *     struct btf_header             (btf.rst 2)
 *     type section: records, one after the other  (btf.rst 2.2)
 *     string section: "\0" "name\0" "other\0" ... (btf.rst 2.1)
 *
 * A record is a struct btf_type, followed by data whose size depends on its
 * kind and on the vlen field of its info word (the members of a struct, the
 * parameters of a function prototype, ...). Records have no id field: the
 * first record is type 1, the next type 2, and so on; id 0 means void.
 * Records refer to each other by id, and to names by byte offset in the
 * string section.
 *
 * btf_parse() validates the whole blob in one pass: every record fits in
 * the type section, every name offset is inside the string section, every
 * id a record mentions is a type that exists. It also builds an index from
 * id to byte offset, so btf_type_by_id() is an array lookup. After that the
 * accessors below need no more checks: whatever a validated record says is
 * safe to follow.
 *
 * Errors are values (error.h): RB_ERR_INPUT for malformed data, with a
 * message naming ".BTF", the byte offset and the type id.
 *
 * This file does no I/O: it works on bytes the caller provides, so it can
 * be unit-tested and fuzzed. */
#ifndef RAWBPF_BTF_H
#define RAWBPF_BTF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define BTF_MAGIC 0xeB9F /* reads as 0x9FeB when the blob is big-endian */
#define BTF_VERSION 1

/* The kinds of record (btf.rst 2.2), with what follows each struct btf_type. */
enum btf_kind {
	BTF_KIND_UNKN = 0,        /* not a valid kind */
	BTF_KIND_INT = 1,         /* + u32: encoding, bit offset, bits (2.2.1) */
	BTF_KIND_PTR = 2,
	BTF_KIND_ARRAY = 3,       /* + struct btf_array */
	BTF_KIND_STRUCT = 4,      /* + vlen struct btf_member */
	BTF_KIND_UNION = 5,       /* + vlen struct btf_member */
	BTF_KIND_ENUM = 6,        /* + vlen struct btf_enum */
	BTF_KIND_FWD = 7,         /* kind_flag: 0 struct, 1 union */
	BTF_KIND_TYPEDEF = 8,
	BTF_KIND_VOLATILE = 9,
	BTF_KIND_CONST = 10,
	BTF_KIND_RESTRICT = 11,
	BTF_KIND_FUNC = 12,       /* vlen holds the linkage (2.3.1) */
	BTF_KIND_FUNC_PROTO = 13, /* + vlen struct btf_param */
	BTF_KIND_VAR = 14,        /* + struct btf_var */
	BTF_KIND_DATASEC = 15,    /* + vlen struct btf_var_secinfo */
	BTF_KIND_FLOAT = 16,
	BTF_KIND_DECL_TAG = 17,   /* + struct btf_decl_tag */
	BTF_KIND_TYPE_TAG = 18,
	BTF_KIND_ENUM64 = 19,     /* + vlen struct btf_enum64 */
	BTF_KIND_MAX = 19,
};

/* Linkage of a FUNC (in its vlen) and of a VAR (btf.rst 2.3). */
enum { BTF_FUNC_STATIC = 0, BTF_FUNC_GLOBAL = 1, BTF_FUNC_EXTERN = 2 };
enum { BTF_VAR_STATIC = 0, BTF_VAR_GLOBAL_ALLOCATED = 1, BTF_VAR_GLOBAL_EXTERN = 2 };

struct btf_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;  /* sizeof(struct btf_header) today; may grow (btf.rst 2) */
	uint32_t type_off; /* both offsets count from the end of the header */
	uint32_t type_len;
	uint32_t str_off;
	uint32_t str_len;
};

/* The part every record starts with (btf.rst 2.2). */
struct btf_type {
	uint32_t name_off; /* into the string section; 0 is "" (anonymous) */
	/* bits 0-15: vlen; bits 24-28: kind; bit 31: kind_flag */
	uint32_t info;
	union {
		uint32_t size; /* INT, ENUM, STRUCT, UNION, DATASEC, FLOAT, ENUM64 */
		uint32_t type; /* PTR, TYPEDEF, modifiers, FUNC, FUNC_PROTO (return
				* type), VAR, DECL_TAG, TYPE_TAG: a type id */
	};
};

/* The kind-specific data, with the kernel's field names. */
struct btf_array { uint32_t type, index_type, nelems; };    /* 2.2.3 */
struct btf_member { uint32_t name_off, type, offset; };      /* 2.2.4 */
struct btf_enum { uint32_t name_off; int32_t val; };         /* 2.2.6 */
struct btf_param { uint32_t name_off, type; };               /* 2.2.13 */
struct btf_var { uint32_t linkage; };                        /* 2.2.14 */
struct btf_var_secinfo { uint32_t type, offset, size; };     /* 2.2.15 */
struct btf_decl_tag { int32_t component_idx; };              /* 2.2.17 */
struct btf_enum64 { uint32_t name_off, val_lo32, val_hi32; }; /* 2.2.19 */

static inline unsigned btf_kind(const struct btf_type *t) { return (t->info >> 24) & 0x1f; }
static inline unsigned btf_vlen(const struct btf_type *t) { return t->info & 0xffff; }
static inline int btf_kflag(const struct btf_type *t) { return t->info >> 31; }

/* The kind-specific data right after the record. Each typed accessor
 * below is meaningful only for the kinds named in its comment; "vlen of
 * them" means an array of btf_vlen(t) entries. */
static inline const void *btf_extra(const struct btf_type *t) { return t + 1; }

/* ARRAY */
static inline const struct btf_array *btf_array(const struct btf_type *t)
{
	return btf_extra(t);
}
/* STRUCT, UNION: vlen of them */
static inline const struct btf_member *btf_members(const struct btf_type *t)
{
	return btf_extra(t);
}
/* ENUM: vlen of them */
static inline const struct btf_enum *btf_enums(const struct btf_type *t)
{
	return btf_extra(t);
}
/* ENUM64: vlen of them */
static inline const struct btf_enum64 *btf_enum64s(const struct btf_type *t)
{
	return btf_extra(t);
}
/* FUNC_PROTO: vlen of them; the return type is t->type */
static inline const struct btf_param *btf_params(const struct btf_type *t)
{
	return btf_extra(t);
}
/* VAR; its type is t->type */
static inline const struct btf_var *btf_var(const struct btf_type *t)
{
	return btf_extra(t);
}
/* DECL_TAG; the tagged type is t->type */
static inline const struct btf_decl_tag *btf_decl_tag(const struct btf_type *t)
{
	return btf_extra(t);
}
/* A DATASEC's variables: btf_vlen(t) entries, each the id of a VAR, its
 * offset in the ELF section and its size. To walk them:
 *     for (unsigned i = 0; i < btf_vlen(ds); i++) use btf_var_secinfos(ds)[i] */
static inline const struct btf_var_secinfo *btf_var_secinfos(const struct btf_type *t)
{
	return btf_extra(t);
}

/* INT: the u32 after the record (btf.rst 2.2.1). */
static inline uint32_t btf_int_info(const struct btf_type *t)
{
	return *(const uint32_t *)btf_extra(t);
}
static inline unsigned btf_int_encoding(const struct btf_type *t)
{
	return (btf_int_info(t) >> 24) & 0x0f;
}
static inline unsigned btf_int_bits(const struct btf_type *t) { return btf_int_info(t) & 0xff; }
enum { BTF_INT_SIGNED = 1, BTF_INT_CHAR = 2, BTF_INT_BOOL = 4 };

/* A member's place in its STRUCT/UNION s: with kind_flag set, the offset
 * word holds a bitfield size in its top 8 bits (btf.rst 2.2.4). */
static inline uint32_t btf_member_bit_offset(const struct btf_type *s,
					     const struct btf_member *m)
{
	return btf_kflag(s) ? m->offset & 0xffffff : m->offset;
}
static inline uint32_t btf_member_bitfield_size(const struct btf_type *s,
						const struct btf_member *m)
{
	return btf_kflag(s) ? m->offset >> 24 : 0;
}

/* Split BTF: a kernel module's types, /sys/kernel/btf/MODULE, are a blob
 * that continues the kernel's own (vmlinux, its "base"), as in libbpf and
 * the kernel (kernel/bpf/btf.c: start_id, start_str_off). Its first type
 * has the id after vmlinux's last, and a name offset below the base's
 * string section size is a string of the base: the module's own strings
 * count from there. A record may refer
 * to base types and base strings. A split btf keeps a pointer to its base,
 * which must outlive it; lookups by id and name go through to the base, so
 * every accessor below works on either kind. */
struct btf {
	const char *path;     /* for messages only */
	uint8_t *data;        /* the blob: btf_parse's copy, btf_parse_owned's buffer */
	size_t size;
	struct btf_header hdr;
	const char *strings;  /* the string section: hdr.str_len bytes */
	uint32_t *offsets;    /* offsets[id - base_count]: where type id starts in data */
	uint32_t count;       /* ids 0..count-1 exist: count - 1 types, and void
				 (a split btf: the base's and its own) */
	const struct btf *base; /* split BTF: the btf it continues; NULL otherwise */
	uint32_t base_count;  /* split BTF: base->count, the id of its first type; 0 */
	uint32_t first_id;    /* the first id of this blob's own types: 1, or base_count */
	uint32_t str_base;    /* split BTF: where its strings start (the base's str_base
				 + str_len); 0 */
	/* The index by name (btf_lookup.c), allocated by btf_parse but filled
	 * by the second lookup by name: many users of a btf never look a name
	 * up. The one part of a parsed btf that changes, so a btf serves one
	 * thread at a time (as the whole library does). */
	struct btf_name_index *names;
};

/* Validate `size` bytes of BTF and index them. The caller's buffer is only
 * read, and may be freed afterwards: btf_parse keeps its own copy, for two
 * reasons. The records are read through struct pointers, so they must be
 * 4-byte aligned, which a section inside a file buffer need not be. And the
 * loader patches some records before BPF_BTF_LOAD (DATASEC sizes, VAR
 * offsets; older kernels need newer kinds rewritten): it does so in this
 * copy with btf_type_mut(), or in a copy of its own using
 * btf_type_offset(). A patch must keep every record's size (kind and vlen),
 * or the index no longer matches.
 *
 * `path` names the file in messages. On failure *btf is left empty
 * (btf_free is still safe) and *err says what is wrong, and where. */
int btf_parse(struct btf *btf, const char *path, const uint8_t *data, size_t size,
	      struct rb_error *err);
/* The same without the copy, for a blob read only to be parsed (the
 * kernel's BTF): `data` must come from malloc, and becomes the btf's, freed
 * by btf_free (or by btf_parse_owned itself when it fails). Copying 5 MB
 * costs more than parsing it: the new pages must be faulted in. */
int btf_parse_owned(struct btf *btf, const char *path, uint8_t *data, size_t size,
		    struct rb_error *err);
/* Split BTF on top of `base` (a module's on the kernel's), taking `data`
 * over as btf_parse_owned() does. base stays the caller's and must outlive
 * btf. The same checks, with ids and names of the base allowed; the string
 * section may be empty, and need not begin with "" (the base's does). */
int btf_parse_split_owned(struct btf *btf, const char *path, uint8_t *data, size_t size,
			  const struct btf *base, struct rb_error *err);
void btf_free(struct btf *btf);

/* The record of type `id`; NULL for 0 (void) and ids that do not exist.
 * A split btf's ids below base_count are its base's. */
static inline const struct btf_type *btf_type_by_id(const struct btf *btf, uint32_t id)
{
	if (id == 0 || id >= btf->count)
		return NULL;
	if (id < btf->base_count)
		return btf_type_by_id(btf->base, id);
	return (const struct btf_type *)(btf->data + btf->offsets[id - btf->base_count]);
}
static inline struct btf_type *btf_type_mut(struct btf *btf, uint32_t id)
{
	return (struct btf_type *)btf_type_by_id(btf, id);
}
static inline struct btf_var_secinfo *btf_var_secinfos_mut(struct btf_type *t)
{
	return (struct btf_var_secinfo *)(t + 1);
}
/* Where type id's record starts, in bytes from the start of the blob (the
 * same in any copy of it); for a base type of split BTF, of the base's
 * blob. id must exist. */
static inline uint32_t btf_type_offset(const struct btf *btf, uint32_t id)
{
	if (id < btf->base_count)
		return btf_type_offset(btf->base, id);
	return btf->offsets[id - btf->base_count];
}

/* A string of the string section: the name at name_off, "" for 0. Every
 * offset a validated record holds is valid; any other gives "". */
const char *btf_name(const struct btf *btf, uint32_t name_off);
const char *btf_kind_name(unsigned kind); /* "STRUCT", ...; "?" when unknown */

/* btf_format.c: type `id` spelled as C into buf (always terminated):
 * "__u32", "struct event *", "char[16]", "int (void *ctx)"; "void" for 0. */
void btf_type_str(const struct btf *btf, uint32_t id, char *buf, size_t size);
/* FUNC `func_id` as a prototype, "int count(void *ctx)": 0, or -1 (buf "")
 * when it is not a FUNC with a FUNC_PROTO. */
int btf_func_signature(const struct btf *btf, uint32_t func_id, char *buf, size_t size);

/* Follow typedefs and const/volatile/restrict/type_tag from `id` to the type
 * they stand for (or void). A chain longer than the kernel accepts is an
 * error: this is how a typedef loop (A -> B -> A) ends. */
int btf_resolve(const struct btf *btf, uint32_t id, uint32_t *out, struct rb_error *err);

/* The size in bytes of type `id`: INT, ENUM, ENUM64, FLOAT, STRUCT, UNION,
 * DATASEC as recorded; pointers 8 (BPF is 64-bit); arrays nelems times the
 * element's size; typedefs, modifiers and VARs the size of what they name.
 * void, FUNC, FUNC_PROTO and FWD have no size: an error. */
int btf_type_size(const struct btf *btf, uint32_t id, uint64_t *size, struct rb_error *err);

/* btf_lookup.c: the id of the first (lowest-numbered) type of `kind`
 * named `name`, or -1; anonymous types ("") are never found. In split BTF
 * only its own types are looked at, not the base's (look there too). The first
 * call builds an index of every named type, a hash table: for the kernel's
 * 120,000 types that takes about as long as 30 lookups by a scan of every
 * record (3 to 5 ms), and each lookup after it takes tens of nanoseconds
 * instead of a hundred microseconds or more (make bench). Should memory
 * run out for the index, lookups scan the records instead. Names must not
 * be patched after the first lookup (rb_btf_sanitize() patches a copy). */
int btf_find_by_name_kind(const struct btf *btf, const char *name, int kind);
/* The next type of `kind` named `name` after id `after` (ids increase), or
 * -1: with btf_find_by_name_kind(), every type of that name and kind, as
 * CO-RE needs when a kernel has two structs of one name. */
int btf_find_next_by_name_kind(const struct btf *btf, const char *name, int kind,
			       uint32_t after);
/* The names that hold "___" (strings of the string section; split BTF:
 * its own and its base's), found once, by a scan of the strings that
 * skips most bytes: CO-RE's flavoured names (task_struct___old is a
 * task_struct), which a lookup by the plain name cannot find; look each up
 * by name. 0, or -1 out of memory (or a btf not made by btf_parse). */
int btf_underscored_names(const struct btf *btf, const char *const **names, size_t *count);
/* The entry of the variable named `name` in DATASEC `datasec_id`, or NULL. */
const struct btf_var_secinfo *btf_datasec_var(const struct btf *btf, uint32_t datasec_id,
					      const char *name);

#endif
