/* BPF_MAP_CREATE's attributes from a map's description (for an object's
 * maps too: load.c adds BTF and inner maps), and a map made by hand with
 * what the caller says, outside any object (libbpf's bpf_map_create(),
 * the book's bpf_create_map()). */
#include <errno.h>
#include <string.h>

#include "bpf_syscall.h"
#include "kernel.h"

void rb_map_create_attr(const struct rb_map *map, union bpf_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_type = map->type;
	attr->key_size = map->key_size;
	attr->value_size = map->value_size;
	attr->max_entries = map->max_entries;
	attr->map_flags = map->map_flags;
	attr->numa_node = map->numa_node;
	attr->map_extra = map->map_extra;
	/* the kernel keeps 15 characters of [A-Za-z0-9_.] (bpf_obj_name_cpy()) */
	memcpy(attr->map_name, map->kernel_name, sizeof(attr->map_name));
}

int rb_map_create(struct rb_map *map, const struct rb_map_create_opts *opts,
		  struct rb_error *err)
{
	union bpf_attr attr;
	int fd;

	*map = (struct rb_map){ .fd = -1, .type = opts->type, .key_size = opts->key_size,
				.value_size = opts->value_size, .max_entries = opts->max_entries,
				.map_flags = opts->map_flags };
	rb_kernel_name(map->kernel_name, opts->name ? opts->name : "");
	map->name = map->kernel_name;
	rb_map_create_attr(map, &attr);
	fd = rb_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "map %s (type %u, key %u, value %u, max_entries %u, flags 0x%x): "
				     "BPF_MAP_CREATE failed%s", map->name, opts->type,
				     opts->key_size, opts->value_size, opts->max_entries,
				     opts->map_flags,
				     errno == EINVAL ? " (the kernel refuses this combination of "
						       "type, sizes and flags)" : "");
	map->fd = fd;
	/* the caller's narrator lives in its opts; a map made by hand keeps
	 * none (its struct has a pointer, and opts may be gone) */
	rb_narrate(&opts->narrator, "bpf(BPF_MAP_CREATE, name=%s type=%u key=%u value=%u "
		   "max_entries=%u flags=0x%x) = fd %d", map->kernel_name, opts->type,
		   opts->key_size, opts->value_size, opts->max_entries, opts->map_flags, fd);
	return 0;
}
