/* Shared by the CO-RE test objects (tests/progs/core_*.bpf.c).
 *
 * They are written as libbpf-tools' programs are, but without vmlinux.h:
 * each declares the kernel structs it needs partially, with
 * __attribute__((preserve_access_index)), and with a layout that is not the
 * kernel's (fields missing, in another order), so that every record must be
 * rewritten for the running kernel. clang's builtins make the records; the
 * small macros below give them names (libbpf's bpf_core_read.h has its
 * own, longer, set: these are the tests' and stay independent of it):
 *   __builtin_preserve_field_info(FIELD, K)    a field kind, K 0-5
 *   __builtin_btf_type_id(*(T *)0, K)          type id: 0 local, 1 target
 *   __builtin_preserve_type_info(*(T *)0, K)   0 exists, 1 size, 2 matches
 *   __builtin_preserve_enum_value(*(E *)V, K)  0 exists, 1 value
 * The numbers are the kind's within each builtin (llvm's BPFCoreSharedInfo),
 * not enum bpf_core_relo_kind's.
 *
 * Each object writes what it found into its map `out` (an array of u64:
 * key i, value v), so that a test can compare the values with what it knows
 * from elsewhere: /proc, the driver (tests/kernel/tools/rbdriver.c `core`
 * mode), or the kernel's BTF read by the test itself. */
#ifndef CORE_TEST_H
#define CORE_TEST_H

#include <linux/bpf.h>
#include "rbdriver.h"

#define field_offset(f) __builtin_preserve_field_info(f, 0)
#define field_size(f) __builtin_preserve_field_info(f, 1)
#define field_exists(f) __builtin_preserve_field_info(f, 2)
#define field_signed(f) __builtin_preserve_field_info(f, 3)
#define field_lshift(f) __builtin_preserve_field_info(f, 4)
#define field_rshift(f) __builtin_preserve_field_info(f, 5)
#define type_id_local(T) __builtin_btf_type_id(*(T *)0, 0)
#define type_id_target(T) __builtin_btf_type_id(*(T *)0, 1)
#define type_exists(T) __builtin_preserve_type_info(*(T *)0, 0)
#define type_size(T) __builtin_preserve_type_info(*(T *)0, 1)
#define enum_value_exists(E, V) __builtin_preserve_enum_value(*(E *)V, 0)
#define enum_value(E, V) __builtin_preserve_enum_value(*(E *)V, 1)

/* Read a field through bpf_probe_read_kernel, its address relocated (what
 * BPF_CORE_READ does for one step). */
#define read_field(dst, p, field) \
	bpf_probe_read_kernel(&(dst), sizeof(dst), &(p)->field)

/* Read a bitfield the way a loader lets a program read it: load the bytes
 * that hold it (offset and size relocated), shift its highest bit to bit
 * 63, then down to bit 0, arithmetic when it is signed (libbpf's
 * BPF_CORE_READ_BITFIELD_PROBED does the same, little-endian). */
#define read_bitfield(p, field)                                                  \
	({                                                                       \
		unsigned long long v = 0;                                        \
		bpf_probe_read_kernel(&v, field_size((p)->field),                \
				      (const char *)(p) + field_offset((p)->field)); \
		v <<= field_lshift((p)->field);                                  \
		if (field_signed((p)->field))                                    \
			v = (unsigned long long)((long long)v >>                 \
						 field_rshift((p)->field));      \
		else                                                             \
			v >>= field_rshift((p)->field);                          \
		v;                                                               \
	})

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} out SEC(".maps");

static __always_inline void store(__u32 key, __u64 value)
{
	bpf_map_update_elem(&out, &key, &value, BPF_ANY);
}

#endif
