/* The header BPF programs include: section names, map declarations and the
 * helper functions. It follows libbpf's conventions (same names, same
 * macros, same include path <bpf/bpf_helpers.h>), so a program written
 * against libbpf compiles against rawbpf's headers and the other way round.
 * It needs no kernel headers: compile with clang -target bpf -Iuapi. */
#ifndef RAWBPF_BPF_HELPERS_H
#define RAWBPF_BPF_HELPERS_H

#include <linux/bpf.h> /* uapi/linux/bpf.h: map types, BPF_F_*, BPF_FUNC_* */

#include "bpf_helper_defs.h"

/* Put a function or variable into the ELF section `name`. The loader reads
 * the section name to learn a program's type and attach point. */
#define SEC(name) __attribute__((section(name), used))

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __noinline __attribute__((noinline))
#define __weak __attribute__((weak))
#define __hidden __attribute__((visibility("hidden")))

/* BTF-defined maps (SEC(".maps")): the struct's member types carry the
 * values, which the loader reads back from the object's BTF:
 *     struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); ... } m SEC(".maps");
 * __uint(name, 8) declares `int (*name)[8]`: the number lives in the array
 * size of the pointed-to type. */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

/* The legacy way, read from SEC("maps") by size: the 5 fields of the
 * kernel's old samples/bpf (rawbpf also loads the 7-field variant). */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

/* bpf_printk("fmt", args...): bpf_trace_printk needs the format in memory
 * the verifier can read and its size, so the format becomes a local array
 * (clang places its bytes in .rodata). Output goes to tracefs's trace_pipe;
 * at most three arguments. */
#define bpf_printk(fmt, ...)                                            \
	({                                                              \
		static const char ____fmt[] = fmt;                      \
		bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__); \
	})

#endif
