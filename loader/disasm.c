/* The disassembler: one instruction to one line of text, in the notation of
 * the kernel's verifier log (kernel/bpf/disasm.c), e.g.
 *     r1 = *(u32 *)(r2 +4)      a 32-bit load
 *     w0 += 1                   32-bit ALU: registers are named wN
 *     if r0 == 0x0 goto pc+3    jumps count from the next instruction
 *     call bpf_map_lookup_elem#1
 * Decoding follows the opcode's three parts: class, then operation (or size
 * and mode for loads and stores), then source (immediate or register). */
#include <stdio.h>

#include "disasm.h"

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_MOD >> 4] = "%=",
	[BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=", [BPF_ARSH >> 4] = "s>>=",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">", [BPF_JGE >> 4] = ">=",
	[BPF_JSET >> 4] = "&", [BPF_JNE >> 4] = "!=", [BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<", [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<=",
};

static const char *size_name(int code, int sign)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return sign ? "s8" : "u8";
	case BPF_H: return sign ? "s16" : "u16";
	case BPF_W: return sign ? "s32" : "u32";
	default: return sign ? "s64" : "u64";
	}
}

static void alu(const struct bpf_insn *in, char *buf, size_t size)
{
	char r = BPF_CLASS(in->code) == BPF_ALU64 ? 'r' : 'w';
	int op = BPF_OP(in->code);

	if (op == BPF_NEG) {
		snprintf(buf, size, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
	} else if (op == BPF_END) {
		/* BPF_ALU | BPF_END converts to the order BPF_SRC names; BPF_ALU64
		 * | BPF_END (cpu v4) swaps unconditionally. */
		const char *how = BPF_CLASS(in->code) == BPF_ALU64 ? "bswap"
				  : BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le";
		snprintf(buf, size, "r%d = %s%d r%d", in->dst_reg, how, in->imm, in->dst_reg);
	} else if (op == BPF_MOV && BPF_SRC(in->code) == BPF_X && in->off) {
		/* movsx (cpu v4): off is the width to sign-extend from */
		snprintf(buf, size, "%c%d = (s%d)%c%d", r, in->dst_reg, in->off, r, in->src_reg);
	} else if (!alu_ops[op >> 4]) {
		snprintf(buf, size, "invalid opcode 0x%02x", in->code);
	} else {
		/* sdiv/smod (cpu v4) are div/mod with off 1 */
		const char *sign = (op == BPF_DIV || op == BPF_MOD) && in->off == 1 ? "s" : "";
		if (BPF_SRC(in->code) == BPF_X)
			snprintf(buf, size, "%c%d %s%s %c%d", r, in->dst_reg, sign,
				 alu_ops[op >> 4], r, in->src_reg);
		else
			snprintf(buf, size, "%c%d %s%s %d", r, in->dst_reg, sign,
				 alu_ops[op >> 4], in->imm);
	}
}

static void atomic(const struct bpf_insn *in, char *buf, size_t size)
{
	int dw = BPF_SIZE(in->code) == BPF_DW;
	const char *sz = size_name(in->code, 0), *fn = dw ? "atomic64" : "atomic";
	char r = dw ? 'r' : 'w';
	int op = in->imm & ~BPF_FETCH;

	if (in->imm == BPF_XCHG)
		snprintf(buf, size, "%c%d = %s_xchg((%s *)(r%d %+d), %c%d)", r, in->src_reg,
			 fn, sz, in->dst_reg, in->off, r, in->src_reg);
	else if (in->imm == BPF_CMPXCHG)
		snprintf(buf, size, "%c0 = %s_cmpxchg((%s *)(r%d %+d), %c0, %c%d)", r, fn, sz,
			 in->dst_reg, in->off, r, r, in->src_reg);
	else if (op != BPF_ADD && op != BPF_AND && op != BPF_OR && op != BPF_XOR)
		snprintf(buf, size, "invalid atomic operation 0x%x", in->imm);
	else if (in->imm & BPF_FETCH) {
		static const char *const names[16] = { [BPF_ADD >> 4] = "add", [BPF_AND >> 4] = "and",
						       [BPF_OR >> 4] = "or", [BPF_XOR >> 4] = "xor" };
		snprintf(buf, size, "%c%d = %s_fetch_%s((%s *)(r%d %+d), %c%d)", r, in->src_reg,
			 fn, names[op >> 4], sz, in->dst_reg, in->off, r, in->src_reg);
	} else
		snprintf(buf, size, "lock *(%s *)(r%d %+d) %s r%d", sz, in->dst_reg, in->off,
			 alu_ops[op >> 4], in->src_reg);
}

static void load_store(const struct bpf_insn *in, char *buf, size_t size)
{
	int cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);

	if (cls == BPF_LDX && (mode == BPF_MEM || mode == BPF_MEMSX))
		snprintf(buf, size, "r%d = *(%s *)(r%d %+d)", in->dst_reg,
			 size_name(in->code, mode == BPF_MEMSX), in->src_reg, in->off);
	else if (cls == BPF_STX && mode == BPF_MEM)
		snprintf(buf, size, "*(%s *)(r%d %+d) = r%d", size_name(in->code, 0),
			 in->dst_reg, in->off, in->src_reg);
	else if (cls == BPF_ST && mode == BPF_MEM)
		snprintf(buf, size, "*(%s *)(r%d %+d) = %d", size_name(in->code, 0),
			 in->dst_reg, in->off, in->imm);
	else if (cls == BPF_STX && mode == BPF_ATOMIC)
		atomic(in, buf, size);
	else if (cls == BPF_LD && mode == BPF_ABS) /* legacy socket-filter loads */
		snprintf(buf, size, "r0 = *(%s *)skb[%d]", size_name(in->code, 0), in->imm);
	else if (cls == BPF_LD && mode == BPF_IND)
		snprintf(buf, size, "r0 = *(%s *)skb[r%d + %d]", size_name(in->code, 0),
			 in->src_reg, in->imm);
	else
		snprintf(buf, size, "invalid opcode 0x%02x", in->code);
}

