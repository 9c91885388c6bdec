/* An instruction that uses an extern, rewritten for what the kernel was
 * found to have (kernel/externs.c resolved every extern before this runs).
 * The forms are libbpf's (bpf_object__relocate_data() in its libbpf.c), so
 * the verifier sees the same program either loader gives it:
 *
 *   __kconfig, ld_imm64     src_reg BPF_PSEUDO_MAP_VALUE, imm = the .kconfig
 *                           map's fd, insn[1].imm = the value's offset: a
 *                           pointer into the (frozen, read-only) map value
 *   typed __ksym, ld_imm64  src_reg BPF_PSEUDO_BTF_ID, imm = the VAR's id in
 *                           the kernel's BTF, insn[1].imm = the module's BTF
 *                           fd or 0 for vmlinux
 *   typeless __ksym         the address, a plain 64-bit constant
 *   kfunc, call             src_reg BPF_PSEUDO_KFUNC_CALL, imm = the FUNC's
 *                           id, off = its module's slot in fd_array (0:
 *                           vmlinux)
 *   kfunc, ld_imm64         (bpf_ksym_exists(f), &f) BPF_PSEUDO_BTF_ID of the
 *                           FUNC (Linux 6.3+), as for a variable
 *   weak and missing        ld_imm64: 0, a constant the verifier knows, so
 *                           `if (bpf_ksym_exists(f))` is false and the code
 *                           it guards is dead; a call: libbpf's poison, a
 *                           helper call that cannot exist ("call
 *                           2002000000 + the extern's index"), which the
 *                           verifier drops unseen when it is dead code and
 *                           refuses by that number when it is reachable
 *                           (kernel/externs.c then names the kfunc).
 * Pure: no system call. */
#include <stdio.h>

#include "relocate.h"

static int is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static int is_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL);
}

static void where(const struct rb_extern *ext, char *buf, size_t size)
{
	if (ext->kernel_btf_fd)
		snprintf(buf, size, "module %s BTF id %u (BTF fd %d)", ext->source,
			 ext->kernel_btf_id, ext->kernel_btf_fd);
	else
		snprintf(buf, size, "vmlinux BTF id %u", ext->kernel_btf_id);
}

static int apply_kconfig(const struct rb_object *obj, const char *prog, struct bpf_insn *insn,
			 size_t at, const struct rb_extern *ext, struct rb_error *err)
{
	const struct rb_map *map = &obj->maps[obj->kconfig_map];
	int64_t offset = (int64_t)ext->offset + insn[0].imm; /* imm: the addend */
	char value[96];

	if (map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "program %s instruction %zu: map .kconfig has "
			       "not been created", prog, at);
	if (offset < 0 || offset >= map->value_size)
		return rb_fail(err, RB_ERR_INPUT, "%s: program %s instruction %zu: %s%+d is "
			       "outside the .kconfig map", obj->path, prog, at, ext->name,
			       insn[0].imm);
	insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
	insn[0].imm = map->fd;
	insn[1].imm = (int32_t)offset;
	rb_kconfig_value_str(obj, ext, value, sizeof(value));
	rb_narrate(&obj->narrator, "prog %s insn %zu: kconfig %s -> .kconfig+%lld (= %s%s)", prog,
		   at, ext->name, (long long)offset, ext->resolved ? value : "0",
		   ext->resolved ? "" : ": weak, missing");
	return 0;
}

