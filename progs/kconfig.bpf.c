/* kconfig: the running kernel's configuration and version, as constants
 * the loader fills in before the program loads.
 *
 *     build/rawbpf run build/progs/kconfig.bpf.o -- /bin/true
 *     build/rawbpf run --verbose build/progs/kconfig.bpf.o -- /bin/true
 *     zcat /proc/config.gz | grep -E '^CONFIG_(HZ|BPF_SYSCALL|EXT4_FS)='   (to compare)
 *
 * When a program starts (execve; /bin/true's own start is one), the program
 * copies five externs into the array map `config`, which rawbpf prints at
 * the end, one 8-byte little-endian value per key:
 *     0  CONFIG_HZ              the timer frequency (250 means 0xfa)
 *     1  LINUX_KERNEL_VERSION   KERNEL_VERSION(a, b, c) = a << 16 | b << 8 | c,
 *                               from uname's release ("6.1.0-..." is 0x060100)
 *     2  CONFIG_BPF_SYSCALL     a bool: 1 for "y"
 *     3  CONFIG_EXT4_FS         a tristate: 1 "y", 2 "m", 0 "n" or absent
 *     4  CONFIG_RAWBPF_EXAMPLE_NO_SUCH_OPTION   absent: 0
 *
 * What to notice:
 *  - `extern ... __kconfig` declares a variable the object does not
 *    define: clang leaves an undefined symbol in a section ".kconfig".
 *    The loader reads the kernel's configuration (/boot/config-$(uname -r),
 *    or /proc/config.gz, which it inflates itself), puts each value where
 *    the program expects it -- a read-only map holding all the .kconfig
 *    variables -- and freezes it, so the verifier knows the values;
 *  - because they are known constants at verification, `if (CONFIG_X)`
 *    code costs nothing when false: the verifier drops the dead branch;
 *  - LINUX_KERNEL_VERSION (and LINUX_HAS_SYSCALL_WRAPPER, ...) are not in
 *    any config file: loaders compute them, libbpf's names;
 *  - a missing option is an error that names it (rawbpf exits 2) unless
 *    the extern is __weak: then it reads 0, as CONFIG_EXT4_FS does on a
 *    kernel without ext4. The types follow the option's: bool, enum
 *    libbpf_tristate, a 1-byte char for y/n/m, integers, char arrays for
 *    strings. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int CONFIG_HZ __kconfig;
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig; /* _Bool: C's bool, without <stdbool.h> */
extern enum libbpf_tristate CONFIG_EXT4_FS __kconfig __weak;
extern int CONFIG_RAWBPF_EXAMPLE_NO_SUCH_OPTION __kconfig __weak;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} config SEC(".maps");

static void put(__u32 key, __u64 value)
{
	bpf_map_update_elem(&config, &key, &value, BPF_ANY);
}

SEC("tracepoint/syscalls/sys_enter_execve")
int read_config(void *ctx)
{
	put(0, CONFIG_HZ);
	put(1, LINUX_KERNEL_VERSION);
	put(2, CONFIG_BPF_SYSCALL);
	put(3, CONFIG_EXT4_FS);
	put(4, CONFIG_RAWBPF_EXAMPLE_NO_SUCH_OPTION);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