static void jump(const struct bpf_insn *in, char *buf, size_t size)
{
	char r = BPF_CLASS(in->code) == BPF_JMP32 ? 'w' : 'r';
	int op = BPF_OP(in->code);

	if (op == BPF_EXIT)
		snprintf(buf, size, "exit");
	else if (op == BPF_CALL && in->src_reg == BPF_PSEUDO_CALL)
		snprintf(buf, size, "call pc%+d", in->imm);
	else if (op == BPF_CALL && in->src_reg == BPF_PSEUDO_KFUNC_CALL)
		snprintf(buf, size, "call kernel-function#%d", in->imm);
	else if (op == BPF_CALL) {
		const char *name = rb_helper_name(in->imm);
		snprintf(buf, size, "call %s%s#%d", name ? "bpf_" : "", name ? name : "unknown",
			 in->imm);
	} else if (op == BPF_JA)
		/* JMP32 | JA (cpu v4) keeps a 32-bit offset in imm */
		snprintf(buf, size, BPF_CLASS(in->code) == BPF_JMP32 ? "gotol pc%+d" : "goto pc%+d",
			 BPF_CLASS(in->code) == BPF_JMP32 ? in->imm : in->off);
	else if (!jmp_ops[op >> 4])
		snprintf(buf, size, "invalid opcode 0x%02x", in->code);
	else if (BPF_SRC(in->code) == BPF_X)
		snprintf(buf, size, "if %c%d %s %c%d goto pc%+d", r, in->dst_reg,
			 jmp_ops[op >> 4], r, in->src_reg, in->off);
	else
		snprintf(buf, size, "if %c%d %s 0x%x goto pc%+d", r, in->dst_reg,
			 jmp_ops[op >> 4], (unsigned)in->imm, in->off);
}

size_t rb_disasm_insn(const struct bpf_insn *insns, size_t count, size_t i,
		      rb_disasm_symbol_fn symbol, void *ctx, char *buf, size_t size)
{
	const struct bpf_insn *in = &insns[i];

	if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		const char *name = symbol ? symbol(ctx, i) : NULL;
		unsigned long long v;

		if (i + 1 >= count) {
			snprintf(buf, size, "invalid ld_imm64 (truncated)");
			return 1;
		}
		v = (unsigned long long)(unsigned)in->imm |
		    (unsigned long long)(unsigned)insns[i + 1].imm << 32;
		if (name)
			snprintf(buf, size, "r%d = %s", in->dst_reg, name);
		else if (in->src_reg == BPF_PSEUDO_MAP_FD)
			snprintf(buf, size, "r%d = map[fd:%d]", in->dst_reg, in->imm);
		else if (in->src_reg == BPF_PSEUDO_MAP_VALUE)
			snprintf(buf, size, "r%d = map[fd:%d][0]+%d", in->dst_reg, in->imm,
				 insns[i + 1].imm);
		else
			snprintf(buf, size, "r%d = 0x%llx", in->dst_reg, v);
		return 2;
	}
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		alu(in, buf, size);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		jump(in, buf, size);
		break;
	default:
		load_store(in, buf, size);
		break;
	}
	return 1;
}
