/* The in-memory ELF builder: see builder.h. Overflowing a fixed table is a
 * mistake in a test, so it aborts rather than returning an error. */
#include "builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void need(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "elf builder: %s\n", what);
		abort();
	}
}

void eb_init(struct elf_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->type = ET_REL;
	b->machine = 247; /* EM_BPF, which an old <elf.h> may not name */
	b->nsections = 1; /* the null section */
	b->nsymbols = 1;  /* the null symbol */
}

uint32_t eb_section(struct elf_builder *b, const char *name, uint32_t type,
		    uint64_t flags, const void *data, uint64_t size)
{
	need(b->nsections < EB_MAX_SECTIONS, "too many sections");
	b->sections[b->nsections] = (struct eb_section){
		.name = name, .type = type, .flags = flags, .data = data, .size = size,
	};
	return (uint32_t)b->nsections++;
}

uint32_t eb_symbol(struct elf_builder *b, const char *name, uint16_t shndx,
		   uint64_t value, uint64_t size, uint8_t bind, uint8_t type)
{
	need(b->nsymbols < EB_MAX_SYMBOLS, "too many symbols");
	b->symbols[b->nsymbols] = (Elf64_Sym){
		.st_info = ELF64_ST_INFO(bind, type), .st_shndx = shndx,
		.st_value = value, .st_size = size,
	};
	b->symbol_names[b->nsymbols] = name;
	return (uint32_t)b->nsymbols++;
}

void eb_reloc(struct elf_builder *b, uint32_t section, uint64_t offset,
	      uint32_t sym, uint32_t type)
{
	need(b->nrelocs < EB_MAX_RELOCS, "too many relocations");
	b->relocs[b->nrelocs++] = (struct eb_reloc){ section, offset, sym, type };
}

/* Append s to a string table that starts with its empty string. */
static uint32_t add_string(char *table, size_t cap, size_t *len, const char *s)
{
	size_t n;

	if (!s || !*s)
		return 0;
	n = strlen(s) + 1;
	need(*len + n <= cap, "string table full");
	memcpy(table + *len, s, n);
	*len += n;
	return (uint32_t)(*len - n);
}

/* One .rel<name> per section with relocations, entries grouped. */
static void add_rel_sections(struct elf_builder *b)
{
	size_t used = 0, users = b->nsections;

	for (uint32_t s = 1; s < users; s++) {
		size_t first = used;

		for (size_t i = 0; i < b->nrelocs; i++) {
			const struct eb_reloc *r = &b->relocs[i];
			if (r->section == s)
				b->rel_bytes[used++] = (Elf64_Rel){
					r->offset, ELF64_R_INFO(r->sym, r->type) };
		}
		if (used == first)
			continue;
		snprintf(b->rel_names[s], sizeof(b->rel_names[s]), ".rel%s",
			 b->sections[s].name);
		b->rel_of[s] = eb_section(b, b->rel_names[s], SHT_REL, SHF_INFO_LINK,
					  &b->rel_bytes[first], (used - first) * sizeof(Elf64_Rel));
		b->sections[b->rel_of[s]].info = s;
		b->sections[b->rel_of[s]].entsize = sizeof(Elf64_Rel);
	}
}

static void add_symtab(struct elf_builder *b)
{
	size_t len = 1, locals = 1;
	struct eb_section *symtab;

	for (size_t i = 1; i < b->nsymbols; i++) {
		b->symbols[i].st_name = add_string(b->strtab_bytes, sizeof(b->strtab_bytes),
						   &len, b->symbol_names[i]);
		if (ELF64_ST_BIND(b->symbols[i].st_info) == STB_LOCAL)
			locals = i + 1;
	}
	b->symtab = eb_section(b, ".symtab", SHT_SYMTAB, 0, b->symbols,
			       b->nsymbols * sizeof(Elf64_Sym));
	b->strtab = eb_section(b, ".strtab", SHT_STRTAB, 0, b->strtab_bytes, len);
	symtab = &b->sections[b->symtab];
	symtab->entsize = sizeof(Elf64_Sym);
	symtab->link = b->strtab;
	symtab->info = (uint32_t)locals; /* the first non-local symbol */
	for (size_t i = 1; i < b->nsections; i++)
		if (b->sections[i].type == SHT_REL)
			b->sections[i].link = b->symtab;
}

