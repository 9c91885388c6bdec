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

/* Externs: values the loader fills in, from the kernel, before loading.
 *     extern int CONFIG_HZ __kconfig;            the running kernel's config
 *     extern unsigned LINUX_KERNEL_VERSION __kconfig;   (and other LINUX_*)
 *     extern const struct rq runqueues __ksym;   a kernel variable, by BTF
 *     extern void bpf_rcu_read_lock(void) __ksym;  a kernel function (kfunc)
 * clang leaves them undefined symbols in the sections ".kconfig" and
 * ".ksyms" of the object's BTF; rawbpf resolves them (loader/open/externs.c
 * says how). A __weak extern may be missing: it reads 0, and a missing
 * kfunc is never called if the program checks bpf_ksym_exists() first. */
#ifndef __kconfig
#define __kconfig __attribute__((section(".kconfig")))
#endif
#ifndef __ksym
#define __ksym __attribute__((section(".ksyms")))
#endif
/* A tristate config option (y/m/n), as an `enum libbpf_tristate` extern. */
#ifndef RAWBPF_LIBBPF_TRISTATE
#define RAWBPF_LIBBPF_TRISTATE
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};
#endif
/* Is a __weak __ksym (a kfunc or variable) present in the running kernel?
 * The loader gives a missing one the address 0, a constant the verifier
 * sees, so the code after `if (!bpf_ksym_exists(f))` is dead and dropped. */
#ifndef bpf_ksym_exists
#define bpf_ksym_exists(sym)                                                                \
	({                                                                                  \
		_Static_assert(!__builtin_constant_p(!!sym), #sym " should be marked as __weak"); \
		!!sym;                                                                      \
	})
#endif

/* bpf_printk("fmt", args...): printf into the kernel's trace buffer, read
 * from /sys/kernel/tracing/trace_pipe. bpf_trace_printk needs the format in
 * memory the verifier can check, and its size including the NUL. A
 * `static const` array puts it in .rodata, which the loader turns into a
 * read-only map (a plain local array would be built on the stack, one store
 * per 8 bytes, every time; -DBPF_NO_GLOBAL_DATA asks for that, for kernels
 * before 5.2, which have no global data). bpf_trace_printk takes five
 * registers, and the format uses two: up to three arguments it is called
 * directly; with more (up to 12), bpf_printk goes through
 * bpf_trace_vprintk (Linux 5.16), which takes them as an array of u64, as
 * libbpf does. ___bpf_pick_printk counts the arguments: the 13th of
 * ___bpf_nth's list is the macro for that many. */
#ifdef BPF_NO_GLOBAL_DATA
#define BPF_PRINTK_FMT_MOD
#else
#define BPF_PRINTK_FMT_MOD static const
#endif

#define __bpf_printk(fmt, ...)                                             \
	({                                                                 \
		BPF_PRINTK_FMT_MOD char ____fmt[] = fmt;                   \
		bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__); \
	})

/* The arguments of a printf-like helper that takes them as an array:
 * ___bpf_fill(arr, a, b, c) is arr[0] = a; arr[1] = b; arr[2] = c. A
 * pointer argument (%s, %pI4, ...) goes in as its address, hence the
 * pragma: the conversion to unsigned long long is meant. */
#define ___bpf_fill0(arr, p, x) do {} while (0)
#define ___bpf_fill1(arr, p, x) arr[p] = x
#define ___bpf_fill2(arr, p, x, args...) arr[p] = x; ___bpf_fill1(arr, p + 1, args)
#define ___bpf_fill3(arr, p, x, args...) arr[p] = x; ___bpf_fill2(arr, p + 1, args)
#define ___bpf_fill4(arr, p, x, args...) arr[p] = x; ___bpf_fill3(arr, p + 1, args)
#define ___bpf_fill5(arr, p, x, args...) arr[p] = x; ___bpf_fill4(arr, p + 1, args)
#define ___bpf_fill6(arr, p, x, args...) arr[p] = x; ___bpf_fill5(arr, p + 1, args)
#define ___bpf_fill7(arr, p, x, args...) arr[p] = x; ___bpf_fill6(arr, p + 1, args)
#define ___bpf_fill8(arr, p, x, args...) arr[p] = x; ___bpf_fill7(arr, p + 1, args)
#define ___bpf_fill9(arr, p, x, args...) arr[p] = x; ___bpf_fill8(arr, p + 1, args)
#define ___bpf_fill10(arr, p, x, args...) arr[p] = x; ___bpf_fill9(arr, p + 1, args)
#define ___bpf_fill11(arr, p, x, args...) arr[p] = x; ___bpf_fill10(arr, p + 1, args)
#define ___bpf_fill12(arr, p, x, args...) arr[p] = x; ___bpf_fill11(arr, p + 1, args)
#define ___bpf_fill(arr, args...) \
	___bpf_apply(___bpf_fill, ___bpf_narg(args))(arr, 0, args)

/* The format in .rodata, the arguments in a u64 array on the stack, then
 * `call`: the shape of every array-taking printf helper below. */
#define ___bpf_array_printf(call, args...)                             \
	({                                                             \
		unsigned long long ___param[___bpf_narg(args)];        \
								       \
		_Pragma("GCC diagnostic push")                         \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"") \
		___bpf_fill(___param, args);                           \
		_Pragma("GCC diagnostic pop")                          \
								       \
		call;                                                  \
	})

#define __bpf_vprintk(fmt, args...)                                              \
	({                                                                       \
		static const char ___fmt[] = fmt;                                \
		___bpf_array_printf(bpf_trace_vprintk(___fmt, sizeof(___fmt),    \
						      ___param, sizeof(___param)), \
				    args);                                       \
	})

