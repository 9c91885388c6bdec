/* <asm/sockios.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/*
 * exists): the kernel's generic one, SIOC* ioctl numbers. */
#ifndef RAWBPF_UAPI_ASM_SOCKIOS_H
#define RAWBPF_UAPI_ASM_SOCKIOS_H

#include <asm-generic/sockios.h>

#endif
