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
	void *core_relos; /* struct bpf_core_relo[core_relo_count]: core_by_kernel */
	uint32_t core_relo_count;
};
/* map_create.c. BPF_MAP_CREATE's attributes for `map` (type, sizes,
 * flags, NUMA node, map_extra, name): what every map created says; load.c
 * adds the object's BTF, the inner map and the CPU count. */
void rb_map_create_attr(const struct rb_map *map, union bpf_attr *attr);

/* func_info and line_info for a flattened program, or none without BTF. */
int rb_btf_program_info(const struct rb_object *obj, const struct rb_relocated *flat,
			struct rb_btf_info *out, struct rb_error *err);
void rb_btf_info_free(struct rb_btf_info *info);
/* core_by_kernel.c: with obj->core_by_kernel, the CO-RE records of every
 * function placed in `flat`, at their places there, into info->core_relos
 * for BPF_PROG_LOAD (after rb_btf_program_info() filled func_info). */
int rb_core_relos_for_kernel(const struct rb_object *obj, const struct rb_program *prog,
			     const struct rb_relocated *flat, struct rb_btf_info *info,
			     struct rb_error *err);
/* After the verifier refused a program given core_relos: when its log
 * stops at the kernel's poisoned instruction, a paragraph naming that CO-RE
 * relocation in C; else buf is left as it is (it may hold another note). */
void rb_core_kernel_note(const struct rb_object *obj, const struct rb_relocated *flat,
			 const struct rb_btf_info *info, const char *log, char *buf, size_t size);
uint32_t rb_btf_datasec_id(const struct rb_object *obj, const char *section);
/* map_mmap.c: undo rb_map_mmap() (teardown, rb_map_close); harmless when
 * the map is not mapped. */
void rb_map_munmap(struct rb_map *map);
/* pin.c: maps pinned by name under the pin root (/sys/fs/bpf unless the
 * caller chose another, obj->pin_root). rb_pin_check(), before any
 * map is created, refuses pinning values it does not know, bad pin names
 * and two maps with one pin path (RB_ERR_INPUT), and what may not be
 * reused at a pin path (a symbolic or hard link, another user's file), so a
 * refusal leaves no map and no pin. rb_pin_open() checks again, then reuses
 * a compatible pinned map (*reused = 1, map->fd set) or leaves map->fd -1
 * for the caller to create and then rb_pin_save(). rb_pin_path() fills
 * path[PATH_MAX], or refuses a name that is not one whole file name. */
int rb_pin_check(const struct rb_object *obj, struct rb_error *err);
int rb_pin_open(struct rb_object *obj, struct rb_map *map, int *reused, struct rb_error *err);
int rb_pin_save(struct rb_object *obj, const struct rb_map *map, struct rb_error *err);
int rb_pin_path(const struct rb_object *obj, const struct rb_map *map, char path[PATH_MAX],
		struct rb_error *err);
/* On a failed load: unlink the pins this load created (rb_map.pin_created),
 * before their maps are closed; reused pins stay. */
void rb_pins_remove_created(struct rb_object *obj);
/* teardown.c: does the kernel hold anything of obj (a map, program or BTF
 * fd)? And closing all of it (links first) while keeping what explains a
 * failed load, verifier_log and btf_warning, which rb_object_unload()
 * also frees: the failure path of rb_object_load(). */
int rb_object_is_loaded(const struct rb_object *obj);
void rb_object_close_kernel(struct rb_object *obj);
/* map_slots.c: maps of maps and program arrays. rb_map_slots_check(),
 * before anything is created, refuses what cannot load (a map of maps
 * with no inner definition, a pinned program array with initial values).
 * rb_inner_map_fd() is the model BPF_MAP_CREATE takes for a map of maps
 * (-1 for other maps). rb_map_slots_write() writes the initial values:
 * maps of maps (programs 0) once the maps exist, program arrays
 * (programs 1) once the programs are loaded. */
int rb_map_slots_check(const struct rb_object *obj, struct rb_error *err);
int rb_inner_map_fd(const struct rb_object *obj, const struct rb_map *map);
int rb_map_slots_write(struct rb_object *obj, int programs, struct rb_error *err);
/* kernel_config.c: the running kernel's .config, for __kconfig externs
 * (elf/kconfig.h reads values out of the text): /boot/config-$(uname -r),
 * else /proc/config.gz, either decompressed when it is gzip. Neither there
 * is RB_ERR_SYSTEM with errnum ENOENT, the message naming both. _read_from
 * takes the two paths (tests). The text is NUL-terminated; free it with
 * rb_kernel_config_free(). */
