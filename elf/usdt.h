/* USDT probes: the notes <sys/sdt.h> leaves in executables and libraries,
 * and their argument specs.
 *
 * A USDT probe (DTRACE_PROBE, STAP_PROBE: "user statically defined
 * tracing") compiles to one `nop` at the probe's place and an ELF note in
 * the non-allocated section .note.stapsdt (owner "stapsdt", type 3) that
 * says where the nop is, the address of a semaphore (a counter the program
 * may test to skip work no one traces; 0 when none), the provider, the
 * probe's name, and where each argument is at the nop, as the assembler
 * sees it ("-4@%eax 8@-16(%rbp) 4@$5"). A tracer puts a uprobe on each nop
 * (one probe name may have many: every inlined copy is a site) and reads
 * the arguments from the registers and memory the spec names.
 * The format: https://sourceware.org/systemtap/wiki/UserSpaceProbeImplementation
 *
 * Pure, as elf_reader.c: a buffer in, values out, every read bounds-checked.
 * elf_usdt_notes() finds the sites, elf_usdt_parse_args() turns one site's
 * arguments into the spec libbpf's <bpf/usdt.bpf.h> reads in the BPF
 * program (struct elf_usdt_spec has its layout exactly). */
#ifndef RAWBPF_USDT_H
#define RAWBPF_USDT_H

#include <stddef.h>
#include <stdint.h>

#include "elf_reader.h"

/* One probe site, from one note. */
struct elf_usdt_note {
	const char *provider; /* NUL-terminated, inside the file's bytes */
	const char *name;
	const char *args;     /* the argument spec; "" when the probe has none */
	uint64_t pc;          /* the nop's address, adjusted for prelink (below) */
	uint64_t base;        /* .stapsdt.base's address when linked (from the note) */
	uint64_t semaphore;   /* the semaphore's address (adjusted), 0: none */
	uint64_t pc_offset;   /* where the nop is in the file: the uprobe's offset */
	uint64_t sema_offset; /* where the semaphore is in the file: the uprobe's
				 ref_ctr_offset; 0 when there is none */
};

/* Every site of `elf` (an executable or a shared library), in note order,
 * into a new array (free() it; NULL and 0 when there are none). The file
 * offsets come from the PT_LOAD program headers: the nop must be in an
 * executable segment, the semaphore in a writable one, as libbpf's usdt.c
 * requires. A file without .note.stapsdt has no probes (0 sites, not an
 * error); a malformed note is an error naming it. */
int elf_usdt_notes(const struct elf_file *elf, struct elf_usdt_note **out, size_t *count,
		   struct rb_error *err);

/* The argument layout of libbpf's <bpf/usdt.bpf.h> (libbpf 1.1:
 * struct __bpf_usdt_arg_spec and struct __bpf_usdt_spec), which the BPF
 * program reads from the map __bpf_usdt_specs by spec id. */
enum elf_usdt_arg_type {
	ELF_USDT_ARG_CONST,     /* BPF_USDT_ARG_CONST: val_off is the value */
	ELF_USDT_ARG_REG,       /* BPF_USDT_ARG_REG: the register at reg_off in pt_regs */
	ELF_USDT_ARG_REG_DEREF, /* BPF_USDT_ARG_REG_DEREF: memory at register + val_off */
};

struct elf_usdt_arg {
	uint64_t val_off;  /* the constant, or the offset added to the register */
	uint32_t arg_type; /* enum elf_usdt_arg_type (an enum is 4 bytes in BPF C) */
	int16_t reg_off;   /* offsetof(struct pt_regs, REG) */
	uint8_t arg_signed;
	int8_t arg_bitshift; /* 64 - 8 * size: bits to clear (or sign-extend) */
};

#define ELF_USDT_MAX_ARGS 12 /* BPF_USDT_MAX_ARG_CNT */
struct elf_usdt_spec {
	struct elf_usdt_arg args[ELF_USDT_MAX_ARGS];
	uint64_t usdt_cookie;
	int16_t arg_cnt;
};
/* The BPF side reads these bytes as its own structs: same offsets. */
_Static_assert(sizeof(struct elf_usdt_arg) == 16, "struct __bpf_usdt_arg_spec is 16 bytes");
_Static_assert(offsetof(struct elf_usdt_spec, usdt_cookie) == 192 &&
		       offsetof(struct elf_usdt_spec, arg_cnt) == 200 &&
		       sizeof(struct elf_usdt_spec) == 208,
	       "struct __bpf_usdt_spec: args at 0, usdt_cookie at 192, arg_cnt at 200");

/* Parse note->args for x86-64 into *spec (usdt_cookie 0). `elf` resolves
 * a symbol a memory operand names relative to %rip ("-4@counter(%rip)",
 * which GCC writes for a global); 0, or -1 naming the argument and why. */
int elf_usdt_parse_args(const struct elf_file *elf, const struct elf_usdt_note *note,
			struct elf_usdt_spec *spec, struct rb_error *err);

/* offsetof(struct pt_regs, REG) on x86-64 for a register of any width
 * ("rax", "eax", "ax", "al", "r8d", "rip"), or -1. */
int elf_usdt_x86_reg_offset(const char *name);

#endif
