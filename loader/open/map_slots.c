/* Initial values of maps of maps and program arrays: .rel.maps.
 *
 * A map of maps, or a program array, may say in C what its slots hold:
 *     struct {
 *         __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
 *         __uint(max_entries, 2);
 *         __type(key, __u32);
 *         __array(values, struct inner_def);   struct inner_def *values[];
 *     } outer SEC(".maps") = { .values = { &inner_a, &inner_b } };
 * `values` is a flexible array of pointers at the end of the variable, so
 * the initialiser makes the variable longer: 8 bytes (a BPF pointer) per
 * slot. clang cannot know an address, so each pointer is 0 in .maps and a
 * relocation record in .rel.maps says "the 8 bytes at .maps+X hold the
 * address of inner_a". The slot is (X - where values starts) / 8.
 * Program arrays are the same with functions (`__array(values, int (void
 * *))`, `{ &handle_a }`): the records name programs.
 *
 * The kernel has no addresses to give either: a slot holds a map's or a
 * program's fd, written with BPF_MAP_UPDATE_ELEM once that exists
 * (kernel/map_slots.c). Here each record becomes an rb_map_slot: the map it
 * falls in, the slot, and which of the object's maps or programs it names.
 * The legacy maps section has no such syntax: a relocation there is
 * refused. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

#define BPF_POINTER_SIZE 8 /* the BPF target's pointers, whatever the host's */

static int add_slot(struct rb_object *obj, struct rb_map *m, struct rb_map_slot slot,
		    struct rb_error *err)
{
	struct rb_map_slot *slots;

	for (size_t i = 0; i < m->slot_count; i++)
		if (m->slots[i].index == slot.index)
			return rb_fail(err, RB_ERR_INPUT, "%s: .rel.maps: map %s: slot %u is given twice",
				       obj->path, m->name, slot.index);
	slots = realloc(m->slots, (m->slot_count + 1) * sizeof(*slots));
	if (!slots)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	m->slots = slots;
	m->slots[m->slot_count++] = slot;
	return 0;
}

/* The program whose first instruction is at byte `at` of section `shndx`. */
static long program_at(const struct rb_object *obj, uint16_t shndx, uint64_t at)
{
	for (size_t i = 0; i < obj->program_count; i++) {
		const struct rb_function *fn = &obj->programs[i].fn;
		if (fn->section == shndx && fn->first_insn * sizeof(struct bpf_insn) == at)
			return (long)i;
	}
	return -1;
}

/* What slot `slot` of map m names: another map of .maps (a map of maps) or
 * a program (a program array). `at` is the symbol's value plus the addend,
 * which SHT_REL leaves in the 8 bytes being patched (0 for a named symbol;
 * for a section symbol, which clang may use for static things, the offset
 * inside the section). */
static int slot_target(const struct rb_object *obj, const struct rb_map *m,
		       const struct elf_section *defs, const struct elf_symbol *sym, uint64_t at,
		       uint32_t slot, size_t *target, struct rb_error *err)
{
	const char *name = sym->name[0] ? sym->name : "a section symbol";
	long found;

	if (rb_map_is_map_of_maps(m)) {
		found = sym->shndx == defs->index ? rb_map_at(obj, sym->shndx, at) : -1;
		if (found < 0)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .rel.maps: map of maps %s, slot %u: %s is not a map "
				       "defined in .maps",
				       obj->path, m->name, slot, name);
	} else {
		found = sym->shndx < obj->elf.nsections ? program_at(obj, sym->shndx, at) : -1;
		if (found < 0)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .rel.maps: program array %s, slot %u: %s is not a "
				       "program (a tail call's target is a function in a SEC(\"...\") "
				       "section of its own, not a subprogram or data)",
				       obj->path, m->name, slot, name);
	}
	*target = (size_t)found;
	return 0;
}

/* One record: which map's values it falls in, which slot, what it names. */
static int collect_slot(struct rb_object *obj, const struct elf_section *defs,
			const struct elf_relocation *r, struct rb_error *err)
{
	const struct elf_symbol *sym = &obj->elf.symbols[r->sym];
	struct rb_map_slot slot = { .symbol = sym->name };
	uint64_t values, addend;
	struct rb_map *m;
	long index;

	if (r->type != R_BPF_64_ABS64_)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .rel.maps: relocation type %u at .maps+0x%llx: an initial "
			       "value is a 64-bit address (R_BPF_64_ABS64, type %u)",
			       obj->path, r->type, (unsigned long long)r->offset, R_BPF_64_ABS64_);
	index = rb_btf_map_holding(obj, r->offset, &values, err);
	if (index < 0)
		return -1;
	m = &obj->maps[index];
	if (r->offset < values || (r->offset - values) % BPF_POINTER_SIZE)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .rel.maps: .maps+0x%llx is inside map %s's definition, not on "
			       "one of its values (8 bytes each from .maps+0x%llx)",
			       obj->path, (unsigned long long)r->offset, m->name,
			       (unsigned long long)values);
	if ((r->offset - values) / BPF_POINTER_SIZE >= m->max_entries)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .rel.maps: map %s has an initial value in slot %llu, past its "
			       "max_entries %u",
			       obj->path, m->name,
			       (unsigned long long)((r->offset - values) / BPF_POINTER_SIZE),
			       m->max_entries);
	slot.index = (uint32_t)((r->offset - values) / BPF_POINTER_SIZE);
	if (m->key_size != sizeof(uint32_t))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .rel.maps: map %s: initial values are written at 4-byte keys "
			       "(the slot number), but its keys are %u bytes",
			       obj->path, m->name, m->key_size);
	if (elf_section_read(&obj->elf, defs, r->offset, sizeof(addend), &addend, err) ||
	    slot_target(obj, m, defs, sym, sym->value + addend, slot.index, &slot.target, err))
		return -1;
	if (!slot.symbol[0])
		slot.symbol = rb_map_is_map_of_maps(m) ? obj->maps[slot.target].name
						       : obj->programs[slot.target].fn.name;
	rb_narrate(&obj->narrator, "map %s: slot %u holds %s %s (.rel.maps)", m->name, slot.index,
		   rb_map_is_map_of_maps(m) ? "map" : "program", slot.symbol);
	return add_slot(obj, m, slot, err);
}

int rb_collect_map_slots(struct rb_object *obj, const struct elf_section *rel,
			 const struct elf_section *defs, struct rb_error *err)
{
	struct elf_relocation *entries;
	size_t count;
	int ret = 0;

	if (elf_relocations(&obj->elf, rel, &entries, &count, err))
		return -1;
	if (count && strcmp(defs->name, ".maps") != 0) {
		const struct elf_symbol *sym = &obj->elf.symbols[entries[0].sym];
		ret = rb_fail(err, RB_ERR_INPUT,
			      "%s: section %s: %zu address(es) in map definitions, the first at "
			      "%s+0x%llx naming %s: only BTF-defined maps (.maps) take initial "
			      "values, with __array(values, ...)",
			      obj->path, rel->name, count, defs->name,
			      (unsigned long long)entries[0].offset,
			      sym->name[0] ? sym->name : "a section");
	}
	for (size_t i = 0; i < count && !ret; i++)
		if (entries[i].type != R_BPF_NONE_)
			ret = collect_slot(obj, defs, &entries[i], err);
	free(entries);
	return ret;
}

/* Pure, so that the open stage can ask it too. */
int rb_map_is_map_of_maps(const struct rb_map *map)
{
	return map->type == BPF_MAP_TYPE_ARRAY_OF_MAPS || map->type == BPF_MAP_TYPE_HASH_OF_MAPS;
}
