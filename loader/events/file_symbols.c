/* The function symbols of an executable or a shared library, for naming
 * user stack frames.
 *
 * A frame is an address in the process. Its mapping (proc_maps.c) says
 * which file and which file offset: address - mapping start + the
 * mapping's offset. The program headers say where that offset is in the
 * file's own address space: the PT_LOAD segment whose file bytes hold it,
 * vaddr = offset - p_offset + p_vaddr. That is the address the symbol
 * table (st_value) speaks, whether the file is a fixed-address executable
 * (ET_EXEC), a position-independent one or a library (ET_DYN, loaded at
 * any base). The symbols come from .symtab, or .dynsym when the file is
 * stripped (elf_open() chooses), read by rawbpf's bounds-checked reader. */
#include <stdlib.h>
#include <string.h>

#include "elf/elf_reader.h"
#include "loader/open/read_file.h"
#include "symbols.h"

#define STT_FUNC_ 2 /* <elf.h>'s STT_FUNC */
#define STT_GNU_IFUNC_ 10
#define PT_LOAD_ 1
#define FILE_MAX_SIZE ((size_t)1 << (sizeof(size_t) > 4 ? 32 : 31))

static int by_addr(const void *a, const void *b)
{
	const struct file_symbol *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int load(struct file_symbols *fs, const struct elf_file *elf, struct string_pool *pool)
{
	fs->syms = calloc(elf->nsymbols ? elf->nsymbols : 1, sizeof(*fs->syms));
	fs->loads = calloc(elf->nsegments ? elf->nsegments : 1, sizeof(*fs->loads));
	if (!fs->syms || !fs->loads)
		return -1;
	for (size_t i = 0; i < elf->nsegments; i++) {
		const struct elf_segment *seg = &elf->segments[i];
		if (seg->type == PT_LOAD_) {
			fs->loads[fs->load_count].offset = seg->offset;
			fs->loads[fs->load_count].vaddr = seg->vaddr;
			fs->loads[fs->load_count++].filesz = seg->filesz;
		}
	}
	for (size_t i = 0; i < elf->nsymbols; i++) {
		const struct elf_symbol *sym = &elf->symbols[i];
		const char *name;

		if ((sym->type != STT_FUNC_ && sym->type != STT_GNU_IFUNC_) || !sym->value ||
		    !sym->name[0] || sym->shndx == 0)
			continue;
		name = pool_intern(pool, sym->name);
		if (!name)
			return -1;
		fs->syms[fs->count++] = (struct file_symbol){ sym->value, sym->size, name };
	}
	qsort(fs->syms, fs->count, sizeof(*fs->syms), by_addr);
	return 0;
}

void file_symbols_load(struct file_symbols *fs, const char *path, struct string_pool *pool)
{
	struct elf_file elf = { 0 };
	struct rb_error ignored;
	uint8_t *data = NULL;
	size_t size = 0;

	*fs = (struct file_symbols){ .path = path };
	if (path[0] != '/' || rb_read_elf_tables(path, path, FILE_MAX_SIZE, &data, &size, &ignored))
		return;
	if (elf_open(&elf, path, data, size, &ignored) == 0 && load(fs, &elf, pool) == 0)
		fs->ok = 1;
	elf_close(&elf);
	rb_free_elf_tables(data, size);
	if (!fs->ok) {
		file_symbols_free(fs);
		fs->path = path;
	}
}

int file_symbols_find(const struct file_symbols *fs, uint64_t offset, const char **name,
		      uint64_t *into)
{
	uint64_t vaddr = 0;
	size_t lo = 0, hi = fs->count;
	int mapped = 0;

	for (size_t i = 0; i < fs->load_count && !mapped; i++)
		if (offset >= fs->loads[i].offset &&
		    offset - fs->loads[i].offset < fs->loads[i].filesz) {
			vaddr = offset - fs->loads[i].offset + fs->loads[i].vaddr;
			mapped = 1;
		}
	if (!mapped || !fs->count || vaddr < fs->syms[0].addr)
		return -1;
	while (hi - lo > 1) { /* the last symbol at or below vaddr */
		size_t mid = lo + (hi - lo) / 2;
		if (fs->syms[mid].addr <= vaddr)
			lo = mid;
		else
			hi = mid;
	}
	/* past a sized function's end is not in it (a stripped file's static
	 * functions are not in .dynsym: better no name than a wrong one) */
	if (fs->syms[lo].size && vaddr - fs->syms[lo].addr >= fs->syms[lo].size)
		return -1;
	*name = fs->syms[lo].name;
	*into = vaddr - fs->syms[lo].addr;
	return 0;
}

void file_symbols_free(struct file_symbols *fs)
{
	free(fs->syms);
	free(fs->loads);
	*fs = (struct file_symbols){ 0 };
}
