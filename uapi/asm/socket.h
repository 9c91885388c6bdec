/* <asm/socket.h> for BPF programs (uapi/asm/byteorder.h says why uapi/asm/
 * exists): the kernel's generic one, SO_* socket options, as
 * <linux/socket.h> users (<linux/in.h>, <linux/tcp.h>) expect. */
#ifndef RAWBPF_UAPI_ASM_SOCKET_H
#define RAWBPF_UAPI_ASM_SOCKET_H

#include <asm-generic/socket.h>

#endif
