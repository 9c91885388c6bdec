/* Finding symbols: by section, and by name.
 *
 * An object's loader asks the symbol table two questions over and over:
 * "which functions does this code section define?" (once per section) and
 * "which symbol is called NAME?" (once per map, global variable and
 * function). A scan of the whole table answers either, but an object with
 * N programs in N sections and N maps has about 3N symbols, so N questions
 * cost N x 3N reads: 3 million at N = 1000 (make bench, section 7). Two
 * indexes make each question cost what its answer holds:
 *  - by section (built by elf_open(), one counting pass: cheap enough for
 *    any file): each section's symbols, in symbol-table order;
 *  - by name (built on request by elf_index_symbol_names(): a sort, worth
 *    it for a BPF object that asks many names, not for a shared library
 *    a uprobe asks one name of): every named symbol, sorted by name, then
 *    by symbol index, so that among symbols of one name the first found
 *    is the one a scan would have found first. */
#include "elf_reader.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

/* A section index that has a group: a real section, not SHN_UNDEF, SHN_ABS,
 * SHN_COMMON (elf_open() checked that such indexes are < nsections). */
static int in_a_section(const struct elf_file *elf, const struct elf_symbol *s)
{
	return s->shndx != SHN_UNDEF && s->shndx < SHN_LORESERVE && s->shndx < elf->nsections;
}

int elf_index_symbol_sections(struct elf_file *elf, struct rb_error *err)
{
	size_t *next;

	free(elf->section_symbols_start); /* built again: no leak */
	free(elf->section_symbols);
	elf->section_symbols_start = NULL;
	elf->section_symbols = NULL;
	if (elf->nsections == 0)
		return 0;
	elf->section_symbols_start = calloc(elf->nsections + 1, sizeof(size_t));
	elf->section_symbols = calloc(elf->nsymbols ? elf->nsymbols : 1, sizeof(uint32_t));
	next = calloc(elf->nsections, sizeof(size_t));
	if (!elf->section_symbols_start || !elf->section_symbols || !next) {
		free(next);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	/* A counting sort: count each section's symbols, turn the counts into
	 * starts, then place each symbol at its section's next free slot. */
	for (size_t i = 1; i < elf->nsymbols; i++)
		if (in_a_section(elf, &elf->symbols[i]))
			elf->section_symbols_start[elf->symbols[i].shndx + 1]++;
	for (size_t s = 0; s < elf->nsections; s++) {
		elf->section_symbols_start[s + 1] += elf->section_symbols_start[s];
		next[s] = elf->section_symbols_start[s];
	}
	for (size_t i = 1; i < elf->nsymbols; i++)
		if (in_a_section(elf, &elf->symbols[i]))
			elf->section_symbols[next[elf->symbols[i].shndx]++] = (uint32_t)i;
	free(next);
	return 0;
}

const uint32_t *elf_section_symbols(const struct elf_file *elf, uint32_t section, size_t *count)
{
	*count = 0;
	if (!elf->section_symbols_start || section >= elf->nsections)
		return NULL;
	*count = elf->section_symbols_start[section + 1] - elf->section_symbols_start[section];
	return elf->section_symbols + elf->section_symbols_start[section];
}

static int by_name_then_index(const void *a, const void *b)
{
	const struct elf_symbol *x = *(const struct elf_symbol *const *)a;
	const struct elf_symbol *y = *(const struct elf_symbol *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

int elf_index_symbol_names(struct elf_file *elf, struct rb_error *err)
{
	size_t n = 0;

	free(elf->by_name);
	elf->by_name = NULL;
	elf->nnamed = 0;
	if (elf->nsymbols < 2)
		return 0;
	elf->by_name = malloc((elf->nsymbols - 1) * sizeof(*elf->by_name));
	if (!elf->by_name)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 1; i < elf->nsymbols; i++) /* 0 is the null symbol, no symbol */
		elf->by_name[n++] = &elf->symbols[i];
	qsort(elf->by_name, n, sizeof(*elf->by_name), by_name_then_index);
	elf->nnamed = n;
	return 0;
}

/* The first position in by_name whose name is not below `name`. */
static size_t first_named(const struct elf_file *elf, const char *name)
{
	size_t lo = 0, hi = elf->nnamed;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(elf->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first symbol named `name` (in symbol-table order) that `keep`
 * accepts: through the name index when there is one, else by a scan. */
static const struct elf_symbol *
find_named(const struct elf_file *elf, const char *name,
	   int (*keep)(const struct elf_symbol *s, uint32_t arg), uint32_t arg)
{
	if (elf->by_name) {
		for (size_t i = first_named(elf, name);
		     i < elf->nnamed && strcmp(elf->by_name[i]->name, name) == 0; i++)
			if (keep(elf->by_name[i], arg))
				return elf->by_name[i];
		return NULL;
	}
	for (size_t i = 1; i < elf->nsymbols; i++)
		if (strcmp(elf->symbols[i].name, name) == 0 && keep(&elf->symbols[i], arg))
			return &elf->symbols[i];
	return NULL;
}

static int defined_of_type(const struct elf_symbol *s, uint32_t type)
{
	return s->type == type && s->shndx != SHN_UNDEF;
}

static int defined_in(const struct elf_symbol *s, uint32_t section)
{
	return s->shndx == section;
}

const struct elf_symbol *elf_symbol_by_name(const struct elf_file *elf, const char *name,
					    uint8_t type)
{
	return find_named(elf, name, defined_of_type, type);
}

const struct elf_symbol *elf_symbol_in_section(const struct elf_file *elf, uint32_t section,
					       const char *name)
{
	return find_named(elf, name, defined_in, section);
}
