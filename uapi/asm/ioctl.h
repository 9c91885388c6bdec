/* <asm/ioctl.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/
 * exists): the kernel's generic one, the _IO/_IOR/_IOW encoding of ioctl
 * numbers. */
#ifndef RAWBPF_UAPI_ASM_IOCTL_H
#define RAWBPF_UAPI_ASM_IOCTL_H

#include <asm-generic/ioctl.h>

#endif
