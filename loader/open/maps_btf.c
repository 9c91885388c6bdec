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
	return rb_fail(err, RB_ERR_INPUT, "%s: .maps: map %s: unknown field '%s'", btf->path,
		       m->name, name);
}

static int read_definition(const struct btf *btf, struct rb_map *m, const struct btf_type *def,
			   int is_inner, struct rb_error *err);

/* A map of maps' inner maps, as __array(values, struct { ... }) describes
 * them: the struct is a map definition of its own (like libbpf, rawbpf
 * names it "OUTER.inner"). */
static int read_inner(const struct btf *btf, struct rb_map *m, const struct btf_type *def,
		      struct rb_error *err)
{
	struct rb_map *inner = calloc(1, sizeof(*inner));
	size_t len = strlen(m->name);

	if (!inner)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	m->inner = inner; /* freed with m (object.c), whatever happens next */
	*inner = (struct rb_map){ .fd = -1, .section = m->section, .offset = m->offset };
	inner->name = malloc(len + sizeof(".inner"));
	if (!inner->name)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	memcpy(inner->name, m->name, len);
	memcpy(inner->name + len, ".inner", sizeof(".inner"));
	rb_kernel_name(inner->kernel_name, inner->name);
	return read_definition(btf, inner, def, 1, err);
}

static int not_array(const struct btf *btf, const struct rb_map *m, struct rb_error *err)
{
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: .maps: map %s: field values is not written with __array(values, T)",
		       btf->path, m->name);
}

/* __array(values, T) declares `T *values[]`: an array of no elements (the
 * initial values, if any, make the variable longer: they are relocations
 * of .maps, open/map_slots.c) of pointers to T. For a map of maps T is the
 * inner maps' definition, for a program array a function type. Either way
 * the kernel's values are 4 bytes: a map or program fd going in, an id
 * coming out. */
static int values_field(const struct btf *btf, struct rb_map *m, uint32_t type,
			struct rb_error *err)
{
	const struct btf_type *t = btf_type_by_id(btf, type);
	int of_maps = rb_map_is_map_of_maps(m);
	uint32_t id;

	if (!of_maps && m->type != BPF_MAP_TYPE_PROG_ARRAY)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .maps: map %s: __array(values, ...) gives initial values to maps "
			       "of maps and program arrays, not to a map of type %s",
			       btf->path, m->name, rb_map_type_name(m->type));
	if (!t || btf_kind(t) != BTF_KIND_ARRAY || btf_array(t)->nelems != 0)
		return not_array(btf, m, err);
	if (btf_resolve(btf, btf_array(t)->type, &id, err))
		return -1;
	t = btf_type_by_id(btf, id);
	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return not_array(btf, m, err);
	if (btf_resolve(btf, t->type, &id, err))
		return -1;
	if (m->value_size && m->value_size != sizeof(uint32_t))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .maps: map %s: value size %u, but the values of maps of maps and "
			       "program arrays are 4 bytes (an fd in, an id out)",
			       btf->path, m->name, m->value_size);
	m->value_size = sizeof(uint32_t);
	t = btf_type_by_id(btf, id);
	if (!of_maps) {
		if (!t || btf_kind(t) != BTF_KIND_FUNC_PROTO)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .maps: program array %s: its values must be programs: "
				       "__array(values, int (void *))",
				       btf->path, m->name);
		return 0;
	}
	if (!t || btf_kind(t) != BTF_KIND_STRUCT)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: .maps: map of maps %s: __array(values, T) must name the inner "
			       "maps' definition, a struct like a map's own",
			       btf->path, m->name);
	return read_inner(btf, m, t, err);
}

/* Every member of a map's definition. __array(values, ...) comes last, as
 * libbpf requires: the initial values follow the definition in .maps. An
 * inner map's definition has neither values of its own (the kernel keeps
 * maps of maps one level deep) nor a pin (it is a description, not a map). */
