/* CO-RE reads: kernel structs whose layout the running kernel decides.
 *
 * The same names and the same expansions as libbpf's <bpf/bpf_core_read.h>,
 * so a program written for libbpf compiles here unchanged and makes the
 * same CO-RE records (tests/headers/ compiles one set of programs against
 * both and compares the records and the instructions).
 *
 *     #include "vmlinux.h"        (or <linux/bpf.h> and your own structs)
 *     #include <bpf/bpf_helpers.h>
 *     #include <bpf/bpf_core_read.h>
 *
 *     pid_t ppid = BPF_CORE_READ(task, real_parent, tgid);
 *
 * ---- What the compiler does -----------------------------------------------
 * Normally `task->real_parent` compiles to "load 8 bytes at task + 1440",
 * 1440 being where the headers you compiled against put the field. A
 * kernel built with other options puts it elsewhere. clang has builtins
 * that keep the question open instead of answering it:
 *
 *   __builtin_preserve_access_index(EXPR)
 *       Compiles EXPR (member accesses, array indexes, address-of) as usual,
 *       but for every struct/union member and array element it steps through
 *       it writes a record into .BTF.ext: "instruction N holds the byte
 *       offset of access 0:57 of type 1234" -- 1234 the struct's id in the
 *       object's own BTF, "0:57" the path (index 0 of the pointer, then
 *       member 57). The instruction still holds the compiled offset. A
 *       loader (rawbpf: loader/relocate/) looks up the struct with the same
 *       name in the running kernel's BTF (/sys/kernel/btf/vmlinux), follows
 *       the same path *by member name*, and rewrites the instruction with
 *       the kernel's offset. A struct declared with
 *       __attribute__((preserve_access_index)) (vmlinux.h puts it on all of
 *       them) gets this for every access, without the builtin.
 *   __builtin_preserve_field_info(FIELD, KIND)      a u32 about the field
 *   __builtin_preserve_type_info(*(T *)0, KIND)     ... about a type
 *   __builtin_preserve_enum_value(*(E *)VAL, KIND)  ... about an enumerator
 *   __builtin_btf_type_id(*(T *)0, KIND)            a BTF type id
 *       Each compiles to "r = CONSTANT" (the answer for the headers at hand)
 *       plus a record saying what the constant means, which the loader
 *       replaces with the running kernel's answer. The first argument is
 *       never evaluated, like sizeof's: only its type and access path are
 *       used, so `*(T *)0` dereferences nothing.
 *
 * Only the *name* of a struct matters for the match, up to a "___": a
 * program may declare `struct task_struct___mine { int tgid; }` with just
 * the fields it uses, and the loader matches it against the kernel's
 * struct task_struct. That is a "flavour" (progs/core_parent.bpf.c), and
 * how one program handles two layouts of one struct (progs/
 * core_field_exists.bpf.c).
 *
 * Reading kernel memory still needs bpf_probe_read_kernel() in most program
 * types: the pointer is not one the verifier can check. The macros below
 * put the two together.
 *
 * Needs clang (GCC's BPF backend spells these builtins differently). */
#ifndef RAWBPF_BPF_CORE_READ_H
#define RAWBPF_BPF_CORE_READ_H

#include "bpf_helpers.h"

/* ---- The KIND arguments of the builtins ------------------------------------
 * Numbers of the compiler's ABI; the loader sees them as the kernel's enum
 * bpf_core_relo_kind (elf/core_relo.h lists those: BPF_FIELD_BYTE_OFFSET
 * becomes record kind 0, BPF_TYPE_ID_LOCAL kind 6, BPF_TYPE_EXISTS kind 8,
 * BPF_ENUMVAL_EXISTS kind 10, BPF_TYPE_MATCHES kind 12). */
enum bpf_field_info_kind {
	BPF_FIELD_BYTE_OFFSET = 0, /* where the field starts, in bytes */
	BPF_FIELD_BYTE_SIZE = 1,   /* its size (of the storage unit, for a bitfield) */
	BPF_FIELD_EXISTS = 2,      /* 1 if the kernel's struct has it, else 0 */
	BPF_FIELD_SIGNED = 3,      /* 1 if it is a signed integer */
	BPF_FIELD_LSHIFT_U64 = 4,  /* bitfields: shifts that extract the value */
	BPF_FIELD_RSHIFT_U64 = 5,  /*   from the bytes loaded into a u64 */
};

