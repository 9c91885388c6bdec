/* Pieces of rb_object_open() shared between the files that build the object
 * model. Not part of the public API. */
#ifndef RAWBPF_OBJECT_INTERNAL_H
#define RAWBPF_OBJECT_INTERNAL_H

#include <limits.h>

#include "rawbpf.h"

/* programs.c: every program in every executable section. */
int rb_collect_programs(struct rb_object *obj, const char *type_override,
			struct rb_error *err);
/* maps_legacy.c: maps defined in SEC("maps") with struct bpf_map_def. */
int rb_collect_legacy_maps(struct rb_object *obj, struct rb_error *err);
/* btf_object.c: parse .BTF and .BTF.ext when the object has them. */
int rb_read_btf(struct rb_object *obj, struct rb_error *err);
void rb_free_btf(struct rb_object *obj);
/* btf_load.c: BPF_BTF_LOAD after the DATASEC fix-ups. A refusal is not an
 * error: obj->btf_warning says why, and loading goes on without BTF. No fd
 * or no memory left (rb_errno_is_resource) is an error. */
int rb_load_btf(struct rb_object *obj, struct rb_error *err);
/* Fill in what clang leaves zero: DATASEC sizes and variable offsets. */
void rb_btf_fix_datasecs(struct rb_object *obj);
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
/* pin.c: maps pinned by name under /sys/fs/bpf. rb_pin_check(), before any
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
/* maps_btf.c: maps defined in SEC(".maps"), described by BTF. */
int rb_collect_btf_maps(struct rb_object *obj, struct rb_error *err);
/* data_maps.c: one single-element array map per global data section. */
int rb_collect_data_maps(struct rb_object *obj, struct rb_error *err);
/* .rodata and .rodata.*: read-only for programs, frozen after load. */
int rb_map_is_read_only_data(const struct rb_map *map);
/* relocs.c: turn SHT_REL entries of executable sections into rb_reloc
 * records on the programs they fall in. */
int rb_collect_relocations(struct rb_object *obj, struct rb_error *err);

/* A name the kernel accepts for a map or program: at most 15 characters of
 * [A-Za-z0-9_.]; other characters become '_'. */
void rb_kernel_name(char out[BPF_OBJ_NAME_LEN], const char *name);

/* The function (program or subprogram) that instruction `insn` of ELF
 * section `section` belongs to, or NULL. */
struct rb_program *rb_program_at(const struct rb_object *obj, uint32_t section,
				 size_t insn);

#endif
