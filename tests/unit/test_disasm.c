/* The disassembler against the kernel verifier's notation (print_bpf_insn()
 * in kernel/bpf/disasm.c): hand-encoded instructions, one of each form,
 * compared as exact strings. The few places where rawbpf's text is its own
 * (ld_imm64 markers, "invalid ...") are marked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/disasm/disasm.h"

#define I(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)

struct form {
	struct bpf_insn in;
	const char *text;
};

/* Every one-slot form in the table disassembles to its text. */
static void check_forms(const struct form *forms, size_t n)
{
	char buf[128];

	for (size_t k = 0; k < n; k++) {
		assert_int_equal(rb_disasm_insn(&forms[k].in, 1, 0, NULL, NULL, buf, sizeof(buf)),
				 1);
		assert_string_equal(buf, forms[k].text);
	}
}

#define CHECK(forms) check_forms(forms, sizeof(forms) / sizeof(forms[0]))

static void alu(void **state)
{
	static const struct form forms[] = {
		{ I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 0), "r1 = 0" },
		{ I(BPF_ALU | BPF_MOV | BPF_K, 1, 0, 0, 0), "w1 = 0" },
		{ I(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, -8), "r1 += -8" },
		{ I(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 0, 0), "r0 = r1" },
		{ I(BPF_ALU | BPF_ADD | BPF_X, 2, 3, 0, 0), "w2 += w3" },
		{ I(BPF_ALU64 | BPF_SUB | BPF_X, 1, 2, 0, 0), "r1 -= r2" },
		{ I(BPF_ALU64 | BPF_MUL | BPF_K, 1, 0, 0, 3), "r1 *= 3" },
		{ I(BPF_ALU64 | BPF_DIV | BPF_K, 1, 0, 0, 3), "r1 /= 3" },
		{ I(BPF_ALU | BPF_OR | BPF_K, 1, 0, 0, 1), "w1 |= 1" },
		{ I(BPF_ALU64 | BPF_AND | BPF_K, 1, 0, 0, 255), "r1 &= 255" },
		{ I(BPF_ALU64 | BPF_LSH | BPF_K, 1, 0, 0, 32), "r1 <<= 32" },
		{ I(BPF_ALU64 | BPF_RSH | BPF_K, 1, 0, 0, 32), "r1 >>= 32" },
		{ I(BPF_ALU | BPF_MOD | BPF_X, 1, 2, 0, 0), "w1 %= w2" },
		{ I(BPF_ALU64 | BPF_XOR | BPF_X, 1, 1, 0, 0), "r1 ^= r1" },
		{ I(BPF_ALU64 | BPF_ARSH | BPF_K, 4, 0, 0, 3), "r4 s>>= 3" },
		{ I(BPF_ALU64 | BPF_NEG, 1, 0, 0, 0), "r1 = -r1" },
		{ I(BPF_ALU | BPF_NEG, 1, 0, 0, 0), "w1 = -w1" },
		/* byte swaps: the kernel says rN even in the 32-bit class */
		{ I(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16), "r1 = be16 r1" },
		{ I(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 64), "r1 = le64 r1" },
		{ I(BPF_ALU64 | BPF_END | BPF_TO_LE, 2, 0, 0, 32), "r2 = bswap32 r2" },
		/* cpu v4: sdiv/smod are div/mod with off 1, movsx is mov with off 8/16/32 */
		{ I(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0), "r1 s/= r2" },
		{ I(BPF_ALU | BPF_MOD | BPF_K, 1, 0, 1, 7), "w1 s%= 7" },
		{ I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0), "r1 = (s8)r2" },
		{ I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 16, 0), "r1 = (s16)r2" },
		{ I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 32, 0), "r1 = (s32)r2" },
		{ I(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 8, 0), "w1 = (s8)w2" },
		/* arenas: mov with off 1, imm = dst address space << 16 | src */
		{ I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 1, 1 << 16), "r1 = addr_space_cast(r2, 1, 0)" },
		{ I(BPF_ALU64 | 0xe0, 1, 0, 0, 0), "invalid opcode 0xe7" },
	};

	(void)state;
	CHECK(forms);
}