/* ld_imm64 of a __ksym: a variable, an address, or a kfunc's. */
static void apply_ksym_load(const struct rb_object *obj, const char *prog, struct bpf_insn *insn,
			    size_t at, const struct rb_extern *ext)
{
	char in[96];

	if (ext->resolved && ext->kind != RB_EXTERN_KSYM_ADDR) {
		insn[0].src_reg = BPF_PSEUDO_BTF_ID;
		insn[0].imm = (int32_t)ext->kernel_btf_id;
		insn[1].imm = ext->kernel_btf_fd;
		where(ext, in, sizeof(in));
		rb_narrate(&obj->narrator, "prog %s insn %zu: ksym %s -> %s", prog, at, ext->name,
			   in);
		return;
	}
	/* an address (0 for a missing weak one): a plain constant */
	insn[0].src_reg = 0;
	insn[0].imm = (int32_t)(uint32_t)ext->address;
	insn[1].imm = (int32_t)(uint32_t)(ext->address >> 32);
	if (ext->resolved)
		rb_narrate(&obj->narrator, "prog %s insn %zu: ksym %s -> 0x%llx (kallsyms)", prog,
			   at, ext->name, (unsigned long long)ext->address);
	else
		rb_narrate(&obj->narrator, "prog %s insn %zu: ksym %s -> 0 (weak, missing: "
			   "bpf_ksym_exists() is false)", prog, at, ext->name);
}

static void apply_kfunc_call(const struct rb_object *obj, const char *prog, struct bpf_insn *insn,
			     size_t at, size_t index, const struct rb_extern *ext)
{
	char in[96];

	if (!ext->resolved) {
		*insn = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
					   .imm = RB_POISON_KFUNC_BASE + (int32_t)index };
		rb_narrate(&obj->narrator, "prog %s insn %zu: kfunc %s (weak, missing) -> call %d: "
			   "poisoned, loads only where the verifier finds it unreachable", prog, at,
			   ext->name, insn->imm);
		return;
	}
	insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
	insn->imm = (int32_t)ext->kernel_btf_id;
	insn->off = (int16_t)ext->fd_array_index;
	where(ext, in, sizeof(in));
	if (ext->fd_array_index)
		rb_narrate(&obj->narrator, "prog %s insn %zu: kfunc %s -> %s, off %u (fd_array[%u])",
			   prog, at, ext->name, in, ext->fd_array_index, ext->fd_array_index);
	else
		rb_narrate(&obj->narrator, "prog %s insn %zu: kfunc %s -> %s", prog, at, ext->name,
			   in);
}

int rb_extern_apply(const struct rb_object *obj, const char *prog, struct bpf_insn *insns,
		    size_t count, size_t at, const struct rb_reloc *r, struct rb_error *err)
{
	const struct rb_extern *ext;
	struct bpf_insn *insn = &insns[at];
	int ld = is_ld_imm64(insn) && at + 1 < count;

	if (r->ext.index >= obj->extern_count)
		return rb_fail(err, RB_ERR_INPUT, "program %s instruction %zu: relocation against "
			       "%s out of range", prog, at, r->symbol ? r->symbol : "an extern");
	ext = &obj->externs[r->ext.index];
	switch (ext->kind) {
	case RB_EXTERN_KCONFIG:
		if (ld)
			return apply_kconfig(obj, prog, insn, at, ext, err);
		break;
	case RB_EXTERN_KSYM_VAR:
	case RB_EXTERN_KSYM_ADDR:
		if (!ld)
			break;
		apply_ksym_load(obj, prog, insn, at, ext);
		return 0;
	case RB_EXTERN_KFUNC:
		if (ld)
			apply_ksym_load(obj, prog, insn, at, ext);
		else if (is_call(insn))
			apply_kfunc_call(obj, prog, insn, at, r->ext.index, ext);
		else
			break;
		return 0;
	default:
		return rb_fail(err, RB_ERR_INPUT, "%s: program %s instruction %zu refers to extern "
			       "symbol %s, which rawbpf cannot resolve: %s", obj->path, prog, at,
			       ext->name, ext->why);
	}
	return rb_fail(err, RB_ERR_INPUT, "%s: program %s instruction %zu: extern %s is used by "
		       "an instruction (opcode 0x%02x) that is neither a 64-bit immediate load nor%s "
		       "a call", obj->path, prog, at, ext->name, insn->code,
		       ext->kind == RB_EXTERN_KFUNC ? "" : ", for a function,");
}
