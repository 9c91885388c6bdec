/* The header BPF programs include: section names, map declarations and the
 * kernel's helper functions.
 *
 * It follows libbpf's conventions -- the same names, the same macro shapes,
 * the same include path <bpf/bpf_helpers.h> -- so that a program written
 * against libbpf compiles against rawbpf's headers and the other way round.
 * Like libbpf's, it does not include the kernel's definitions itself: a
 * program first includes <linux/bpf.h> (rawbpf's uapi/linux/bpf.h, with
 * -Iuapi) or a vmlinux.h generated from the kernel's BTF. Including one
 * here would clash with the other, which defines the same types.
 *
 *     clang -O2 -g -target bpf -Iuapi -c prog.bpf.c -o prog.bpf.o
 *
 * No system header is needed: everything comes from uapi/. */
#ifndef RAWBPF_BPF_HELPERS_H
#define RAWBPF_BPF_HELPERS_H

#include "bpf_helper_defs.h"

/* Put a function or variable into the ELF section `name`. The loader reads
 * a program's section name to learn its type and where to attach it
 * ("tracepoint/CATEGORY/NAME", "kprobe/FUNCTION", ...), and finds maps in
 * "maps" or ".maps" and the license in "license". `used` keeps clang from
 * dropping a map or license that no code refers to. */
#define SEC(name) __attribute__((section(name), used))

/* Before Linux 4.16 BPF had no BPF-to-BPF calls: every function had to be
 * inlined into the program. __noinline asks for a real call instead. */
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __hidden
#define __hidden __attribute__((visibility("hidden")))
#endif

/* BTF-defined maps, in SEC(".maps"): the numbers are not stored as values
 * but encoded in the member types, which the loader reads back from the
 * object's BTF (the type information clang writes with -g):
 *     struct {
 *         __uint(type, BPF_MAP_TYPE_HASH);
 *         __uint(max_entries, 1024);
 *         __type(key, __u32);
 *         __type(value, __u64);
 *     } counts SEC(".maps");
 * __uint(name, 8) declares `int (*name)[8]`: 8 is the array's element count.
 * __type(name, T) declares `T *name`: the key or value type, sized by BTF.
 * __array(name, T) declares `T *name[]`: the inner maps of a map of maps. */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

/* Legacy maps, in SEC("maps"): a plain struct per map, whose bytes the
 * loader reads from the section. These are the 5 fields of the kernel's old
 * samples/bpf/bpf_load.c (libbpf dropped this struct in 1.0). rawbpf also
 * reads the 7-field variant, with inner_map_idx and numa_node, of
 * "Linux Observability with BPF": the definition size is the section size
 * divided by the number of maps. */
struct bpf_map_def {
	unsigned int type;        /* BPF_MAP_TYPE_* */
	unsigned int key_size;    /* bytes */
	unsigned int value_size;  /* bytes */
	unsigned int max_entries;
	unsigned int map_flags;   /* BPF_F_* of BPF_MAP_CREATE */
};

/* bpf_printk("fmt", args...): printf into the kernel's trace buffer, read
 * from /sys/kernel/tracing/trace_pipe. bpf_trace_printk needs the format in
 * memory the verifier can check, and its size including the NUL. A
 * `static const` array puts it in .rodata, which the loader turns into a
 * read-only map (a plain local array would be built on the stack, one store
 * per 8 bytes, every time). At most three arguments: the helper takes five
 * registers and the format uses two (bpf_trace_vprintk takes more). */
#define bpf_printk(fmt, ...)                                               \
	({                                                                 \
		static const char ____fmt[] = fmt;                         \
		bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__); \
	})

#endif
