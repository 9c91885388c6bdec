/* The part of include/uapi/linux/if_ether.h that the loader uses: the
 * Ethernet header's length and the protocol number meaning "every
 * protocol" (a packet socket's, a tc filter's). Checked against the
 * system's headers by tests/unit/test_uapi.c. */
#ifndef RAWBPF_UAPI_LINUX_IF_ETHER_H
#define RAWBPF_UAPI_LINUX_IF_ETHER_H

/* A BPF program built with -Iuapi that includes <linux/if_ether.h> (for
 * struct ethhdr, ETH_P_IP) gets the system's whole header when there is
 * one; the subset below is the loader's (uapi/linux/types.h explains). */
#if defined(__bpf__) && defined(__has_include_next)
#if __has_include_next(<linux/if_ether.h>) && __has_include(<asm/types.h>)
#define RAWBPF_SYSTEM_IF_ETHER 1
#endif
#endif

#ifdef RAWBPF_SYSTEM_IF_ETHER
#include_next <linux/if_ether.h>
#else

#define ETH_HLEN 14 /* destination and source address, type */
/* Every protocol: as a packet socket's protocol and a tc filter's
 * (tcm_info's low 16 bits), in network byte order, it matches them all */
#define ETH_P_ALL 0x0003

#endif
#endif
