/* Expands abi_list.h into a table, with whichever headers the including
 * file has included. Bitfields have no offset, so ATTR_BIT and INSN_REGS
 * compare the bytes a struct holds after setting one bitfield. */
#include <string.h>

#define ENTRY(...) table[n++] = (struct abi_entry){ __VA_ARGS__ };
#define CONST(c) ENTRY(#c, (int64_t)(c), -1, 0)
#define FIELD(t, m) ENTRY(#t "." #m, (int64_t)offsetof(t, m), (int64_t)sizeof(((t *)0)->m), 0)
#define SIZE(t) ENTRY("sizeof " #t, (int64_t)sizeof(t), -1, 0)
#define NEWER(label) ENTRY(label, 0, -1, 1)
#define ATTR_BIT(b) ENTRY("perf_event_attr." #b, attr_bit_##b(), -1, 0)
#define INSN_REGS() ENTRY("bpf_insn dst_reg=1 src_reg=2", insn_regs(), -1, 0)

/* The 8 bytes after read_format, where the flag bits live, with one set. */
#define BIT_FN(b)                                                             \
	static int64_t attr_bit_##b(void)                                     \
	{                                                                     \
		struct perf_event_attr a;                                     \
		int64_t word;                                                 \
		memset(&a, 0, sizeof(a));                                     \
		a.b = 1;                                                      \
		memcpy(&word, (char *)&a + offsetof(struct perf_event_attr, read_format) + 8, 8); \
		return word;                                                  \
	}
BIT_FN(disabled) BIT_FN(inherit) BIT_FN(pinned) BIT_FN(exclusive)
BIT_FN(exclude_user) BIT_FN(exclude_kernel) BIT_FN(exclude_hv) BIT_FN(exclude_idle)
BIT_FN(mmap) BIT_FN(comm) BIT_FN(freq) BIT_FN(inherit_stat) BIT_FN(enable_on_exec)
BIT_FN(task) BIT_FN(watermark) BIT_FN(sample_id_all)

static int64_t insn_regs(void)
{
	struct bpf_insn in;
	int64_t bytes = 0;

	memset(&in, 0, sizeof(in));
	in.dst_reg = 1;
	in.src_reg = 2;
	memcpy(&bytes, &in, sizeof(in));
	return bytes;
}

static struct abi_entry table[1024];

static size_t fill_table(void)
{
	size_t n = 0;
#include "abi_list.h"
	return n;
}
