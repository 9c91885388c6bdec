/* Maps mmap'd into user space: global variables read and written in place.
 *
 * An array map made with BPF_F_MMAPABLE (Linux 5.5+) lets user space map
 * its values (array_map_mmap() in kernel/bpf/arraymap.c): the pages are
 * the very memory programs read and write, so a store in user space is
 * seen by the next program run, without a system call. The kernel allows
 * at most the values' bytes, each value rounded up to 8, rounded up to
 * pages; a frozen map (.rodata after BPF_MAP_FREEZE) only read-only
 * (bpf_map_mmap() in kernel/bpf/syscall.c says EPERM to VM_WRITE). This is
 * what libbpf does for skeletons' bss, data and rodata
 * (bpf_object__load() mmaps every internal map). */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel.h"

static size_t mmap_size(const struct rb_map *map)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = (((size_t)map->value_size + 7) & ~(size_t)7) * map->max_entries;

	return (bytes + page - 1) / page * page;
}

void *rb_map_mmap(struct rb_map *map, struct rb_error *err)
{
	int prot = PROT_READ | PROT_WRITE;
	void *p;

	if (map->mmaped)
		return map->mmaped;
	if (map->fd < 0) {
		rb_fail(err, RB_ERR_INPUT, "map %s is not loaded: mmap it after rb_object_load()",
			map->name);
		return NULL;
	}
	if (map->type != BPF_MAP_TYPE_ARRAY || !(map->map_flags & BPF_F_MMAPABLE)) {
		rb_fail(err, RB_ERR_INPUT, "map %s cannot be mmap'd: only an array map created "
			"with BPF_F_MMAPABLE can%s", map->name,
			map->is_data ? " (this kernel refused the flag: before Linux 5.5; read "
				       "and write the value with rb_map_lookup_elem/update_elem)" : "");
		return NULL;
	}
	/* programs may only read .rodata, and it was frozen after its
	 * initial value was written (load.c): user space reads it too */
	if (map->map_flags & BPF_F_RDONLY_PROG)
		prot = PROT_READ;
	p = mmap(NULL, mmap_size(map), prot, MAP_SHARED, map->fd, 0);
	if (p == MAP_FAILED) {
		rb_fail_errno(err, RB_ERR_KERNEL, errno, "map %s: mmap of %zu bytes (%s) failed",
			      map->name, mmap_size(map), prot & PROT_WRITE ? "read-write" : "read-only");
		return NULL;
	}
	map->mmaped = p;
	map->mmap_size = mmap_size(map);
	rb_narrate(map->narrator, "mmap(map %s, fd %d, %zu bytes, %s) = %p", map->name, map->fd,
		   map->mmap_size, prot & PROT_WRITE ? "PROT_READ|PROT_WRITE" : "PROT_READ", p);
	return p;
}

void rb_map_munmap(struct rb_map *map)
{
	if (!map->mmaped)
		return;
	munmap(map->mmaped, map->mmap_size);
	rb_narrate(map->narrator, "munmap(map %s, %zu bytes)", map->name, map->mmap_size);
	map->mmaped = NULL;
	map->mmap_size = 0;
}

void *rb_variable_ptr(struct rb_object *obj, const char *name, struct rb_error *err)
{
	const struct rb_variable *found = NULL;
	char *base;

	for (size_t i = 0; i < obj->variable_count; i++) {
		if (strcmp(obj->variables[i].name, name) != 0)
			continue;
		if (found) {
			rb_fail(err, RB_ERR_INPUT, "%s: two global variables are named %s (in %s "
				"and %s): static variables of two units; a pointer to one would be "
				"a guess", obj->path, name, found->section_name,
				obj->variables[i].section_name);
			return NULL;
		}
		found = &obj->variables[i];
	}
	if (!found) {
		rb_fail(err, RB_ERR_INPUT, "%s: no global variable named %s", obj->path, name);
		return NULL;
	}
	base = rb_map_mmap(&obj->maps[found->map], err);
	return base ? base + found->offset : NULL;
}
