/* A USDT site's argument spec, for x86-64 (usdt.h).
 *
 * <sys/sdt.h> asks the compiler to print each argument as an assembler
 * operand ("nor" constraint) after its size in bytes, negative when the
 * type is signed, and writes the text into the note:
 *     -4@%eax           a register (any width: rax, eax, ax, al, r8d, ...)
 *     8@-16(%rbp)       memory at a register plus a displacement
 *     8@(%rsp)          the same, no displacement
 *     -4@$5             a constant
 *     -4@counter(%rip)  a global: memory at a symbol, %rip-relative
 * Each becomes one struct elf_usdt_arg, as libbpf's usdt.c makes them
 * (parse_usdt_arg(), parse_usdt_spec()): a register by its offset in the
 * kernel's struct pt_regs, which is what a uprobe program's context is.
 *
 * Other architectures (planned; the spec is the same shape, the operands
 * are each assembler's):
 *   arm64    "-4@x0", "8@[sp, 16]", "8@[x1]", "-4@5": offsets into
 *            struct user_pt_regs (regs[31], sp, pc);
 *   s390     "-4@%r2", "8@160(%r15)", "4@7";
 *   riscv    "-4@a0", "8@8(sp)", "4@5";
 *   powerpc  "-4@%r3" or "-4@3", "8@-8(%r31)", "4@$5" (i.e. "i" constants).
 * A user of those gets a message saying x86-64 is the one parsed today. */
#include <ctype.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usdt.h"

/* struct pt_regs on x86-64 (arch/x86/include/asm/ptrace.h): fifteen
 * general registers, orig_ax, then the hardware frame ip, cs, flags, sp,
 * ss. The narrower names are the low bytes of the same register, which on
 * a little-endian machine start at the same offset. (The high-byte names
 * ah, bh, ch, dh are not at any offset: they are refused.) */
static const struct {
	const char *names[4];
	int16_t off;
} x86_regs[] = {
	{ { "r15", "r15d", "r15w", "r15b" }, 0 },
	{ { "r14", "r14d", "r14w", "r14b" }, 8 },
	{ { "r13", "r13d", "r13w", "r13b" }, 16 },
	{ { "r12", "r12d", "r12w", "r12b" }, 24 },
	{ { "rbp", "ebp", "bp", "bpl" }, 32 },
	{ { "rbx", "ebx", "bx", "bl" }, 40 },
	{ { "r11", "r11d", "r11w", "r11b" }, 48 },
	{ { "r10", "r10d", "r10w", "r10b" }, 56 },
	{ { "r9", "r9d", "r9w", "r9b" }, 64 },
	{ { "r8", "r8d", "r8w", "r8b" }, 72 },
	{ { "rax", "eax", "ax", "al" }, 80 },
	{ { "rcx", "ecx", "cx", "cl" }, 88 },
	{ { "rdx", "edx", "dx", "dl" }, 96 },
	{ { "rsi", "esi", "si", "sil" }, 104 },
	{ { "rdi", "edi", "di", "dil" }, 112 },
	{ { "rip", "eip", "", "" }, 128 },
	{ { "rsp", "esp", "sp", "spl" }, 152 },
};
#define X86_IP_OFFSET 128

int elf_usdt_x86_reg_offset(const char *name)
{
	for (size_t i = 0; i < sizeof(x86_regs) / sizeof(x86_regs[0]); i++)
		for (int w = 0; w < 4; w++)
			if (x86_regs[i].names[w][0] && strcmp(name, x86_regs[i].names[w]) == 0)
				return x86_regs[i].off;
	return -1;
}

/* A decimal (or 0x) integer at *s, with an optional sign; advances *s. */
static int parse_int(const char **s, int64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)**s) && !((**s == '-' || **s == '+') &&
					       isdigit((unsigned char)(*s)[1])))
		return -1;
	*v = strtoll(*s, &end, 0);
	*s = end;
	return 0;
}

/* "%NAME" at *s, ended by ')' or white space or the end; its pt_regs offset. */
static int parse_reg(const char **s, char *name, size_t size)
{
	size_t len = 0;

	if (**s != '%')
		return -1;
	(*s)++;
	while (isalnum((unsigned char)(*s)[len]) && len + 1 < size)
		len++;
	memcpy(name, *s, len);
	name[len] = '\0';
	*s += len;
	return elf_usdt_x86_reg_offset(name);
}

/* The address of symbol `name` (any defined symbol: a static variable is
 * a local STT_OBJECT), or -1 when the file's symbol table lacks it. */
static int symbol_address(const struct elf_file *elf, const char *name, uint64_t *addr)
{
	for (size_t i = 1; i < elf->nsymbols; i++)
		if (elf->symbols[i].shndx != SHN_UNDEF && strcmp(elf->symbols[i].name, name) == 0) {
			*addr = elf->symbols[i].value;
			return 0;
		}
	return -1;
}

