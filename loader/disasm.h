/* Printing BPF instructions the way the kernel's verifier log does
 * (kernel/bpf/disasm.c), so `rawbpf inspect --disasm` reads like the log. */
#ifndef RAWBPF_DISASM_H
#define RAWBPF_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "../uapi/linux/bpf.h"

/* Text for a relocated instruction, e.g. "map[counts]" for an ld_imm64 that
 * refers to map counts; NULL when instruction i has no symbol. */
typedef const char *(*rb_disasm_symbol_fn)(void *ctx, size_t insn_index);

/* Format instruction i of insns[0..count) into buf. Returns the number of
 * slots it takes (2 for ld_imm64, else 1); never reads past count. */
size_t rb_disasm_insn(const struct bpf_insn *insns, size_t count, size_t i,
		      rb_disasm_symbol_fn symbol, void *ctx, char *buf, size_t size);

/* The name of helper function `id` without the bpf_ prefix
 * ("map_lookup_elem"), or NULL when rawbpf does not know it. */
const char *rb_helper_name(int32_t id);

#endif
