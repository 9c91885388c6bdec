/* Fixed-width types with the kernel's names.
 *
 * The kernel's UAPI headers spell integer types __u32, __s64 and so on
 * (<linux/types.h>). rawbpf defines them here so that neither the loader nor
 * the BPF programs need kernel headers installed. The definitions match the
 * kernel's asm-generic/int-ll64.h exactly (u64 is "unsigned long long"), so a
 * translation unit that also sees the system's <linux/types.h> still compiles:
 * C11 allows an identical typedef to be repeated. */
#ifndef RAWBPF_UAPI_LINUX_TYPES_H
#define RAWBPF_UAPI_LINUX_TYPES_H

typedef signed char __s8;
typedef unsigned char __u8;
typedef signed short __s16;
typedef unsigned short __u16;
typedef signed int __s32;
typedef unsigned int __u32;
typedef signed long long __s64;
typedef unsigned long long __u64;

/* Network byte order and a checksum, as some helpers' prototypes name them
 * (bpf/bpf_helper_defs.h). In the kernel's <linux/types.h> they carry
 * __bitwise, which is empty unless the sparse checker runs. */
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

/* Pointers travel through bpf_attr as 64-bit integers aligned to 8 bytes, so
 * that a 32-bit process and a 64-bit kernel agree on the layout. */
#define __aligned_u64 __u64 __attribute__((aligned(8)))

#endif
