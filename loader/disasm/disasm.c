/* The disassembler: one instruction to one line of text, in the notation of
 * the kernel's verifier log (print_bpf_insn() in kernel/bpf/disasm.c):
 *
 *     r1 = *(u32 *)(r2 +4)      a 4-byte load; the offset always has a sign
 *     w0 += 1                   32-bit ALU: the registers are named wN
 *     if r0 == 0x0 goto pc+3    jumps count from the next instruction
 *     call bpf_map_lookup_elem#1
 *
 * An opcode is decoded in the order its encoding suggests: the class (low
 * three bits) first; then for ALU and JMP the operation (high four bits) and
 * the source bit (BPF_K: the operand is imm, BPF_X: it is src_reg); for loads
 * and stores the size (bits 3-4) and the mode (high three bits).
 * Where rawbpf prints something the kernel does not, a comment says why. */
#include <stdio.h>

#include "disasm.h"

/* Encodings newer than what uapi/linux/bpf.h pins. The numbers are the
 * kernel's (include/uapi/linux/bpf.h); the names here have no BPF_ prefix
 * so that they cannot clash with the kernel's once the header has them. */
enum {
	JCOND = 0xe0,        /* BPF_JCOND: conditional pseudo jump (6.9) */
	MAY_GOTO = 0,        /* BPF_MAY_GOTO: the JCOND kind, in src_reg */
	LOAD_ACQ = 0x100,    /* BPF_LOAD_ACQ: atomic imm, load-acquire (6.15) */
	STORE_REL = 0x110,   /* BPF_STORE_REL: atomic imm, store-release (6.15) */
	ADDR_SPACE_CAST = 1, /* BPF_ADDR_SPACE_CAST: off of a mov (arenas, 6.9) */
};

/* Operators, indexed by BPF_OP >> 4 as the kernel's own tables are. */
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

/* Access sizes, indexed by BPF_SIZE >> 3: W (0), H (1), B (2), DW (3).
 * Sign-extending loads (BPF_MEMSX, cpu v4) exist for 1, 2 and 4 bytes. */
static const char *const unsigned_sizes[4] = { "u32", "u16", "u8", "u64" };
static const char *const signed_sizes[4] = { "s32", "s16", "s8", NULL };

static void invalid(const struct bpf_insn *in, char *buf, size_t size)
{
	snprintf(buf, size, "invalid opcode 0x%02x", in->code);
}

/* BPF_END: a byte swap of the low imm bits (16, 32 or 64). BPF_ALU | BPF_END
 * converts to the byte order the source bit names (BPF_TO_LE or BPF_TO_BE),
 * so on a host of that order it only keeps the low imm bits; BPF_ALU64 |
 * BPF_END (cpu v4) swaps unconditionally. The kernel names the register rN in both. */
static void byte_swap(const struct bpf_insn *in, char *buf, size_t size)
{
	const char *how = BPF_CLASS(in->code) == BPF_ALU64 ? "bswap"
			  : BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le";

	snprintf(buf, size, "r%d = %s%d r%d", in->dst_reg, how, in->imm, in->dst_reg);
}

