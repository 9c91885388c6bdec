/* The ABI as the system's kernel headers (linux-libc-dev) define it. */
#include "table.h"

/* __has_include is itself tested first: an old compiler without it would
 * not parse the second #if. */
#ifdef __has_include
#if __has_include(<linux/bpf.h>) && __has_include(<linux/perf_event.h>) && \
	__has_include(<linux/version.h>)
#define HAVE_SYSTEM_UAPI 1
#endif
#endif

#ifdef HAVE_SYSTEM_UAPI
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <linux/version.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/pkt_sched.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/magic.h>
#include <asm/socket.h>
#define ABI_VERSION LINUX_VERSION_CODE
#include "expand.h"

long abi_system(struct abi_entry *out, size_t max)
{
	return fill_table(out, max);
}
#else
long abi_system(struct abi_entry *out, size_t max)
{
	(void)out;
	(void)max;
	return -1;
}
#endif
