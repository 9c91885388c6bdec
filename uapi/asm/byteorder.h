/* <asm/byteorder.h> for BPF programs: the byte order of the BPF target.
 *
 * The kernel's UAPI headers (<linux/ip.h>, <linux/tcp.h>, <linux/in.h>, ...)
 * include <asm/*.h>, which each architecture provides and a distribution
 * installs under the multiarch directory (/usr/include/x86_64-linux-gnu/asm
 * on Debian). `clang -target bpf` does not search that directory: BPF is a
 * target of its own, not the host's. So uapi/asm/ holds the few <asm/...>
 * headers the networking UAPI headers need, each the kernel's
 * architecture-neutral one from <asm-generic/...> (linux-libc-dev installs
 * them in /usr/include, which clang does search), with what the generic
 * header cannot know filled in from the compiler: BPF has both byte orders
 * (-target bpfel, bpfeb; `bpf` is the host's), and clang says which one in
 * __BYTE_ORDER__. The host's own <asm/*.h> would be wrong here even when
 * found (with -I/usr/include/x86_64-linux-gnu): they test __x86_64__,
 * which -target bpf does not define, and x86's swab.h uses x86 assembly.
 *
 * Only BPF programs see these files (through -Iuapi); the loader includes
 * uapi/linux/ by path and never reaches uapi/asm/. */
#ifndef RAWBPF_UAPI_ASM_BYTEORDER_H
#define RAWBPF_UAPI_ASM_BYTEORDER_H

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#include <linux/byteorder/big_endian.h>
#else
#include <linux/byteorder/little_endian.h>
#endif

#endif
