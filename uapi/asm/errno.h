/* <asm/errno.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/
 * exists): the kernel's generic one, E* error numbers (a helper returns
 * -EINVAL and so on). */
#ifndef RAWBPF_UAPI_ASM_ERRNO_H
#define RAWBPF_UAPI_ASM_ERRNO_H

#include <asm-generic/errno.h>

#endif
