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
/* The index of the BTF-defined map whose variable holds byte `offset` of
 * .maps, with *values where its __array(values, ...) starts; else -1. */
long rb_btf_map_holding(const struct rb_object *obj, uint64_t offset, uint64_t *values,
			struct rb_error *err);
/* map_slots.c: the relocations of a section of map definitions (`rel`
 * patches `defs`): in .maps, the initial values of maps of maps and
 * program arrays (rb_map.slots); in the legacy maps section, refused. */
int rb_collect_map_slots(struct rb_object *obj, const struct elf_section *rel,
			 const struct elf_section *defs, struct rb_error *err);
/* data_maps.c: one single-element array map per global data section. */
int rb_collect_data_maps(struct rb_object *obj, struct rb_error *err);
/* .rodata and .rodata.*: read-only for programs, frozen after load. */
int rb_map_is_read_only_data(const struct rb_map *map);
/* variables.c: obj->variables, from the DATASECs of the object's BTF and
 * the symbol table (after the data maps and the BTF fix-ups). */
int rb_collect_variables(struct rb_object *obj, struct rb_error *err);
/* relocs.c: turn SHT_REL entries of executable sections into rb_reloc
 * records on the programs they fall in. */
int rb_collect_relocations(struct rb_object *obj, struct rb_error *err);
/* core_relocs.c: obj->core_relocs, the CO-RE records of .BTF.ext, decoded
 * (after the programs), each also an RB_RELOC_CORE of its function. */
int rb_collect_core_relocs(struct rb_object *obj, struct rb_error *err);

/* externs.c: obj->externs, every undefined symbol with what its BTF says
 * it is, and the .kconfig map their __kconfig values go in (after the data
 * maps, before the variables); the index of symbol `symbol`'s extern, or
 * -1; the refusal rb_object_load() gives a relocation against an extern
 * rawbpf does not know (0 when there is none). */
int rb_collect_externs(struct rb_object *obj, struct rb_error *err);
long rb_extern_of_symbol(const struct rb_object *obj, uint32_t symbol);
int rb_externs_refuse(const struct rb_object *obj, struct rb_error *err);
/* The .kconfig map (externs.c). */
int rb_map_is_kconfig(const struct rb_map *map);
/* kconfig_values.c: __kconfig values into the .kconfig map's initial
 * value: a number (the LINUX_* ones), or every CONFIG_* extern not set yet
 * from a config's text (elf/kconfig.h finds the lines; "is not set" is
 * missing). Pure; RB_ERR_INPUT, naming the extern, when a value does not
 * suit its type or does not fit; `source` names the config in messages. */
int rb_kconfig_set_number(struct rb_object *obj, struct rb_extern *ext, uint64_t value,
			  const char *source, struct rb_error *err);
int rb_kconfig_apply_config(struct rb_object *obj, const char *text, size_t size,
			    const char *source, struct rb_error *err);
/* The value of a kconfig extern as text, for people: "250", "y", "\"abc\"". */
void rb_kconfig_value_str(const struct rb_object *obj, const struct rb_extern *ext, char *buf,
			  size_t size);

/* A name the kernel accepts for a map or program: at most 15 characters of
 * [A-Za-z0-9_.]; other characters become '_'. */
void rb_kernel_name(char out[BPF_OBJ_NAME_LEN], const char *name);

/* place_index.c. Sort the maps by where they are defined (once every map
 * is collected; until then nothing is found); then the first map (in
 * maps[] order) defined at byte `offset` of `section`; or a map defined in
 * `section` (the one at its lowest offset; with data_only, the section's
 * global-data map); or -1. */
int rb_index_maps(struct rb_object *obj, struct rb_error *err);
long rb_map_at(const struct rb_object *obj, uint32_t section, uint64_t offset);
long rb_map_in_section(const struct rb_object *obj, uint32_t section, int data_only);
/* Sort the functions collected so far by where they
 * start (again after any is added); refuses functions that overlap. */
int rb_index_functions(struct rb_object *obj, struct rb_error *err);
/* The function (a program's own, or a subprogram) that instruction `insn`
 * of ELF section `section` belongs to, or NULL (among the indexed ones). */
struct rb_function *rb_function_at(const struct rb_object *obj, uint32_t section,
				   size_t insn);

/* Free what rb_object_open() built, the object included (object.c);
 * rb_object_close() calls it after undoing the kernel's part. */
void rb_object_free_model(struct rb_object *obj);

/* Does a relocation record of fn sit at instruction `insn`? Then the record,
 * not the compiler's imm, says where a call there goes (programs.c). */
int rb_function_has_reloc_at(const struct rb_function *fn, size_t insn);

#endif
