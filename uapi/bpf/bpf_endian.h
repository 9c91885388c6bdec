/* Byte order for BPF programs: bpf_htons() and friends, with libbpf's names
 * and meaning (its bpf/bpf_endian.h), so a program written for libbpf
 * compiles against rawbpf's headers unchanged.
 *
 * Packet headers hold numbers in network byte order (big endian); a BPF
 * program runs in the byte order of its target: -target bpfel (or `bpf` on
 * a little-endian host) or bpfeb. The C library's htons() is no use here:
 * its header is the host's, and a BPF program has no libc to call. So:
 *
 *     bpf_htons(x), bpf_ntohs(x)           16 bits
 *     bpf_htonl(x), bpf_ntohl(x)           32 bits
 *     bpf_cpu_to_be64(x), bpf_be64_to_cpu(x)   64 bits
 *
 * Little endian they swap the bytes; big endian they return x unchanged.
 * A swap of a variable is __builtin_bswap16/32/64, which clang compiles
 * into one BPF instruction (BPF_END, e.g. `r1 = be16 r1`). A swap of a
 * constant (`eth->h_proto == bpf_htons(ETH_P_IP)`) is done by the
 * compiler instead, with shifts and masks of constants: the result is a
 * constant, so it can also appear where C wants one (a case label, a
 * static initializer), which a call of a builtin cannot in every compiler.
 * __builtin_constant_p(x) chooses between the two, as libbpf's does.
 *
 *     clang -O2 -g -target bpf -Iuapi -c prog.bpf.c -o prog.bpf.o */
#ifndef RAWBPF_BPF_ENDIAN_H
#define RAWBPF_BPF_ENDIAN_H

/* Constant swaps: each byte moved to its mirrored place. */
#define ___bpf_const_swab16(x)                                   \
	((unsigned short)((((unsigned short)(x) & 0x00ffU) << 8) | \
			  (((unsigned short)(x) & 0xff00U) >> 8)))
#define ___bpf_const_swab32(x)                                  \
	((unsigned int)((((unsigned int)(x) & 0x000000ffU) << 24) | \
			(((unsigned int)(x) & 0x0000ff00U) << 8) |  \
			(((unsigned int)(x) & 0x00ff0000U) >> 8) |  \
			(((unsigned int)(x) & 0xff000000U) >> 24)))
#define ___bpf_const_swab64(x)                                                    \
	((unsigned long long)((((unsigned long long)(x) & 0x00000000000000ffULL) << 56) | \
			      (((unsigned long long)(x) & 0x000000000000ff00ULL) << 40) | \
			      (((unsigned long long)(x) & 0x0000000000ff0000ULL) << 24) | \
			      (((unsigned long long)(x) & 0x00000000ff000000ULL) << 8) |  \
			      (((unsigned long long)(x) & 0x000000ff00000000ULL) >> 8) |  \
			      (((unsigned long long)(x) & 0x0000ff0000000000ULL) >> 24) | \
			      (((unsigned long long)(x) & 0x00ff000000000000ULL) >> 40) | \
			      (((unsigned long long)(x) & 0xff00000000000000ULL) >> 56)))

/* The compiler says which byte order it compiles for. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define __bpf_htons(x) __builtin_bswap16(x)
#define __bpf_htonl(x) __builtin_bswap32(x)
#define __bpf_cpu_to_be64(x) __builtin_bswap64(x)
#define __bpf_constant_htons(x) ___bpf_const_swab16(x)
#define __bpf_constant_htonl(x) ___bpf_const_swab32(x)
#define __bpf_constant_cpu_to_be64(x) ___bpf_const_swab64(x)
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define __bpf_htons(x) (x)
#define __bpf_htonl(x) (x)
#define __bpf_cpu_to_be64(x) (x)
#define __bpf_constant_htons(x) (x)
#define __bpf_constant_htonl(x) (x)
#define __bpf_constant_cpu_to_be64(x) (x)
#else
#error "bpf_endian.h: the compiler does not say its byte order (__BYTE_ORDER__)"
#endif

/* A swap is its own inverse: to and from network order are the same. */
#define __bpf_ntohs(x) __bpf_htons(x)
#define __bpf_ntohl(x) __bpf_htonl(x)
#define __bpf_be64_to_cpu(x) __bpf_cpu_to_be64(x)
#define __bpf_constant_ntohs(x) __bpf_constant_htons(x)
#define __bpf_constant_ntohl(x) __bpf_constant_htonl(x)
#define __bpf_constant_be64_to_cpu(x) __bpf_constant_cpu_to_be64(x)

#define bpf_htons(x) (__builtin_constant_p(x) ? __bpf_constant_htons(x) : __bpf_htons(x))
#define bpf_ntohs(x) (__builtin_constant_p(x) ? __bpf_constant_ntohs(x) : __bpf_ntohs(x))
#define bpf_htonl(x) (__builtin_constant_p(x) ? __bpf_constant_htonl(x) : __bpf_htonl(x))
#define bpf_ntohl(x) (__builtin_constant_p(x) ? __bpf_constant_ntohl(x) : __bpf_ntohl(x))
#define bpf_cpu_to_be64(x) \
	(__builtin_constant_p(x) ? __bpf_constant_cpu_to_be64(x) : __bpf_cpu_to_be64(x))
#define bpf_be64_to_cpu(x) \
	(__builtin_constant_p(x) ? __bpf_constant_be64_to_cpu(x) : __bpf_be64_to_cpu(x))

#endif
