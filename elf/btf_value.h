/* Values printed by their BTF types: a map's key and value as
 * `rawbpf map dump` shows them, C-like for people or as JSON the way
 * bpftool's `map dump` does (its btf_dumper.c). Pure: bytes in, text out. */
#ifndef RAWBPF_BTF_VALUE_H
#define RAWBPF_BTF_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "btf.h"

/* The styles (`style` below; the library's RB_FORMAT_* are the same). */
#define BTF_VALUE_LINE  0 /* for people, on one line */
#define BTF_VALUE_JSON  1
#define BTF_VALUE_BLOCK 2 /* for people, a struct's members one a line */

/* The `size` bytes at `data` as a value of type `id`, into buf (always
 * terminated), in printable ASCII whatever the bytes and names are:
 *   line:   { .pid = 12, .comm = "sh", .flags = [1, 0] }, enums by name,
 *           pointers 0x..., strings escaped as \xNN
 *   block:  the same with each member on a line of its own, ended by a
 *           comma, indented four spaces a level (nested structs deeper);
 *           arrays stay on one line; no newline after the last brace
 *   json:   {"pid":12,"comm":"sh","flags":[1,0]}, enums as "NAME", bools
 *           true/false, strings escaped as \u00XX
 * Returns 0, or -1 (buf "") when the type has no size, its size is not
 * `size`, it is nested deeper than 32, or buf is too small. */
int btf_value_format(const struct btf *btf, uint32_t id, const uint8_t *data, size_t size,
		     int style, char *buf, size_t bufsize);

/* btf_hist.c. A histogram's slot array: a struct with a member named
 * `slots` that is an array of integers (libbpf-tools' struct hist), at
 * `offset` bytes in the value, `count` counts of `elem_size` bytes. */
struct btf_slots {
	uint32_t offset, elem_size, count;
};
/* 1 and *out when type `id` is such a struct, else 0. */
int btf_hist_slots(const struct btf *btf, uint32_t id, struct btf_slots *out);
/* 1 and *size (1, 2, 4 or 8) when type `id` is an integer that counts
 * (not a bool or a char, no bitfield), else 0. */
int btf_is_count(const struct btf *btf, uint32_t id, uint32_t *size);

#endif
