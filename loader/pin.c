/* Pinned maps: SEC(".maps") maps with __uint(pinning, LIBBPF_PIN_BY_NAME).
 *
 * A pinned map lives in the BPF filesystem (bpffs) at /sys/fs/bpf/NAME and
 * outlives the process: the next run of the same object, or another
 * program, opens it again with BPF_OBJ_GET and shares its contents. So
 * before creating such a map, rawbpf looks for the pin and reuses the map
 * when its type and sizes match; otherwise it creates the map and pins it.
 * Pinned maps stay after rawbpf exits: that is what pinning is for
 * (remove the file to free the map). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "object_internal.h"

#define BPF_FS "/sys/fs/bpf"
#define BPF_FS_MAGIC 0xcafe4a11 /* include/uapi/linux/magic.h */

static int ensure_bpffs(const struct rb_object *obj, struct rb_error *err)
{
	struct statfs st;

	if (statfs(BPF_FS, &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", BPF_FS, "bpf", 0, NULL) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno,
				     "pinning needs the BPF filesystem, and mounting it at %s failed",
				     BPF_FS);
	rb_trace(&obj->log, "mount(\"bpf\", \"%s\", \"bpf\") = 0: bpffs was not mounted (it stays "
		 "mounted, with the pins in it)", BPF_FS);
	return 0;
}

/* The kernel refuses '.' in pin names: "my.map" is pinned as "my_map". */
void rb_pin_path(const struct rb_map *map, char *path, size_t size)
{
	size_t n = (size_t)snprintf(path, size, "%s/", BPF_FS);

	for (const char *c = map->name; *c && n + 1 < size; c++)
		path[n++] = *c == '.' ? '_' : *c;
	path[n] = '\0';
}

static int compatible(const struct rb_map *map, int fd, char *why, size_t size)
{
	struct bpf_map_info info;
	union bpf_attr attr;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (__u32)fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = rb_ptr(&info);
	if (rb_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) != 0) {
		snprintf(why, size, "BPF_OBJ_GET_INFO_BY_FD: %s", strerror(errno));
		return 0;
	}
	if (info.type == map->type && info.key_size == map->key_size &&
	    info.value_size == map->value_size && info.max_entries == map->max_entries &&
	    info.map_flags == map->map_flags)
		return 1;
	snprintf(why, size, "it is type %u, key %u, value %u, max_entries %u, flags 0x%x",
		 info.type, info.key_size, info.value_size, info.max_entries, info.map_flags);
	return 0;
}

int rb_pin_open(struct rb_object *obj, struct rb_map *map, int *reused, struct rb_error *err)
{
	union bpf_attr attr;
	char path[256], why[160];
	int fd;

	*reused = 0;
	if (ensure_bpffs(obj, err))
		return -1;
	rb_pin_path(map, path, sizeof(path));
	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(path);
	fd = rb_bpf(BPF_OBJ_GET, &attr);
	if (fd < 0 && errno == ENOENT)
		return 0; /* not pinned yet: create it, then rb_pin_save() */
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno, "map %s: BPF_OBJ_GET %s", map->name,
				     path);
	if (!compatible(map, fd, why, sizeof(why))) {
		close(fd);
		return rb_fail(err, RB_ERR_KERNEL,
			       "map %s: the map pinned at %s does not match its definition (%s); "
			       "remove the pin to start over",
			       map->name, path, why);
	}
	map->fd = fd;
	*reused = 1;
	rb_trace(&obj->log, "bpf(BPF_OBJ_GET, %s) = fd %d: reusing the pinned map %s", path, fd,
		 map->name);
	return 0;
}

int rb_pin_save(struct rb_object *obj, const struct rb_map *map, struct rb_error *err)
{
	union bpf_attr attr;
	char path[256];

	rb_pin_path(map, path, sizeof(path));
	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(path);
	attr.bpf_fd = (__u32)map->fd;
	if (rb_bpf(BPF_OBJ_PIN, &attr) != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno, "map %s: BPF_OBJ_PIN at %s failed",
				     map->name, path);
	rb_trace(&obj->log, "bpf(BPF_OBJ_PIN, fd %d, %s) = 0", map->fd, path);
	return 0;
}
