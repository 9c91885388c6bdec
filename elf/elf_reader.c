/* ELF64 little-endian reader. See elf_reader.h for the contract.
 *
 * The file's bytes may be anything: truncated, hand-edited, fuzzed. So the
 * headers are never used in place. Each one is copied out through elf_read()
 * (which also avoids unaligned access: the file may put a table at an odd
 * offset) and every offset, size, index and string found in them is checked
 * before it is used.
 *
 * What a message names ("section header 7", "name of symbol 3021") is
 * formatted only when a check fails: a shared library has thousands of
 * symbols, and formatting three such names per symbol was most of the
 * time a uprobe attach spent (make bench, section 6: 1.7 ms of libc's
 * 3047 symbols, against 0.2 ms for libbpf). */
#include "elf_reader.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bounds check itself: is [offset, offset + len) inside region_size
 * bytes? Written as two comparisons so that offset + len cannot overflow. */
static int fits(uint64_t region_size, uint64_t offset, uint64_t len)
{
	return offset <= region_size && len <= region_size - offset;
}

int elf_bounds_check(const struct elf_file *elf, const char *region,
		     uint64_t region_size, uint64_t offset, uint64_t len,
		     struct rb_error *err)
{
	if (!fits(region_size, offset, len))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: %s: offset 0x%" PRIx64 " + %" PRIu64
			       " bytes is past the end (size 0x%" PRIx64 ")",
			       elf->path, region, offset, len, region_size);
	return 0;
}

int elf_read(const struct elf_file *elf, const char *what, uint64_t offset,
	     uint64_t len, void *dst, struct rb_error *err)
{
	char region[128];

	if (fits(elf->size, offset, len)) {
		memcpy(dst, elf->data + offset, len);
		return 0;
	}
	snprintf(region, sizeof(region), "%s (in the file)", what);
	return elf_bounds_check(elf, region, elf->size, offset, len, err);
}

/* Entry `index` of a table in the file, named "TABLE INDEX" if the read
 * fails. */
static int read_entry(const struct elf_file *elf, const char *table, uint64_t index,
		      uint64_t offset, uint64_t len, void *dst, struct rb_error *err)
{
	char what[64];

	if (fits(elf->size, offset, len)) {
		memcpy(dst, elf->data + offset, len);
		return 0;
	}
	snprintf(what, sizeof(what), "%s %" PRIu64, table, index);
	return elf_read(elf, what, offset, len, dst, err);
}

int elf_section_read(const struct elf_file *elf, const struct elf_section *sec,
		     uint64_t offset, uint64_t len, void *dst,
		     struct rb_error *err)
{
	char region[160];

	if (!sec->data && len)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section %s (index %u) has no bytes in the file",
			       elf->path, sec->name, sec->index);
	if (fits(sec->size, offset, len)) {
		if (len)
			memcpy(dst, sec->data + offset, len);
		return 0;
	}
	snprintf(region, sizeof(region), "section %s (index %u)", sec->name, sec->index);
	return elf_bounds_check(elf, region, sec->size, offset, len, err);
}

/* elf_string(), with `user` and `index` (when user is not NULL) saying
 * whose string it is ("name of symbol", 12), so that a bad offset in one of
 * hundreds of headers can be found. */
static int read_string(const struct elf_file *elf, const struct elf_section *strtab,
		       uint64_t offset, const char *user, size_t index, const char **out,
		       struct rb_error *err)
{
	/* A caller may pass a section it made itself, without a name. */
	const char *tname = strtab->name ? strtab->name : "";
	char ctx[64] = "";

	/* The string must end inside the table, or printing it would read on.
	 * A table whose last byte is NUL (as the gABI says it is: "the last
	 * byte ... is defined to hold a null character") ends every string in
	 * it: one check for all of them, not a search per name (libc has
	 * 3000 symbols). */
	if (strtab->type == SHT_STRTAB && strtab->data && offset < strtab->size &&
	    (strtab->data[strtab->size - 1] == '\0' ||
	     memchr(strtab->data + offset, '\0', strtab->size - offset))) {
		*out = (const char *)strtab->data + offset;
		return 0;
	}
	if (user)
		snprintf(ctx, sizeof(ctx), "%s %zu: ", user, index);
	if (strtab->type != SHT_STRTAB || !strtab->data)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: %ssection %u (%s) is used as a string table but is not one",
			       elf->path, ctx, strtab->index, tname);
	if (offset >= strtab->size)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: %sstring offset 0x%" PRIx64
			       " is past the end of string table %s (size 0x%" PRIx64 ")",
			       elf->path, ctx, offset, tname, strtab->size);
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: %sstring at offset 0x%" PRIx64 " in string table %s is not NUL-terminated",
		       elf->path, ctx, offset, tname);
}

