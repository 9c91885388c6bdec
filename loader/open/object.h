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
#include "elf/elf_reader.h"
#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

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
	struct rb_map *maps;
	size_t map_count;
	struct rb_variable *variables; /* global variables (open/variables.c) */
	size_t variable_count;
	struct rb_core_reloc *core_relocs; /* CO-RE records (open/core_relocs.c) */
	size_t core_reloc_count;
	struct btf *btf;      /* the object's .BTF, or NULL */
	struct btf_ext *btf_ext; /* its .BTF.ext, or NULL */
	struct btf *vmlinux_btf; /* the kernel's BTF, read when a program needs it */
	int btf_fd;           /* the BTF loaded into the kernel, or -1 */
	char btf_warning[512];/* why the kernel's refusal of .BTF was survived */
	struct rb_narrator narrator;
	char tracefs[256];    /* where tracefs is mounted, once looked up */
	enum rb_probe_mode probe_mode;
	unsigned policy;      /* RB_MOUNT_TRACEFS, RB_MOUNT_BPFFS, RB_RAISE_MEMLOCK */
	char *pin_root;       /* rb_open_opts.pin_root without trailing '/', or NULL:
				 /sys/fs/bpf (kernel/pin.c) */
};

#endif
