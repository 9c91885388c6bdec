/* <asm/socket.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/
 * exists): the kernel's generic one, SO_* socket options, as
 * <linux/socket.h> users (<linux/in.h>, <linux/tcp.h>) expect; for the
 * loader, what it uses of them. */
#ifndef RAWBPF_UAPI_ASM_SOCKET_H
#define RAWBPF_UAPI_ASM_SOCKET_H

#ifdef __bpf__
#include <asm-generic/socket.h>
#else
/* The loader's pinned subset (attach/socket_filter.c), checked against the
 * system's <asm/socket.h> by tests/unit/test_uapi.c. asm-generic's value,
 * which x86 and arm64 use (alpha, mips, parisc and sparc have their own). */
#define SO_ATTACH_BPF 50 /* Linux 3.19: a socket filter by program fd */
#endif

#endif
