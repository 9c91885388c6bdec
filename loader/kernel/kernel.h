/* The kernel stage's pieces (rb_object_load() in load.c drives them):
 * BTF load, maps, pins, the kernel's own BTF. Not public. */
#ifndef RAWBPF_KERNEL_H
#define RAWBPF_KERNEL_H

#include <limits.h>

#include "loader/open/open.h"
#include "loader/relocate/relocate.h"

/* btf_load.c: BPF_BTF_LOAD after the DATASEC fix-ups. A refusal is not an
 * error: obj->btf_warning says why, and loading goes on without BTF. No fd
 * or no memory left (rb_errno_is_resource) is an error. */
int rb_load_btf(struct rb_object *obj, struct rb_error *err);
/* Rewrite kinds older kernels refuse, keeping every record's size. */
unsigned rb_btf_sanitize(struct btf *btf);

struct rb_btf_info {
	void *func_info; /* struct bpf_func_info_rec[func_count] */
	uint32_t func_count;
	void *line_info; /* struct bpf_line_info_rec[line_count] */
	uint32_t line_count;
};
/* func_info and line_info for a linked program, or none without BTF. */
int rb_btf_program_info(const struct rb_object *obj, const struct rb_relocated *linked,
			struct rb_btf_info *out, struct rb_error *err);
void rb_btf_info_free(struct rb_btf_info *info);
uint32_t rb_btf_datasec_id(const struct rb_object *obj, const char *section);
/* pin.c: maps pinned by name under the pin root (/sys/fs/bpf unless the
 * caller chose another, obj->pin_root). rb_pin_check(), before any
 * map is created, refuses bad pin names (RB_ERR_INPUT) and what may not be
 * reused at a pin path (a symbolic or hard link, another user's file), so a
 * refusal leaves no map and no pin. rb_pin_open() checks again, then reuses
 * a compatible pinned map (*reused = 1, map->fd set) or leaves map->fd -1
 * for the caller to create and then rb_pin_save(). rb_pin_path() fills
 * path[PATH_MAX], or refuses a name that is not one whole file name. */
#define RB_PIN_BY_NAME 1 /* libbpf's LIBBPF_PIN_BY_NAME */
int rb_pin_check(const struct rb_object *obj, struct rb_error *err);
int rb_pin_open(struct rb_object *obj, struct rb_map *map, int *reused, struct rb_error *err);
int rb_pin_save(struct rb_object *obj, const struct rb_map *map, struct rb_error *err);
int rb_pin_path(const struct rb_object *obj, const struct rb_map *map, char path[PATH_MAX],
		struct rb_error *err);
/* vmlinux_btf.c: the kernel BTF id a tp_btf/fentry/fexit program targets. */
int rb_vmlinux_attach_id(struct rb_object *obj, const struct rb_program *prog, uint32_t *id,
			 struct rb_error *err);

#endif
