/* Global variables.
 *
 * A BPF program has no data segment of its own: the kernel gives it maps.
 * So each global-data section becomes an array map with one element, the
 * whole section (libbpf's convention, which the kernel's verifier supports
 * with BPF_PSEUDO_MAP_VALUE: "the address of byte N of this map's value"):
 *   .data     initialised variables         writable
 *   .bss      zero-initialised variables    writable (no bytes in the file)
 *   .rodata   constants, const volatile     BPF_F_RDONLY_PROG, frozen
 * plus their .data.NAME / .rodata.NAME variants, such as .rodata.str1.1
 * (string literals, e.g. printk formats) and .rodata.cst16 (constants). */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

/* ".data" is `family` ".data", and so are ".data.foo" and ".data.rel.ro";
 * ".datafoo" is not. */
static int in_section_family(const char *name, const char *family)
{
	size_t n = strlen(family);

	return strncmp(name, family, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

static int is_data_section(const struct elf_section *s)
{
	return (s->flags & SHF_ALLOC) && !(s->flags & SHF_EXECINSTR) &&
	       (s->type == SHT_PROGBITS || s->type == SHT_NOBITS) &&
	       (in_section_family(s->name, ".data") ||
		in_section_family(s->name, ".rodata") || in_section_family(s->name, ".bss"));
}

int rb_map_is_read_only_data(const struct rb_map *map)
{
	/* .kconfig (externs.c) too: the kernel's config does not change */
	return map->is_data &&
	       (in_section_family(map->name, ".rodata") || rb_map_is_kconfig(map));
}

/* A map value cannot be larger than the kernel's largest kmalloc
 * (KMALLOC_MAX_SIZE: 4 MiB on x86-64; array_map_alloc_check() says E2BIG).
 * A .bss has no bytes in the file, so its size is whatever the header
 * claims: check it before allocating. The cap leaves room for kernels with
 * larger pages. */
#define MAX_DATA_SECTION (64u << 20)

static int add_data_map(struct rb_object *obj, const struct elf_section *sec,
			struct rb_error *err)
{
	struct rb_map *maps, *m;

	if (sec->size > MAX_DATA_SECTION)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section %s is %llu bytes: too large to become a map "
			       "(a map value is at most a few MiB)",
			       obj->path, sec->name, (unsigned long long)sec->size);
	maps = realloc(obj->maps, (obj->map_count + 1) * sizeof(*maps));
	if (!maps)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->maps = maps;
	m = &maps[obj->map_count++];
	*m = (struct rb_map){
		.fd = -1, .is_data = 1, .section = sec->index, .type = BPF_MAP_TYPE_ARRAY,
		.key_size = sizeof(uint32_t), .value_size = (uint32_t)sec->size,
		.max_entries = 1,
	};
	m->name = strdup(sec->name);
	m->init_value = calloc(1, sec->size);
	if (!m->name || !m->init_value)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	rb_kernel_name(m->kernel_name, m->name);
	/* Programs may only read .rodata; after the initial value is written
	 * the map is frozen, so the verifier may treat its bytes as known
	 * constants (a loop bound read from .rodata becomes a bounded loop). */
	if (rb_map_is_read_only_data(m))
		m->map_flags = BPF_F_RDONLY_PROG;
	/* User space may mmap the value and use the variables in place
	 * (rb_map_mmap, rb_variable_ptr), as libbpf's skeletons do; a kernel
	 * before 5.5 refuses the flag, and load.c creates the map without it. */
	m->map_flags |= BPF_F_MMAPABLE;
	if (sec->type == SHT_PROGBITS &&
	    elf_section_read(&obj->elf, sec, 0, sec->size, m->init_value, err))
		return -1;
	rb_narrate(&obj->narrator, "map %s: global data, %u bytes%s", m->name, m->value_size,
		 m->map_flags & BPF_F_RDONLY_PROG ? ", read-only for programs" : "");
	return 0;
}

int rb_collect_data_maps(struct rb_object *obj, struct rb_error *err)
{
	for (size_t i = 1; i < obj->elf.nsections; i++) {
		const struct elf_section *s = &obj->elf.sections[i];
		/* An empty section has nothing to point at, and the kernel
		 * refuses maps with 0-byte values. */
		if (is_data_section(s) && s->size > 0 && add_data_map(obj, s, err))
			return -1;
	}
	return 0;
}
