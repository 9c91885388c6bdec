/* The ABI as rawbpf's pinned headers define it. */
#include "table.h"

#include "uapi/linux/bpf.h"
#include "uapi/linux/perf_event.h"
#include "uapi/linux/netlink.h"
#include "uapi/linux/rtnetlink.h"
#include "uapi/linux/if_link.h"
#include "uapi/linux/pkt_sched.h"
#include "uapi/linux/pkt_cls.h"
#include "uapi/linux/if_ether.h"
#include "uapi/linux/magic.h"
#include "uapi/asm/socket.h"
#include "elf/core_relo.h" /* enum bpf_core_relo_kind */

/* The pinned headers have every line of abi_list.h, whatever its version. */
#define ABI_VERSION 0x7fffffff
#include "expand.h"

/* The pinned perf_event_attr stops at __reserved_2, the layout the kernel
 * calls PERF_ATTR_SIZE_VER5 (Linux 4.17). Its size cannot be compared with
 * the system's, which has grown since (aux_sample_size, sig_data, config3);
 * the kernel accepts any published size and takes missing fields as zero.
 * Every field up to there is compared in abi_list.h. */
_Static_assert(sizeof(struct perf_event_attr) == PERF_ATTR_SIZE_VER5,
	       "struct perf_event_attr is the VER5 layout");

long abi_pinned(struct abi_entry *out, size_t max)
{
	return fill_table(out, max);
}