#define ___bpf_pick_printk(...)                                                      \
	___bpf_nth(_, ##__VA_ARGS__, __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,    \
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,        \
		   __bpf_vprintk, __bpf_vprintk, __bpf_printk /*3*/, __bpf_printk /*2*/, \
		   __bpf_printk /*1*/, __bpf_printk /*0*/)

#define bpf_printk(fmt, args...) ___bpf_pick_printk(args)(fmt, ##args)

/* BPF_SNPRINTF(out, size, "fmt", args...): bpf_snprintf (Linux 5.13) into
 * a buffer; returns the length with the NUL, as snprintf would have
 * written it, or a negative errno. BPF_SEQ_PRINTF(seq, "fmt", args...):
 * bpf_seq_printf (Linux 5.9) into the seq_file of a BPF iterator
 * (SEC("iter/task") ...). Both take up to 12 arguments. */
#define BPF_SNPRINTF(out, out_size, fmt, args...)                              \
	({                                                                     \
		static const char ___fmt[] = fmt;                              \
		___bpf_array_printf(bpf_snprintf(out, out_size, ___fmt,        \
						 ___param, sizeof(___param)),  \
				    args);                                     \
	})
#define BPF_SEQ_PRINTF(seq, fmt, args...)                                         \
	({                                                                        \
		static const char ___fmt[] = fmt;                                 \
		___bpf_array_printf(bpf_seq_printf(seq, ___fmt, sizeof(___fmt),   \
						   ___param, sizeof(___param)),   \
				    args);                                        \
	})

/* A compile-time error if the code that calls it is not dropped as dead:
 * clang's BPF backend cannot emit __builtin_trap(). */
#ifndef __bpf_unreachable
#define __bpf_unreachable() __builtin_trap()
#endif

/* bpf_tail_call(ctx, map, slot) with a constant slot, in exactly the
 * registers the kernel wants: r1 = ctx, r2 = the program array, r3 = the
 * slot, then `call 12` (BPF_FUNC_tail_call). Written in assembly so that
 * clang cannot merge two calls with different slots into one call
 * instruction: when the verifier sees one map and one constant slot at a
 * call site, the x86-64 JIT patches the call into a direct jump (kernel
 * commit d2e4c1e6c294, "bpf: Constant map key tracking for prog array
 * pokes"). r0, r4 and r5 are clobbered as by any helper call. */
#if __clang_major__ >= 8 && defined(__bpf__)
static __always_inline void bpf_tail_call_static(void *ctx, const void *map, const __u32 slot)
{
	if (!__builtin_constant_p(slot))
		__bpf_unreachable();
	asm volatile("r1 = %[ctx]\n\t"
		     "r2 = %[map]\n\t"
		     "r3 = %[slot]\n\t"
		     "call 12"
		     :: [ctx]"r"(ctx), [map]"r"(map), [slot]"i"(slot)
		     : "r0", "r1", "r2", "r3", "r4", "r5");
}
#endif

/* Kernel pointers stored in a map value (Linux 5.19+): a member declared
 *     struct task_struct __kptr *task;
 * carries the BTF type tag "kptr", which the kernel reads from the map's
 * value type to allow bpf_kptr_xchg() on it: a referenced pointer the map
 * then owns. __kptr_untrusted ("kptr_untrusted", Linux 6.4; libbpf 1.1 has
 * it as __kptr_ref, "kptr_ref") is a plain load, checked like
 * bpf_probe_read_kernel; __percpu_kptr (Linux 6.6) holds a per-CPU object
 * from bpf_percpu_obj_new(). clang writes btf_type_tag from clang 14 on. */
#ifndef __kptr
#define __kptr __attribute__((btf_type_tag("kptr")))
#endif
#ifndef __kptr_untrusted
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#endif
#ifndef __percpu_kptr
#define __percpu_kptr __attribute__((btf_type_tag("percpu_kptr")))
#endif

/* pinning of a BTF-defined map: __uint(pinning, LIBBPF_PIN_BY_NAME) pins it
 * as /sys/fs/bpf/NAME, and the next load reuses it. (Skipped when a program
 * has already #defined the name itself.) */
#ifndef LIBBPF_PIN_BY_NAME
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME,
};
#endif

/* What libbpf's header also offers and libbpf-style programs use. */
#ifndef offsetof
#define offsetof(TYPE, MEMBER) ((unsigned long)&((TYPE *)0)->MEMBER)
#endif
#ifndef container_of
#define container_of(ptr, type, member)                          \
	({                                                       \
		void *__mptr = (void *)(ptr);                    \
		((type *)(__mptr - offsetof(type, member)));     \
	})
#endif
/* The compiler may not move memory accesses across barrier(); after
 * barrier_var(x) it knows nothing about x's value, so it cannot fold a
 * check the verifier needs to see (say, a bound on an index) into
 * something the verifier cannot follow. Neither emits an instruction. */
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "=r"(var) : "0"(var))
#endif

/* Counting a variadic macro's arguments (bpf_tracing.h, bpf_core_read.h):
 * ___bpf_narg(a, b, c) is 3, and ___bpf_apply(f, 3) pastes f3, so
 * ___bpf_apply(f, ___bpf_narg(args))(args) calls the definition made for
 * that many arguments. Up to 12. */
#ifndef ___bpf_concat
#define ___bpf_concat(a, b) a ## b
#endif
#ifndef ___bpf_apply
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#endif
#ifndef ___bpf_nth
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#endif
#ifndef ___bpf_narg
#define ___bpf_narg(...) ___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#endif

#endif
