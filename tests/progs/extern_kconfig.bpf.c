/* __kconfig externs of every type libbpf defines, read by a program that
 * copies them into .bss, so that a test can compare what the program saw
 * with the kernel's config (and uname) as the test reads them itself.
 * After `rbdriver getppid 1`, seen.runs == 1 and each field holds its
 * extern's value, widened to 64 bits. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "rbdriver.h"

extern _Bool CONFIG_BPF_SYSCALL __kconfig;                /* bool: y */
extern enum libbpf_tristate CONFIG_TUN __kconfig __weak;  /* tristate: y, m or missing */
extern char CONFIG_BPF_JIT __kconfig;                     /* char: 'y' */
extern int CONFIG_HZ __kconfig;                           /* int: 250 */
extern __u64 CONFIG_ILLEGAL_POINTER_VALUE __kconfig;      /* u64, written in hex */
extern __u16 CONFIG_NR_CPUS __kconfig;                    /* u16 */
extern __u8 CONFIG_LOG_BUF_SHIFT __kconfig;               /* a 1-byte integer */
extern char CONFIG_LOCALVERSION[16] __kconfig;            /* string, maybe "" */
extern char CONFIG_DEFAULT_HOSTNAME[16] __kconfig;        /* string: "(none)" */
extern int CONFIG_RAWBPF_NOT_AN_OPTION __kconfig __weak;  /* missing: 0 */
extern _Bool CONFIG_FUNCTION_ERROR_INJECTION __kconfig __weak; /* not set: 0 */
extern __u32 LINUX_KERNEL_VERSION __kconfig;              /* from uname */
extern _Bool LINUX_HAS_BPF_COOKIE __kconfig;              /* a feature probe */
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;         /* __x64_sys_* entry points */

struct kconfig_seen {
	__u64 illegal_pointer;  /*   0 */
	__u64 nr_cpus;          /*   8 */
	__s64 hz;               /*  16 */
	__u64 log_buf_shift;    /*  24 */
	__u64 bpf_syscall;      /*  32 */
	__u64 tun;              /*  40 */
	__u64 jit;              /*  48 */
	__u64 missing;          /*  56 */
	__u64 not_set;          /*  64 */
	__u64 version;          /*  72 */
	__u64 cookie;           /*  80 */
	__u64 wrapper;          /*  88 */
	char localversion[16];  /*  96 */
	char hostname[16];      /* 112 */
	__u64 runs;             /* 128 */
} seen;

SEC("tracepoint/syscalls/sys_enter_getppid")
int read_kconfig(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	seen.illegal_pointer = CONFIG_ILLEGAL_POINTER_VALUE;
	seen.nr_cpus = CONFIG_NR_CPUS;
	seen.hz = CONFIG_HZ;
	seen.log_buf_shift = CONFIG_LOG_BUF_SHIFT;
	seen.bpf_syscall = CONFIG_BPF_SYSCALL;
	seen.tun = CONFIG_TUN;
	seen.jit = CONFIG_BPF_JIT;
	seen.missing = CONFIG_RAWBPF_NOT_AN_OPTION;
	seen.not_set = CONFIG_FUNCTION_ERROR_INJECTION;
	seen.version = LINUX_KERNEL_VERSION;
	seen.cookie = LINUX_HAS_BPF_COOKIE;
	seen.wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	__builtin_memcpy(seen.localversion, CONFIG_LOCALVERSION, sizeof(seen.localversion));
	__builtin_memcpy(seen.hostname, CONFIG_DEFAULT_HOSTNAME, sizeof(seen.hostname));
	seen.runs++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