int elf_string(const struct elf_file *elf, const struct elf_section *strtab,
	       uint64_t offset, const char **out, struct rb_error *err)
{
	return read_string(elf, strtab, offset, NULL, 0, out, err);
}

static int read_header(struct elf_file *elf, Elf64_Ehdr *eh, struct rb_error *err)
{
	if (elf->size == 0)
		return rb_fail(err, RB_ERR_INPUT, "%s: the file is empty", elf->path);
	if (elf->size < SELFMAG || memcmp(elf->data, ELFMAG, SELFMAG) != 0)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: not an ELF file (no \\x7fELF magic at offset 0)",
			       elf->path);
	if (elf->size < sizeof(*eh))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: truncated: %zu bytes, an ELF64 header needs %zu",
			       elf->path, elf->size, sizeof(*eh));
	memcpy(eh, elf->data, sizeof(*eh));
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: not a 64-bit ELF file (EI_CLASS %u); BPF objects are ELF64",
			       elf->path, eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] == ELFDATA2MSB)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: the object is big-endian (built with -target bpfeb?); "
			       "this machine is little-endian: build it with -target bpf",
			       elf->path);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return rb_fail(err, RB_ERR_INPUT, "%s: unknown byte order (EI_DATA %u)",
			       elf->path, eh->e_ident[EI_DATA]);
	elf->type = eh->e_type;
	elf->machine = eh->e_machine;
	return 0;
}

/* The section count and the index of the section-name table. Both have an
 * escape for files with 0xff00 or more sections: the real values are then
 * kept in section 0 (sh_size and sh_link). */
static int section_counts(struct elf_file *elf, const Elf64_Ehdr *eh,
			  uint64_t *shnum, uint32_t *shstrndx,
			  struct rb_error *err)
{
	Elf64_Shdr first;

	*shnum = eh->e_shnum;
	*shstrndx = eh->e_shstrndx;
	if (eh->e_shoff == 0) {
		*shnum = 0;
		return 0;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: ELF header: e_shentsize is %u, an ELF64 section header is %zu bytes",
			       elf->path, eh->e_shentsize, sizeof(Elf64_Shdr));
	if (*shnum == 0 || *shstrndx == SHN_XINDEX) {
		if (elf_read(elf, "section header 0", eh->e_shoff, sizeof(first),
			     &first, err))
			return -1;
		if (*shnum == 0)
			*shnum = first.sh_size;
		if (*shstrndx == SHN_XINDEX)
			*shstrndx = first.sh_link;
	}
	/* The whole table must be inside the file; this also bounds the count. */
	if (*shnum > elf->size / sizeof(Elf64_Shdr))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: ELF header: %" PRIu64 " section headers cannot fit in a %zu-byte file",
			       elf->path, *shnum, elf->size);
	return elf_bounds_check(elf, "section header table", elf->size,
				eh->e_shoff, *shnum * sizeof(Elf64_Shdr), err);
}

struct span {
	uint64_t start, end;
	uint32_t index;
};

static int compare_spans(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

/* Two sections whose file bytes overlap would let a write through one
 * (relocation, data fix-up) change the other: no compiler produces that. */
static int check_overlaps(struct elf_file *elf, struct rb_error *err)
{
	struct span *spans = calloc(elf->nsections ? elf->nsections : 1, sizeof(*spans));
	size_t n = 0;
	int ret = 0;

	if (!spans)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 1; i < elf->nsections; i++) {
		const struct elf_section *s = &elf->sections[i];
		/* No overflow: set_section_data() checked offset + size. */
		if (s->data && s->size)
			spans[n++] = (struct span){ s->offset, s->offset + s->size, s->index };
	}
	qsort(spans, n, sizeof(*spans), compare_spans);
	/* Sorted by start, any overlap shows between neighbours. */
	for (size_t i = 1; i < n && !ret; i++) {
		const struct span *a = &spans[i - 1], *b = &spans[i];
		if (b->start < a->end)
			ret = rb_fail(err, RB_ERR_INPUT,
				      "%s: sections %u (%s) and %u (%s) overlap in the file "
				      "(0x%" PRIx64 " < 0x%" PRIx64 ")",
				      elf->path, a->index, elf->sections[a->index].name,
				      b->index, elf->sections[b->index].name, b->start, a->end);
	}
	free(spans);
	return ret;
}

