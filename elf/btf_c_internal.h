/* Inside the C-declaration emitter (btf_c.h): shared by btf_c.c (names,
 * order, text) and btf_c_layout.c (alignment, packing, padding). */
#ifndef RAWBPF_BTF_C_INTERNAL_H
#define RAWBPF_BTF_C_INTERNAL_H

#include <stdlib.h>

#include "btf_c.h"

/* Types nested deeper than this are taken for a loop (no C program
 * nests that deep; a malformed BTF can loop for ever). */
#define BTF_C_DEPTH 64

/* How a struct or union is written. */
struct btf_c_layout {
	uint32_t align;   /* its alignment as written; 0: not computed yet */
	int packed;       /* __attribute__((packed)) */
	uint32_t aligned; /* a union's __attribute__((aligned(N))), or 0 */
	int tail_pad;     /* a union larger than any member and any alignment
			     explains: a char array of its size is added */
};

enum btf_c_state {
	BTF_C_UNSEEN,
	BTF_C_DECLARED, /* `struct X;` is out */
	BTF_C_DEFINING, /* its members' types are being emitted */
	BTF_C_DEFINED,
};

/* A growing string; `oom` once an allocation failed. */
struct btf_c_sb {
	char *s;
	size_t len, cap;
	int oom;
};
void btf_c_sb_add(struct btf_c_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct btf_c_used {
	char *name;
	int tag;
	uint32_t id; /* the type that has it; 0: reserved by the caller */
};

struct btf_c {
	const struct btf *btf;
	uint8_t *state;               /* [btf->count] enum btf_c_state */
	char **names;                 /* [btf->count] the emitted name, or NULL */
	struct btf_c_layout *layouts; /* [btf->count] */
	struct btf_c_used *used;      /* every name taken, in both namespaces */
	size_t used_count, used_cap;
	struct btf_c_sb out;          /* the text */
	int pads;                     /* __rb_padN names used in the current struct */
};

int btf_c_size(struct btf_c *c, uint32_t id, uint32_t *size, struct rb_error *err);
int btf_c_align(struct btf_c *c, uint32_t id, uint32_t *align, int depth, struct rb_error *err);
int btf_c_members_of(struct btf_c *c, const struct btf_type *t, struct btf_c_member **out,
		     struct rb_error *err);
int btf_c_type_layout(struct btf_c *c, uint32_t id, struct btf_c_layout *out, int depth,
		      struct rb_error *err);
int btf_c_layout_of(struct btf_c *c, const struct btf_c_member *m, size_t n, uint32_t size,
		    int is_union, struct btf_c_layout *out, struct rb_error *err);
uint32_t btf_c_natural_offset(uint32_t cur, uint32_t align, uint32_t size, uint32_t bits,
			      int packed);

#endif
