/* Turns abi_list.h into a table of numbers, through whichever kernel headers
 * the including file has included. system.c and pinned.c both include this
 * file, so the same list is compiled twice against two sets of headers that
 * define the same names -- which is why they are two translation units.
 *
 * The including file defines ABI_VERSION, the version of its headers as
 * LINUX_VERSION_CODE spells it (major << 16 | minor << 8 | patch). */
#include <stddef.h>
#include <string.h>

#include "table.h"

/* True when the headers are at least Linux a.b: see abi_list.h. */
#define SINCE(a, b) (ABI_VERSION >= ((a) << 16 | (b) << 8))

#define ENTRY(n, v, s, k)                                                    \
	do {                                                                 \
		if (count < max)                                             \
			out[count] = (struct abi_entry){ n, v, s, k };       \
		count++;                                                     \
	} while (0);

#define CONST(c) ENTRY(#c, (int64_t)(c), -1, 0)
#define SIZE(t) ENTRY("sizeof(" #t ")", (int64_t)sizeof(t), -1, 0)
#define FIELD(t, m) \
	ENTRY(#t "." #m, (int64_t)offsetof(t, m), (int64_t)sizeof(((t *)0)->m), 0)
/* The same names, for what these headers are too old to have. */
#define NEWER_CONST(c) ENTRY(#c, 0, -1, 1)
#define NEWER_FIELD(t, m) ENTRY(#t "." #m, 0, -1, 1)

/* A bitfield has no offset (offsetof refuses it), so where it lives is
 * checked by its effect: set it in an otherwise zero struct and read back
 * the bytes that hold it. A designated initializer zeroes every other
 * member, and in both structs the 8 bytes after read_format are all
 * bitfield members (the flags, then __reserved_1 or __reserved_flags), so
 * no padding byte of unspecified value is read. */
#define ATTR_BITS(b, v) \
	ENTRY("perf_event_attr." #b " = " #v, \
	      attr_flags(&(struct perf_event_attr){ .b = (v) }), -1, 0)
#define INSN_REGS(d, s) \
	ENTRY("bpf_insn{dst_reg = " #d ", src_reg = " #s "}", \
	      insn_bytes(&(struct bpf_insn){ .dst_reg = (d), .src_reg = (s) }), -1, 0)

/* The 64-bit flag word, at offset 40 (right after read_format). */
static int64_t attr_flags(const struct perf_event_attr *a)
{
	int64_t word;

	memcpy(&word, (const char *)a + offsetof(struct perf_event_attr, read_format) + 8,
	       sizeof(word));
	return word;
}

/* All 8 bytes of an instruction (code, regs, off, imm: no padding). */
static int64_t insn_bytes(const struct bpf_insn *insn)
{
	int64_t bytes;

	_Static_assert(sizeof(*insn) == sizeof(bytes), "an instruction is 8 bytes");
	memcpy(&bytes, insn, sizeof(bytes));
	return bytes;
}

static long fill_table(struct abi_entry *out, size_t max)
{
	size_t count = 0;

#include "abi_list.h"
	return (long)count;
}