/* The bytes of a section in the file; none for SHT_NOBITS and SHT_NULL. */
static int set_section_data(struct elf_file *elf, struct elf_section *s,
			    struct rb_error *err)
{
	char what[160];

	if (s->index == 0 || s->type == SHT_NOBITS || s->type == SHT_NULL)
		return 0;
	if (!fits(elf->size, s->offset, s->size)) {
		snprintf(what, sizeof(what), "bytes of section %u (%s)", s->index, s->name);
		return elf_bounds_check(elf, what, elf->size, s->offset, s->size, err);
	}
	s->data = elf->data + s->offset;
	return 0;
}

/* Section names come before the section bytes are checked, so that those
 * errors can name the section. */
static int read_section_names(struct elf_file *elf, const Elf64_Ehdr *eh,
			      uint32_t shstrndx, struct rb_error *err)
{
	struct elf_section *names;

	if (shstrndx == SHN_UNDEF)
		return 0; /* a file without section names */
	if (shstrndx >= elf->nsections)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: ELF header: section-name table index %u is out of range (%zu sections)",
			       elf->path, shstrndx, elf->nsections);
	names = &elf->sections[shstrndx];
	names->name = ".shstrtab"; /* for messages, until its own name is read */
	if (names->type != SHT_STRTAB)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: the section-name table (section %u) has type %u, not SHT_STRTAB",
			       elf->path, shstrndx, names->type);
	if (set_section_data(elf, names, err))
		return -1;
	for (size_t i = 1; i < elf->nsections; i++) {
		Elf64_Word name_off; /* sh_name: the first field of the header */

		if (read_entry(elf, "name of section", i, eh->e_shoff + i * sizeof(Elf64_Shdr),
			       sizeof(name_off), &name_off, err) ||
		    read_string(elf, names, name_off, "name of section", i, &elf->sections[i].name,
				err))
			return -1;
	}
	return 0;
}

static int read_sections(struct elf_file *elf, const Elf64_Ehdr *eh,
			 struct rb_error *err)
{
	uint64_t shnum;
	uint32_t shstrndx;

	if (section_counts(elf, eh, &shnum, &shstrndx, err))
		return -1;
	if (shnum == 0)
		return 0;
	elf->sections = calloc(shnum, sizeof(*elf->sections));
	if (!elf->sections)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	elf->nsections = shnum;

	for (uint64_t i = 0; i < shnum; i++) {
		Elf64_Shdr sh;

		/* No overflow: section_counts() checked the whole table. */
		if (read_entry(elf, "section header", i, eh->e_shoff + i * sizeof(sh), sizeof(sh),
			       &sh, err))
			return -1;
		elf->sections[i] = (struct elf_section){
			.index = (uint32_t)i, .name = "", .type = sh.sh_type,
			.flags = sh.sh_flags, .addr = sh.sh_addr,
			.offset = sh.sh_offset, .size = sh.sh_size,
			.link = sh.sh_link, .info = sh.sh_info,
			.entsize = sh.sh_entsize,
		};
	}
	if (read_section_names(elf, eh, shstrndx, err))
		return -1;
	for (size_t i = 1; i < elf->nsections; i++)
		if (set_section_data(elf, &elf->sections[i], err))
			return -1;
	return check_overlaps(elf, err);
}