enum bpf_type_id_kind {
	BPF_TYPE_ID_LOCAL = 0,  /* the type's id in the program's own BTF */
	BPF_TYPE_ID_TARGET = 1, /* the id of the matching type in the kernel's BTF */
};

enum bpf_type_info_kind {
	BPF_TYPE_EXISTS = 0,  /* 1 if the kernel has a type of that name and kind */
	BPF_TYPE_SIZE = 1,    /* its size in the kernel */
	BPF_TYPE_MATCHES = 2, /* 1 if the kernel's type has the local type's shape
				 (Linux 6.1, clang 15) */
};

enum bpf_enum_value_kind {
	BPF_ENUMVAL_EXISTS = 0, /* 1 if the kernel's enum has the enumerator */
	BPF_ENUMVAL_VALUE = 1,  /* its value in the kernel */
};

/* ---- Counting macro arguments ----------------------------------------------
 * The variadic macros below pick a definition by argument count:
 * ___narg(a, b, c) is 3 (0 for none: the ## swallows the comma), and
 * ___apply(___last, 3)(a, b, c) calls ___last3(a, b, c). libbpf's names;
 * bpf_helpers.h has the ___bpf_* versions, which count up to 12. */
#define ___concat(a, b) a ## b
#define ___apply(fn, n) ___concat(fn, n)
#define ___nth(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, __11, N, ...) N
#define ___narg(...) ___nth(_, ##__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
/* 0 without arguments, N with any: picks a macro's final or general case */
#define ___empty(...) ___nth(_, ##__VA_ARGS__, N, N, N, N, N, N, N, N, N, N, 0)

/* ---- Facts about fields, types and enumerators -----------------------------
 * Each is one instruction with a constant the loader replaces. */

