/* rb_object_set_global(): change a global variable's initial value before
 * the programs load.
 *
 * The typical use is a `const volatile` variable in .rodata: the program
 * reads it as a constant the verifier knows (the map is frozen before the
 * programs are verified), yet the user picks the value at load time, e.g.
 *     rawbpf run --set step=5 globals.bpf.o
 * The variable is found in the object's list of variables (variables.c),
 * which gives its map, offset and size. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

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
	const struct rb_variable *var = NULL;
	struct rb_map *map;
	uint64_t v = 0;

	for (size_t i = 0; i < obj->variable_count; i++) {
		const struct rb_variable *each = &obj->variables[i];
		if (strcmp(each->name, name) != 0)
			continue;
		/* a linked object may hold two units' `static int x` */
		if (var)
			return rb_fail(err, RB_ERR_INPUT,
				       "--set %s: %s has more than one variable named %s (in %s "
				       "and %s): --set cannot tell which one is meant",
				       name, obj->path, name, var->section_name, each->section_name);
		var = each;
	}
	if (!var)
		return rb_fail(err, RB_ERR_INPUT,
			       "--set %s: %s has no global variable named %s", name,
			       obj->path, name);
	map = &obj->maps[var->map];
	if (rb_map_is_kconfig(map))
		return rb_fail(err, RB_ERR_INPUT,
			       "--set %s: %s is a __kconfig extern, whose value comes from the "
			       "kernel's config when the object loads (rawbpf run --kconfig FILE "
			       "reads another config)", name, name);
	if (map->fd >= 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "--set %s: the object is already loaded", name);
	if (var->size == 0 || var->size > 8 || (var->size & (var->size - 1)))
		return rb_fail(err, RB_ERR_INPUT,
			       "--set %s: the variable is %" PRIu32 " bytes; --set takes integers "
			       "of 1, 2, 4 or 8 bytes",
			       name, var->size);
	if (parse_integer(name, value, var->size, &v, err))
		return -1;
	/* BPF is little-endian here: the low bytes of v, in order. The model
	 * keeps every variable inside its map's value (variables.c). */
	for (uint32_t i = 0; i < var->size; i++)
		map->init_value[var->offset + i] = (uint8_t)(v >> (8 * i));
	rb_narrate(&obj->narrator, "set %s (%s+0x%" PRIx32 ", %" PRIu32 " bytes) = %s", name,
		 map->name, var->offset, var->size, value);
	return 0;
}