static int read_symbols(struct elf_file *elf, struct rb_error *err)
{
	const struct elf_section *symtab = NULL, *strtab;

	for (size_t i = 1; i < elf->nsections && !symtab; i++)
		if (elf->sections[i].type == SHT_SYMTAB)
			symtab = &elf->sections[i];
	for (size_t i = 1; i < elf->nsections && !symtab; i++)
		if (elf->sections[i].type == SHT_DYNSYM)
			symtab = &elf->sections[i];
	if (!symtab)
		return 0;
	if (symtab->entsize != sizeof(Elf64_Sym) || symtab->size % sizeof(Elf64_Sym))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: symbol table %s: entry size %" PRIu64 " and size %" PRIu64
			       " do not describe %zu-byte ELF64 symbols",
			       elf->path, symtab->name, symtab->entsize, symtab->size,
			       sizeof(Elf64_Sym));
	if (symtab->link == 0 || symtab->link >= elf->nsections)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: symbol table %s: string table index %u is out of range",
			       elf->path, symtab->name, symtab->link);
	strtab = &elf->sections[symtab->link];
	elf->symtab = symtab;
	elf->nsymbols = symtab->size / sizeof(Elf64_Sym);
	if (elf->nsymbols == 0)
		return 0;
	elf->symbols = calloc(elf->nsymbols, sizeof(*elf->symbols));
	if (!elf->symbols)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");

	for (size_t i = 0; i < elf->nsymbols; i++) {
		struct elf_symbol *out = &elf->symbols[i];
		Elf64_Sym sym;

		if (elf_section_read(elf, symtab, i * sizeof(sym), sizeof(sym), &sym, err))
			return -1;
		*out = (struct elf_symbol){
			.index = (uint32_t)i, .name = "", .value = sym.st_value,
			.size = sym.st_size, .shndx = sym.st_shndx,
			.bind = ELF64_ST_BIND(sym.st_info),
			.type = ELF64_ST_TYPE(sym.st_info),
			.visibility = ELF64_ST_VISIBILITY(sym.st_other),
		};
		if (sym.st_name &&
		    read_string(elf, strtab, sym.st_name, "name of symbol", i, &out->name, err))
			return -1;
		if (sym.st_shndx == SHN_XINDEX)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: symbol %zu (%s) uses an extended section index, which rawbpf does not read",
				       elf->path, i, out->name);
		if (sym.st_shndx != SHN_UNDEF && sym.st_shndx < SHN_LORESERVE &&
		    sym.st_shndx >= elf->nsections)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: symbol %zu (%s): section index %u is out of range (%zu sections)",
				       elf->path, i, out->name, sym.st_shndx, elf->nsections);
	}
	return 0;
}

static int read_segments(struct elf_file *elf, const Elf64_Ehdr *eh,
			 struct rb_error *err)
{
	uint64_t count = eh->e_phnum;

	/* With PN_XNUM or more segments the count is in section 0's sh_info. */
	if (count == PN_XNUM && elf->nsections)
		count = elf->sections[0].info;
	if (eh->e_phoff == 0 || count == 0)
		return 0;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: ELF header: e_phentsize is %u, an ELF64 program header is %zu bytes",
			       elf->path, eh->e_phentsize, sizeof(Elf64_Phdr));
	/* The whole table first: e_phoff + i * 56 must not wrap around to a
	 * valid offset, and the count must not ask for a huge allocation. */
	if (count > elf->size / sizeof(Elf64_Phdr))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: ELF header: %" PRIu64 " program headers cannot fit in a %zu-byte file",
			       elf->path, count, elf->size);
	if (elf_bounds_check(elf, "program header table", elf->size, eh->e_phoff,
			     count * sizeof(Elf64_Phdr), err))
		return -1;
	elf->segments = calloc(count, sizeof(*elf->segments));
	if (!elf->segments)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	elf->nsegments = count;
	for (size_t i = 0; i < elf->nsegments; i++) {
		Elf64_Phdr ph;

		if (read_entry(elf, "program header", i, eh->e_phoff + i * sizeof(ph), sizeof(ph),
			       &ph, err))
			return -1;
		elf->segments[i] = (struct elf_segment){
			.type = ph.p_type, .flags = ph.p_flags, .offset = ph.p_offset,
			.vaddr = ph.p_vaddr, .filesz = ph.p_filesz, .memsz = ph.p_memsz,
		};
	}
	return 0;
}

int elf_open(struct elf_file *elf, const char *path, const uint8_t *data,
	     size_t size, struct rb_error *err)
{
	Elf64_Ehdr eh;

	/* Every message starts with the path: printing NULL would be undefined. */
	*elf = (struct elf_file){ .path = path ? path : "(memory)", .data = data,
				  .size = size };
	if (read_header(elf, &eh, err) || read_sections(elf, &eh, err) ||
	    read_symbols(elf, err) || read_segments(elf, &eh, err) ||
	    elf_index_symbol_sections(elf, err)) {
		elf_close(elf);
		return -1;
	}
	return 0;
}

void elf_close(struct elf_file *elf)
{
	free(elf->sections);
	free(elf->symbols);
	free(elf->segments);
	free(elf->section_symbols);
	free(elf->section_symbols_start);
	free(elf->by_name);
	/* the file stays named (messages may still use the path), and empty */
	*elf = (struct elf_file){ .path = elf->path, .data = elf->data, .size = elf->size,
				  .type = elf->type, .machine = elf->machine };
}

