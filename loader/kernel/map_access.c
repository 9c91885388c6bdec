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

int rb_map_is_dumpable(const struct rb_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_LPM_TRIE:
	case BPF_MAP_TYPE_STACK_TRACE:
		return 1;
	default:
		return 0;
	}
}

int rb_map_is_readable(const struct rb_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_PROG_ARRAY:    /* program ids (bpf_fd_array_map_lookup_elem) */
	case BPF_MAP_TYPE_ARRAY_OF_MAPS: /* map ids */
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP:        /* ifindex (and program id): dev_map_lookup_elem */
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:        /* queue size (and program id) */
	case BPF_MAP_TYPE_SOCKMAP:       /* socket cookies (sock_map_lookup_sys) */
	case BPF_MAP_TYPE_SOCKHASH:
		return 1;
	default:
		return rb_map_is_dumpable(map);
	}
}

int rb_map_values_are_fds(const struct rb_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		return 1;
	default:
		return 0;
	}
}

int rb_map_is_perf_event_array(const struct rb_map *map)
{
	return map->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
}

int rb_map_is_ringbuf(const struct rb_map *map)
{
	return map->type == BPF_MAP_TYPE_RINGBUF;
}

/* A lookup in a per-CPU map copies every possible CPU's value, each padded
 * to 8 bytes (round_up(value_size, 8) in bpf_map_value_size() and
 * bpf_percpu_array_copy(), kernel/bpf/). */
size_t rb_map_value_stride(const struct rb_map *map)
{
	if (rb_map_is_per_cpu(map))
		return ((size_t)map->value_size + 7) & ~(size_t)7;
	return map->value_size;
}

size_t rb_map_value_buffer_size(const struct rb_map *map, int possible_cpus)
{
	if (rb_map_is_per_cpu(map))
		return rb_map_value_stride(map) * (size_t)possible_cpus;
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
