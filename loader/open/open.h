/* The open stage's pieces (rb_object_open() in object.c drives them):
 * shared between the files that build the object model. Not public. */
#ifndef RAWBPF_OPEN_H
#define RAWBPF_OPEN_H

#include "loader/open/object.h"

/* programs.c: every program in every executable section. */
int rb_collect_programs(struct rb_object *obj, const char *type_override,
			struct rb_error *err);
/* maps_legacy.c: maps defined in SEC("maps") with struct bpf_map_def. */
int rb_collect_legacy_maps(struct rb_object *obj, struct rb_error *err);
/* btf_object.c: parse .BTF and .BTF.ext when the object has them. */
int rb_read_btf(struct rb_object *obj, struct rb_error *err);
void rb_free_btf(struct rb_object *obj);
/* maps_btf.c: maps defined in SEC(".maps"), described by BTF. */
int rb_collect_btf_maps(struct rb_object *obj, struct rb_error *err);
/* data_maps.c: one single-element array map per global data section. */
int rb_collect_data_maps(struct rb_object *obj, struct rb_error *err);
/* .rodata and .rodata.*: read-only for programs, frozen after load. */
int rb_map_is_read_only_data(const struct rb_map *map);
/* The global-data map made from ELF section `section`, or -1. */
long rb_data_map_of_section(const struct rb_object *obj, uint32_t section);
/* variables.c: obj->variables, from the DATASECs of the object's BTF and
 * the symbol table (after the data maps and the BTF fix-ups). */
int rb_collect_variables(struct rb_object *obj, struct rb_error *err);
/* relocs.c: turn SHT_REL entries of executable sections into rb_reloc
 * records on the programs they fall in. */
int rb_collect_relocations(struct rb_object *obj, struct rb_error *err);
/* core_relocs.c: obj->core_relocs, the CO-RE records of .BTF.ext, decoded
 * (after the programs); and the refusal rb_object_load() gives an object
 * that has any (0 when it has none). */
int rb_collect_core_relocs(struct rb_object *obj, struct rb_error *err);
int rb_core_relocs_refuse(const struct rb_object *obj, struct rb_error *err);

/* A name the kernel accepts for a map or program: at most 15 characters of
 * [A-Za-z0-9_.]; other characters become '_'. */
void rb_kernel_name(char out[BPF_OBJ_NAME_LEN], const char *name);

/* The function (a program's own, or a subprogram) that instruction `insn`
 * of ELF section `section` belongs to, or NULL. */
struct rb_function *rb_function_at(const struct rb_object *obj, uint32_t section,
				   size_t insn);

/* Free what rb_object_open() built, the object included (object.c);
 * rb_object_close() calls it after undoing the kernel's part. */
void rb_object_free_model(struct rb_object *obj);

#endif