/* s->field's record of kind `info` (BYTE_OFFSET, BYTE_SIZE, ...) */
#define __CORE_RELO(src, field, info) \
	__builtin_preserve_field_info((src)->field, BPF_FIELD_##info)

/* A field named two ways: bpf_core_field_exists(p->f) or
 * bpf_core_field_exists(struct s, f). The second builds the access on a
 * null pointer of the type, which is never evaluated (see above). */
#define ___bpf_typeof(type) ((typeof(type) *)0)
#define ___bpf_field_ref1(field) (field)
#define ___bpf_field_ref2(type, field) (___bpf_typeof(type)->field)
#define ___bpf_field_ref(args...) ___bpf_apply(___bpf_field_ref, ___bpf_narg(args))(args)

/* 1 if the running kernel's struct has the field, else 0. Typical use:
 *     if (bpf_core_field_exists(t->__state)) ... else ... (older name)
 * The branch not taken still holds instructions that use the missing
 * field; the loader turns those into a call the verifier refuses only if
 * it is reachable -- and it is not, since the test is now a constant. */
#define bpf_core_field_exists(field...) \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_EXISTS)
/* The field's size in bytes in the running kernel. */
#define bpf_core_field_size(field...) \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_SIZE)
/* Its byte offset in the running kernel. */
#define bpf_core_field_offset(field...) \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_OFFSET)

/* The BTF id of `type` in the program's own BTF (always known), or of the
 * matching type in the kernel's BTF (0 when there is none). */
#define bpf_core_type_id_local(type) \
	__builtin_btf_type_id(*___bpf_typeof(type), BPF_TYPE_ID_LOCAL)
#define bpf_core_type_id_kernel(type) \
	__builtin_btf_type_id(*___bpf_typeof(type), BPF_TYPE_ID_TARGET)

/* For a named struct, union, enum or typedef: does the kernel have one
 * (1/0), does it have the same shape (1/0), how big is it (0 if absent). */
#define bpf_core_type_exists(type) \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_EXISTS)
#define bpf_core_type_matches(type) \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_MATCHES)
#define bpf_core_type_size(type) \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_SIZE)

/* Enumerators: bpf_core_enum_value(enum pid_type, PIDTYPE_TGID) is the
 * value the kernel gives PIDTYPE_TGID (0 when absent; 64 bits). The
 * compiler's syntax is a cast of the enumerator to a pointer to the enum. */
#define bpf_core_enum_value_exists(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_EXISTS)
#define bpf_core_enum_value(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_VALUE)

/* ---- Reading one field -------------------------------------------------------
 * bpf_core_read(dst, size, &t->field): bpf_probe_read_kernel of a source
 * address whose offsets the loader relocates. The argument is an address
 * (&t->real_parent); its value is computed once. */
#define bpf_core_read(dst, sz, src) \
	bpf_probe_read_kernel(dst, sz, (const void *)__builtin_preserve_access_index(src))
/* From user memory. The types must still be kernel types (CO-RE looks them
 * up in the kernel's BTF): uapi structs a system call was handed, say. */
#define bpf_core_read_user(dst, sz, src) \
	bpf_probe_read_user(dst, sz, (const void *)__builtin_preserve_access_index(src))
/* The string variants stop after the NUL and return the length with it. */
#define bpf_core_read_str(dst, sz, src) \
	bpf_probe_read_kernel_str(dst, sz, (const void *)__builtin_preserve_access_index(src))
#define bpf_core_read_user_str(dst, sz, src) \
	bpf_probe_read_user_str(dst, sz, (const void *)__builtin_preserve_access_index(src))

/* A kernel pointer the verifier then knows the type of (through the kfunc
 * bpf_rdonly_cast, Linux 6.2): fields read directly, no probe read. The
 * declaration is weak, so an object that never uses it does not name it. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;
#define bpf_core_cast(ptr, type) \
	((typeof(type) *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(type)))

/* ---- Bitfields ----------------------------------------------------------------
 * A bitfield has no address, so no offset to relocate. Instead the program
 * asks for four numbers about it -- the byte offset and size of the
 * integer that holds it, and two shifts -- and extracts it itself:
 * load those bytes into a u64, shift left to drop the bits above the
 * field, shift right (arithmetic if signed) to drop those below.
 *
 * `s` appears in every __CORE_RELO but is evaluated at run time only once,
 * in the address: __builtin_preserve_field_info does not evaluate its
 * argument. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __CORE_BITFIELD_PROBE_READ(dst, src, fld) \
	bpf_probe_read_kernel((void *)dst, __CORE_RELO(src, fld, BYTE_SIZE), \
			      (const void *)src + __CORE_RELO(src, fld, BYTE_OFFSET))
#else
/* The shifts assume the value sits in the u64's low-order bytes, which on a
 * big-endian machine are the last ones. */
#define __CORE_BITFIELD_PROBE_READ(dst, src, fld) \
	bpf_probe_read_kernel((void *)dst + (8 - __CORE_RELO(src, fld, BYTE_SIZE)), \
			      __CORE_RELO(src, fld, BYTE_SIZE), \
			      (const void *)src + __CORE_RELO(src, fld, BYTE_OFFSET))
#endif

/* s->field's value as a u64, read with bpf_probe_read_kernel: for
 * kprobes, tracepoints, anything holding an unchecked kernel pointer. */
#define BPF_CORE_READ_BITFIELD_PROBED(s, field) ({                                \
	unsigned long long val = 0;                                               \
                                                                                  \
	__CORE_BITFIELD_PROBE_READ(&val, s, field);                               \
	val <<= __CORE_RELO(s, field, LSHIFT_U64);                                \
	if (__CORE_RELO(s, field, SIGNED))                                        \
		val = ((long long)val) >> __CORE_RELO(s, field, RSHIFT_U64);      \
	else                                                                      \
		val = val >> __CORE_RELO(s, field, RSHIFT_U64);                   \
	val;                                                                      \
})

