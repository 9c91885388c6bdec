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
 * bpf_insn_prepare_dump): there is no name to find then.
 *
 * The same table names the kernel frames of a stack (bpf_get_stackid,
 * printed by `rawbpf run`): the function an address falls in is the
 * text symbol at or below it, as perf and bpftrace find it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/rawbpf.h"
#include "kernel.h"

struct ksym {
	uint64_t addr;
	size_t name;   /* offset in names */
	size_t module; /* offset in names of its module ("ext4"), or SIZE_MAX: vmlinux */
};

struct rb_kernel_symbols {
	struct ksym *syms;
	size_t count, cap;
	char *names;
	size_t names_used, names_cap;
	uint64_t call_base; /* __bpf_call_base; 0: not found or hidden */
};

/* Append `name` to the names; its offset in *at. */
static int add_name(struct rb_kernel_symbols *ks, const char *name, size_t *at)
{
	size_t len = strlen(name) + 1;

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
	*at = ks->names_used;
	ks->names_used += len;
	return 0;
}

static int add(struct rb_kernel_symbols *ks, uint64_t addr, const char *name,
	       const char *module)
{
	size_t name_at, module_at = SIZE_MAX;

	if (ks->count == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 4096;
		struct ksym *s = realloc(ks->syms, cap * sizeof(*s));
		if (!s)
			return -1;
		ks->syms = s;
		ks->cap = cap;
	}
	/* a module's symbols come together: one copy of its name for all */
	if (module && ks->count && ks->syms[ks->count - 1].module != SIZE_MAX &&
	    strcmp(ks->names + ks->syms[ks->count - 1].module, module) == 0)
		module_at = ks->syms[ks->count - 1].module;
	else if (module && add_name(ks, module, &module_at))
		return -1;
	if (add_name(ks, name, &name_at))
		return -1;
	ks->syms[ks->count++] = (struct ksym){ addr, name_at, module_at };
	return 0;
}

int rb_kallsyms_line(char *line, uint64_t *addr, char *type, char **name, char **module)
{
	char *end, *p;

	errno = 0;
	*addr = strtoull(line, &end, 16);
	if (errno || end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
		return -1;
	*type = end[1];
	*name = p = end + 3;
	p += strcspn(p, " \t\n");
	*module = NULL;
	if (*p == ' ' || *p == '\t') {
		char *m = p + strspn(p, " \t");
		*p = '\0';
		if (*m == '[' && strchr(m, ']')) {
			*strchr(m, ']') = '\0';
			*module = m + 1;
		}
	} else {
		*p = '\0';
	}
	return **name ? 0 : -1;
}

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int rb_kernel_symbols_open(struct rb_kernel_symbols **out, struct rb_error *err)
{
	struct rb_kernel_symbols *ks = calloc(1, sizeof(*ks));
	char line[RB_KALLSYMS_LINE_MAX], *name, *module;
	uint64_t addr;
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
	/* functions only (t, T); a line longer than the kernel writes is
	 * skipped whole, never read as two */
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		if (len && line[len - 1] != '\n' && !feof(f)) {
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (rb_kallsyms_line(line, &addr, &type, &name, &module) || addr == 0)
			continue;
		if (strcmp(name, "__bpf_call_base") == 0)
			ks->call_base = addr;
		if ((type == 't' || type == 'T') && add(ks, addr, name, module)) {
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

int rb_kernel_symbols_hidden(const struct rb_kernel_symbols *ks)
{
	return !ks || !ks->call_base;
}

int rb_kernel_symbol_at(const struct rb_kernel_symbols *ks, uint64_t addr, const char **name,
			uint64_t *offset, const char **module)
{
	size_t lo = 0, hi;

	if (!ks || !ks->count || addr < ks->syms[0].addr)
		return -1;
	/* the last symbol at or below addr */
	hi = ks->count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ks->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*name = ks->names + ks->syms[lo].name;
	*offset = addr - ks->syms[lo].addr;
	*module = ks->syms[lo].module == SIZE_MAX ? NULL : ks->names + ks->syms[lo].module;
	return 0;
}

void rb_kernel_symbols_close(struct rb_kernel_symbols *ks)
{
	if (!ks)
		return;
	free(ks->syms);
	free(ks->names);
	free(ks);
}