static void memory(void **state)
{
	static const struct form forms[] = {
		{ I(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 4, 0), "r1 = *(u32 *)(r2 +4)" },
		{ I(BPF_LDX | BPF_MEM | BPF_B, 1, 2, 0, 0), "r1 = *(u8 *)(r2 +0)" },
		{ I(BPF_LDX | BPF_MEM | BPF_H, 1, 2, -2, 0), "r1 = *(u16 *)(r2 -2)" },
		{ I(BPF_LDX | BPF_MEM | BPF_DW, 6, 1, 16, 0), "r6 = *(u64 *)(r1 +16)" },
		{ I(BPF_LDX | BPF_MEMSX | BPF_B, 1, 2, 0, 0), "r1 = *(s8 *)(r2 +0)" },
		{ I(BPF_LDX | BPF_MEMSX | BPF_H, 1, 2, 0, 0), "r1 = *(s16 *)(r2 +0)" },
		{ I(BPF_LDX | BPF_MEMSX | BPF_W, 1, 2, 0, 0), "r1 = *(s32 *)(r2 +0)" },
		{ I(BPF_LDX | BPF_MEMSX | BPF_DW, 1, 2, 0, 0), "invalid opcode 0x99" },
		{ I(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -8, 0), "*(u64 *)(r10 -8) = r1" },
		{ I(BPF_STX | BPF_MEM | BPF_B, 10, 1, -1, 0), "*(u8 *)(r10 -1) = r1" },
		{ I(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0), "*(u32 *)(r10 -4) = 0" },
		{ I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, -1), "*(u64 *)(r10 -16) = -1" },
		{ I(BPF_ST | BPF_ATOMIC | BPF_W, 10, 0, 0, 0), "invalid opcode 0xc2" },
		{ I(BPF_STX | BPF_MEMSX | BPF_W, 10, 0, 0, 0), "invalid opcode 0x83" },
		/* legacy packet loads */
		{ I(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 14), "r0 = *(u8 *)skb[14]" },
		{ I(BPF_LD | BPF_ABS | BPF_H, 0, 0, 0, 12), "r0 = *(u16 *)skb[12]" },
		{ I(BPF_LD | BPF_IND | BPF_W, 0, 3, 0, 4), "r0 = *(u32 *)skb[r3 + 4]" },
		{ I(BPF_LD | BPF_IMM | BPF_W, 1, 0, 0, 0), "invalid opcode 0x00" },
	};

	(void)state;
	CHECK(forms);
}

static void atomics(void **state)
{
	static const struct form forms[] = {
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD), "lock *(u64 *)(r0 +0) += r1" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_W, 0, 1, 8, BPF_AND), "lock *(u32 *)(r0 +8) &= r1" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_OR), "lock *(u64 *)(r0 +0) |= r1" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_XOR), "lock *(u64 *)(r0 +0) ^= r1" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD | BPF_FETCH),
		  "r1 = atomic64_fetch_add((u64 *)(r0 +0), r1)" },
		/* 4-byte atomics: atomic_ without 64, the registers still rN */
		{ I(BPF_STX | BPF_ATOMIC | BPF_W, 0, 1, -4, BPF_AND | BPF_FETCH),
		  "r1 = atomic_fetch_and((u32 *)(r0 -4), r1)" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 2, 3, 0, BPF_OR | BPF_FETCH),
		  "r3 = atomic64_fetch_or((u64 *)(r2 +0), r3)" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_W, 2, 3, 0, BPF_XOR | BPF_FETCH),
		  "r3 = atomic_fetch_xor((u32 *)(r2 +0), r3)" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_W, 0, 1, 0, BPF_XCHG),
		  "r1 = atomic_xchg((u32 *)(r0 +0), r1)" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_XCHG),
		  "r1 = atomic64_xchg((u64 *)(r0 +0), r1)" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 8, BPF_CMPXCHG),
		  "r0 = atomic64_cmpxchg((u64 *)(r1 +8), r0, r2)" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 8, BPF_CMPXCHG),
		  "r0 = atomic_cmpxchg((u32 *)(r1 +8), r0, r2)" },
		/* load-acquire (imm 0x100) and store-release (0x110), kernel 6.15 */
		{ I(BPF_STX | BPF_ATOMIC | BPF_B, 1, 2, 0, 0x100), "r1 = load_acquire((u8 *)(r2 +0))" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 8, 0x110),
		  "store_release((u64 *)(r1 +8), r2)" },
		{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_SUB), "invalid atomic operation 0x10" },
	};

	(void)state;
	CHECK(forms);
}

