/* <asm/posix_types.h> for BPF programs (uapi/asm/byteorder.h says why
 * uapi/asm/ exists): the kernel's generic one, the __kernel_* types of
 * <linux/posix_types.h> (sizes from __BITS_PER_LONG; an architecture's own
 * may differ in old 16-bit ids such as x86-64's __kernel_old_uid_t, which no
 * networking header uses). */
#ifndef RAWBPF_UAPI_ASM_POSIX_TYPES_H
#define RAWBPF_UAPI_ASM_POSIX_TYPES_H

#include <asm-generic/posix_types.h>

#endif