static int read_definition(const struct btf *btf, struct rb_map *m, const struct btf_type *def,
			   int is_inner, struct rb_error *err)
{
	unsigned n = btf_vlen(def);

	for (unsigned i = 0; i < n; i++) {
		const struct btf_member *f = btf_members(def) + i;
		const char *name = btf_name(btf, f->name_off);

		if (strcmp(name, "values") == 0 && is_inner)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .maps: %s: an inner map's definition cannot have "
				       "__array(values, ...): the kernel makes maps of maps one "
				       "level deep",
				       btf->path, m->name);
		if (strcmp(name, "values") == 0 && i != n - 1)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .maps: map %s: __array(values, ...) must be the last "
				       "field of the definition",
				       btf->path, m->name);
		if (strcmp(name, "pinning") == 0 && is_inner)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .maps: %s: an inner map's definition cannot be pinned",
				       btf->path, m->name);
		if (strcmp(name, "values") == 0 ? values_field(btf, m, f->type, err)
						: read_field(btf, m, f, err))
			return -1;
	}
	return 0;
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
	if (read_definition(btf, m, def, 0, err))
		return -1;
	/* A perf event array holds perf event fds: 4-byte keys and values,
	 * whatever the declaration said. A ring buffer has neither keys nor
	 * values (kernel/bpf/ringbuf.c, ringbuf_map_alloc_check() refuses
	 * sizes). Either may say the type of its events with __type(value,
	 * struct event): kept to print them by, and not told to the kernel. */
	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY || m->type == BPF_MAP_TYPE_RINGBUF) {
		m->event_type_id = m->btf_value_type_id;
		m->btf_key_type_id = m->btf_value_type_id = 0;
		if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			m->key_size = m->value_size = sizeof(uint32_t);
		else if (m->event_type_id)
			m->key_size = m->value_size = 0;
	}
	rb_narrate(&obj->narrator, "map %s: BTF definition in .maps+0x%llx: type %u, key %u, value %u, "
		 "max_entries %u, flags 0x%x", m->name, (unsigned long long)m->offset, m->type,
		 m->key_size, m->value_size, m->max_entries, m->map_flags);
	if (m->inner)
		rb_narrate(&obj->narrator, "map %s: its inner maps are defined as type %u, key %u, "
			   "value %u, max_entries %u, flags 0x%x", m->name, m->inner->type,
			   m->inner->key_size, m->inner->value_size, m->inner->max_entries,
			   m->inner->map_flags);
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

/* The BTF-defined map whose variable in .maps holds byte `offset`, and
 * where its __array(values, ...) member starts there (open/map_slots.c):
 * the variable's extent is its DATASEC entry's, which counts the initial
 * values after the definition. */
long rb_btf_map_holding(const struct rb_object *obj, uint64_t offset, uint64_t *values,
			struct rb_error *err)
{
	const struct btf *btf = obj->btf;
	int64_t ds_id = btf ? btf_find_by_name_kind(btf, ".maps", BTF_KIND_DATASEC) : -1;
	const struct btf_type *ds = ds_id > 0 ? btf_type_by_id(btf, (uint32_t)ds_id) : NULL;

	for (unsigned i = 0; ds && i < btf_vlen(ds); i++) {
		const struct btf_var_secinfo *vi = btf_var_secinfos(ds) + i;
		const struct btf_type *var = btf_type_by_id(btf, vi->type), *def;
		const struct btf_member *last;
		struct rb_map *m;
		uint32_t def_id;

		if (offset < vi->offset || offset - vi->offset >= vi->size || !var)
			continue;
		/* add_map() made a map of every variable, its definition a struct */
		m = rb_object_map_by_name((struct rb_object *)obj, btf_name(btf, var->name_off));
		if (!m || btf_resolve(btf, var->type, &def_id, err))
			break;
		def = btf_type_by_id(btf, def_id);
		last = def && btf_vlen(def) ? btf_members(def) + btf_vlen(def) - 1 : NULL;
		if (!last || strcmp(btf_name(btf, last->name_off), "values") != 0)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: .maps+0x%llx: an address inside the definition of map "
				       "%s, which has no __array(values, ...) for it",
				       obj->path, (unsigned long long)offset, m->name);
		*values = vi->offset + btf_member_bit_offset(def, last) / 8;
		return m - obj->maps;
	}
	return rb_fail(err, RB_ERR_INPUT, "%s: .maps+0x%llx: no map's definition holds it",
		       obj->path, (unsigned long long)offset);
}
