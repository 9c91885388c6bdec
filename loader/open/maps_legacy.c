/* Maps from the legacy "maps" section.
 *
 * Before BTF, programs declared maps as global structs in SEC("maps"):
 *     struct bpf_map_def SEC("maps") counts = { .type = ..., ... };
 * The struct has no fixed definition: the kernel's old samples/bpf used five
 * u32 fields (type, key_size, value_size, max_entries, map_flags), the book
 * "Linux Observability with BPF" and bcc-era code seven (adding
 * inner_map_idx and numa_node). The object does not say which, but every
 * map in the section has the same size, so
 *     definition size = section size / number of map symbols.
 * Every field is a u32, so a definition is a whole number of them: 16 bytes
 * (4 fields, the oldest samples), 20 (5), 28 (7), or more, as iproute2's
 * 9-field struct bpf_elf_map. Fields past the seven rawbpf knows must be
 * zero: a non-zero value there means something rawbpf would silently
 * ignore. Each map symbol must lie inside the section and, when it gives a
 * size, be one definition long: otherwise the size guessed is wrong. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

#define KNOWN_FIELDS 7
#define MIN_FIELDS 4 /* type, key_size, value_size, max_entries */
#define FIELD_SIZE sizeof(uint32_t)

static int is_map_symbol(const struct elf_symbol *s, const struct elf_section *sec)
{
	return s->shndx == sec->index && s->type != STT_SECTION && s->type != STT_FILE &&
	       s->name[0] != '\0';
}

/* The symbol's definition, def_size bytes from its value, and the symbol's
 * own size when it has one, inside the section. */
static int check_symbol(const struct rb_object *obj, const struct elf_section *sec,
			const struct elf_symbol *s, uint64_t def_size, struct rb_error *err)
{
	/* value > size first, so that size - value cannot wrap */
	if (s->value > sec->size || def_size > sec->size - s->value ||
	    s->size > sec->size - s->value)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section maps: map %s at offset 0x%llx (%llu bytes) runs past "
			       "the end of the section (%llu bytes)",
			       obj->path, s->name, (unsigned long long)s->value,
			       (unsigned long long)(s->size > def_size ? s->size : def_size),
			       (unsigned long long)sec->size);
	if (s->size && s->size != def_size)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section maps: map %s is %llu bytes, but the section's %llu "
			       "bytes divide into %llu-byte definitions, one per map symbol",
			       obj->path, s->name, (unsigned long long)s->size,
			       (unsigned long long)sec->size, (unsigned long long)def_size);
	return 0;
}

static int compare_offsets(const void *a, const void *b)
{
	const struct rb_map *x = a, *y = b;

	return x->offset < y->offset ? -1 : (x->offset > y->offset);
}

static int read_definition(struct rb_object *obj, const struct elf_section *sec,
			   struct rb_map *map, uint64_t def_size, struct rb_error *err)
{
	uint32_t fields[KNOWN_FIELDS] = { 0 };
	uint64_t known = def_size < sizeof(fields) ? def_size : sizeof(fields);

	if (map->offset % def_size)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section maps: map %s starts at offset 0x%llx, which is not "
			       "a multiple of the definition size %llu",
			       obj->path, map->name, (unsigned long long)map->offset,
			       (unsigned long long)def_size);
	if (elf_section_read(&obj->elf, sec, map->offset, known, fields, err))
		return -1;
	for (uint64_t off = sizeof(fields); off < def_size; off++) {
		uint8_t byte;
		if (elf_section_read(&obj->elf, sec, map->offset + off, 1, &byte, err))
			return -1;
		if (byte)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: section maps: map %s: its %llu-byte definition has "
				       "non-zero data at byte %llu, past the 7 fields rawbpf knows",
				       obj->path, map->name, (unsigned long long)def_size,
				       (unsigned long long)off);
	}
	map->type = fields[0];
	map->key_size = fields[1];
	map->value_size = fields[2];
	map->max_entries = fields[3];
	map->map_flags = fields[4];
	map->inner_map_idx = fields[5];
	map->numa_node = fields[6];
	return 0;
}

int rb_collect_legacy_maps(struct rb_object *obj, struct rb_error *err)
{
	const struct elf_section *sec = elf_section_by_name(&obj->elf, "maps");
	size_t count = 0;
	uint64_t def_size;

	if (!sec)
		return 0;
	for (size_t i = 1; i < obj->elf.nsymbols; i++)
		count += is_map_symbol(&obj->elf.symbols[i], sec);
	if (count == 0)
		return sec->size ? rb_fail(err, RB_ERR_INPUT,
					   "%s: section maps has %llu bytes but no map symbols",
					   obj->path, (unsigned long long)sec->size)
				 : 0;
	if (!sec->data || sec->size % count)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section maps: %llu bytes do not divide into %zu equal map definitions",
			       obj->path, (unsigned long long)sec->size, count);
	def_size = sec->size / count;
	if (def_size < MIN_FIELDS * FIELD_SIZE)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section maps: definitions of %llu bytes are too small "
			       "(type, key_size, value_size and max_entries take 16)",
			       obj->path, (unsigned long long)def_size);
	if (def_size % FIELD_SIZE)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section maps: %llu bytes for %zu map symbol%s make "
			       "%llu-byte definitions, which no struct bpf_map_def has: its "
			       "fields are 4-byte integers (20 bytes for 5 fields, 28 for 7)",
			       obj->path, (unsigned long long)sec->size, count,
			       count == 1 ? "" : "s", (unsigned long long)def_size);

	obj->maps = calloc(count, sizeof(*obj->maps));
	if (!obj->maps)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 1; i < obj->elf.nsymbols; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[i];
		struct rb_map *m;

		if (!is_map_symbol(s, sec))
			continue;
		if (check_symbol(obj, sec, s, def_size, err))
			return -1;
		m = &obj->maps[obj->map_count++];
		*m = (struct rb_map){ .fd = -1, .section = sec->index, .offset = s->value };
		m->name = strdup(s->name);
		if (!m->name)
			return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		rb_kernel_name(m->kernel_name, m->name);
	}
	/* In the order they appear in the section, as the programmer wrote them. */
	qsort(obj->maps, obj->map_count, sizeof(*obj->maps), compare_offsets);
	for (size_t i = 0; i < obj->map_count; i++) {
		struct rb_map *m = &obj->maps[i];
		if (i > 0 && m->offset == obj->maps[i - 1].offset)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: section maps: maps %s and %s share offset 0x%llx",
				       obj->path, obj->maps[i - 1].name, m->name,
				       (unsigned long long)m->offset);
		if (read_definition(obj, sec, m, def_size, err))
			return -1;
		rb_narrate(&obj->narrator,
			 "map %s: legacy definition (%llu bytes) at maps+0x%llx: type %u, "
			 "key %u, value %u, max_entries %u, flags 0x%x",
			 m->name, (unsigned long long)def_size, (unsigned long long)m->offset,
			 m->type, m->key_size, m->value_size, m->max_entries, m->map_flags);
	}
	return 0;
}
