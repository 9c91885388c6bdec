/* Values by the object's BTF types, for printing them (rawbpf.h: "Values
 * by BTF"): a thin layer over elf/btf_value.c, the same formatter that
 * `rawbpf map dump` uses on the kernel's copy of the BTF, so the two print
 * a value alike. Each call only reads what rb_object_open() built. */
#include <string.h>

#include "elf/btf_value.h"
#include "open.h"

_Static_assert(RB_FORMAT_LINE == BTF_VALUE_LINE && RB_FORMAT_JSON == BTF_VALUE_JSON &&
	       RB_FORMAT_BLOCK == BTF_VALUE_BLOCK, "the library's styles are elf/'s");

int rb_object_btf_format(const struct rb_object *obj, uint32_t type_id, const void *data,
			 size_t size, int style, char *buf, size_t bufsize)
{
	if (!obj->btf || type_id == 0 || type_id >= obj->btf->count) {
		if (bufsize)
			buf[0] = '\0';
		return -1;
	}
	return btf_value_format(obj->btf, type_id, data, size, style, buf, bufsize);
}

int rb_object_btf_type_size(const struct rb_object *obj, uint32_t type_id, uint64_t *size)
{
	if (!obj->btf || type_id == 0 || type_id >= obj->btf->count)
		return -1;
	return btf_type_size(obj->btf, type_id, size, NULL);
}

/* "struct event", "union u", "enum state": that kind only; a bare name is
 * a typedef first (libbpf-tools' `typedef struct {...} event_t`), then a
 * struct, union, enum, integer or float of that name, as C would let it
 * be written after the keyword. */
int rb_object_btf_find_type(const struct rb_object *obj, const char *c_name, uint32_t *id)
{
	static const struct {
		const char *keyword;
		int kinds[3];
	} spellings[] = {
		{ "struct", { BTF_KIND_STRUCT } },
		{ "union", { BTF_KIND_UNION } },
		{ "enum", { BTF_KIND_ENUM, BTF_KIND_ENUM64 } },
	};
	static const int bare[] = { BTF_KIND_TYPEDEF, BTF_KIND_STRUCT, BTF_KIND_UNION,
				    BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_INT, BTF_KIND_FLOAT };
	const int *kinds = bare;
	size_t nkinds = sizeof(bare) / sizeof(bare[0]);
	const char *name = c_name;

	if (!obj->btf)
		return -1;
	while (*name == ' ')
		name++;
	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		size_t n = strlen(spellings[i].keyword);
		if (strncmp(name, spellings[i].keyword, n) == 0 && name[n] == ' ') {
			kinds = spellings[i].kinds;
			nkinds = spellings[i].kinds[1] ? 2 : 1;
			for (name += n; *name == ' '; name++)
				;
			break;
		}
	}
	for (size_t k = 0; k < nkinds; k++) {
		int found = btf_find_by_name_kind(obj->btf, name, kinds[k]);
		if (found > 0) {
			*id = (uint32_t)found;
			return 0;
		}
	}
	return -1;
}

int rb_object_btf_hist_slots(const struct rb_object *obj, uint32_t type_id,
			     struct rb_hist_slots *out)
{
	struct btf_slots s;

	if (!obj->btf || type_id == 0 || type_id >= obj->btf->count ||
	    !btf_hist_slots(obj->btf, type_id, &s))
		return 0;
	*out = (struct rb_hist_slots){ .offset = s.offset, .elem_size = s.elem_size,
				       .count = s.count };
	return 1;
}

int rb_object_btf_is_count(const struct rb_object *obj, uint32_t type_id)
{
	uint32_t size;

	return obj->btf && type_id && type_id < obj->btf->count &&
	       btf_is_count(obj->btf, type_id, &size);
}

uint32_t rb_map_btf_value_type(const struct rb_object *obj, const struct rb_map *map)
{
	int id;

	if (!obj->btf)
		return 0;
	if (rb_map_is_ringbuf(map) || rb_map_is_perf_event_array(map))
		return map->event_type_id;
	if (!map->is_data)
		return map->btf_value_type_id;
	/* global data: its section's DATASEC, whose size the open stage
	 * set from the section's (btf_object.c) */
	id = btf_find_by_name_kind(obj->btf, map->name, BTF_KIND_DATASEC);
	return id > 0 ? (uint32_t)id : 0;
}