/* The same with plain loads, where the verifier lets the program read the
 * struct directly (tp_btf, fentry: BTF-typed pointers). The load's width
 * must be a constant, hence the switch on the relocated size: the loader
 * makes it a constant, and the verifier follows only its one case.
 *
 * The empty asm makes `p` opaque to the optimiser: it must compute
 * s + offset once, here, rather than fold the relocated offset into each
 * case's load -- one record for the loader, not four, and the same
 * records libbpf's expansion makes. */
#define BPF_CORE_READ_BITFIELD(s, field) ({                                       \
	const void *p = (const void *)s + __CORE_RELO(s, field, BYTE_OFFSET);     \
	unsigned long long val;                                                   \
                                                                                  \
	asm volatile("" : "=r"(p) : "0"(p));                                      \
	switch (__CORE_RELO(s, field, BYTE_SIZE)) {                               \
	case 1: val = *(const unsigned char *)p; break;                           \
	case 2: val = *(const unsigned short *)p; break;                          \
	case 4: val = *(const unsigned int *)p; break;                            \
	case 8: val = *(const unsigned long long *)p; break;                      \
	}                                                                         \
	val <<= __CORE_RELO(s, field, LSHIFT_U64);                                \
	if (__CORE_RELO(s, field, SIGNED))                                        \
		val = ((long long)val) >> __CORE_RELO(s, field, RSHIFT_U64);      \
	else                                                                      \
		val = val >> __CORE_RELO(s, field, RSHIFT_U64);                   \
	val;                                                                      \
})

/* Write new_val into s->field (direct access only, like the above): load
 * the holding integer, replace the field's bits under a mask, store it. */
#define BPF_CORE_WRITE_BITFIELD(s, field, new_val) ({                             \
	void *p = (void *)s + __CORE_RELO(s, field, BYTE_OFFSET);                 \
	unsigned int byte_size = __CORE_RELO(s, field, BYTE_SIZE);                \
	unsigned int lshift = __CORE_RELO(s, field, LSHIFT_U64);                  \
	unsigned int rshift = __CORE_RELO(s, field, RSHIFT_U64);                  \
	unsigned long long mask, val, nval = new_val;                             \
	unsigned int rpad = rshift - lshift;                                      \
                                                                                  \
	asm volatile("" : "+r"(p));                                               \
	switch (byte_size) {                                                      \
	case 1: val = *(unsigned char *)p; break;                                 \
	case 2: val = *(unsigned short *)p; break;                                \
	case 4: val = *(unsigned int *)p; break;                                  \
	case 8: val = *(unsigned long long *)p; break;                            \
	}                                                                         \
	mask = (~0ULL << rshift) >> lshift;                                       \
	val = (val & ~mask) | ((nval << rpad) & mask);                            \
	switch (byte_size) {                                                      \
	case 1: *(unsigned char *)p = val; break;                                 \
	case 2: *(unsigned short *)p = val; break;                                \
	case 4: *(unsigned int *)p = val; break;                                  \
	case 8: *(unsigned long long *)p = val; break;                            \
	}                                                                         \
})

/* ---- Following pointers: BPF_CORE_READ(s, a, b.c, d) -------------------------
 * The C expression s->a->b.c->d is three pointer loads, and each must be
 * a probe read of its own: BPF_CORE_READ(s, a, b.c, d) becomes
 *     const void *__t;
 *     bpf_core_read(&__t, sizeof(__t), &((typeof(s))(s))->a);
 *     bpf_core_read(&__t, sizeof(__t), &((typeof(s->a))(__t))->b.c);
 *     bpf_core_read(&__r, sizeof(__r), &((typeof(s->a->b.c))(__t))->d);
 * so each step relocates against the struct its pointer points to. The
 * accessors between commas may themselves be member chains (b.c) and
 * array indexes (arr[2]), but not pointer steps.
 *
 * Why it is written this way:
 *  - every argument is evaluated once. `s` appears in typeof(...), which
 *    is not evaluated, and once as a value; each intermediate pointer is
 *    read into the local __t and used from there. A side effect in `s`
 *    (BPF_CORE_READ(p++, x)) happens once, as in C.
 *  - ({ ... }) is a statement expression (a GNU extension clang has): a
 *    block whose last expression is its value, so the macro can declare
 *    __t and __r and still be used inside an expression.
 *  - the types come from typeof(s->a->b.c): the compiler writes down the
 *    type you would have had, and the cast gives each step the struct type
 *    its record must name. At most 9 pointer steps. */
