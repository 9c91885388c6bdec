/* What CO-RE asks of two types (core_types.c), and the small BTF helpers
 * the engine's files share. Internal to loader/relocate/. Void is id 0 and
 * kind UNKN here, as in libbpf. */
#ifndef RAWBPF_CORE_TYPES_H
#define RAWBPF_CORE_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "elf/btf.h"

/* How much of `name` counts: up to its last "___" flavour suffix, so that
 * task_struct___old is task_struct (bpf_core_essential_name_len). */
size_t rb_core_essential_len(const char *name);
int rb_core_same_essential(const char *a, const char *b);

/* libbpf's three comparisons of a local type (lb, lid) with a target
 * one: 1 yes, 0 no, -1 nested deeper than libbpf allows (or a loop).
 *   fields_compat  can a local field of this type be read as the target's
 *                  (bpf_core_fields_are_compat)?
 *   types_compat   is it the same type, for type_exists, type_size, type
 *                  ids (__bpf_core_types_are_compat)?
 *   types_match    does it match, member by member (type_matches,
 *                  __bpf_core_types_match)? */
int rb_core_fields_compat(const struct btf *lb, uint32_t lid, const struct btf *tb,
			  uint32_t tid);
int rb_core_types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid);
int rb_core_types_match(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid);

static inline unsigned kind_of(const struct btf_type *t)
{
	return t ? btf_kind(t) : BTF_KIND_UNKN;
}

static inline int is_composite(unsigned kind)
{
	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

static inline int is_any_enum(unsigned kind)
{
	return kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64;
}

/* Kinds a candidate may have (btf_kind_core_compat): the same, or two enums. */
static inline int kinds_compat(unsigned a, unsigned b)
{
	return a == b || (is_any_enum(a) && is_any_enum(b));
}

static inline const char *name_of(const struct btf *btf, const struct btf_type *t)
{
	return t ? btf_name(btf, t->name_off) : "";
}

/* INT: the bit offset of its bits in the integer (btf.rst 2.2.1); only old
 * compilers' bitfields set it. */
static inline unsigned int_offset(const struct btf_type *t)
{
	return (btf_int_info(t) >> 16) & 0xff;
}

/* Skip typedefs and modifiers: 0 with *t the record (NULL for void), or
 * -1 for a loop or an id that does not exist. */
static inline int resolve(const struct btf *btf, uint32_t id, uint32_t *out,
			  const struct btf_type **t)
{
	struct rb_error ignored;

	if (btf_resolve(btf, id, out, &ignored))
		return -1;
	*t = btf_type_by_id(btf, *out);
	return 0;
}

#endif
