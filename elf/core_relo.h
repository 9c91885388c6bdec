/* CO-RE relocation records of .BTF.ext, decoded.
 *
 * CO-RE ("compile once, run everywhere") lets a program read kernel structs
 * whose layout differs between kernels. clang compiles `task->real_parent`
 * with the offset of its own headers (the "local" BTF, in the object), and
 * records in .BTF.ext that this instruction holds "the byte offset of
 * struct task_struct, member 2": one struct bpf_core_relo (the kernel's
 * include/uapi/linux/bpf.h, Linux 5.17+; btf_ext.h reads them)
 *     insn_off        the instruction, in bytes from its section's start
 *     type_id         the local type the access starts from (.BTF)
 *     access_str_off  a .BTF string, the access string: "0:2"
 *     kind            what the instruction needs (enum below)
 * A loader finds the same type in the running kernel's BTF
 * (/sys/kernel/btf/vmlinux), follows the same access there, and patches
 * the instruction with the kernel's offset (or size, existence, ...).
 *
 * The access string is a list of indexes separated by ':' (libbpf's
 * relo_core.c, bpf_core_parse_spec, is the reference reader):
 *   - field kinds: the first index is an array index on the root type
 *     (`p[1].x` is "1:..."; almost always 0), each next one a member index
 *     in a struct or union, or an element index in an array: for
 *         struct task_struct { int pid; int tgid; struct task_struct *real_parent; };
 *     `t->real_parent` is "0:2" and `t->tgid` is "0:1". A pointer ends an
 *     access: `t->real_parent->tgid` is two records, one per struct.
 *   - type kinds: "0", the type itself;
 *   - enum value kinds: one index, the enumerator in the enum type.
 *
 * This file only reads the records against the object's own BTF: which
 * member each index names, at which bit offset, and how to write it in C
 * ("struct task_struct.real_parent"). Applying them needs the kernel's
 * BTF and comes later; for now the loader refuses objects that have them
 * (loader/open/core_relocs.c). Pure: no I/O. */
#ifndef RAWBPF_CORE_RELO_H
#define RAWBPF_CORE_RELO_H

#include <stddef.h>
#include <stdint.h>

#include "btf.h"
#include "btf_ext.h"
#include "error.h"

/* The kernel's enum bpf_core_relo_kind, with its names and numbers
 * (tests/unit/uapi checks them against <linux/bpf.h>). */
enum bpf_core_relo_kind {
	BPF_CORE_FIELD_BYTE_OFFSET = 0, /* the field's byte offset */
	BPF_CORE_FIELD_BYTE_SIZE = 1,   /* its size in bytes */
	BPF_CORE_FIELD_EXISTS = 2,      /* 1 when the kernel's type has it */
	BPF_CORE_FIELD_SIGNED = 3,      /* 1 when it is signed */
	BPF_CORE_FIELD_LSHIFT_U64 = 4,  /* bitfields: the left shift to extract it */
	BPF_CORE_FIELD_RSHIFT_U64 = 5,  /* bitfields: the right shift */
	BPF_CORE_TYPE_ID_LOCAL = 6,     /* the type's id in the object's BTF */
	BPF_CORE_TYPE_ID_TARGET = 7,    /* its id in the kernel's BTF */
	BPF_CORE_TYPE_EXISTS = 8,       /* 1 when the kernel has the type */
	BPF_CORE_TYPE_SIZE = 9,         /* its size in the kernel */
	BPF_CORE_ENUMVAL_EXISTS = 10,   /* 1 when the kernel's enum has the value */
	BPF_CORE_ENUMVAL_VALUE = 11,    /* the value's number in the kernel */
	BPF_CORE_TYPE_MATCHES = 12,     /* 1 when the kernel's type matches (Linux 6.0+) */
};
#define BPF_CORE_KIND_COUNT 13

/* "field_byte_offset", "field_byte_size", ... "type_matches": the enum's
 * names in lower case without BPF_CORE_; NULL for a number past them. */
const char *btf_core_kind_name(uint32_t kind);

/* What the kind is about: a field (an access path), a whole type, or an
 * enumerator. */
enum btf_core_target { BTF_CORE_FIELD, BTF_CORE_TYPE, BTF_CORE_ENUMVAL };
enum btf_core_target btf_core_kind_target(uint32_t kind); /* kind must be known */

/* libbpf's limit (BPF_CORE_SPEC_MAX_LEN): the indexes of one access. */
#define BTF_CORE_ACCESS_MAX 64

/* Split an access string into its indexes: decimal numbers without sign
 * that fit a u32, separated by single ':', at least one, at most `max`.
 * 0 with *count set, or -1 with *err saying what is wrong and where
 * (RB_ERR_INPUT; the message starts with the string, quoted). */
int btf_core_access_parse(const char *access, uint32_t *index, uint32_t max,
			  uint32_t *count, struct rb_error *err);

/* One index of an access, resolved in the local BTF. */
struct btf_core_step {
	uint32_t type_id; /* what it indexes into, typedefs and modifiers skipped:
			     the root (step 0), a struct, union, array or enum */
	uint32_t index;
	const char *name; /* the member's or the enumerator's name; "" for array
			     indexes and anonymous members */
};

/* A record read against the object's BTF: libbpf calls it a "spec". */
struct btf_core_spec {
	uint32_t kind;       /* enum bpf_core_relo_kind */
	uint32_t type_id;    /* the record's type */
	const char *access;  /* its access string, in the BTF's strings */
	uint32_t len;        /* steps */
	struct btf_core_step step[BTF_CORE_ACCESS_MAX];
	uint64_t bit_offset; /* field kinds: where the field starts, in bits from
				the start of the root (the compiler's layout) */
	uint32_t field_type; /* field kinds: the field's own type id */
};

/* Decode record `rec` (whose ids and string offset btf_ext_parse() has
 * checked) against `btf`. Refused, as RB_ERR_INPUT: an unknown kind, an
 * access string that does not parse, an index past the members of its
 * struct or the elements of its array, an index into a type that has
 * neither (an int, a pointer), a type kind whose access is not "0", an
 * enum value kind on a type that is not an enum. The message names the
 * type and the access; the caller says where the record is. */
int btf_core_spec_parse(const struct btf *btf, const struct bpf_core_relo_rec *rec,
			struct btf_core_spec *spec, struct rb_error *err);

/* The spec in C notation, into buf (always terminated, cut to fit):
 *     field:   "struct task_struct.real_parent", "struct s.a[3].b",
 *              "struct s[1].x" (a first index other than 0);
 *              anonymous members are left out, as C leaves them out
 *     type:    "struct task_struct"
 *     enumval: "enum pid_type::PIDTYPE_TGID" */
void btf_core_spec_str(const struct btf *btf, const struct btf_core_spec *spec, char *buf,
		       size_t size);

#endif