#define ___last1(x) x
#define ___last2(a, x) x
#define ___last3(a, b, x) x
#define ___last4(a, b, c, x) x
#define ___last5(a, b, c, d, x) x
#define ___last6(a, b, c, d, e, x) x
#define ___last7(a, b, c, d, e, f, x) x
#define ___last8(a, b, c, d, e, f, g, x) x
#define ___last9(a, b, c, d, e, f, g, h, x) x
#define ___last10(a, b, c, d, e, f, g, h, i, x) x
#define ___last(...) ___apply(___last, ___narg(__VA_ARGS__))(__VA_ARGS__)

#define ___nolast2(a, _) a
#define ___nolast3(a, b, _) a, b
#define ___nolast4(a, b, c, _) a, b, c
#define ___nolast5(a, b, c, d, _) a, b, c, d
#define ___nolast6(a, b, c, d, e, _) a, b, c, d, e
#define ___nolast7(a, b, c, d, e, f, _) a, b, c, d, e, f
#define ___nolast8(a, b, c, d, e, f, g, _) a, b, c, d, e, f, g
#define ___nolast9(a, b, c, d, e, f, g, h, _) a, b, c, d, e, f, g, h
#define ___nolast10(a, b, c, d, e, f, g, h, i, _) a, b, c, d, e, f, g, h, i
#define ___nolast(...) ___apply(___nolast, ___narg(__VA_ARGS__))(__VA_ARGS__)

/* ___arrow(s, a, b) is s->a->b: the expression whose type is wanted */
#define ___arrow1(a) a
#define ___arrow2(a, b) a->b
#define ___arrow3(a, b, c) a->b->c
#define ___arrow4(a, b, c, d) a->b->c->d
#define ___arrow5(a, b, c, d, e) a->b->c->d->e
#define ___arrow6(a, b, c, d, e, f) a->b->c->d->e->f
#define ___arrow7(a, b, c, d, e, f, g) a->b->c->d->e->f->g
#define ___arrow8(a, b, c, d, e, f, g, h) a->b->c->d->e->f->g->h
#define ___arrow9(a, b, c, d, e, f, g, h, i) a->b->c->d->e->f->g->h->i
#define ___arrow10(a, b, c, d, e, f, g, h, i, j) a->b->c->d->e->f->g->h->i->j
#define ___arrow(...) ___apply(___arrow, ___narg(__VA_ARGS__))(__VA_ARGS__)

#define ___type(...) typeof(___arrow(__VA_ARGS__))

/* One step: read src->accessor (src cast to the type it has in the chain)
 * into *dst, sizeof(*dst) bytes. */
#define ___read(read_fn, dst, src_type, src, accessor) \
	read_fn((void *)(dst), sizeof(*(dst)), &((src_type)(src))->accessor)

/* The pointer steps, into __t: ___rd_pN reads the first N */
#define ___rd_first(fn, src, a) ___read(fn, &__t, ___type(src), src, a);
#define ___rd_last(fn, ...) \
	___read(fn, &__t, ___type(___nolast(__VA_ARGS__)), __t, ___last(__VA_ARGS__));
#define ___rd_p1(fn, ...) const void *__t; ___rd_first(fn, __VA_ARGS__)
#define ___rd_p2(fn, ...) ___rd_p1(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p3(fn, ...) ___rd_p2(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p4(fn, ...) ___rd_p3(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p5(fn, ...) ___rd_p4(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p6(fn, ...) ___rd_p5(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p7(fn, ...) ___rd_p6(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p8(fn, ...) ___rd_p7(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___rd_p9(fn, ...) ___rd_p8(fn, ___nolast(__VA_ARGS__)) ___rd_last(fn, __VA_ARGS__)
#define ___read_ptrs(fn, src, ...) \
	___apply(___rd_p, ___narg(__VA_ARGS__))(fn, src, __VA_ARGS__)