/* "SYM", "SYM+N" or "SYM-N" before "(%rip)": the offset from the probe's
 * own address. At the probe, a uprobe program's pt_regs ip is the nop's
 * address (the kernel sets it back there before the handlers run:
 * kernel/events/uprobes.c, handle_swbp()), and symbol and nop move
 * together when the file is mapped, so SYM - pc is the same wherever the
 * file is loaded: libbpf's REG_DEREF of ip with that offset reads it. */
static const char *rip_symbol(const struct elf_file *elf, const struct elf_usdt_note *note,
			      const char **s, uint64_t *off)
{
	char sym[128];
	size_t len = 0;
	int64_t addend = 0;
	uint64_t addr;

	while ((*s)[len] && (*s)[len] != '(' && (*s)[len] != '+' && (*s)[len] != '-' &&
	       len + 1 < sizeof(sym))
		len++;
	memcpy(sym, *s, len);
	sym[len] = '\0';
	*s += len;
	if ((**s == '+' || **s == '-') && parse_int(s, &addend))
		return "a symbol's offset is not a number";
	if (strncmp(*s, "(%rip)", 6) != 0)
		return "a symbol is only understood %rip-relative: SYM(%rip)";
	*s += 6;
	if (symbol_address(elf, sym, &addr))
		return "the symbol it names is not in the file's symbol table (stripped?)";
	*off = addr + (uint64_t)addend - note->pc;
	return NULL;
}

/* One argument "SIZE@OPERAND" at *s into *arg; NULL, or why not. */
static const char *parse_arg(const struct elf_file *elf, const struct elf_usdt_note *note,
			     const char **s, struct elf_usdt_arg *arg)
{
	char reg[16];
	int64_t size, v = 0;
	int off;

	memset(arg, 0, sizeof(*arg));
	if (parse_int(s, &size) || **s != '@')
		return "no SIZE@ before the operand";
	(*s)++;
	arg->arg_signed = size < 0;
	if (size < 0)
		size = -size;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return "the size is not 1, 2, 4 or 8 bytes";
	arg->arg_bitshift = (int8_t)(64 - size * 8);
	if (**s == '$') { /* a constant */
		(*s)++;
		if (parse_int(s, &v))
			return "the constant after $ is not a number";
		arg->arg_type = ELF_USDT_ARG_CONST;
		arg->val_off = (uint64_t)v;
		return NULL;
	}
	if (**s == '%') { /* a register */
		off = parse_reg(s, reg, sizeof(reg));
		if (off < 0)
			return "the register is not one of x86-64's (rax..r15 at any width, rip)";
		arg->arg_type = ELF_USDT_ARG_REG;
		arg->reg_off = (int16_t)off;
		return NULL;
	}
	arg->arg_type = ELF_USDT_ARG_REG_DEREF;
	if (**s != '(' && parse_int(s, &v)) { /* not a number: a symbol */
		const char *why = rip_symbol(elf, note, s, &arg->val_off);
		arg->reg_off = X86_IP_OFFSET;
		return why;
	}
	arg->val_off = (uint64_t)v;
	if (**s != '(')
		return "a memory operand's register is not in parentheses";
	(*s)++;
	off = parse_reg(s, reg, sizeof(reg));
	if (off < 0)
		return "the base register is not one of x86-64's (rax..r15 at any width, rip)";
	if (**s == ',')
		return "an index register (base,index,scale) is not supported, as in libbpf 1.1";
	if (**s != ')')
		return "a memory operand's parenthesis is not closed";
	(*s)++;
	if (off == X86_IP_OFFSET)
		return "a %rip-relative operand with a number, not a symbol: its base is the "
		       "next instruction's address, which the note does not give";
	arg->reg_off = (int16_t)off;
	return NULL;
}

int elf_usdt_parse_args(const struct elf_file *elf, const struct elf_usdt_note *note,
			struct elf_usdt_spec *spec, struct rb_error *err)
{
	const char *s = note->args;

	memset(spec, 0, sizeof(*spec));
	if (elf->machine != EM_X86_64)
		return rb_fail(err, RB_ERR_INPUT, "%s: USDT probe %s:%s: its arguments are "
			       "written for machine %u; rawbpf reads x86-64's (EM_X86_64) only",
			       elf->path, note->provider, note->name, elf->machine);
	for (;;) {
		const char *start, *why;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return 0;
		if (spec->arg_cnt == ELF_USDT_MAX_ARGS)
			return rb_fail(err, RB_ERR_INPUT, "%s: USDT probe %s:%s has more than %d "
				       "arguments (\"%s\"), the most <bpf/usdt.bpf.h> reads",
				       elf->path, note->provider, note->name, ELF_USDT_MAX_ARGS,
				       note->args);
		start = s;
		why = parse_arg(elf, note, &s, &spec->args[spec->arg_cnt]);
		if (!why && *s && !isspace((unsigned char)*s))
			why = "text follows the operand";
		if (why)
			return rb_fail(err, RB_ERR_INPUT, "%s: USDT probe %s:%s: argument %d "
				       "(\"%.*s\" in \"%s\"): %s", elf->path, note->provider,
				       note->name, spec->arg_cnt, (int)strcspn(start, " \t"), start,
				       note->args, why);
		spec->arg_cnt++;
	}
}
