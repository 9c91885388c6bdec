/* <asm/bitsperlong.h> for BPF programs (uapi/asm/byteorder.h says why
 * uapi/asm/ exists): a BPF long is 64 bits. The generic header computes it
 * from __SIZEOF_LONG__ only since Linux 6.6 (older ones default to 32), so
 * it is set here first, from the compiler. */
#ifndef RAWBPF_UAPI_ASM_BITSPERLONG_H
#define RAWBPF_UAPI_ASM_BITSPERLONG_H

#define __BITS_PER_LONG (__CHAR_BIT__ * __SIZEOF_LONG__)
#include <asm-generic/bitsperlong.h>

#endif
