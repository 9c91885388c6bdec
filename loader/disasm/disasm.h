/* The disassembler's own header: rb_disasm_insn(), rb_insn_code() and
 * rb_helper_name() are public (loader/rawbpf.h, which says what they do);
 * the code that formats instructions reads them with the kernel's
 * definitions (struct bpf_insn, the opcode bits) from the pinned uapi. */
#ifndef RAWBPF_DISASM_H
#define RAWBPF_DISASM_H

#include "loader/rawbpf.h"
#include "uapi/linux/bpf.h"

#endif
