/* Building the two sides of a CO-RE relocation by hand, for test_core.c:
 * the object's BTF ("local") and a kernel's ("target"), small blobs made
 * with tests/unit/btf/builder.c, parsed with elf/btf.c. */
#ifndef CORE_TYPES_H
#define CORE_TYPES_H

#include <stdint.h>

#include "elf/btf.h"
#include "tests/unit/btf/builder.h"

struct side {
	struct btf_builder b;
	struct btf btf;
	uint32_t access_off[32]; /* the access strings' offsets (side_access) */
};

/* A fresh side, or one that continues `base` as split BTF (a module's):
 * ids and string offsets then start after the base's. */
void side_begin(struct side *s);
void side_begin_split(struct side *s, const struct side *base);
/* Finish and parse it (fails the test if the parser refuses it). */
void side_end(struct side *s);
void side_end_split(struct side *s, const struct side *base);
void side_free(struct side *s);

/* The offset of access string `a` in the side's strings: added at
 * side_begin for every string the tests use ("0:1:2", ...). */
uint32_t side_access(const struct side *s, const char *a);

/* Types; each returns its id. */
uint32_t t_int(struct side *s, const char *name, uint32_t bytes, int is_signed);
uint32_t t_ptr(struct side *s, uint32_t to);
uint32_t t_typedef(struct side *s, const char *name, uint32_t to);
uint32_t t_array(struct side *s, uint32_t elem, uint32_t nelems);
uint32_t t_fwd(struct side *s, const char *name, int is_union);
uint32_t t_float(struct side *s, const char *name, uint32_t bytes);

struct member {
	const char *name; /* NULL: anonymous */
	uint32_t type;
	uint32_t bit_offset;
	uint32_t bitfield;    /* bits; 0: not a bitfield */
};
/* A STRUCT or UNION (kind), its members; kind_flag set when one is a
 * bitfield, as clang does. */
uint32_t t_composite(struct side *s, unsigned kind, const char *name, uint32_t size,
		     const struct member *m, unsigned n);
#define t_struct(s, name, size, ...)                                                   \
	t_composite(s, BTF_KIND_STRUCT, name, size, (const struct member[]){ __VA_ARGS__ }, \
		    sizeof((const struct member[]){ __VA_ARGS__ }) / sizeof(struct member))
#define t_union(s, name, size, ...)                                                    \
	t_composite(s, BTF_KIND_UNION, name, size, (const struct member[]){ __VA_ARGS__ },  \
		    sizeof((const struct member[]){ __VA_ARGS__ }) / sizeof(struct member))

struct enumerator {
	const char *name;
	int64_t value;
};
/* ENUM (bytes <= 4) or ENUM64; kind_flag: signed. */
uint32_t t_enum(struct side *s, unsigned kind, const char *name, uint32_t bytes, int is_signed,
		const struct enumerator *e, unsigned n);

/* A FUNC_PROTO returning ret with the given parameter types. */
uint32_t t_proto(struct side *s, uint32_t ret, const uint32_t *params, unsigned n);

/* The id the next type will get (for a pointer to a type defined later). */
uint32_t side_next_id(const struct side *s);

#endif
