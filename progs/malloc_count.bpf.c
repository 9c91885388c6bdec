/* malloc_count: how often each program calls the C library's malloc(), and
 * how many bytes it asks for -- a uprobe, a probe on user-space code.
 *
 *     build/rawbpf run build/progs/malloc_count.bpf.o -- ls /
 *     build/rawbpf run --verbose build/progs/malloc_count.bpf.o -- ls /
 *
 * rawbpf prints the map at the end: one entry per process name, with the
 * number of calls and the sum of the sizes requested.
 *
 * What to notice:
 *  - SEC("uprobe/libc.so.6:malloc") names a file and a function in it. A
 *    name without '/' is looked up as a library (rawbpf searches
 *    $LD_LIBRARY_PATH, then /lib/x86_64-linux-gnu, /usr/lib64, ...), the
 *    same convention libbpf follows; a full path works too;
 *  - the kernel does not know symbols of user programs. rawbpf reads the
 *    library with its own ELF reader, finds malloc in .dynsym, and turns its
 *    address into a file offset through the program headers. --verbose
 *    shows "is at file offset 0x...". The probe is on the file: every process
 *    that maps libc.so.6 runs this program on each malloc();
 *  - the context of a uprobe is the user's registers as the kernel saved
 *    them on the trap: struct pt_regs. On x86-64 the first argument of a
 *    function is in rdi (the System V calling convention), so the size is
 *    ctx->di. The layout below is x86-64's (arch/x86/include/uapi/asm/ptrace.h):
 *    this example is for x86-64 only;
 *  - the value is a struct of two counters; other CPUs may update the same
 *    entry at the same time, so each field gets an atomic add. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

struct comm {
	char name[16];
};

struct usage {
	__u64 calls;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct comm);
	__type(value, struct usage);
} mallocs SEC(".maps");

SEC("uprobe/libc.so.6:malloc")
int count_malloc(struct pt_regs *ctx)
{
	struct comm key = {};
	struct usage first = { 1, ctx->di }, *usage;

	bpf_get_current_comm(key.name, sizeof(key.name));
	usage = bpf_map_lookup_elem(&mallocs, &key);
	if (!usage) {
		/* BPF_NOEXIST: another CPU may have inserted the key just now;
		 * then this insert fails and this one call goes uncounted. */
		bpf_map_update_elem(&mallocs, &key, &first, BPF_NOEXIST);
		return 0;
	}
	__sync_fetch_and_add(&usage->calls, 1);
	__sync_fetch_and_add(&usage->bytes, ctx->di);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
