/* Maps by fd: BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM, BPF_MAP_DELETE_ELEM
 * and BPF_MAP_GET_NEXT_KEY on a map this process holds an fd of, however
 * it got it (an object's map, a pin, an id, a parent).
 *
 * The kernel reads key_size bytes at `key` and writes value_size bytes at
 * `value` (map_lookup_elem() in kernel/bpf/syscall.c, the sizes its own):
 * nothing here can check the caller's buffers, which is why the by-map
 * calls (map_update.c) take the sizes and check them first. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"

static void elem_attr(union bpf_attr *attr, int fd, const void *key, const void *value,
		      uint64_t flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_fd = (__u32)fd;
	attr->key = rb_ptr(key);
	attr->value = rb_ptr(value);
	attr->flags = flags;
}

int rb_map_fd_lookup(int fd, const void *key, void *value, struct rb_error *err)
{
	union bpf_attr attr;

	elem_attr(&attr, fd, key, value, 0);
	if (rb_bpf(BPF_MAP_LOOKUP_ELEM, &attr) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return rb_fail_errno(err, RB_ERR_KERNEL, errno, "map fd %d: BPF_MAP_LOOKUP_ELEM failed", fd);
}

/* EEXIST and ENOENT are answers to the flag the caller chose
 * (htab_map_update_elem()'s check_flags(), kernel/bpf/hashtab.c); E2BIG is
 * a full map (or, in an array, a key past max_entries). */
static const char *update_hint(int errnum, uint64_t flags)
{
	if (errnum == EEXIST && flags == RB_NOEXIST)
		return " (BPF_NOEXIST: the key is there already)";
	if (errnum == ENOENT && flags == RB_EXIST)
		return " (BPF_EXIST: the key is not there)";
	if (errnum == E2BIG)
		return " (the map is full, or the key is past max_entries)";
	if (errnum == EPERM)
		return " (a frozen map, or one programs only may write, takes no update from "
		       "user space; else CAP_BPF is missing)";
	return "";
}

int rb_map_fd_update(int fd, const void *key, const void *value, uint64_t flags,
		     struct rb_error *err)
{
	union bpf_attr attr;

	elem_attr(&attr, fd, key, value, flags);
	if (rb_bpf(BPF_MAP_UPDATE_ELEM, &attr) == 0)
		return 0;
	return rb_fail_errno(err, RB_ERR_KERNEL, errno, "map fd %d: BPF_MAP_UPDATE_ELEM "
			     "(flags %llu) failed%s", fd, (unsigned long long)flags,
			     update_hint(errno, flags));
}

int rb_map_fd_delete(int fd, const void *key, struct rb_error *err)
{
	union bpf_attr attr;

	elem_attr(&attr, fd, key, NULL, 0);
	if (rb_bpf(BPF_MAP_DELETE_ELEM, &attr) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return rb_fail_errno(err, RB_ERR_KERNEL, errno, "map fd %d: BPF_MAP_DELETE_ELEM failed", fd);
}

int rb_map_fd_next_key(int fd, const void *key, void *next_key, struct rb_error *err)
{
	union bpf_attr attr;

	elem_attr(&attr, fd, key, NULL, 0); /* key NULL: the first key */
	attr.next_key = rb_ptr(next_key);
	if (rb_bpf(BPF_MAP_GET_NEXT_KEY, &attr) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return rb_fail_errno(err, RB_ERR_KERNEL, errno, "map fd %d: BPF_MAP_GET_NEXT_KEY failed",
			     fd);
}

void rb_map_close(struct rb_map *map)
{
	rb_map_munmap(map);
	if (map->fd >= 0) {
		close(map->fd);
		rb_narrate(map->narrator, "close map %s (fd %d)", map->name ? map->name : "", map->fd);
	}
	map->fd = -1;
}
