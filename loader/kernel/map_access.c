/* Reading maps from user space: BPF_MAP_GET_NEXT_KEY and BPF_MAP_LOOKUP_ELEM. */
#include <errno.h>
#include <string.h>

#include "bpf_syscall.h"
#include "loader/rawbpf.h"

int rb_map_is_per_cpu(const struct rb_map *map)
{
	return map->type == BPF_MAP_TYPE_PERCPU_HASH ||
	       map->type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       map->type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       map->type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

/* A lookup in a per-CPU map copies every possible CPU's value, each padded
 * to 8 bytes (bpf_map_value_size() in kernel/bpf/syscall.c). */
size_t rb_map_value_buffer_size(const struct rb_map *map, int possible_cpus)
{
	if (rb_map_is_per_cpu(map))
		return (((size_t)map->value_size + 7) & ~(size_t)7) * (size_t)possible_cpus;
	return map->value_size;
}

int rb_map_next_key(const struct rb_map *map, const void *key, void *next_key,
		    struct rb_error *err)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map->fd;
	attr.key = rb_ptr(key); /* NULL: start from the first key */
	attr.next_key = rb_ptr(next_key);
	if (rb_bpf(BPF_MAP_GET_NEXT_KEY, &attr) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return rb_fail_errno(err, RB_ERR_KERNEL, errno,
			     "map %s: BPF_MAP_GET_NEXT_KEY failed", map->name);
}

int rb_map_lookup(const struct rb_map *map, const void *key, void *value,
		  struct rb_error *err)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map->fd;
	attr.key = rb_ptr(key);
	attr.value = rb_ptr(value);
	if (rb_bpf(BPF_MAP_LOOKUP_ELEM, &attr) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return rb_fail_errno(err, RB_ERR_KERNEL, errno,
			     "map %s: BPF_MAP_LOOKUP_ELEM failed", map->name);
}
