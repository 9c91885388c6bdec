/* What the files of tests/unit/btf/ share with test_btf.c: a blob with a
 * type of every kind, and the test cases kept in their own files. */
#ifndef BTF_CASES_H
#define BTF_CASES_H

#include "builder.h"

/* The ids build_every_kind() gives its types. */
enum {
	ID_INT = 1,     /* int: 4 bytes, signed, 32 bits */
	ID_POINT,       /* struct point { int x; int y; } */
	ID_POINT_T,     /* typedef struct point point_t */
	ID_CONST,       /* const point_t */
	ID_ARRAY,       /* const point_t[3], indexed by int */
	ID_PTR,         /* int * */
	ID_ENUM,        /* enum color { RED, GREEN } */
	ID_PROTO,       /* int (int *ctx) */
	ID_FUNC,        /* int prog(int *ctx), global */
	ID_VAR,         /* points, of the array type */
	ID_DATASEC,     /* .data: points at offset 0, 24 bytes */
	ID_UNION,       /* union num { int i; float f; } (float comes later) */
	ID_FWD,         /* struct opaque; */
	ID_VOLATILE,    /* volatile int */
	ID_RESTRICT,    /* int *restrict */
	ID_FLOAT,       /* float */
	ID_DECL_TAG,    /* "tag" on member 1 of struct point */
	ID_TYPE_TAG,    /* int __attribute__((btf_type_tag("user"))) */
	ID_ENUM64,      /* enum big { BIG = 0x100000002 } */
	ID_END,         /* one past the last: the count with void */
};

void build_every_kind(struct btf_builder *b);

/* tests/unit/btf/malformed.c: .BTF that must be refused. */
void bad_headers(void **state);
void bad_strings(void **state);
void bad_types(void **state);
void bad_references(void **state);
void every_truncation_is_refused_or_parsed(void **state);
void every_corruption_is_refused_or_parsed(void **state);

/* tests/unit/btf/ext.c: .BTF.ext. */
void ext_from_clang(void **state);
void ext_hand_built(void **state);
void ext_without_sections(void **state);
void ext_malformed(void **state);
void ext_every_truncation(void **state);
void ext_records_in_order(void **state);
void ext_duplicate_blocks(void **state);
void ext_find_block_by_name(void **state);
void ext_first_at(void **state);

/* tests/unit/btf/lookup.c: types by name. */
void lookup_duplicate_names(void **state);
void lookup_index_is_built_by_a_lookup(void **state);
void lookup_many_names(void **state);
void lookup_names_across_words(void **state);
void lookup_clang_names(void **state);
void lookup_underscored_names(void **state);

/* tests/unit/btf/core_relo.c: CO-RE relocation records, decoded. */
void core_kind_names(void **state);
void core_access_strings(void **state);
void core_from_clang(void **state);
void core_hand_built(void **state);
void core_malformed(void **state);

/* tests/unit/btf/split.c: split BTF, a module's types on the kernel's. */
void split_btf(void **state);
void split_btf_checks(void **state);

/* tests/unit/btf/kernel.c: the running kernel's BTF, and how fast. */
void kernel_btf(void **state);

#endif