int elf_check_bpf_object(const struct elf_file *elf, struct rb_error *err)
{
	if (elf->type != ET_REL)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: not a relocatable object (e_type %u): give rawbpf the .o "
			       "that clang -target bpf -c produces",
			       elf->path, elf->type);
	if (elf->machine != RB_EM_BPF)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: not a BPF object (e_machine %u, BPF is %u): compile with "
			       "clang -target bpf",
			       elf->path, elf->machine, RB_EM_BPF);
	if (!elf->symtab)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: no symbol table: rawbpf finds programs and maps through "
			       "their symbols (was the object stripped?)",
			       elf->path);
	return 0;
}

const struct elf_section *elf_section_by_name(const struct elf_file *elf,
					      const char *name)
{
	for (size_t i = 1; i < elf->nsections; i++)
		if (strcmp(elf->sections[i].name, name) == 0)
			return &elf->sections[i];
	return NULL;
}

/* An STT_GNU_IFUNC symbol (glibc's strlen, memcpy, ...) is not the function
 * that runs: its address is a resolver, which the dynamic linker calls once
 * to pick an implementation for this CPU and binds the name to what it
 * returns. A uprobe there would fire at that one call, never at the
 * program's. The implementations are functions of their own; glibc names
 * them __NAME_VARIANT (__strlen_avx2, __strlen_sse2), in the full symbol
 * table only (.symtab: a stripped library keeps .dynsym, without them). */
static void ifunc_fail(const struct elf_file *elf, const char *path, const char *name,
		       struct rb_error *err)
{
	char found[256] = "", prefix[128];
	size_t n = 0, len;

	len = (size_t)snprintf(prefix, sizeof(prefix), "__%s_", name);
	for (size_t i = 1; i < elf->nsymbols && len < sizeof(prefix); i++) {
		const struct elf_symbol *s = &elf->symbols[i];
		size_t used = strlen(found);
		if (s->type != STT_FUNC || s->shndx == SHN_UNDEF || strncmp(s->name, prefix, len))
			continue;
		if (n++ < 4)
			snprintf(found + used, sizeof(found) - used, "%s%s", used ? ", " : "",
				 s->name);
	}
	if (n)
		rb_fail(err, RB_ERR_INPUT,
			"%s: %s is an IFUNC (STT_GNU_IFUNC): its address is the resolver the "
			"dynamic linker runs once to choose an implementation for this CPU, not the "
			"code each call runs; probe an implementation instead: %s%s", path, name,
			found, n > 4 ? ", ..." : "");
	else
		rb_fail(err, RB_ERR_INPUT,
			"%s: %s is an IFUNC (STT_GNU_IFUNC): its address is the resolver the "
			"dynamic linker runs once to choose an implementation for this CPU, not the "
			"code each call runs; probe an implementation instead (glibc names them "
			"like __%s_avx2 and __%s_sse2), but %s lists none%s", path, name, name,
			name, elf->symtab->name,
			elf->symtab->type == SHT_DYNSYM
				? " (the file is stripped: it keeps only its exported names)" : "");
}

/* In an executable or a shared library a function's st_value is the
 * virtual address it runs at (gABI, "Symbol Values"), and the PT_LOAD
 * segment containing that address maps the file from p_offset at p_vaddr:
 * the file offset is value - p_vaddr + p_offset. */
int elf_function_file_offset(const char *path, const uint8_t *data, size_t size,
			     const char *name, uint64_t *offset, struct rb_error *err)
{
	struct elf_file elf;
	const struct elf_symbol *sym;
	int ret = -1;

	if (elf_open(&elf, path, data, size, err))
		return -1;
	sym = elf_symbol_by_name(&elf, name, STT_FUNC);
	if (!sym && elf_symbol_by_name(&elf, name, STT_GNU_IFUNC)) {
		ifunc_fail(&elf, path, name, err);
		elf_close(&elf);
		return -1;
	}
	if (!sym) {
		rb_fail(err, RB_ERR_INPUT, "%s has no function %s in %s", path, name,
			elf.symtab ? elf.symtab->name : "its symbol tables (none: stripped?)");
		elf_close(&elf);
		return -1;
	}
	for (size_t i = 0; i < elf.nsegments && ret; i++) {
		const struct elf_segment *seg = &elf.segments[i];
		if (seg->type == PT_LOAD && sym->value >= seg->vaddr &&
		    sym->value - seg->vaddr < seg->memsz) {
			*offset = sym->value - seg->vaddr + seg->offset;
			ret = 0;
		}
	}
	if (ret)
		rb_fail(err, RB_ERR_INPUT, "%s: %s (0x%llx) is in no loaded segment", path, name,
			(unsigned long long)sym->value);
	elf_close(&elf);
	return ret;
}