struct rb_kernel_config {
	char *text;	  /* the .config's text, text[size] == '\0' */
	size_t size;
	char path[PATH_MAX]; /* where it came from: "/proc/config.gz" */
	size_t file_size; /* the file's own size */
	int compressed;	  /* it was gzip */
};
int rb_kernel_config_read(struct rb_kernel_config *cfg, struct rb_error *err);
int rb_kernel_config_read_from(const char *boot_path, const char *proc_path,
			       struct rb_kernel_config *cfg, struct rb_error *err);
void rb_kernel_config_free(struct rb_kernel_config *cfg);
/* vmlinux_btf.c: the kernel's BTF in obj->vmlinux_btf, read on first use
 * (`need` names who needs it in the message: "CO-RE relocations"). */
int rb_vmlinux_btf(struct rb_object *obj, const char *need, struct rb_error *err);
/* core_load.c: what every CO-RE record of the object becomes on the
 * target (relocate/core.c), in obj->core_relocs order, computed once per
 * load before anything is created: *out (free() it), NULL when there are
 * none. The target is the file of rb_open_opts.btf_path, or vmlinux and,
 * for types vmlinux lacks, the modules' BTF (core_targets.c). */
int rb_core_prepare(struct rb_object *obj, struct rb_core_result **out, struct rb_error *err);
/* After the verifier refused `prog`: when its log stops at a poisoned
 * instruction (libbpf's "invalid func unknown#195896080"), a paragraph for
 * the error naming the CO-RE relocation, in C, and why it failed; else "". */
void rb_core_refusal_note(const struct rb_object *obj, const struct rb_relocated *flat,
			  const char *log, char *buf, size_t size);
/* The instruction a verifier log stops at when it is a poisoned CO-RE
 * call ("N: (85) call unknown#195896080"), or -1: rawbpf's poison and the
 * kernel's (core_by_kernel.c) are the same. */
long rb_poisoned_insn(const char *log);
/* core_targets.c: the BTF of rb_open_opts.btf_path (a raw BTF file or an
 * ELF file with a .BTF section) in obj->btf_override, read on first use;
 * the modules' BTF under /sys/kernel/btf, split on vmlinux's, in
 * obj->core_modules (none is fine: a kernel without modules, or without
 * CONFIG_DEBUG_INFO_BTF_MODULES). */
int rb_btf_override_read(struct rb_object *obj, struct rb_error *err);
int rb_core_modules_read(struct rb_object *obj, struct rb_error *err);
/* externs.c: every extern of the object resolved against the running
 * kernel (open/externs.c built them), before the maps are created: the
 * .kconfig map's value filled in, each __ksym's BTF id or address found.
 * A strong extern the kernel lacks is RB_ERR_INPUT naming it. The module
 * BTF fds and fd_array this opens stay until rb_externs_release(), after
 * the programs are loaded. rb_linux_kernel_version() is LINUX_KERNEL_VERSION
 * (source says where it came from). */
int rb_resolve_externs(struct rb_object *obj, struct rb_error *err);
void rb_externs_release(struct rb_object *obj);
uint32_t rb_linux_kernel_version(char *source, size_t size);
/* After the verifier refused a program: a paragraph for the error when
 * its log stops at an extern (a typed variable the kernel cannot find in
 * kallsyms, a weak kfunc's poisoned call that is reachable); else "". */
void rb_externs_refusal_note(const struct rb_object *obj, const char *log, char *buf,
			     size_t size);
/* ksyms.c: __ksym externs, by BTF (vmlinux, else a module's: its BTF fd is
 * opened, and for a kfunc an fd_array slot given) or by /proc/kallsyms;
 * LINUX_HAS_SYSCALL_WRAPPER. */
