/* The disassembler against the kernel verifier's notation, one form each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/disasm.h"

#define I(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

static void expect(struct bpf_insn in, const char *text)
{
	char buf[128];

	assert_int_equal(rb_disasm_insn(&in, 1, 0, NULL, NULL, buf, sizeof(buf)), 1);
	assert_string_equal(buf, text);
}

static void alu(void **state)
{
	(void)state;
	expect((struct bpf_insn)I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 0), "r1 = 0");
	expect((struct bpf_insn)I(BPF_ALU | BPF_MOV | BPF_K, 1, 0, 0, 7), "w1 = 7");
	expect((struct bpf_insn)I(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, -8), "r1 += -8");
	expect((struct bpf_insn)I(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 0, 0), "r0 = r1");
	expect((struct bpf_insn)I(BPF_ALU | BPF_ADD | BPF_X, 2, 3, 0, 0), "w2 += w3");
	expect((struct bpf_insn)I(BPF_ALU64 | BPF_ARSH | BPF_K, 4, 0, 0, 3), "r4 s>>= 3");
	expect((struct bpf_insn)I(BPF_ALU64 | BPF_NEG, 1, 0, 0, 0), "r1 = -r1");
	expect((struct bpf_insn)I(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16), "r1 = be16 r1");
	expect((struct bpf_insn)I(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 64), "r1 = le64 r1");
	expect((struct bpf_insn)I(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0), "r1 s/= r2");
	expect((struct bpf_insn)I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0), "r1 = (s8)r2");
}

static void memory(void **state)
{
	(void)state;
	expect((struct bpf_insn)I(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 4, 0), "r1 = *(u32 *)(r2 +4)");
	expect((struct bpf_insn)I(BPF_LDX | BPF_MEMSX | BPF_H, 1, 2, 0, 0), "r1 = *(s16 *)(r2 +0)");
	expect((struct bpf_insn)I(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -8, 0), "*(u64 *)(r10 -8) = r1");
	expect((struct bpf_insn)I(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0), "*(u32 *)(r10 -4) = 0");
	expect((struct bpf_insn)I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
	       "lock *(u64 *)(r0 +0) += r1");
	expect((struct bpf_insn)I(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD | BPF_FETCH),
	       "r1 = atomic64_fetch_add((u64 *)(r0 +0), r1)");
	expect((struct bpf_insn)I(BPF_STX | BPF_ATOMIC | BPF_W, 0, 1, 0, BPF_XCHG),
	       "w1 = atomic_xchg((u32 *)(r0 +0), w1)");
	expect((struct bpf_insn)I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 8, BPF_CMPXCHG),
	       "r0 = atomic64_cmpxchg((u64 *)(r1 +8), r0, r2)");
	expect((struct bpf_insn)I(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 14), "r0 = *(u8 *)skb[14]");
}

static void jumps_and_calls(void **state)
{
	(void)state;
	expect((struct bpf_insn)I(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 3, 0), "if r1 == 0x0 goto pc+3");
	expect((struct bpf_insn)I(BPF_JMP32 | BPF_JSGT | BPF_X, 1, 2, -4, 0), "if w1 s> w2 goto pc-4");
	expect((struct bpf_insn)I(BPF_JMP | BPF_JA, 0, 0, 2, 0), "goto pc+2");
	expect((struct bpf_insn)I(BPF_JMP | BPF_CALL, 0, 0, 0, 1), "call bpf_map_lookup_elem#1");
	expect((struct bpf_insn)I(BPF_JMP | BPF_CALL, 0, 0, 0, 999), "call unknown#999");
	expect((struct bpf_insn)I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5), "call pc+5");
	expect((struct bpf_insn)I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "exit");
	expect((struct bpf_insn)I(0xff, 0, 0, 0, 0), "invalid opcode 0xff");
}

static const char *name_insn_0(void *ctx, size_t i)
{
	(void)ctx;
	return i == 0 ? "map[counts]" : NULL;
}

static void ld_imm64(void **state)
{
	struct bpf_insn two[] = { I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0x1234),
				  I(0, 0, 0, 0, 0x1) };
	struct bpf_insn fd[] = { I(BPF_LD | BPF_IMM | BPF_DW, 2, BPF_PSEUDO_MAP_FD, 0, 4),
				 I(0, 0, 0, 0, 0) };
	char buf[128];

	(void)state;
	assert_int_equal(rb_disasm_insn(two, 2, 0, NULL, NULL, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r1 = 0x100001234");
	assert_int_equal(rb_disasm_insn(two, 2, 0, name_insn_0, NULL, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r1 = map[counts]");
	assert_int_equal(rb_disasm_insn(fd, 2, 0, NULL, NULL, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r2 = map[fd:4]");
	/* the last instruction: the second slot is missing, nothing past count is read */
	assert_int_equal(rb_disasm_insn(two, 1, 0, NULL, NULL, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "invalid ld_imm64 (truncated)");
}

static void helper_names(void **state)
{
	(void)state;
	assert_string_equal(rb_helper_name(6), "trace_printk");
	assert_string_equal(rb_helper_name(130), "ringbuf_output");
	assert_null(rb_helper_name(0));
	assert_null(rb_helper_name(-1));
	assert_null(rb_helper_name(100000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alu),
		cmocka_unit_test(memory),
		cmocka_unit_test(jumps_and_calls),
		cmocka_unit_test(ld_imm64),
		cmocka_unit_test(helper_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
