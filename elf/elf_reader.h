/* A bounds-checked reader for ELF64 little-endian files.
 *
 * clang -target bpf -c produces an ELF relocatable object (ET_REL, EM_BPF):
 * sections of instructions (one per SEC() name), data sections (maps,
 * license, globals), a symbol table naming the functions and maps, and
 * relocation sections telling the loader where instructions refer to
 * symbols. rawbpf's uprobe support also reads executables and shared
 * libraries (ET_EXEC, ET_DYN) to find function offsets, so the reader itself
 * accepts any ELF64 little-endian file; elf_check_bpf_object() adds the
 * checks for a BPF object.
 *
 * elf_open() validates the headers, the section table, the section names and
 * the symbol table once, and copies them into plain arrays. Afterwards
 * nothing needs checking again except reads inside a section's bytes, and
 * those go through elf_section_read(). Both it and elf_read() make the one
 * bounds check (fits() in elf_reader.c; elf_bounds_check() words the
 * error: the region, the offset and the size).
 *
 * This file does no I/O and no system calls: it works on a byte buffer the
 * caller owns, so it can be unit-tested and fuzzed. */
#ifndef RAWBPF_ELF_READER_H
#define RAWBPF_ELF_READER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Machine and relocation numbers, in case the C library's <elf.h> is too old
 * to know BPF (R_BPF_* come from LLVM's BPF backend documentation). */
#define RB_EM_BPF 247
#define R_BPF_NONE_ 0
#define R_BPF_64_64_ 1       /* ld_imm64 of a symbol's address: maps, data */
#define R_BPF_64_ABS64_ 2    /* 64-bit data (debug info, .BTF.ext) */
#define R_BPF_64_ABS32_ 3    /* 32-bit data (debug info, .BTF) */
#define R_BPF_64_NODYLD32_ 4 /* 32-bit data not for dynamic loaders (.BTF.ext) */
#define R_BPF_64_32_ 10      /* call imm of a BPF-to-BPF call */

struct elf_section {
	uint32_t index;
	const char *name;   /* from .shstrtab; always NUL-terminated */
	uint32_t type;      /* SHT_* */
	uint64_t flags;     /* SHF_* */
	uint64_t addr;      /* virtual address (executables) */
	uint64_t offset;    /* in the file */
	uint64_t size;      /* in memory; for SHT_NOBITS there are no file bytes */
	uint32_t link;
	uint32_t info;
	uint64_t entsize;
	const uint8_t *data; /* size bytes inside the file; NULL for SHT_NOBITS */
};

struct elf_symbol {
	uint32_t index;
	const char *name; /* "" when the symbol has no name */
	uint64_t value;   /* in an object: the offset inside section shndx */
	uint64_t size;
	uint16_t shndx;   /* section index, or SHN_UNDEF / SHN_ABS / ... */
	uint8_t bind;     /* STB_LOCAL, STB_GLOBAL, STB_WEAK */
	uint8_t type;     /* STT_FUNC, STT_OBJECT, STT_SECTION, ... */
	uint8_t visibility;
};

/* A program header (executables and shared libraries only). */
struct elf_segment {
	uint32_t type; /* PT_LOAD, ... */
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t filesz;
	uint64_t memsz;
};

/* One SHT_REL entry, validated: sym < the symbol count. */
struct elf_relocation {
	uint64_t offset; /* byte offset inside the section the relocations apply to */
	uint32_t sym;    /* index into elf_file.symbols */
	uint32_t type;   /* R_BPF_* */
};

struct elf_file {
	const char *path;    /* for messages only */
	const uint8_t *data; /* the whole file; owned by the caller */
	size_t size;
	uint16_t type;       /* ET_REL, ET_EXEC, ET_DYN */
	uint16_t machine;    /* EM_BPF, EM_X86_64, ... */

	struct elf_section *sections; /* index 0 is the null section */
	size_t nsections;
	struct elf_segment *segments;
	size_t nsegments;
	/* From .symtab, or from .dynsym when there is no .symtab. Index 0 is the
	 * null symbol. */
	struct elf_symbol *symbols;
	size_t nsymbols;
	const struct elf_section *symtab; /* NULL when the file has neither */
	/* The indexes of elf_symbols.c: each section's symbols (symbol indexes,
	 * section s's from section_symbols_start[s] up to [s + 1]), built by
	 * elf_open(); the symbols by name, NULL until elf_index_symbol_names(). */
	uint32_t *section_symbols;
	size_t *section_symbols_start;
	const struct elf_symbol **by_name;
	size_t nnamed;
};

/* Validate and index an ELF64 little-endian file. On failure *elf is left
 * empty (elf_close() is still safe) and *err names the problem. */
int elf_open(struct elf_file *elf, const char *path, const uint8_t *data,
	     size_t size, struct rb_error *err);
void elf_close(struct elf_file *elf);

/* The checks a BPF object must pass on top of elf_open(): ET_REL, EM_BPF. */
int elf_check_bpf_object(const struct elf_file *elf, struct rb_error *err);

/* The one bounds check: is [offset, offset + len) inside a region of
 * region_size bytes? The error reads "PATH: REGION: offset 0x.. + N bytes is
 * past the end (size 0x..)". */
int elf_bounds_check(const struct elf_file *elf, const char *region,
		     uint64_t region_size, uint64_t offset, uint64_t len,
		     struct rb_error *err);

/* Copy len bytes at offset of the file into dst, bounds-checked. `what`
 * names what is being read, for the error ("section header 7"). */
int elf_read(const struct elf_file *elf, const char *what, uint64_t offset,
	     uint64_t len, void *dst, struct rb_error *err);

/* Copy len bytes at offset inside a section into dst, bounds-checked against
 * the section's size. Reading an SHT_NOBITS section is an error. */
int elf_section_read(const struct elf_file *elf, const struct elf_section *sec,
		     uint64_t offset, uint64_t len, void *dst,
		     struct rb_error *err);

/* A NUL-terminated string at offset inside a string-table section. */
int elf_string(const struct elf_file *elf, const struct elf_section *strtab,
	       uint64_t offset, const char **out, struct rb_error *err);

const struct elf_section *elf_section_by_name(const struct elf_file *elf,
					      const char *name);

/* Decode the SHT_REL section `rel` into a new array (free() it). rel->link
 * must be the symbol table, and rel->info a section with bytes in the file.
 * Each entry's symbol index is checked against the symbol table, and the
 * bytes its type patches against the size of the section it applies to:
 * in code 16 for R_BPF_64_64 and 8 for R_BPF_64_32, in data 8 or 4 (old
 * LLVM used these two types for data too), 1 for a type not listed above. */
int elf_relocations(const struct elf_file *elf, const struct elf_section *rel,
		    struct elf_relocation **out, size_t *count,
		    struct rb_error *err);

/* elf_symbols.c. The first defined (not SHN_UNDEF) symbol of type `type`
 * (STT_FUNC, STT_OBJECT, ...) named `name`, or NULL. */
const struct elf_symbol *elf_symbol_by_name(const struct elf_file *elf, const char *name,
					    uint8_t type);
/* The first symbol named `name` defined in section `section`, or NULL. */
const struct elf_symbol *elf_symbol_in_section(const struct elf_file *elf, uint32_t section,
					       const char *name);
/* The symbols defined in section `section`, in symbol-table order: *count
 * symbol indexes (NULL and 0 for an index past the sections). */
const uint32_t *elf_section_symbols(const struct elf_file *elf, uint32_t section, size_t *count);
/* Build the by-section index (elf_open() does) and the by-name one (for a
 * caller that looks up many names: the lookups above then binary-search
 * instead of scanning; without it they scan). */
int elf_index_symbol_sections(struct elf_file *elf, struct rb_error *err);
int elf_index_symbol_names(struct elf_file *elf, struct rb_error *err);

/* Where function `name` starts in the file: the offset a uprobe on an
 * executable or a shared library is placed at. `data` holds the file's
 * `size` bytes, of which only the headers, the symbol and string tables
 * are read (the rest may be zeros: loader/open/read_elf_tables.c); `path`
 * starts every message, as for elf_open(). Pure: whoever calls it reads
 * the file. */
int elf_function_file_offset(const char *path, const uint8_t *data, size_t size,
			     const char *name, uint64_t *offset, struct rb_error *err);

#endif