struct rb_module_btf {
	char name[64];  /* the module's name, as /sys/kernel/btf/NAME */
	uint32_t id;    /* its BTF object's id */
	int fd;         /* BPF_BTF_GET_FD_BY_ID */
};
int rb_resolve_ksyms(struct rb_object *obj, struct rb_error *err);
int rb_has_syscall_wrapper(struct rb_object *obj, uint64_t *has, char *source, size_t size,
			   struct rb_error *err);
/* lsm_active.c: is "bpf" an active LSM? 1 yes, 0 no, -1 unknown (no
 * securityfs mounted, no lsm= boot parameter); the list read goes into
 * list[size] and *source says where from. */
int rb_lsm_bpf_active(char *list, size_t size, const char **source);
/* For messages about LSM programs refused with errnum: "" when bpf is
 * active and errnum says nothing more, else "\n" and what is wrong and how
 * to fix it, in buf[size], which is returned. */
const char *rb_lsm_hint(char *buf, size_t size, int errnum);
/* The same decisions from given texts (NULL: not there): the contents of
 * /sys/kernel/security/lsm, /proc/cmdline and the kernel's config; and
 * the hint for `active` as rb_lsm_decide() says it, `privileged` 0 when
 * the process lacks the capabilities to load LSM programs. */
int rb_lsm_decide(const char *securityfs, const char *cmdline, const char *config, char *list,
		  size_t size, const char **source);
const char *rb_lsm_hint_for(char *buf, size_t size, int errnum, int active, const char *list,
			    const char *source, int privileged);
/* externs.c: does the kernel have BPF cookies (bpf_get_attach_cookie(),
 * Linux 5.15)? libbpf's probe, which also gives LINUX_HAS_BPF_COOKIE. */
int rb_kernel_has_bpf_cookie(void);
/* vmlinux_btf.c: the kernel BTF id a tp_btf/fentry/fexit program targets. */
int rb_vmlinux_attach_id(struct rb_object *obj, const struct rb_program *prog, uint32_t *id,
			 struct rb_error *err);
/* iter_targets.c: the BTF id of bpf_iter_TARGET for iter/TARGET; names a
 * target the kernel lacks (and its targets), or a kernel without iterators. */
int rb_iter_target_id(struct rb_object *obj, const struct rb_program *prog, uint32_t *id,
		      struct rb_error *err);

/* objects.c: BPF_OBJ_GET_INFO_BY_FD into `info` (len bytes, zeroed by the
 * caller but for the buffers it gives), narrated as `what`; links.c and
 * kernel_btf.c use it too. */
int rb_obj_info(int fd, void *info, uint32_t len, const struct rb_narrator *nar, const char *what);
/* objects.c: what an fd is, from its /proc/self/fd link (a program, map,
 * link or BTF object's anonymous inode); -1 when none of them or when
 * /proc cannot say. obj_pin.c's rb_link_pin uses it too. */
int rb_fd_kind(int fd, enum rb_kobj_kind *kind);

/* map_update.c: a by-fd call's error ("map fd 3: ...") said with the
 * map's name instead; returns ret. */
int rb_map_error(const struct rb_map *map, int ret, struct rb_error *err);

/* pin.c: BPF filesystems. BPF_FS is where every tool looks for one. */
#define BPF_FS "/sys/fs/bpf"
int rb_on_bpffs(const char *path);
/* dir must be in a bpffs; only BPF_FS itself is mounted, and only with
 * RB_MOUNT_BPFFS in policy (narrated). `what` begins each message. */
int rb_bpffs_ready(const char *dir, unsigned policy, const struct rb_narrator *nar,
		   const char *what, struct rb_error *err);

/* /proc/kallsyms, read by ksyms.c (typeless __ksym addresses) and
 * kernel_calls.c (names of helper calls and stack frames), one line at a
 * time through rb_kallsyms_line(). The longest line it writes: an address,
 * a type, a name of at most KSYM_NAME_LEN (512 since Linux 6.1) and
 * " [module]" (MODULE_NAME_LEN). */
#define KALLSYMS "/proc/kallsyms"
#define RB_KALLSYMS_LINE_MAX 700
/* One line, "ffffffff81000000 T _stext" or "ffffffffc0a01000 t name\t[ext4]",
 * split in place (the line is the caller's): 0, or -1 when it is not of
 * that form. *module is NULL for vmlinux's own symbols. */
int rb_kallsyms_line(char *line, uint64_t *addr, char *type, char **name, char **module);

#endif