static void alu(const struct bpf_insn *in, char *buf, size_t size)
{
	char r = BPF_CLASS(in->code) == BPF_ALU64 ? 'r' : 'w';
	int op = BPF_OP(in->code);
	const char *sign = "", *cast = "";

	if (op == BPF_END) {
		byte_swap(in, buf, size);
		return;
	}
	if (op == BPF_NEG) {
		snprintf(buf, size, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
		return;
	}
	if (!alu_ops[op >> 4]) {
		invalid(in, buf, size);
		return;
	}
	/* cpu v4 reuses off, zero until then: off 1 makes div and mod signed. */
	if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
		sign = "s";
	if (BPF_SRC(in->code) == BPF_K) {
		snprintf(buf, size, "%c%d %s%s %d", r, in->dst_reg, sign, alu_ops[op >> 4],
			 in->imm);
		return;
	}
	if (op == BPF_MOV && BPF_CLASS(in->code) == BPF_ALU64 && in->off == ADDR_SPACE_CAST) {
		/* a pointer moves between address spaces: imm = dst << 16 | src */
		snprintf(buf, size, "r%d = addr_space_cast(r%d, %u, %u)", in->dst_reg,
			 in->src_reg, (uint32_t)in->imm >> 16, (uint32_t)in->imm & 0xffff);
		return;
	}
	/* movsx (cpu v4): off is the width the source is sign-extended from */
	if (op == BPF_MOV && in->off == 8)
		cast = "(s8)";
	else if (op == BPF_MOV && in->off == 16)
		cast = "(s16)";
	else if (op == BPF_MOV && in->off == 32)
		cast = "(s32)";
	snprintf(buf, size, "%c%d %s%s %s%c%d", r, in->dst_reg, sign, alu_ops[op >> 4], cast,
		 r, in->src_reg);
}

static const char *atomic_op_name(int op)
{
	switch (op) {
	case BPF_ADD: return "add";
	case BPF_AND: return "and";
	case BPF_OR: return "or";
	default: return "xor";
	}
}

/* BPF_STX | BPF_ATOMIC: imm says which operation. The kernel prints the
 * registers as rN even for 4-byte operations. */
static void atomic(const struct bpf_insn *in, char *buf, size_t size)
{
	const char *sz = unsigned_sizes[BPF_SIZE(in->code) >> 3];
	const char *bits = BPF_SIZE(in->code) == BPF_DW ? "64" : "";
	int dst = in->dst_reg, src = in->src_reg, off = in->off;

	switch (in->imm) {
	case BPF_ADD: case BPF_AND: case BPF_OR: case BPF_XOR:
		snprintf(buf, size, "lock *(%s *)(r%d %+d) %s r%d", sz, dst, off,
			 alu_ops[in->imm >> 4], src);
		break;
	case BPF_ADD | BPF_FETCH: case BPF_AND | BPF_FETCH:
	case BPF_OR | BPF_FETCH: case BPF_XOR | BPF_FETCH:
		/* BPF_FETCH: src_reg gets the old value */
		snprintf(buf, size, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", src, bits,
			 atomic_op_name(in->imm & ~BPF_FETCH), sz, dst, off, src);
		break;
	case BPF_XCHG:
		snprintf(buf, size, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", src, bits, sz,
			 dst, off, src);
		break;
	case BPF_CMPXCHG:
		/* r0 is both the expected value and, after, the old one */
		snprintf(buf, size, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", bits, sz,
			 dst, off, src);
		break;
	case LOAD_ACQ: /* the one atomic where dst_reg is the destination */
		snprintf(buf, size, "r%d = load_acquire((%s *)(r%d %+d))", dst, sz, src, off);
		break;
	case STORE_REL:
		snprintf(buf, size, "store_release((%s *)(r%d %+d), r%d)", sz, dst, off, src);
		break;
	default:
		snprintf(buf, size, "invalid atomic operation 0x%x", (uint32_t)in->imm);
	}
}

/* Memory operands read "*(u32 *)(r2 +4)": size, base register, signed off.
 * BPF_LD | BPF_ABS and BPF_IND are the legacy packet loads of socket filters,
 * inherited from classic BPF: r0 gets the bytes of the packet (the skb in r6)
 * at imm, or at src_reg + imm. */
static void load_store(const struct bpf_insn *in, char *buf, size_t size)
{
	int cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);
	const char *sz = unsigned_sizes[BPF_SIZE(in->code) >> 3];

	if (cls == BPF_LDX && mode == BPF_MEMSX)
		sz = signed_sizes[BPF_SIZE(in->code) >> 3];
	if (!sz)
		invalid(in, buf, size);
	else if (cls == BPF_LDX && (mode == BPF_MEM || mode == BPF_MEMSX))
		snprintf(buf, size, "r%d = *(%s *)(r%d %+d)", in->dst_reg, sz, in->src_reg,
			 in->off);
	else if (cls == BPF_STX && mode == BPF_MEM)
		snprintf(buf, size, "*(%s *)(r%d %+d) = r%d", sz, in->dst_reg, in->off,
			 in->src_reg);
	else if (cls == BPF_ST && mode == BPF_MEM)
		snprintf(buf, size, "*(%s *)(r%d %+d) = %d", sz, in->dst_reg, in->off, in->imm);
	else if (cls == BPF_STX && mode == BPF_ATOMIC)
		atomic(in, buf, size);
	else if (cls == BPF_LD && mode == BPF_ABS)
		snprintf(buf, size, "r0 = *(%s *)skb[%d]", sz, in->imm);
	else if (cls == BPF_LD && mode == BPF_IND)
		snprintf(buf, size, "r0 = *(%s *)skb[r%d + %d]", sz, in->src_reg, in->imm);
	else
		invalid(in, buf, size);
}

static void call(const struct bpf_insn *in, char *buf, size_t size)
{
	const char *name = rb_helper_name(in->imm);

	if (in->src_reg == BPF_PSEUDO_CALL) /* imm: distance to the callee */
		snprintf(buf, size, "call pc%+d", in->imm);
	else if (in->src_reg == BPF_PSEUDO_KFUNC_CALL)
		/* imm is a BTF id of the kernel; the verifier names the function
		 * from its BTF, this is what it prints without. */
		snprintf(buf, size, "call kernel-function#%d", in->imm);
	else if (in->src_reg == 0 && name) /* imm: enum bpf_func_id */
		snprintf(buf, size, "call bpf_%s#%d", name, in->imm);
	else
		snprintf(buf, size, "call unknown#%d", in->imm);
}

