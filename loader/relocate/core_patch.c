/* Patching an instruction with a CO-RE result, as libbpf's
 * bpf_core_patch_insn() does, and its poison. See core.h. */
#include "core.h"

#include <string.h>

static void poison(struct bpf_insn *insn)
{
	*insn = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = RB_CORE_POISON_IMM };
}

int rb_core_is_poison(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0 &&
	       insn->imm == RB_CORE_POISON_IMM;
}

static int is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static int width_bytes(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_DW: return 8;
	case BPF_W: return 4;
	case BPF_H: return 2;
	default: return 1; /* BPF_B */
	}
}

static int width_code(uint32_t bytes)
{
	switch (bytes) {
	case 8: return BPF_DW;
	case 4: return BPF_W;
	case 2: return BPF_H;
	case 1: return BPF_B;
	default: return -1;
	}
}

static int wrong_value(const struct bpf_insn *insn, unsigned long long got,
		       const struct rb_core_result *res, struct rb_error *err)
{
	return rb_fail(err, RB_ERR_INPUT, "the instruction (opcode 0x%02x) holds %llu, not the %llu "
		       "its CO-RE record says it was compiled with: the object's BTF and code "
		       "disagree", insn->code, got, (unsigned long long)res->orig_val);
}

int rb_core_patch(struct bpf_insn *insn, size_t room, const struct rb_core_result *res,
		  struct rb_core_patched *out, struct rb_error *err)
{
	int size;

	memset(out, 0, sizeof(*out));
	if (res->poison) {
		out->why = res->why;
		goto poison;
	}
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64: /* r1 = 8, r1 += 8: the value is the immediate */
		if (BPF_SRC(insn->code) != BPF_K)
			return rb_fail(err, RB_ERR_INPUT, "the instruction (opcode 0x%02x) takes a "
				       "register, not an immediate CO-RE could patch", insn->code);
		if (res->validate && (uint64_t)(int64_t)insn->imm != res->orig_val)
			return wrong_value(insn, (unsigned long long)(int64_t)insn->imm, res, err);
		insn->imm = (int32_t)res->new_val;
		return 0;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX: /* *(u32 *)(r1 + 8): the value is the offset */
		if (res->validate && (uint64_t)(int64_t)insn->off != res->orig_val)
			return wrong_value(insn, (unsigned long long)(int64_t)insn->off, res, err);
		if (res->new_val > INT16_MAX)
			return rb_fail(err, RB_ERR_INPUT, "the new offset %llu does not fit the "
				       "instruction's 16-bit offset", (unsigned long long)res->new_val);
		if (res->size_unsafe) {
			out->why = "the field changed size, and only pointers and unsigned integers "
				   "can be read at another width";
			goto poison;
		}
		insn->off = (int16_t)res->new_val;
		if (res->new_size == res->orig_size)
			return 0;
		if (width_bytes(insn->code) != (int)res->orig_size)
			return rb_fail(err, RB_ERR_INPUT, "the instruction accesses %d bytes, not the "
				       "field's %u", width_bytes(insn->code), res->orig_size);
		size = width_code(res->new_size);
		if (size < 0)
			return rb_fail(err, RB_ERR_INPUT, "the field is %u bytes in the target: no "
				       "load or store has that width", res->new_size);
		insn->code = (uint8_t)(BPF_MODE(insn->code) | size | BPF_CLASS(insn->code));
		out->size_from = res->orig_size;
		out->size_to = res->new_size;
		return 0;
	case BPF_LD: { /* r1 = 8 ll: the value is both halves */
		uint64_t imm;

		if (!is_ld_imm64(insn) || room < 2 || insn[0].src_reg || insn[0].off ||
		    insn[1].code || insn[1].dst_reg || insn[1].src_reg || insn[1].off)
			return rb_fail(err, RB_ERR_INPUT, "the instruction (opcode 0x%02x) is not a "
				       "plain 64-bit immediate load", insn->code);
		imm = (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
		if (res->validate && imm != res->orig_val)
			return wrong_value(insn, (unsigned long long)imm, res, err);
		insn[0].imm = (int32_t)(uint32_t)res->new_val;
		insn[1].imm = (int32_t)(uint32_t)(res->new_val >> 32);
		return 0;
	}
	default:
		return rb_fail(err, RB_ERR_INPUT, "the instruction (opcode 0x%02x) is not one CO-RE "
			       "patches (an ALU immediate, a load or store, a 64-bit immediate)",
			       insn->code);
	}
poison:
	/* Both slots of an ld_imm64, or the verifier would first complain
	 * about the second one ("unknown opcode 00"). */
	if (is_ld_imm64(insn) && room >= 2)
		poison(insn + 1);
	poison(insn);
	out->poisoned = 1;
	return 0;
}