static void jumps(void **state)
{
	static const struct form forms[] = {
		{ I(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 3, 0), "if r1 == 0x0 goto pc+3" },
		{ I(BPF_JMP | BPF_JNE | BPF_K, 1, 0, -1, -1), "if r1 != 0xffffffff goto pc-1" },
		{ I(BPF_JMP | BPF_JGT | BPF_X, 1, 2, 1, 0), "if r1 > r2 goto pc+1" },
		{ I(BPF_JMP | BPF_JGE | BPF_K, 1, 0, 1, 16), "if r1 >= 0x10 goto pc+1" },
		{ I(BPF_JMP | BPF_JLT | BPF_X, 1, 2, 1, 0), "if r1 < r2 goto pc+1" },
		{ I(BPF_JMP | BPF_JLE | BPF_X, 1, 2, 1, 0), "if r1 <= r2 goto pc+1" },
		{ I(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1, 4), "if r1 & 0x4 goto pc+1" },
		{ I(BPF_JMP | BPF_JSGT | BPF_K, 1, 0, 1, 0), "if r1 s> 0x0 goto pc+1" },
		{ I(BPF_JMP | BPF_JSGE | BPF_X, 1, 2, 1, 0), "if r1 s>= r2 goto pc+1" },
		{ I(BPF_JMP | BPF_JSLT | BPF_X, 1, 2, 1, 0), "if r1 s< r2 goto pc+1" },
		{ I(BPF_JMP | BPF_JSLE | BPF_K, 1, 0, 1, 5), "if r1 s<= 0x5 goto pc+1" },
		{ I(BPF_JMP32 | BPF_JSGT | BPF_X, 1, 2, -4, 0), "if w1 s> w2 goto pc-4" },
		{ I(BPF_JMP32 | BPF_JEQ | BPF_K, 0, 0, 7, 1), "if w0 == 0x1 goto pc+7" },
		{ I(BPF_JMP | BPF_JA, 0, 0, 2, 0), "goto pc+2" },
		{ I(BPF_JMP32 | BPF_JA, 0, 0, 0, -70000), "gotol pc-70000" },
		{ I(BPF_JMP | 0xe0, 0, 0, 5, 0), "may_goto pc+5" }, /* BPF_JCOND, 6.9 */
		{ I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "exit" },
		{ I(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0), "invalid opcode 0x96" },
		{ I(BPF_JMP32 | BPF_CALL, 0, 0, 0, 1), "invalid opcode 0x86" },
		{ I(BPF_JMP | 0xf0, 0, 0, 0, 0), "invalid opcode 0xf5" },
		{ I(0xff, 0, 0, 0, 0), "invalid opcode 0xff" },
	};

	(void)state;
	CHECK(forms);
}

