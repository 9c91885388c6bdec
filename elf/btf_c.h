/* C declarations from BTF: what `rawbpf gen skeleton` writes so that user
 * space sees a BPF object's global variables with their own C types.
 *
 * BTF keeps a type's layout (each member's bit offset, each type's size),
 * not the source that made it. Printing a struct back as C means choosing
 * a source whose layout, under the C compiler's rules, is the one BTF
 * records (the System V ABI's: a member goes at the next multiple of its
 * alignment, a bitfield never straddles a unit of its type, a struct's
 * size is rounded up to its alignment, unnamed bitfields do not change a
 * struct's alignment):
 *   - a member BTF places later than the rules would gets explicit padding
 *     before it (`unsigned char : 3;` for bits, `char __rb_padN[K];` for
 *     bytes), and so does a struct whose size is larger than its members';
 *   - a struct that no padding can explain (a member off its alignment, a
 *     bitfield across a unit, a size that is not a multiple of the
 *     alignment) was packed: it gets __attribute__((packed));
 *   - a union whose size is larger than its largest member was aligned:
 *     __attribute__((aligned(N))).
 * Types come out in an order C accepts: a struct used by value is defined
 * before the struct that contains it, one used only through pointers is
 * declared (`struct node;`), which also breaks cycles. Anonymous structs,
 * unions and enums are written inline where they are used. Two types of
 * one name (objects linked from several files may have them) get
 * libbpf's suffix, `name___2`; so does an enumerator that would clash.
 *
 * libbpf's counterpart is btf_dump.c (`bpftool btf dump ... format c`).
 * Pure: no system calls; the text is built in memory. */
#ifndef RAWBPF_BTF_C_H
#define RAWBPF_BTF_C_H

#include <stddef.h>
#include <stdint.h>

#include "btf.h"

struct btf_c; /* the emitter: which types are out, under which names */

int btf_c_new(struct btf_c **out, const struct btf *btf, struct rb_error *err);
void btf_c_free(struct btf_c *c); /* NULL is fine */

/* Keep a name for the caller: no type is emitted under it (it gets a
 * ___N suffix instead). tag: a struct/union/enum tag; else an ordinary
 * identifier (typedefs, enumerators, functions). */
int btf_c_reserve(struct btf_c *c, const char *name, int tag, struct rb_error *err);

/* Append the definitions type `id` needs to be used by value, and its own
 * (nothing for what is out already). */
int btf_c_emit_type(struct btf_c *c, uint32_t id, struct rb_error *err);
/* Every named struct, union, enum and typedef of the BTF, in an order C
 * accepts (what `bpftool btf dump format c` gives). */
int btf_c_emit_all(struct btf_c *c, struct rb_error *err);

/* A member of a struct the caller lays out (a DATASEC's variables). */
struct btf_c_member {
	const char *name;
	uint32_t type;          /* its BTF type */
	uint32_t bit_offset;
	uint32_t bitfield_size; /* 0: not a bitfield */
};
/* Append `struct TAG { members, padded to their offsets } DECLARATOR;`
 * (declarator may be "" or e.g. "*bss"), each line indented by `indent`
 * tabs. The members' types must have been emitted (btf_c_emit_type).
 * strip_mods drops each member's outermost const/volatile (a skeleton
 * writes .rodata's `const volatile` variables before load). */
int btf_c_emit_struct(struct btf_c *c, const char *tag, const struct btf_c_member *m,
		      size_t count, uint32_t size, const char *declarator, int indent,
		      int strip_mods, struct rb_error *err);
/* Append text as it is. */
int btf_c_append(struct btf_c *c, const char *text, struct rb_error *err);

/* The text so far: NUL-terminated, owned by c, valid until the next call. */
const char *btf_c_text(const struct btf_c *c, size_t *len);

/* The name type `id` was emitted under ("foo", "foo___2"), or NULL when it
 * has none (anonymous, or not named yet). */
const char *btf_c_name(const struct btf_c *c, uint32_t id);

/* A C identifier made of `name`: every other byte becomes '_' (and a
 * leading digit gets a '_' before it), as bpftool's sanitize_identifier
 * does. out has room for strlen(name) + 2. */
void btf_c_identifier(const char *name, char *out);

#endif
