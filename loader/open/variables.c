/* Global variables: the model that inspect, the map printer and --set read.
 *
 * Each global-data section is one map (data_maps.c); its variables are
 * named ranges of the map's value. Two places in the object say where
 * they are:
 *  - the section's DATASEC in .BTF: one entry per variable, with its
 *    offset, size and a VAR type that names it and gives its C type (the
 *    offsets after the fix-ups of btf_object.c);
 *  - the symbol table: an STT_OBJECT symbol per variable, with its section,
 *    offset (st_value) and size, but no type.
 * BTF is preferred because its entries carry the type of each variable
 * itself: looking a type up by the variable's name instead gives the wrong
 * one when two variables share a name, as two units' `static int x` do in
 * a linked object (bpftool gen object). The symbol table serves sections
 * that BTF does not describe (objects built without -g, string literals).
 *
 * The list is built once here, at open; nothing else walks the symbol
 * table for variables. */
#include <elf.h>
#include <stdlib.h>

#include "open.h"

static int add_variable(struct rb_object *obj, size_t map, const char *name,
			uint64_t offset, uint64_t size, uint32_t btf_type_id,
			struct rb_error *err)
{
	const struct rb_map *m = &obj->maps[map];
	struct rb_variable *grown;

	/* A variable outside its section is the object's mistake; the kernel
	 * would refuse such BTF. Leave it out rather than point past the map. */
	if (offset > m->value_size || size > m->value_size - offset) {
		rb_narrate(&obj->narrator, "variable %s: %s+0x%llx, %llu bytes: past the end of "
			   "the section (%u bytes), left out", name, m->name,
			   (unsigned long long)offset, (unsigned long long)size, m->value_size);
		return 0;
	}
	grown = realloc(obj->variables, (obj->variable_count + 1) * sizeof(*grown));
	if (!grown)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->variables = grown;
	grown[obj->variable_count++] = (struct rb_variable){
		/* the map's name is its section's, and .kconfig's, which has none */
		.name = name, .map = map, .section_name = m->name,
		.offset = (uint32_t)offset, .size = (uint32_t)size, .btf_type_id = btf_type_id,
	};
	rb_narrate(&obj->narrator, "variable %s: %s+0x%llx, %llu bytes%s", name, m->name,
		   (unsigned long long)offset, (unsigned long long)size,
		   btf_type_id ? "" : " (from the symbol table: no type)");
	return 0;
}

/* Every VAR of the DATASEC: {type: the VAR, offset, size} each. */
static int from_datasec(struct rb_object *obj, size_t map, uint32_t datasec,
			struct rb_error *err)
{
	const struct btf_type *ds = btf_type_by_id(obj->btf, datasec);

	for (unsigned i = 0; i < btf_vlen(ds); i++) {
		const struct btf_var_secinfo *v = &btf_var_secinfos(ds)[i];
		const struct btf_type *var = btf_type_by_id(obj->btf, v->type);
		const char *name;

		if (!var || btf_kind(var) != BTF_KIND_VAR)
			continue; /* only .ksyms lists FUNCs, and it is no data section */
		name = btf_name(obj->btf, var->name_off);
		if (name[0] &&
		    add_variable(obj, map, name, v->offset, v->size, var->type, err))
			return -1;
	}
	return 0;
}

/* Every named STT_OBJECT symbol of the section. */
static int from_symbols(struct rb_object *obj, size_t map, struct rb_error *err)
{
	for (size_t i = 1; i < obj->elf.nsymbols; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[i];

		if (s->shndx == obj->maps[map].section && s->type == STT_OBJECT && s->name[0] &&
		    add_variable(obj, map, s->name, s->value, s->size, 0, err))
			return -1;
	}
	return 0;
}

int rb_collect_variables(struct rb_object *obj, struct rb_error *err)
{
	for (size_t m = 0; m < obj->map_count; m++) {
		int datasec;

		if (!obj->maps[m].is_data)
			continue;
		datasec = obj->btf ? btf_find_by_name_kind(obj->btf, obj->maps[m].name,
							   BTF_KIND_DATASEC) : -1;
		if (datasec > 0 ? from_datasec(obj, m, (uint32_t)datasec, err)
				: from_symbols(obj, m, err))
			return -1;
	}
	return 0;
}
