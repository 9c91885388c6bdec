/* Values printed by their BTF types: a map's key and value as
 * `rawbpf map dump` shows them, C-like for people or as JSON the way
 * bpftool's `map dump` does (its btf_dumper.c). Pure: bytes in, text out. */
#ifndef RAWBPF_BTF_VALUE_H
#define RAWBPF_BTF_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "btf.h"

/* The `size` bytes at `data` as a value of type `id`, into buf (always
 * terminated):
 *   people: { .pid = 12, .comm = "sh", .flags = [1, 0] }, enums by name,
 *           pointers 0x..., strings escaped as \xNN
 *   json:   {"pid":12,"comm":"sh","flags":[1,0]}, enums as "NAME", bools
 *           true/false, strings escaped as \u00XX
 * Returns 0, or -1 (buf "") when the type has no size, its size is not
 * `size`, it is nested deeper than 32, or buf is too small. */
int btf_value_format(const struct btf *btf, uint32_t id, const uint8_t *data, size_t size,
		     int json, char *buf, size_t bufsize);

#endif
