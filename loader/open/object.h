/* struct rb_object inside: what the library keeps about an object. Not
 * public.
 *
 * Why the object is opaque to users (loader/rawbpf.h declares only
 * `struct rb_object;` and accessors) while programs and maps are not: a
 * program or a map is what a user came for, and its fields are the BPF
 * facts (name, type, instructions, fd) that stay the same whatever rawbpf
 * does inside. The object also holds how rawbpf got there: the file's
 * bytes, the ELF tables that point into them, the parsed BTF, where tracefs
 * is mounted. Those change whenever the loader changes, and a user who read
 * them would break with it. Keeping one definition here (rather than a
 * public part and a pointer to a private part) lets the library's own code
 * say obj->btf and obj->maps alike, so it reads the same as before; the
 * compiler keeps everything outside loader/ to the accessors. Tests, the
 * fuzzer and the benchmarks include this header: they test the inside. */
#ifndef RAWBPF_OBJECT_H
#define RAWBPF_OBJECT_H

#include "elf/btf.h"
#include "elf/btf_ext.h"
#include "elf/elf_reader.h"
#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

struct rb_module_btf; /* kernel/kernel.h */

/* A function and its place in programs[] then subprogs[] (the order a
 * lookup prefers among functions that start at the same instruction). */
struct rb_function_start {
	struct rb_function *fn;
	size_t order;
};

/* A map's place: where its definition is (open/place_index.c). */
struct rb_map_place {
	uint32_t section;
	uint64_t offset;
	size_t map; /* its index in maps[] */
};

struct rb_object {
	char *path;
	uint8_t *bytes;       /* the file's bytes; elf points into them */
	size_t size;
	struct elf_file elf;
	char *license;        /* from SEC("license"); "" when there is none */
	uint32_t kern_version;/* from SEC("version"); 0 when there is none */
	struct rb_program *programs;
	size_t program_count;
	struct rb_function *subprogs; /* functions that are not programs */
	size_t subprog_count;
	/* Both kinds, sorted by where they start (open/place_index.c) */
	struct rb_function_start *functions_by_start;
	size_t function_index_count;
	struct rb_map *maps;
	size_t map_count;
	struct rb_map_place *maps_by_place; /* [map_count], open/place_index.c */
	struct rb_variable *variables; /* global variables (open/variables.c) */
	size_t variable_count;
	struct rb_core_reloc *core_relocs; /* CO-RE records (open/core_relocs.c) */
	struct bpf_core_relo_rec *core_recs; /* the same records as in .BTF.ext */
	size_t core_reloc_count;
	struct btf *btf;      /* the object's .BTF, or NULL */
	struct btf_ext *btf_ext; /* its .BTF.ext, or NULL */
	struct btf *vmlinux_btf; /* the kernel's BTF, read when a program needs it */
	/* CO-RE's targets besides vmlinux (kernel/core_targets.c), read once
	 * when a record needs them: the module BTFs of /sys/kernel/btf (split
	 * BTF on vmlinux's), or, instead of vmlinux and the modules, the file
	 * rb_open_opts.btf_path names (NULL: none given). */
	struct btf *core_modules;  /* [core_module_count] */
	char **core_module_names;  /* "module NAME": where a type was found */
	size_t core_module_count;
	int core_modules_read;
	char *btf_path;
	struct btf *btf_override;
	int btf_fd;           /* the BTF loaded into the kernel, or -1 */
	char btf_warning[512];/* why the kernel's refusal of .BTF was survived */
	struct rb_narrator narrator;
	char tracefs[256];    /* where tracefs is mounted, once looked up */
	enum rb_probe_mode probe_mode;
	enum rb_net_mode net_mode; /* rb_open_opts.net_mode: links or netlink (attach/netdev.c) */
	unsigned policy;      /* RB_MOUNT_TRACEFS, RB_MOUNT_BPFFS, RB_RAISE_MEMLOCK */
	char *pin_root;       /* rb_open_opts.pin_root without trailing '/', or NULL:
				 /sys/fs/bpf (kernel/pin.c) */
	struct rb_extern *externs; /* undefined symbols (open/externs.c) */
	size_t extern_count;
	long kconfig_map;     /* the .kconfig map's index, or -1 */
	char *kconfig_path;   /* rb_open_opts.kconfig_path, or NULL */
	/* While rb_object_load() runs (kernel/externs.c): the module BTFs that
	 * __ksym externs were found in, and the BPF_PROG_LOAD fd_array naming
	 * them for kfunc calls (slot 0 unused: a call's off 0 means vmlinux). */
	struct rb_module_btf *modules;
	size_t module_count;
	int modules_listed;
	int *fd_array;
	uint32_t fd_array_count;
	uint32_t usdt_specs_used; /* spec ids given out in __bpf_usdt_specs (attach/usdt.c) */
	int core_by_kernel;   /* rb_open_opts.core_by_kernel: CO-RE records go to
				 BPF_PROG_LOAD (kernel/core_by_kernel.c), and
				 relocate/ leaves them as compiled */
};

#endif
