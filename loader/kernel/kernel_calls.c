/* Naming the helper calls of translated instructions (`rawbpf prog dump`).
 *
 * The verifier turns `call 1` (BPF_FUNC_map_lookup_elem) into a call of a
 * kernel function by its address: imm becomes the function's address less
 * __bpf_call_base's (fixup_bpf_calls / do_misc_fixups in
 * kernel/bpf/verifier.c), and for some maps it calls the map's own
 * function instead (htab_map_lookup_elem for a hash map). So the helper's
 * number is gone from BPF_OBJ_GET_INFO_BY_FD's xlated_prog_insns, and the
 * name comes from /proc/kallsyms, as bpftool finds it: the symbol at
 * __bpf_call_base + imm. When kernel.kptr_restrict hides addresses
 * (kallsyms shows 0s) the kernel also zeroes imm (bpf_dump_raw_ok() in
 * bpf_insn_prepare_dump): there is no name to find then. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/rawbpf.h"

#define KALLSYMS "/proc/kallsyms"

struct ksym {
	uint64_t addr;
	size_t name; /* offset in names */
};

struct rb_kernel_symbols {
	struct ksym *syms;
	size_t count, cap;
	char *names;
	size_t names_used, names_cap;
	uint64_t call_base; /* __bpf_call_base; 0: not found or hidden */
};

static int add(struct rb_kernel_symbols *ks, uint64_t addr, const char *name)
{
	size_t len = strlen(name) + 1;

	if (ks->count == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 4096;
		struct ksym *s = realloc(ks->syms, cap * sizeof(*s));
		if (!s)
			return -1;
		ks->syms = s;
		ks->cap = cap;
	}
	if (ks->names_used + len > ks->names_cap) {
		size_t cap = ks->names_cap ? ks->names_cap * 2 : 65536;
		char *n;
		while (cap < ks->names_used + len)
			cap *= 2;
		n = realloc(ks->names, cap);
		if (!n)
			return -1;
		ks->names = n;
		ks->names_cap = cap;
	}
	memcpy(ks->names + ks->names_used, name, len);
	ks->syms[ks->count++] = (struct ksym){ addr, ks->names_used };
	ks->names_used += len;
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int rb_kernel_symbols_open(struct rb_kernel_symbols **out, struct rb_error *err)
{
	struct rb_kernel_symbols *ks = calloc(1, sizeof(*ks));
	char line[512], name[256];
	unsigned long long addr;
	char type;
	FILE *f;

	*out = NULL;
	if (!ks)
		return rb_fail_errno(err, RB_ERR_SYSTEM, ENOMEM, "%s", KALLSYMS);
	f = fopen(KALLSYMS, "re");
	if (!f) {
		int e = errno;
		free(ks);
		return rb_fail_errno(err, RB_ERR_SYSTEM, e, "%s: cannot open it", KALLSYMS);
	}
	/* "ffffffff81000000 T _stext" or "... t name [module]": functions only */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || addr == 0)
			continue;
		if (strcmp(name, "__bpf_call_base") == 0)
			ks->call_base = addr;
		if ((type == 't' || type == 'T') && add(ks, addr, name)) {
			fclose(f);
			rb_kernel_symbols_close(ks);
			return rb_fail_errno(err, RB_ERR_SYSTEM, ENOMEM, "%s", KALLSYMS);
		}
	}
	fclose(f);
	qsort(ks->syms, ks->count, sizeof(*ks->syms), by_addr);
	*out = ks;
	return 0;
}

const char *rb_kernel_call_name(const struct rb_kernel_symbols *ks, int32_t imm)
{
	struct ksym key, *hit;

	if (!ks || !ks->call_base || imm == 0)
		return NULL;
	key.addr = ks->call_base + (uint64_t)(int64_t)imm;
	hit = bsearch(&key, ks->syms, ks->count, sizeof(*ks->syms), by_addr);
	return hit ? ks->names + hit->name : NULL;
}

void rb_kernel_symbols_close(struct rb_kernel_symbols *ks)
{
	if (!ks)
		return;
	free(ks->syms);
	free(ks->names);
	free(ks);
}
