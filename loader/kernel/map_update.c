/* Maps by struct rb_map: the by-fd calls (map_fd.c) after a check of the
 * caller's buffer sizes against the map's, which only this side can make
 * (the kernel takes the pointers and its own sizes). libbpf's
 * bpf_map__lookup_elem() and the others check the same way. */
#include <errno.h>
#include <string.h>

#include "kernel.h"

/* The size of one value as user space sees it: per-CPU maps give every
 * possible CPU's, each rounded up to 8 bytes (map_access.c). */
static int check_sizes(const struct rb_map *map, size_t key_size, size_t value_size,
		       int with_value, struct rb_error *err)
{
	int cpus = 1;
	size_t want;

	if (map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "map %s is not loaded (no fd)", map->name);
	if (key_size != map->key_size)
		return rb_fail(err, RB_ERR_INPUT, "map %s: the key is %zu bytes; the map's keys "
			       "are %u bytes", map->name, key_size, map->key_size);
	if (!with_value)
		return 0;
	if (rb_map_is_per_cpu(map) && rb_possible_cpus(&cpus, err))
		return -1;
	want = rb_map_value_buffer_size(map, cpus);
	if (value_size != want && rb_map_is_per_cpu(map))
		return rb_fail(err, RB_ERR_INPUT, "map %s: the value is %zu bytes; the map's "
			       "values are %zu bytes (per-CPU: %zu bytes x %d possible CPUs, each "
			       "value rounded up to 8 bytes)", map->name, value_size, want,
			       rb_map_value_stride(map), cpus);
	if (value_size != want)
		return rb_fail(err, RB_ERR_INPUT, "map %s: the value is %zu bytes; the map's "
			       "values are %zu bytes", map->name, value_size, want);
	return 0;
}

/* The by-fd errors name the fd ("map fd 3: ..."); the map's name says
 * more, and says it instead. */
int rb_map_error(const struct rb_map *map, int ret, struct rb_error *err)
{
	static const char by_fd[] = "map fd ";
	char *rest;

	if (ret >= 0 || !err)
		return ret;
	if (strncmp(err->msg, by_fd, sizeof(by_fd) - 1) == 0 && (rest = strstr(err->msg, ": ")))
		memmove(err->msg, rest + 2, strlen(rest + 2) + 1);
	return rb_error_prefix(err, ret, "map %s", map->name);
}

/* Queues and stacks have no keys (key_size 0): the kernel wants a NULL
 * key then, and refuses any other (__bpf_copy_key() in kernel/bpf/
 * syscall.c: EINVAL). */
static const void *key_of(const struct rb_map *map, const void *key)
{
	return map->key_size ? key : NULL;
}

/* Arrays have every key from 0 to max_entries - 1, always:
 * array_map_delete_elem() (kernel/bpf/arraymap.c) says EINVAL. */
static int is_plain_array(const struct rb_map *map)
{
	return map->type == BPF_MAP_TYPE_ARRAY || map->type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

int rb_map_lookup_elem(const struct rb_map *map, const void *key, size_t key_size,
		       void *value, size_t value_size, struct rb_error *err)
{
	if (check_sizes(map, key_size, value_size, 1, err))
		return -1;
	return rb_map_error(map, rb_map_fd_lookup(map->fd, key_of(map, key), value, err), err);
}

int rb_map_update_elem(const struct rb_map *map, const void *key, size_t key_size,
		       const void *value, size_t value_size, uint64_t flags,
		       struct rb_error *err)
{
	if (check_sizes(map, key_size, value_size, 1, err))
		return -1;
	if (rb_map_error(map, rb_map_fd_update(map->fd, key_of(map, key), value, flags, err), err))
		return -1;
	rb_narrate(map->narrator, "bpf(BPF_MAP_UPDATE_ELEM, %s, %zu-byte key, %zu-byte value, "
		   "flags %llu) = 0", map->name, key_size, value_size, (unsigned long long)flags);
	return 0;
}

int rb_map_delete_elem(const struct rb_map *map, const void *key, size_t key_size,
		       struct rb_error *err)
{
	int ret;

	if (check_sizes(map, key_size, 0, 0, err))
		return -1;
	ret = rb_map_fd_delete(map->fd, key_of(map, key), err);
	if (ret < 0 && err && err->errnum == EINVAL && is_plain_array(map))
		return rb_fail_errno(err, RB_ERR_KERNEL, EINVAL, "map %s: BPF_MAP_DELETE_ELEM failed "
				     "(an array has every key from 0 to max_entries - 1: its entries "
				     "cannot be deleted; write zeros instead)", map->name);
	ret = rb_map_error(map, ret, err);
	if (ret >= 0)
		rb_narrate(map->narrator, "bpf(BPF_MAP_DELETE_ELEM, %s, %zu-byte key) = %s",
			   map->name, key_size, ret ? "0" : "ENOENT (no such key)");
	return ret;
}

int rb_map_get_next_key(const struct rb_map *map, const void *key, void *next_key,
			size_t key_size, struct rb_error *err)
{
	if (check_sizes(map, key_size, 0, 0, err))
		return -1;
	return rb_map_error(map, rb_map_fd_next_key(map->fd, key, next_key, err), err);
}
