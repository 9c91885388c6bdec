/* Maps defined in SEC(".maps") and described by BTF.
 *
 * A modern map declaration is a variable of an anonymous struct type:
 *     struct {
 *         __uint(type, BPF_MAP_TYPE_HASH);     int (*type)[1];
 *         __uint(max_entries, 64);             int (*max_entries)[64];
 *         __type(key, __u32);                  __u32 *key;
 *         __type(value, __u64);                __u64 *value;
 *     } by_pid SEC(".maps");
 * The variable's bytes are all zero: the numbers live in its *type*. An
 * __uint field is a pointer to an array whose length is the number; a
 * __type field is a pointer to the key or value type, whose size is the
 * key or value size. So the loader reads maps from BTF: the .maps DATASEC
 * lists the variables, each variable's struct lists the fields. */
#include <elf.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

/* The number an __uint(name, N) member carries: int (*name)[N]. */
static int uint_field(const struct btf *btf, const char *map, const char *field,
		      uint32_t type, uint32_t *out, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(btf, type), *arr;

	if (!t || btf_kind(t) != BTF_KIND_PTR || btf_resolve(btf, t->type, &type, err) ||
	    !(arr = btf_type_by_id(btf, type)) || btf_kind(arr) != BTF_KIND_ARRAY)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .maps: map %s: field %s is not written with __uint(%s, N)",
			       btf->path, map, field, field);
	*out = ((const struct btf_array *)btf_extra(arr))->nelems;
	return 0;
}

/* The type an __type(name, T) member names: T *name. */
static int type_field(const struct btf *btf, const char *map, const char *field,
		      uint32_t type, uint32_t *id, uint32_t *size, struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(btf, type);
	uint64_t bytes;

	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .maps: map %s: field %s is not written with __type(%s, T)",
			       btf->path, map, field, field);
	if (btf_type_size(btf, t->type, &bytes, err))
		return -1;
	if (bytes > UINT32_MAX)
		return rb_fail(err, RB_ERR_INPUT, "%s: .maps: map %s: %s is too large", btf->path,
			       map, field);
	*id = t->type;
	*size = (uint32_t)bytes;
	return 0;
}

/* The __uint fields and where each goes in struct rb_map. */
static const struct {
	const char *name;
	size_t offset;
} uint_fields[] = {
	{ "type", offsetof(struct rb_map, type) },
	{ "max_entries", offsetof(struct rb_map, max_entries) },
	{ "map_flags", offsetof(struct rb_map, map_flags) },
	{ "numa_node", offsetof(struct rb_map, numa_node) },
	{ "key_size", offsetof(struct rb_map, key_size) },
	{ "value_size", offsetof(struct rb_map, value_size) },
	{ "pinning", offsetof(struct rb_map, pinning) },
};

static int read_field(const struct btf *btf, struct rb_map *m, const struct btf_member *f,
		      struct rb_error *err)
{
	const char *name = btf_name(btf, f->name_off);
	uint32_t value;

	for (size_t i = 0; i < sizeof(uint_fields) / sizeof(uint_fields[0]); i++) {
		if (strcmp(name, uint_fields[i].name) != 0)
			continue;
		if (uint_field(btf, m->name, name, f->type, &value, err))
			return -1;
		memcpy((char *)m + uint_fields[i].offset, &value, sizeof(value));
		return 0;
	}
	if (strcmp(name, "map_extra") == 0) { /* the only 64-bit field */
		if (uint_field(btf, m->name, name, f->type, &value, err))
			return -1;
		m->map_extra = value;
		return 0;
	}
	if (strcmp(name, "key") == 0)
		return type_field(btf, m->name, name, f->type, &m->btf_key_type_id, &m->key_size, err);
	if (strcmp(name, "value") == 0)
		return type_field(btf, m->name, name, f->type, &m->btf_value_type_id,
				  &m->value_size, err);
	if (strcmp(name, "values") == 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .maps: map %s: initial values (__array(values, ...): maps of maps, "
			       "program arrays) are not supported by rawbpf yet",
			       btf->path, m->name);
	return rb_fail(err, RB_ERR_INPUT, "%s: .maps: map %s: unknown field '%s'", btf->path,
		       m->name, name);
}

static int add_map(struct rb_object *obj, const struct elf_section *sec,
		   const struct btf_var_secinfo *vi, struct rb_error *err)
{
	const struct btf *btf = obj->btf;
	const struct btf_type *var = btf_type_by_id(btf, vi->type), *def;
	const struct elf_symbol *sym;
	struct rb_map *maps, *m;
	uint32_t def_id;

	if (!var || btf_kind(var) != BTF_KIND_VAR)
		return rb_fail(err, RB_ERR_INPUT, "%s: .maps: entry of type %u is not a variable",
			       obj->path, vi->type);
	maps = realloc(obj->maps, (obj->map_count + 1) * sizeof(*maps));
	if (!maps)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->maps = maps;
	m = &maps[obj->map_count++];
	*m = (struct rb_map){ .fd = -1, .section = sec->index };
	m->name = strdup(btf_name(btf, var->name_off));
	if (!m->name)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	rb_kernel_name(m->kernel_name, m->name);
	/* Where the map's variable is in .maps: its symbol says, else BTF. */
	sym = elf_symbol_in_section(&obj->elf, sec->index, m->name);
	m->offset = sym ? sym->value : vi->offset;
	if (btf_resolve(btf, var->type, &def_id, err))
		return -1;
	def = btf_type_by_id(btf, def_id);
	if (!def || btf_kind(def) != BTF_KIND_STRUCT)
		return rb_fail(err, RB_ERR_INPUT, "%s: .maps: map %s is not a struct", obj->path,
			       m->name);
	for (unsigned i = 0; i < btf_vlen(def); i++)
		if (read_field(btf, m, (const struct btf_member *)btf_extra(def) + i, err))
			return -1;
	/* A perf event array holds perf event fds: 4-byte keys and values,
	 * whatever the declaration said. */
	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		m->key_size = m->value_size = sizeof(uint32_t);
		m->btf_key_type_id = m->btf_value_type_id = 0;
	}
	rb_narrate(&obj->narrator, "map %s: BTF definition in .maps+0x%llx: type %u, key %u, value %u, "
		 "max_entries %u, flags 0x%x", m->name, (unsigned long long)m->offset, m->type,
		 m->key_size, m->value_size, m->max_entries, m->map_flags);
	return 0;
}

int rb_collect_btf_maps(struct rb_object *obj, struct rb_error *err)
{
	const struct elf_section *sec = elf_section_by_name(&obj->elf, ".maps");
	const struct btf_type *ds;
	int64_t id;

	if (!sec)
		return 0;
	if (!obj->btf)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: the object declares maps in .maps but has no BTF to describe "
			       "them: compile it with clang -g",
			       obj->path);
	id = btf_find_by_name_kind(obj->btf, ".maps", BTF_KIND_DATASEC);
	if (id < 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: .BTF has no DATASEC for .maps", obj->path);
	ds = btf_type_by_id(obj->btf, (uint32_t)id);
	for (unsigned i = 0; i < btf_vlen(ds); i++)
		if (add_map(obj, sec, (const struct btf_var_secinfo *)btf_extra(ds) + i, err))
			return -1;
	return 0;
}
