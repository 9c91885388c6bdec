/* The public view of an object (loader/rawbpf.h): struct rb_object is the
 * library's own (object.h says why), so users read it through these. Each
 * one only reads what rb_object_open() built. */
#include <string.h>

#include "open.h"

/* rawbpf.h cannot include the kernel's header for BPF_OBJ_NAME_LEN (it must
 * compile beside the system's <linux/bpf.h>), so it has its own. */
_Static_assert(RB_OBJ_NAME_LEN == BPF_OBJ_NAME_LEN, "RB_OBJ_NAME_LEN is the kernel's");

struct rb_program *rb_object_programs(const struct rb_object *obj, size_t *count)
{
	*count = obj->program_count;
	return obj->programs;
}

struct rb_function *rb_object_subprograms(const struct rb_object *obj, size_t *count)
{
	*count = obj->subprog_count;
	return obj->subprogs;
}

const struct rb_variable *rb_object_variables(const struct rb_object *obj, size_t *count)
{
	*count = obj->variable_count;
	return obj->variables;
}

struct rb_map *rb_object_maps(const struct rb_object *obj, size_t *count)
{
	*count = obj->map_count;
	return obj->maps;
}

const char *rb_object_path(const struct rb_object *obj)
{
	return obj->path;
}

const char *rb_object_license(const struct rb_object *obj)
{
	return obj->license;
}

uint32_t rb_object_kern_version(const struct rb_object *obj)
{
	return obj->kern_version;
}

const char *rb_object_btf_warning(const struct rb_object *obj)
{
	return obj->btf_warning;
}

size_t rb_object_section_count(const struct rb_object *obj)
{
	return obj->elf.nsections;
}

int rb_object_section(const struct rb_object *obj, uint32_t index,
		      struct rb_section_info *out)
{
	const struct elf_section *s;

	if (index >= obj->elf.nsections)
		return -1;
	s = &obj->elf.sections[index];
	*out = (struct rb_section_info){
		.name = s->name, .type = s->type, .flags = s->flags, .size = s->size,
	};
	return 0;
}

/* The BTF-reading ones: without BTF (or without the type) they give "". */
static int no_type(char *buf, size_t size)
{
	if (size)
		buf[0] = '\0';
	return -1;
}

int rb_object_btf_type_name(const struct rb_object *obj, uint32_t type_id, char *buf,
			    size_t size)
{
	if (!obj->btf || size == 0)
		return no_type(buf, size);
	btf_type_str(obj->btf, type_id, buf, size);
	return 0;
}

int rb_object_btf_func_signature(const struct rb_object *obj, const char *name,
				 char *buf, size_t size)
{
	int id = obj->btf ? btf_find_by_name_kind(obj->btf, name, BTF_KIND_FUNC) : -1;

	if (id <= 0)
		return no_type(buf, size);
	return btf_func_signature(obj->btf, (uint32_t)id, buf, size);
}
