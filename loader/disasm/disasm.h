/* Printing BPF instructions the way the kernel's verifier log does
 * (print_bpf_insn() in kernel/bpf/disasm.c), so that `rawbpf inspect
 * --disasm` reads like the log the kernel writes when it refuses a program. */
#ifndef RAWBPF_DISASM_H
#define RAWBPF_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "uapi/linux/bpf.h"

/* Gives the text for a relocated instruction, e.g. "map[counts]" for an
 * ld_imm64 that refers to map counts, or NULL when insn i has no symbol. */
typedef const char *(*rb_disasm_symbol_fn)(void *ctx, size_t insn_index);

/* Formats instruction i of insns[0..count) into buf (at most size bytes,
 * always terminated), e.g. "r1 = *(u32 *)(r2 +4)".
 *
 * Returns the number of slots consumed: 2 for an ld_imm64, else 1. It never
 * reads past count: an ld_imm64 in the last slot prints as
 * "invalid ld_imm64 (truncated)" and returns 1. An unknown opcode prints as
 * "invalid opcode 0xNN". When i is not below count nothing is read, the text
 * says so and the result is 0.
 *
 * symbol (may be NULL) is asked about each ld_imm64; the text it returns is
 * printed after "rN = " in place of the constant. */
size_t rb_disasm_insn(const struct bpf_insn *insns, size_t count, size_t i,
		      rb_disasm_symbol_fn symbol, void *ctx, char *buf, size_t size);

/* The name of helper function `id` (enum bpf_func_id), or NULL when rawbpf
 * does not know it. The table is loader/helper_names.c; it gives the name
 * without the "bpf_" that the kernel's log puts in front ("map_lookup_elem"
 * for 1), and the disassembler adds it. */
const char *rb_helper_name(int32_t id);

#endif
