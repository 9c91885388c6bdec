/* The parts of the symbolizer (symbolizer.c): a process's mappings
 * (proc_maps.c) and a file's function symbols (file_symbols.c). */
#ifndef RAWBPF_SYMBOLS_H
#define RAWBPF_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

/* One executable mapping of /proc/PID/maps. */
struct proc_map {
	uint64_t start, end; /* [start, end) in the process */
	uint64_t offset;     /* the file offset mapped at start */
	const char *path;    /* the file ("/usr/lib/x86_64-linux-gnu/libc.so.6"), or
				"[vdso]"; interned by the caller (lives as long as it) */
};

/* Strings that live as long as their pool: each distinct one kept once. */
struct string_pool {
	char **strings;
	size_t count, cap;
};
const char *pool_intern(struct string_pool *pool, const char *s); /* NULL: out of memory */
void pool_free(struct string_pool *pool);

/* The executable mappings listed in the text of /proc/PID/maps (`text`,
 * NUL-terminated; lines of any other form are skipped), paths interned in
 * `pool`: a new array in *out (free() it), *count entries. 0, or -1 when
 * memory runs out. */
int proc_maps_parse(const char *text, struct string_pool *pool, struct proc_map **out,
		    size_t *count);

/* The functions of one ELF file, sorted by address, and its PT_LOAD
 * segments: what a file offset in a mapping means as a symbol. */
struct file_symbol {
	uint64_t addr, size; /* ELF virtual address (st_value), st_size (0: unknown) */
	const char *name;    /* interned */
};
struct file_symbols {
	const char *path;          /* interned */
	int ok;                    /* 0: the file could not be read or parsed */
	struct file_symbol *syms;
	size_t count;
	struct { uint64_t offset, vaddr, filesz; } *loads;
	size_t load_count;
};
/* Read `path`'s symbols (.symtab, else .dynsym) and PT_LOAD headers with
 * the ELF reader. Never fails: a file that cannot be read has ok = 0. */
void file_symbols_load(struct file_symbols *fs, const char *path, struct string_pool *pool);
/* The function at file offset `offset`: 0 (name and offset into it set),
 * or -1 when no segment maps it or no function holds it. */
int file_symbols_find(const struct file_symbols *fs, uint64_t offset, const char **name,
		      uint64_t *into);
void file_symbols_free(struct file_symbols *fs);

#endif
