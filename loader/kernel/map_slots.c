/* Maps of maps and program arrays in the kernel: creating, filling, reading.
 *
 * A map of maps (ARRAY_OF_MAPS, HASH_OF_MAPS) holds other maps. The kernel
 * must know at BPF_MAP_CREATE what its inner maps will look like, so that
 * the verifier can check a program's use of bpf_map_lookup_elem(&outer, k)
 * before any inner map is there: it is given one map as a model
 * (inner_map_fd) and keeps a copy of that map's type, sizes and flags
 * (bpf_map_meta_alloc() in kernel/bpf/map_in_map.c), not the map itself.
 * rawbpf creates that model from the object's definition (load.c), passes
 * it, and closes it again.
 *
 * The slots are written with BPF_MAP_UPDATE_ELEM, key the slot number and
 * value an fd: of a map for a map of maps, once every map exists; of a
 * program for a program array, once every program is loaded, which is what
 * makes bpf_tail_call(ctx, &jump, i) find one. Reading a slot back from
 * user space gives an id instead of an fd (bpf_map_fd_sys_lookup_elem()),
 * which BPF_MAP_GET_FD_BY_ID turns into an fd of our own. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"

static int is_legacy(const struct rb_object *obj, const struct rb_map *m)
{
	return strcmp(obj->elf.sections[m->section].name, "maps") == 0;
}

/* Legacy 7-field definitions (the book era, samples/bpf/bpf_load.c) name
 * the model by its index among the section's maps, which are created in
 * order: it must come first. */
static int check_legacy_inner(const struct rb_object *obj, size_t i, struct rb_error *err)
{
	const struct rb_map *m = &obj->maps[i];

	if (m->inner_map_idx >= i || rb_map_is_map_of_maps(&obj->maps[m->inner_map_idx]))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section maps: map of maps %s: inner_map_idx %u must name an "
			       "earlier map of the section, one that is not a map of maps itself: "
			       "the model its inner maps are checked against",
			       obj->path, m->name, m->inner_map_idx);
	return 0;
}

int rb_map_slots_check(const struct rb_object *obj, struct rb_error *err)
{
	for (size_t i = 0; i < obj->map_count; i++) {
		const struct rb_map *m = &obj->maps[i];

		if (rb_map_is_map_of_maps(m) && is_legacy(obj, m) && check_legacy_inner(obj, i, err))
			return -1;
		if (rb_map_is_map_of_maps(m) && !is_legacy(obj, m) && !m->inner)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: map of maps %s has no definition of its inner maps, "
				       "which the kernel needs to create it: declare them with "
				       "__array(values, struct { __uint(type, ...); ... })",
				       obj->path, m->name);
		/* The pin holds the array, the array its programs: they would
		 * stay loaded after rawbpf ends, which it promises they do not. */
		if (m->type == BPF_MAP_TYPE_PROG_ARRAY && m->slot_count && m->pinning)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: program array %s is pinned and has initial values: its "
				       "programs would stay loaded after rawbpf ends; drop the "
				       "pinning or the initial values",
				       obj->path, m->name);
	}
	return 0;
}

int rb_inner_map_fd(const struct rb_object *obj, const struct rb_map *map)
{
	if (!rb_map_is_map_of_maps(map))
		return -1;
	if (map->inner)
		return map->inner->fd;
	return is_legacy(obj, map) ? obj->maps[map->inner_map_idx].fd : -1;
}

static const char *slot_hint(const struct rb_map *m, int errnum)
{
	if (errnum != EINVAL)
		return "";
	if (rb_map_is_map_of_maps(m))
		return " (the kernel checks every inner map against the inner maps' "
		       "definition: type, key and value sizes, flags and, for arrays, "
		       "max_entries)";
	return " (a program array holds programs of one type, the type of the "
	       "programs that use it, and only ones that may be tail-called)";
}

static int write_slot(struct rb_object *obj, const struct rb_map *m,
		      const struct rb_map_slot *slot, struct rb_error *err)
{
	int of_maps = rb_map_is_map_of_maps(m);
	int fd = of_maps ? obj->maps[slot->target].fd : obj->programs[slot->target].fd;
	uint32_t value = (uint32_t)fd;
	union bpf_attr attr;

	if (!of_maps && !obj->programs[slot->target].autoload) {
		/* Not loaded on purpose: the slot stays empty, and a tail
		 * call through it falls through, as for any empty slot. */
		rb_narrate(&obj->narrator, "map %s: slot %u left empty: program %s is not loaded",
			   m->name, slot->index, obj->programs[slot->target].fn.name);
		return 0;
	}
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)m->fd;
	attr.key = rb_ptr(&slot->index);
	attr.value = rb_ptr(&value);
	attr.flags = BPF_ANY;
	if (rb_bpf(BPF_MAP_UPDATE_ELEM, &attr) < 0) {
		int e = errno;
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "%s: map %s: writing %s %s (fd %d) into slot %u failed%s",
				     obj->path, m->name, of_maps ? "map" : "program", slot->symbol,
				     fd, slot->index, slot_hint(m, e));
	}
	rb_narrate(&obj->narrator, "bpf(BPF_MAP_UPDATE_ELEM, %s, key %u, %s %s fd %d) = 0", m->name,
		   slot->index, of_maps ? "map" : "program", slot->symbol, fd);
	return 0;
}

int rb_map_slots_write(struct rb_object *obj, int programs, struct rb_error *err)
{
	for (size_t i = 0; i < obj->map_count; i++) {
		const struct rb_map *m = &obj->maps[i];

		/* a reused pin keeps its own contents */
		if (m->reused || (m->type == BPF_MAP_TYPE_PROG_ARRAY) != programs)
			continue;
		for (size_t s = 0; s < m->slot_count; s++)
			if (write_slot(obj, m, &m->slots[s], err))
				return -1;
	}
	return 0;
}

/* The object's own name for the map with this id, if it is one of its. */
static const char *object_map_name(const struct rb_object *obj, uint32_t id)
{
	struct rb_map_info info;

	for (size_t i = 0; i < obj->map_count; i++)
		if (obj->maps[i].fd >= 0 && rb_map_info_by_fd(obj->maps[i].fd, &info, NULL, NULL) == 0 &&
		    info.id == id)
			return obj->maps[i].name;
	return NULL;
}

int rb_map_inner_open(const struct rb_object *obj, const struct rb_map *outer, const void *key,
		      struct rb_map *inner, uint32_t *id, struct rb_error *err)
{
	struct rb_map_info info;
	union bpf_attr attr;
	int found, fd;

	*inner = (struct rb_map){ .fd = -1 };
	found = rb_map_lookup(outer, key, id, err); /* the value is the inner map's id */
	if (found <= 0)
		return found;
	memset(&attr, 0, sizeof(attr));
	attr.map_id = *id;
	fd = rb_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
	if (fd < 0 && errno == ENOENT)
		return 0; /* freed since the lookup: the slot was emptied */
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "map %s: BPF_MAP_GET_FD_BY_ID %u (an inner map) failed",
				     outer->name, *id);
	if (rb_map_info_by_fd(fd, &info, NULL, err)) {
		close(fd);
		return rb_error_prefix(err, -1, "map %s: inner map %u", outer->name, *id);
	}
	rb_map_from_info(fd, &info, inner, outer->narrator);
	inner->name = (char *)object_map_name(obj, *id);
	if (!inner->name)
		inner->name = inner->kernel_name;
	return 1;
}

void rb_map_inner_close(struct rb_map *inner)
{
	if (inner->fd >= 0)
		close(inner->fd);
	inner->fd = -1;
}
