/* <asm/swab.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/
 * exists): the kernel's generic one: no __arch_swab*, so the generic C byte
 * swaps of <linux/swab.h>, which clang compiles into BPF's own byte-swap
 * instructions (BPF_END). */
#ifndef RAWBPF_UAPI_ASM_SWAB_H
#define RAWBPF_UAPI_ASM_SWAB_H

#include <asm-generic/swab.h>

#endif