static void calls(void **state)
{
	static const struct form forms[] = {
		{ I(BPF_JMP | BPF_CALL, 0, 0, 0, 1), "call bpf_map_lookup_elem#1" },
		{ I(BPF_JMP | BPF_CALL, 0, 0, 0, 6), "call bpf_trace_printk#6" },
		{ I(BPF_JMP | BPF_CALL, 0, 0, 0, 14), "call bpf_get_current_pid_tgid#14" },
		{ I(BPF_JMP | BPF_CALL, 0, 0, 0, 131), "call bpf_ringbuf_reserve#131" },
		{ I(BPF_JMP | BPF_CALL, 0, 0, 0, 999), "call unknown#999" },
		{ I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5), "call pc+5" },
		{ I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -12), "call pc-12" },
		{ I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 4242),
		  "call kernel-function#4242" },
	};

	(void)state;
	CHECK(forms);
}

/* A symbol table of one entry: instruction `at` refers to map counts. */
struct symbols {
	size_t at;
	int asked;
};

static const char *symbol_of(void *ctx, size_t i)
{
	struct symbols *s = ctx;

	s->asked++;
	return i == s->at ? "map[counts]" : NULL;
}

static void ld_imm64(void **state)
{
	static const struct form forms[] = {
		{ I(LD_IMM64, 1, 0, 0, 0x1234), "r1 = 0x800001234" }, /* upper half: 8 */
		{ I(LD_IMM64, 2, BPF_PSEUDO_MAP_FD, 0, 4), "r2 = map[fd:4]" },
		{ I(LD_IMM64, 1, BPF_PSEUDO_MAP_VALUE, 0, 5), "r1 = map[fd:5][0]+8" },
		{ I(LD_IMM64, 1, BPF_PSEUDO_MAP_IDX_VALUE, 0, 0), "r1 = map[idx:0]+8" },
		{ I(LD_IMM64, 3, BPF_PSEUDO_FUNC, 0, 9), "r3 = subprog[+9]" },
	};
	/* each form in the first slot; the second slot's imm is 8 */
	struct bpf_insn two[] = { I(LD_IMM64, 1, 0, 0, 0), I(0, 0, 0, 0, 8) };
	struct bpf_insn four[] = { I(LD_IMM64, 1, 0, 0, 0x1234), I(0, 0, 0, 0, 1),
				   I(LD_IMM64, 1, 0, 0, 0), I(0, 0, 0, 0, 0) };
	struct symbols syms = { .at = 2 };
	char buf[128];

	(void)state;
	for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		two[0] = forms[k].in;
		assert_int_equal(rb_disasm_insn(two, 2, 0, NULL, NULL, buf, sizeof(buf)), 2);
		assert_string_equal(buf, forms[k].text);
	}
	/* the second slot's imm is the upper half; the lower is not sign-extended */
	two[0] = (struct bpf_insn)I(LD_IMM64, 1, 0, 0, -1);
	two[1].imm = 0;
	rb_disasm_insn(two, 2, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "r1 = 0xffffffff");
	two[1].imm = -1;
	rb_disasm_insn(two, 2, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "r1 = 0xffffffffffffffff");
	/* the callback is asked with the instruction's index; NULL: no symbol */
	assert_int_equal(rb_disasm_insn(four, 4, 0, symbol_of, &syms, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r1 = 0x100001234");
	assert_int_equal(rb_disasm_insn(four, 4, 2, symbol_of, &syms, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r1 = map[counts]");
	assert_int_equal(syms.asked, 2);
}

/* A truncated ld_imm64 is the last readable instruction: the page after it
 * is PROT_NONE, so a read past count would crash the test. */
static void never_reads_past_count(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *base = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct bpf_insn *last, *fence;
	char buf[64];

	(void)state;
	assert_true(base != MAP_FAILED);
	assert_int_equal(mprotect(base + page, page, PROT_NONE), 0);
	fence = (struct bpf_insn *)(base + page);
	last = fence - 1;
	*last = (struct bpf_insn)I(LD_IMM64, 1, 0, 0, 7);
	assert_int_equal(rb_disasm_insn(last, 1, 0, NULL, NULL, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "invalid ld_imm64 (truncated)");
	/* the same at the end of a longer buffer */
	last[-1] = (struct bpf_insn)I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	assert_int_equal(rb_disasm_insn(last - 1, 2, 1, NULL, NULL, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "invalid ld_imm64 (truncated)");
	/* an index at or past count reads nothing and consumes nothing */
	assert_int_equal(rb_disasm_insn(fence, 0, 0, NULL, NULL, buf, sizeof(buf)), 0);
	assert_int_equal(rb_disasm_insn(last, 1, 1, NULL, NULL, buf, sizeof(buf)), 0);
	assert_int_equal(rb_disasm_insn(NULL, 0, 0, NULL, NULL, buf, sizeof(buf)), 0);
	munmap(base, 2 * page);
}

/* The text is cut to the buffer, always terminated; size 0 writes nothing. */
static void small_buffers(void **state)
{
	struct bpf_insn in = I(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 4, 0);
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(rb_disasm_insn(&in, 1, 0, NULL, NULL, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "r1 = *(");
	assert_int_equal(rb_disasm_insn(&in, 1, 0, NULL, NULL, NULL, 0), 1);
}

/* A whole function as clang emits it, walked the way `inspect` walks it. */
static void walks_a_program(void **state)
{
	static const struct bpf_insn prog[] = {
		I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 0),
		I(BPF_STX | BPF_MEM | BPF_W, 10, 1, -4, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		I(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		I(LD_IMM64, 1, 0, 0, 0), I(0, 0, 0, 0, 0),
		I(BPF_JMP | BPF_CALL, 0, 0, 0, 1),
		I(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
		I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
		I(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, 0),
		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	static const char *const lines[] = {
		"r1 = 0", "*(u32 *)(r10 -4) = r1", "r2 = r10", "r2 += -4",
		"r1 = map[counts]", "call bpf_map_lookup_elem#1", "if r0 == 0x0 goto pc+2",
		"r1 = 1", "lock *(u64 *)(r0 +0) += r1", "w0 = 0", "exit",
	};
	size_t count = sizeof(prog) / sizeof(prog[0]), line = 0;
	struct symbols syms = { .at = 4 };
	char buf[128];

	(void)state;
	for (size_t i = 0; i < count; line++) {
		i += rb_disasm_insn(prog, count, i, symbol_of, &syms, buf, sizeof(buf));
		assert_string_equal(buf, lines[line]);
	}
	assert_int_equal(line, sizeof(lines) / sizeof(lines[0]));
	assert_int_equal(syms.asked, 1); /* asked about the ld_imm64 only */
}

static void helper_names(void **state)
{
	(void)state;
	/* ids from enum bpf_func_id (include/uapi/linux/bpf.h) */
	assert_string_equal(rb_helper_name(1), "map_lookup_elem");
	assert_string_equal(rb_helper_name(2), "map_update_elem");
	assert_string_equal(rb_helper_name(3), "map_delete_elem");
	assert_string_equal(rb_helper_name(4), "probe_read");
	assert_string_equal(rb_helper_name(5), "ktime_get_ns");
	assert_string_equal(rb_helper_name(6), "trace_printk");
	assert_string_equal(rb_helper_name(12), "tail_call");
	assert_string_equal(rb_helper_name(16), "get_current_comm");
	assert_string_equal(rb_helper_name(25), "perf_event_output");
	assert_string_equal(rb_helper_name(45), "probe_read_str");
	assert_string_equal(rb_helper_name(113), "probe_read_kernel");
	assert_string_equal(rb_helper_name(130), "ringbuf_output");
	assert_string_equal(rb_helper_name(177), "trace_vprintk");
	assert_null(rb_helper_name(0));
	assert_null(rb_helper_name(-1));
	assert_null(rb_helper_name(100000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alu),
		cmocka_unit_test(memory),
		cmocka_unit_test(atomics),
		cmocka_unit_test(jumps),
		cmocka_unit_test(calls),
		cmocka_unit_test(ld_imm64),
		cmocka_unit_test(never_reads_past_count),
		cmocka_unit_test(small_buffers),
		cmocka_unit_test(walks_a_program),
		cmocka_unit_test(helper_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
