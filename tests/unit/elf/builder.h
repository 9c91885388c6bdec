/* Building small ELF64 little-endian objects in memory, so that the ELF
 * reader's tests need no compiler: describe sections, symbols and
 * relocations, serialize a valid object, then break one thing in it.
 *
 * Layout of the result: the ELF header, program headers (if any), each
 * section's bytes in index order (8-byte aligned), the section header
 * table last. Section indexes: 0 null, then the sections added with
 * eb_section() in order, then one ".rel<name>" per section that has
 * relocations, then .symtab, .strtab and .shstrtab. */
#ifndef ELF_TEST_BUILDER_H
#define ELF_TEST_BUILDER_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#define EB_MAX_SECTIONS 24
#define EB_MAX_SYMBOLS 16
#define EB_MAX_RELOCS 16
#define EB_MAX_PHDRS 4

struct eb_section {
	const char *name;
	uint32_t type;
	uint64_t flags;
	const void *data; /* size bytes; ignored for SHT_NOBITS */
	uint64_t size;
	uint32_t link, info;
	uint64_t entsize;
};

struct eb_reloc {
	uint32_t section; /* the section patched */
	uint64_t offset;
	uint32_t sym, type;
};

struct elf_builder {
	uint16_t type, machine;  /* ET_REL and EM_BPF after eb_init() */
	int no_symtab;           /* leave out .symtab and .strtab */
	int no_names;            /* leave out .shstrtab: e_shstrndx 0 */
	int extended;            /* e_shnum 0 and e_shstrndx SHN_XINDEX, the
				  * real values in section 0 */
	struct eb_section sections[EB_MAX_SECTIONS];
	size_t nsections;        /* counting the null section */
	Elf64_Sym symbols[EB_MAX_SYMBOLS]; /* st_name filled by eb_finish() */
	const char *symbol_names[EB_MAX_SYMBOLS];
	size_t nsymbols;         /* counting the null symbol */
	struct eb_reloc relocs[EB_MAX_RELOCS];
	size_t nrelocs;
	Elf64_Phdr phdrs[EB_MAX_PHDRS];
	size_t nphdrs;

	/* Set by eb_finish(). out is malloc()ed to exactly size bytes, so
	 * that AddressSanitizer sees any read past its end. */
	uint8_t *out;
	size_t size;
	uint32_t symtab, strtab, shstrtab;   /* section indexes, 0 if absent */
	uint32_t rel_of[EB_MAX_SECTIONS];    /* the .rel section of a section */
	uint64_t offsets[EB_MAX_SECTIONS];   /* where each section's bytes are */

	/* Storage for the sections eb_finish() generates. */
	char strtab_bytes[1024], shstrtab_bytes[1024];
	char rel_names[EB_MAX_SECTIONS][64];
	Elf64_Rel rel_bytes[EB_MAX_RELOCS];
};

void eb_init(struct elf_builder *b);
/* Append a section; returns its index. data is copied at eb_finish(). */
uint32_t eb_section(struct elf_builder *b, const char *name, uint32_t type,
		    uint64_t flags, const void *data, uint64_t size);
/* Append a symbol (add locals first, as ELF requires); returns its index. */
uint32_t eb_symbol(struct elf_builder *b, const char *name, uint16_t shndx,
		   uint64_t value, uint64_t size, uint8_t bind, uint8_t type);
void eb_reloc(struct elf_builder *b, uint32_t section, uint64_t offset,
	      uint32_t sym, uint32_t type);
/* Serialize (once); returns b->size. */
size_t eb_finish(struct elf_builder *b);
void eb_free(struct elf_builder *b);

/* After eb_finish(): pointers into b->out, to read or break things. */
Elf64_Ehdr *eb_ehdr(struct elf_builder *b);
Elf64_Shdr *eb_shdr(struct elf_builder *b, uint32_t index);
Elf64_Sym *eb_sym(struct elf_builder *b, uint32_t index);
/* Entry i of the relocations that patch `section`. */
Elf64_Rel *eb_rel(struct elf_builder *b, uint32_t section, size_t i);
uint8_t *eb_bytes(struct elf_builder *b, uint32_t index);

#endif
