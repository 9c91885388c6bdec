/* <bits/types.h> for BPF programs: glibc's internal names of the
 * fixed-width integers (__uint32_t, ...), which some older BPF programs
 * include, as the tc classifier of "Linux Observability with BPF" (ch. 6)
 * does.
 *
 * glibc keeps this header in the multiarch directory
 * (/usr/include/x86_64-linux-gnu/bits/types.h), which `clang -target bpf`
 * does not search (uapi/asm/byteorder.h says why), and glibc's version
 * includes more of that directory. Here are the names a BPF program can
 * mean, with the sizes of an LP64 target, which BPF is (long and pointers
 * are 64 bits): glibc's own definitions on x86-64 and arm64. The process
 * types (__pid_t, __off_t, ...) are left out: they describe a user process,
 * not a BPF program. Only BPF programs see this file (through -Iuapi). */
#ifndef RAWBPF_UAPI_BITS_TYPES_H
#define RAWBPF_UAPI_BITS_TYPES_H

typedef unsigned char __u_char;
typedef unsigned short int __u_short;
typedef unsigned int __u_int;
typedef unsigned long int __u_long;

typedef signed char __int8_t;
typedef unsigned char __uint8_t;
typedef signed short int __int16_t;
typedef unsigned short int __uint16_t;
typedef signed int __int32_t;
typedef unsigned int __uint32_t;
typedef signed long int __int64_t;
typedef unsigned long int __uint64_t;

typedef __int8_t __int_least8_t;
typedef __uint8_t __uint_least8_t;
typedef __int16_t __int_least16_t;
typedef __uint16_t __uint_least16_t;
typedef __int32_t __int_least32_t;
typedef __uint32_t __uint_least32_t;
typedef __int64_t __int_least64_t;
typedef __uint64_t __uint_least64_t;

typedef long int __quad_t;
typedef unsigned long int __u_quad_t;
typedef long int __intmax_t;
typedef unsigned long int __uintmax_t;

#endif