/* Jump offsets count instructions from the one after the jump. */
static void jump(const struct bpf_insn *in, char *buf, size_t size)
{
	char r = BPF_CLASS(in->code) == BPF_JMP32 ? 'w' : 'r';
	int op = BPF_OP(in->code);

	if (in->code == (BPF_JMP | BPF_EXIT))
		snprintf(buf, size, "exit");
	else if (in->code == (BPF_JMP | BPF_CALL))
		call(in, buf, size);
	else if (in->code == (BPF_JMP | BPF_JA))
		snprintf(buf, size, "goto pc%+d", in->off);
	else if (in->code == (BPF_JMP32 | BPF_JA)) /* cpu v4: 32-bit distance in imm */
		snprintf(buf, size, "gotol pc%+d", in->imm);
	else if (in->code == (BPF_JMP | JCOND) && in->src_reg == MAY_GOTO)
		snprintf(buf, size, "may_goto pc%+d", in->off);
	else if (!jmp_ops[op >> 4])
		invalid(in, buf, size);
	else if (BPF_SRC(in->code) == BPF_X)
		snprintf(buf, size, "if %c%d %s %c%d goto pc%+d", r, in->dst_reg,
			 jmp_ops[op >> 4], r, in->src_reg, in->off);
	else
		snprintf(buf, size, "if %c%d %s 0x%x goto pc%+d", r, in->dst_reg,
			 jmp_ops[op >> 4], (uint32_t)in->imm, in->off);
}

/* ld_imm64 (BPF_LD | BPF_IMM | BPF_DW) takes two slots: the second carries
 * the upper 32 bits in its imm. src_reg says what the 64 bits mean; after
 * relocation it is a BPF_PSEUDO_* marker and imm an fd. The kernel's log
 * shows the raw number; rawbpf names the marker the way bpftool does (which
 * prints map[id:N], as it reads programs back by id: here N is an fd). */
static size_t ld_imm64(const struct bpf_insn *insns, size_t count, size_t i,
		       rb_disasm_symbol_fn symbol, void *ctx, char *buf, size_t size)
{
	const struct bpf_insn *in = &insns[i], *next;
	const char *text;
	int d = in->dst_reg;

	if (count - i < 2) { /* the second slot is missing: do not read it */
		snprintf(buf, size, "invalid ld_imm64 (truncated)");
		return 1;
	}
	next = &insns[i + 1];
	text = symbol ? symbol(ctx, i) : NULL;
	if (text)
		snprintf(buf, size, "r%d = %s", d, text);
	else if (in->src_reg == BPF_PSEUDO_MAP_FD)
		snprintf(buf, size, "r%d = map[fd:%d]", d, in->imm);
	else if (in->src_reg == BPF_PSEUDO_MAP_VALUE) /* next imm: offset in the value */
		snprintf(buf, size, "r%d = map[fd:%d][0]+%u", d, in->imm, (uint32_t)next->imm);
	else if (in->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)
		snprintf(buf, size, "r%d = map[idx:%d]+%u", d, in->imm, (uint32_t)next->imm);
	else if (in->src_reg == BPF_PSEUDO_FUNC) /* imm: distance to the callback */
		snprintf(buf, size, "r%d = subprog[%+d]", d, in->imm);
	else /* as the verifier prints it (llvm-objdump would add " ll") */
		snprintf(buf, size, "r%d = 0x%llx", d,
			 (unsigned long long)(uint32_t)next->imm << 32 | (uint32_t)in->imm);
	return 2;
}

size_t rb_disasm_insn(const struct bpf_insn *insns, size_t count, size_t i,
		      rb_disasm_symbol_fn symbol, void *ctx, char *buf, size_t size)
{
	const struct bpf_insn *in;

	if (!insns || i >= count) {
		snprintf(buf, size, "no instruction %zu (count %zu)", i, count);
		return 0;
	}
	in = &insns[i];
	if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
		return ld_imm64(insns, count, i, symbol, ctx, buf, size);
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		alu(in, buf, size);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		jump(in, buf, size);
		break;
	default: /* BPF_LD, BPF_LDX, BPF_ST, BPF_STX */
		load_store(in, buf, size);
		break;
	}
	return 1;
}

uint8_t rb_insn_code(const struct bpf_insn *insns, size_t i)
{
	return insns[i].code;
}