/* How many bytes at r_offset a relocation patches. In code an ld_imm64 is
 * two instructions and a call one. In data, LLVM before 12 used the same
 * two types for 8- and 4-byte values that later got their own (ABS64,
 * ABS32, NODYLD32). Unknown types count 1 byte: the offset is checked. */
static uint64_t relocation_width(uint32_t type, int in_code)
{
	switch (type) {
	case R_BPF_64_64_:
		return in_code ? 16 : 8;
	case R_BPF_64_32_:
		return in_code ? 8 : 4;
	case R_BPF_64_ABS64_:
		return 8;
	case R_BPF_64_ABS32_:
	case R_BPF_64_NODYLD32_:
		return 4;
	default:
		return 1;
	}
}

int elf_relocations(const struct elf_file *elf, const struct elf_section *rel,
		    struct elf_relocation **out, size_t *count,
		    struct rb_error *err)
{
	const struct elf_section *target;
	size_t n;

	*out = NULL;
	*count = 0;
	if (rel->type != SHT_REL)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section %s is not an SHT_REL relocation section",
			       elf->path, rel->name);
	if ((rel->entsize && rel->entsize != sizeof(Elf64_Rel)) ||
	    rel->size % sizeof(Elf64_Rel))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: relocation section %s: entry size %" PRIu64 " and size %" PRIu64
			       " do not describe %zu-byte ELF64 relocations",
			       elf->path, rel->name, rel->entsize, rel->size, sizeof(Elf64_Rel));
	if (rel->info == 0 || rel->info >= elf->nsections)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: relocation section %s applies to section %u, which does not exist",
			       elf->path, rel->name, rel->info);
	/* Symbol indexes are checked against (and resolved in) elf->symbols. */
	if (!elf->symtab || rel->link != elf->symtab->index)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: relocation section %s uses symbol table section %u, but the "
			       "symbol table is section %u",
			       elf->path, rel->name, rel->link,
			       elf->symtab ? elf->symtab->index : 0);
	target = &elf->sections[rel->info];
	n = rel->size / sizeof(Elf64_Rel);
	if (n && !target->data)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: relocation section %s applies to section %u (%s), which has "
			       "no bytes in the file",
			       elf->path, rel->name, target->index, target->name);
	if (n == 0)
		return 0;
	*out = calloc(n, sizeof(**out));
	if (!*out)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");

	for (size_t i = 0; i < n; i++) {
		Elf64_Rel r;
		struct elf_relocation *o = &(*out)[i];
		uint64_t width;

		if (elf_section_read(elf, rel, i * sizeof(r), sizeof(r), &r, err))
			goto fail;
		o->offset = r.r_offset;
		o->sym = ELF64_R_SYM(r.r_info);
		o->type = ELF64_R_TYPE(r.r_info);
		if (o->sym >= elf->nsymbols) {
			rb_fail(err, RB_ERR_INPUT,
				"%s: %s entry %zu: symbol index %u is out of range (%zu symbols)",
				elf->path, rel->name, i, o->sym, elf->nsymbols);
			goto fail;
		}
		/* Symbol 0 is the null symbol (STN_UNDEF): no name, no section.
		 * Every BPF relocation but R_BPF_NONE says what an instruction
		 * or a datum refers to, so one against nothing is a broken
		 * object, not an extern without a name. */
		if (o->sym == 0 && o->type != R_BPF_NONE_) {
			rb_fail(err, RB_ERR_INPUT,
				"%s: %s entry %zu (offset 0x%" PRIx64 ", type %u) refers to symbol 0, "
				"the null symbol: a relocation must name the map, variable or "
				"function it is for",
				elf->path, rel->name, i, o->offset, o->type);
			goto fail;
		}
		/* Two comparisons, so that offset + width cannot overflow. */
		width = relocation_width(o->type, !!(target->flags & SHF_EXECINSTR));
		if (o->offset > target->size || width > target->size - o->offset) {
			rb_fail(err, RB_ERR_INPUT,
				"%s: %s entry %zu: offset 0x%" PRIx64 " + %" PRIu64
				" bytes (type %u) is past the end of section %s (size 0x%" PRIx64 ")",
				elf->path, rel->name, i, o->offset, width, o->type,
				target->name, target->size);
			goto fail;
		}
	}
	*count = n;
	return 0;
fail:
	free(*out);
	*out = NULL;
	return -1;
}
