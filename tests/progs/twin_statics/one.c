/* One of the two units linked into twin_statics.bpf.o (tests/progs/
 * flags.mk): its own `static x` (.data) and `static y` (.data). The other
 * unit has a static x in .bss and a static y in .data, of other types: the
 * linked object holds two variables named x in two sections, and two named
 * y in one, as a program built from several files does. One C file cannot
 * hold two statics of one name: only a linker makes them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "../rbdriver.h"

static volatile __u32 x = 5;
static volatile __u16 y = 7;

SEC("tracepoint/syscalls/sys_enter_getppid")
int twin_one(void *ctx)
{
	if (current_is_rbdriver()) {
		x++;
		y += 2;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
