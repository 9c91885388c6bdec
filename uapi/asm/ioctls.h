/* <asm/ioctls.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/
 * exists): the kernel's generic one, terminal ioctl numbers. */
#ifndef RAWBPF_UAPI_ASM_IOCTLS_H
#define RAWBPF_UAPI_ASM_IOCTLS_H

#include <asm-generic/ioctls.h>

#endif