static void write_headers(struct elf_builder *b, uint64_t shoff,
			  const uint32_t *name_offs)
{
	Elf64_Ehdr *eh = eb_ehdr(b);

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = b->type;
	eh->e_machine = b->machine;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_shoff = shoff;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = b->extended ? 0 : (uint16_t)b->nsections;
	eh->e_shstrndx = b->no_names ? 0 : b->extended ? SHN_XINDEX : (uint16_t)b->shstrtab;
	if (b->nphdrs) {
		eh->e_phoff = sizeof(Elf64_Ehdr);
		eh->e_phentsize = sizeof(Elf64_Phdr);
		eh->e_phnum = (uint16_t)b->nphdrs;
		memcpy(b->out + eh->e_phoff, b->phdrs, b->nphdrs * sizeof(Elf64_Phdr));
	}
	if (b->extended) {
		eb_shdr(b, 0)->sh_size = b->nsections;
		eb_shdr(b, 0)->sh_link = b->shstrtab;
	}
	for (uint32_t i = 1; i < b->nsections; i++) {
		const struct eb_section *s = &b->sections[i];
		*eb_shdr(b, i) = (Elf64_Shdr){
			.sh_name = name_offs[i], .sh_type = s->type, .sh_flags = s->flags,
			.sh_offset = b->offsets[i], .sh_size = s->size,
			.sh_link = s->link, .sh_info = s->info,
			.sh_addralign = s->type == SHT_STRTAB ? 1 : 8,
			.sh_entsize = s->entsize,
		};
	}
}

size_t eb_finish(struct elf_builder *b)
{
	uint32_t name_offs[EB_MAX_SECTIONS] = { 0 };
	size_t names_len = 1;
	uint64_t off, shoff;

	need(!b->out, "eb_finish() called twice");
	add_rel_sections(b);
	if (!b->no_symtab)
		add_symtab(b);
	if (!b->no_names) {
		b->shstrtab = eb_section(b, ".shstrtab", SHT_STRTAB, 0, b->shstrtab_bytes, 0);
		for (size_t i = 1; i < b->nsections; i++)
			name_offs[i] = add_string(b->shstrtab_bytes, sizeof(b->shstrtab_bytes),
						  &names_len, b->sections[i].name);
		b->sections[b->shstrtab].size = names_len;
	}

	/* Every table at an 8-byte boundary, so the tests can point into it. */
	off = sizeof(Elf64_Ehdr) + b->nphdrs * sizeof(Elf64_Phdr);
	for (size_t i = 1; i < b->nsections; i++) {
		off = (off + 7) & ~(uint64_t)7;
		b->offsets[i] = off;
		if (b->sections[i].type != SHT_NOBITS)
			off += b->sections[i].size;
	}
	shoff = (off + 7) & ~(uint64_t)7;
	b->size = shoff + b->nsections * sizeof(Elf64_Shdr);
	b->out = calloc(1, b->size);
	need(b->out != NULL, "out of memory");
	for (size_t i = 1; i < b->nsections; i++)
		if (b->sections[i].type != SHT_NOBITS && b->sections[i].size)
			memcpy(b->out + b->offsets[i], b->sections[i].data, b->sections[i].size);
	write_headers(b, shoff, name_offs);
	return b->size;
}

void eb_free(struct elf_builder *b)
{
	free(b->out);
	b->out = NULL;
}

Elf64_Ehdr *eb_ehdr(struct elf_builder *b)
{
	return (Elf64_Ehdr *)b->out;
}

Elf64_Shdr *eb_shdr(struct elf_builder *b, uint32_t index)
{
	need(index < b->nsections, "no such section");
	return (Elf64_Shdr *)(b->out + b->size - (b->nsections - index) * sizeof(Elf64_Shdr));
}

Elf64_Sym *eb_sym(struct elf_builder *b, uint32_t index)
{
	need(b->symtab && index < b->nsymbols, "no such symbol");
	return (Elf64_Sym *)(b->out + b->offsets[b->symtab]) + index;
}

Elf64_Rel *eb_rel(struct elf_builder *b, uint32_t section, size_t i)
{
	need(section < EB_MAX_SECTIONS && b->rel_of[section], "no relocations there");
	return (Elf64_Rel *)(b->out + b->offsets[b->rel_of[section]]) + i;
}

uint8_t *eb_bytes(struct elf_builder *b, uint32_t index)
{
	need(index < b->nsections, "no such section");
	return b->out + b->offsets[index];
}
