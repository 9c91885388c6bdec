/* rb_object_set_global(): change a global variable's initial value before
 * the programs load.
 *
 * The typical use is a `const volatile` variable in .rodata: the program
 * reads it as a constant the verifier knows (the map is frozen before the
 * programs are verified), yet the user picks the value at load time, e.g.
 *     rawbpf run --set step=5 globals.bpf.o
 * The variable is found through the ELF symbol table, which gives its
 * section, offset and size. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

static struct rb_map *data_map_of_section(struct rb_object *obj, uint16_t shndx)
{
	for (size_t i = 0; i < obj->map_count; i++)
		if (obj->maps[i].is_data && obj->maps[i].section == shndx)
			return &obj->maps[i];
	return NULL;
}

/* Parse VALUE and check it fits in `size` bytes, as signed or unsigned. */
static int parse_integer(const char *name, const char *text, uint64_t size,
			 uint64_t *out, struct rb_error *err)
{
	char *end;
	int negative = text[0] == '-';
	unsigned bits = (unsigned)size * 8;

	errno = 0;
	if (negative) {
		long long v = strtoll(text, &end, 0);
		long long min = bits == 64 ? INT64_MIN : -(1LL << (bits - 1));
		if (errno || *end || end == text || v < min)
			goto bad;
		*out = (uint64_t)v;
	} else {
		unsigned long long v = strtoull(text, &end, 0);
		if (errno || *end || end == text || (bits < 64 && v >> bits))
			goto bad;
		*out = v;
	}
	return 0;
bad:
	return rb_fail(err, RB_ERR_INPUT,
		       "--set %s=%s: not an integer that fits in %s's %" PRIu64 " bytes",
		       name, text, name, size);
}

int rb_object_set_global(struct rb_object *obj, const char *name,
			 const char *value, struct rb_error *err)
{
	const struct elf_symbol *sym = NULL;
	struct rb_map *map = NULL;
	uint64_t v = 0;

	for (size_t i = 1; i < obj->elf.nsymbols && !map; i++) {
		sym = &obj->elf.symbols[i];
		if (sym->type == STT_OBJECT && strcmp(sym->name, name) == 0)
			map = data_map_of_section(obj, sym->shndx);
	}
	if (!map)
		return rb_fail(err, RB_ERR_INPUT,
			       "--set %s: %s has no global variable named %s", name,
			       obj->path, name);
	if (map->fd >= 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "--set %s: the object is already loaded", name);
	if (sym->size == 0 || sym->size > 8 || (sym->size & (sym->size - 1)) ||
	    sym->value + sym->size > map->value_size)
		return rb_fail(err, RB_ERR_INPUT,
			       "--set %s: the variable is %" PRIu64 " bytes; --set takes integers "
			       "of 1, 2, 4 or 8 bytes",
			       name, sym->size);
	if (parse_integer(name, value, sym->size, &v, err))
		return -1;
	/* BPF is little-endian here: the low bytes of v, in order. */
	for (uint64_t i = 0; i < sym->size; i++)
		map->init_value[sym->value + i] = (uint8_t)(v >> (8 * i));
	rb_narrate(&obj->narrator, "set %s (%s+0x%" PRIx64 ", %" PRIu64 " bytes) = %s", name,
		 map->name, sym->value, sym->size, value);
	return 0;
}
