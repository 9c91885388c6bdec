/* <asm/types.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/
 * exists): the kernel's generic one, __u8 ... __u64 (asm-generic/int-ll64.h:
 * u64 is unsigned long long, as on every architecture). */
#ifndef RAWBPF_UAPI_ASM_TYPES_H
#define RAWBPF_UAPI_ASM_TYPES_H

#include <asm-generic/types.h>

#endif
