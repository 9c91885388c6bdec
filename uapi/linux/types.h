/* Fixed-width types with the kernel's names.
 *
 * The kernel's UAPI headers spell integer types __u32, __s64 and so on
 * (<linux/types.h>). Two kinds of code include this file:
 *
 *  - the loader, as "uapi/linux/types.h" (through uapi/linux/bpf.h), on
 *    machines that may have no kernel headers at all: it must define
 *    everything itself;
 *  - BPF programs built with -Iuapi, as <linux/types.h>: directly, or from
 *    the system's own UAPI headers (<linux/ip.h>, <linux/tcp.h>, ...),
 *    which also expect what rawbpf does not use: __le64, __sum16, the
 *    __kernel_* types of <linux/posix_types.h>. Shadowing the system's
 *    <linux/types.h> with a subset would break those headers.
 *
 * So a BPF program gets the system's <linux/types.h> whenever there is one
 * (#include_next: the next directory of the search path after uapi/), and
 * the asm/ headers it includes come from uapi/asm/ (uapi/asm/byteorder.h
 * says why: clang -target bpf does not search the host's asm/). The loader,
 * and a BPF program on a machine without linux-libc-dev, get the
 * definitions below. They match the kernel's asm-generic/int-ll64.h and
 * linux/types.h exactly (u64 is "unsigned long long"), so a translation
 * unit that also sees the system's <linux/types.h> still compiles: C11
 * allows an identical typedef to be repeated. */
#ifndef RAWBPF_UAPI_LINUX_TYPES_H
#define RAWBPF_UAPI_LINUX_TYPES_H

/* __has_include_next is tested on its own first: a compiler without it
 * would not parse the #if that uses it. Only clang compiles BPF. The
 * system's header needs <asm/types.h>, which -Iuapi provides (a BPF
 * program that names this file by path, with -I. only, gets the
 * definitions below instead). */
#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/types.h>) && __has_include(<asm/types.h>)
#define RAWBPF_SYSTEM_LINUX_TYPES 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_LINUX_TYPES
#include_next <linux/types.h>
#else

typedef signed char __s8;
typedef unsigned char __u8;
typedef signed short __s16;
typedef unsigned short __u16;
typedef signed int __s32;
typedef unsigned int __u32;
typedef signed long long __s64;
typedef unsigned long long __u64;

/* Byte-order-tagged integers and checksums, as helpers' prototypes
 * (bpf/bpf_helper_defs.h) and packet headers name them. In the kernel's
 * <linux/types.h> they carry __bitwise, which is empty unless the sparse
 * checker runs. */
typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
typedef __u16 __sum16;
typedef __u32 __wsum;

/* Pointers travel through bpf_attr as 64-bit integers aligned to 8 bytes, so
 * that a 32-bit process and a 64-bit kernel agree on the layout. */
#define __aligned_u64 __u64 __attribute__((aligned(8)))
#define __aligned_be64 __be64 __attribute__((aligned(8)))
#define __aligned_le64 __le64 __attribute__((aligned(8)))

#endif /* RAWBPF_SYSTEM_LINUX_TYPES */

#endif