/* One accessor: read it straight into dst. More: the pointer steps with
 * fn_ptr, then the last one into dst with fn (the two differ for strings:
 * the pointers are plain reads, the last a string read). */
#define ___core_read0(fn, fn_ptr, dst, src, a) \
	___read(fn, dst, ___type(src), src, a);
#define ___core_readN(fn, fn_ptr, dst, src, ...) \
	___read_ptrs(fn_ptr, src, ___nolast(__VA_ARGS__)) \
	___read(fn, dst, ___type(src, ___nolast(__VA_ARGS__)), __t, ___last(__VA_ARGS__));
#define ___core_read(fn, fn_ptr, dst, src, a, ...) \
	___apply(___core_read, ___empty(__VA_ARGS__))(fn, fn_ptr, dst, src, a, ##__VA_ARGS__)

/* BPF_CORE_READ_INTO(&dst, s, a, b): s->a->b into dst (its size is
 * sizeof(*&dst)); the value is the last read's result, 0 or -errno. */
#define BPF_CORE_READ_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_core_read, bpf_core_read, dst, (src), a, ##__VA_ARGS__) \
})
/* The chain in user memory (kernel types still: see bpf_core_read_user). */
#define BPF_CORE_READ_USER_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_core_read_user, bpf_core_read_user, dst, (src), a, ##__VA_ARGS__) \
})
/* The last field is a string (char comm[16]): read up to its NUL. */
#define BPF_CORE_READ_STR_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_core_read_str, bpf_core_read, dst, (src), a, ##__VA_ARGS__) \
})
#define BPF_CORE_READ_USER_STR_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_core_read_user_str, bpf_core_read_user, dst, (src), a, ##__VA_ARGS__) \
})

/* BPF_CORE_READ(s, a, b): the value of s->a->b, of its own type. */
#define BPF_CORE_READ(src, a, ...) ({ \
	___type((src), a, ##__VA_ARGS__) __r; \
	BPF_CORE_READ_INTO(&__r, (src), a, ##__VA_ARGS__); \
	__r; \
})
#define BPF_CORE_READ_USER(src, a, ...) ({ \
	___type((src), a, ##__VA_ARGS__) __r; \
	BPF_CORE_READ_USER_INTO(&__r, (src), a, ##__VA_ARGS__); \
	__r; \
})

/* ---- The same without CO-RE ---------------------------------------------------
 * BPF_PROBE_READ* follow the same chains with plain probe reads: no
 * __builtin_preserve_access_index, so the compiled offsets stay, and any
 * types (your own structs, user space's) may be read. (A struct declared
 * preserve_access_index, as all of vmlinux.h's are, is relocated anyway:
 * the attribute asks for it at every access.) libbpf 1.1 calls the older
 * bpf_probe_read here; later versions, and rawbpf, the _kernel and _user
 * helpers, which exist on every architecture. */
#define BPF_PROBE_READ_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_probe_read_kernel, bpf_probe_read_kernel, dst, (src), a, ##__VA_ARGS__) \
})
#define BPF_PROBE_READ_USER_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_probe_read_user, bpf_probe_read_user, dst, (src), a, ##__VA_ARGS__) \
})
#define BPF_PROBE_READ_STR_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_probe_read_kernel_str, bpf_probe_read_kernel, dst, (src), a, ##__VA_ARGS__) \
})
#define BPF_PROBE_READ_USER_STR_INTO(dst, src, a, ...) ({ \
	___core_read(bpf_probe_read_user_str, bpf_probe_read_user, dst, (src), a, ##__VA_ARGS__) \
})
#define BPF_PROBE_READ(src, a, ...) ({ \
	___type((src), a, ##__VA_ARGS__) __r; \
	BPF_PROBE_READ_INTO(&__r, (src), a, ##__VA_ARGS__); \
	__r; \
})
#define BPF_PROBE_READ_USER(src, a, ...) ({ \
	___type((src), a, ##__VA_ARGS__) __r; \
	BPF_PROBE_READ_USER_INTO(&__r, (src), a, ##__VA_ARGS__); \
	__r; \
})

#endif
