/* Reading .note.stapsdt: where each USDT probe site is (usdt.h).
 *
 * An ELF note (gABI, "Note Section") is a 12-byte header, namesz, descsz
 * and type, then the owner's name and the descriptor, each padded to 4
 * bytes. A USDT note's owner is "stapsdt", its type 3 (NT_STAPSDT), and its
 * descriptor, on a 64-bit file, is three 8-byte addresses (the probe's pc,
 * the link-time address of .stapsdt.base, the semaphore) followed by three
 * NUL-terminated strings: provider, name, arguments. The checks are
 * libbpf's (tools/lib/bpf/usdt.c, parse_usdt_note()). */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usdt.h"

#define NT_STAPSDT 3

static uint64_t align4(uint64_t n)
{
	return (n + 3) & ~(uint64_t)3;
}

/* The PT_LOAD segment that maps virtual address `addr`, or NULL. */
static const struct elf_segment *segment_of(const struct elf_file *elf, uint64_t addr)
{
	for (size_t i = 0; i < elf->nsegments; i++) {
		const struct elf_segment *seg = &elf->segments[i];
		if (seg->type == PT_LOAD && addr >= seg->vaddr && addr - seg->vaddr < seg->memsz)
			return seg;
	}
	return NULL;
}

/* The descriptor's strings: provider, name and args, each ended by a NUL
 * inside the descriptor; an empty name is refused, and an args string
 * starting with ':' (what some old toolchains wrote for none) is none. */
static int note_strings(const struct elf_file *elf, const char *where, const uint8_t *desc,
			uint64_t len, struct elf_usdt_note *n, struct rb_error *err)
{
	const char *p = (const char *)desc + 24, *end = (const char *)desc + len;
	const char *nul;

	n->provider = p;
	nul = memchr(p, '\0', (size_t)(end - p));
	if (!nul || nul + 1 >= end || !nul[1])
		return rb_fail(err, RB_ERR_INPUT, "%s: %s: the provider is not NUL-terminated, or "
			       "the probe has no name", elf->path, where);
	n->name = nul + 1;
	nul = memchr(n->name, '\0', (size_t)(end - n->name));
	if (!nul || nul + 1 >= end)
		return rb_fail(err, RB_ERR_INPUT, "%s: %s (%s): the name is not NUL-terminated, or "
			       "no argument string follows it", elf->path, where, n->provider);
	n->args = nul + 1;
	if (!memchr(n->args, '\0', (size_t)(end - n->args)))
		return rb_fail(err, RB_ERR_INPUT, "%s: %s (%s:%s): the argument string is not "
			       "NUL-terminated", elf->path, where, n->provider, n->name);
	if (n->args[0] == ':')
		n->args = "";
	return 0;
}

/* Addresses to file offsets, as the kernel wants them for a uprobe: the nop
 * must be in an executable segment, the semaphore in one that is not (a
 * counter the kernel writes). */
static int file_offsets(const struct elf_file *elf, const char *where, struct elf_usdt_note *n,
			struct rb_error *err)
{
	const struct elf_segment *seg = segment_of(elf, n->pc);

	if (!seg || !(seg->flags & PF_X))
		return rb_fail(err, RB_ERR_INPUT, "%s: %s (%s:%s): its address 0x%llx is in %s",
			       elf->path, where, n->provider, n->name, (unsigned long long)n->pc,
			       seg ? "a segment that is not executable" : "no loaded segment");
	n->pc_offset = n->pc - seg->vaddr + seg->offset;
	if (!n->semaphore)
		return 0;
	seg = segment_of(elf, n->semaphore);
	if (!seg || (seg->flags & PF_X) || n->semaphore - seg->vaddr >= seg->filesz)
		return rb_fail(err, RB_ERR_INPUT, "%s: %s (%s:%s): its semaphore at 0x%llx is in %s",
			       elf->path, where, n->provider, n->name,
			       (unsigned long long)n->semaphore,
			       !seg ? "no loaded segment" : (seg->flags & PF_X)
			       ? "an executable segment" : "no bytes of the file (.bss)");
	n->sema_offset = n->semaphore - seg->vaddr + seg->offset;
	return 0;
}

/* One note at `off`; *next is where the following one starts. Returns 1
 * for a USDT site (in *n), 0 for a note of another owner or type. */
static int read_note(const struct elf_file *elf, const struct elf_section *sec, uint64_t off,
		     uint64_t base_addr, struct elf_usdt_note *n, uint64_t *next,
		     struct rb_error *err)
{
	uint32_t hdr[3]; /* namesz, descsz, type */
	uint64_t name_off = off + 12, desc_off, len;
	char where[64];
	const uint8_t *desc;

	snprintf(where, sizeof(where), "%s note at offset %llu", sec->name,
		 (unsigned long long)off);
	if (elf_section_read(elf, sec, off, sizeof(hdr), hdr, err) ||
	    elf_bounds_check(elf, where, sec->size, name_off, align4(hdr[0]), err))
		return -1;
	desc_off = name_off + align4(hdr[0]);
	len = hdr[1];
	if (elf_bounds_check(elf, where, sec->size, desc_off, len, err))
		return -1;
	*next = desc_off + align4(len);
	if (hdr[0] != 8 || memcmp(sec->data + name_off, "stapsdt", 8) || hdr[2] != NT_STAPSDT)
		return 0;
	if (len < 24 + 3) /* three addresses and three empty strings at the least */
		return rb_fail(err, RB_ERR_INPUT, "%s: %s: the descriptor is %llu bytes, fewer "
			       "than the 27 of three addresses and three strings", elf->path,
			       where, (unsigned long long)len);
	desc = sec->data + desc_off;
	memset(n, 0, sizeof(*n));
	memcpy(&n->pc, desc, 8);
	memcpy(&n->base, desc + 8, 8);
	memcpy(&n->semaphore, desc + 16, 8);
	/* Prelink moves a library without rewriting its notes (they are not
	 * allocated), but it does move .stapsdt.base, whose address each note
	 * recorded at link time: the difference is how far the probes moved,
	 * the semaphores too (the systemtap wiki above). libbpf adjusts the pc
	 * the same way. */
	if (base_addr) {
		n->pc += base_addr - n->base;
		if (n->semaphore)
			n->semaphore += base_addr - n->base;
	}
	if (note_strings(elf, where, desc, len, n, err) || file_offsets(elf, where, n, err))
		return -1;
	return 1;
}

int elf_usdt_notes(const struct elf_file *elf, struct elf_usdt_note **out, size_t *count,
		   struct rb_error *err)
{
	const struct elf_section *sec = elf_section_by_name(elf, ".note.stapsdt");
	const struct elf_section *base = elf_section_by_name(elf, ".stapsdt.base");
	struct elf_usdt_note *notes = NULL;
	size_t n = 0, cap = 0;
	uint64_t off = 0, next;

	*out = NULL;
	*count = 0;
	if (!sec || sec->type != SHT_NOTE)
		return 0;
	if (!sec->data)
		return rb_fail(err, RB_ERR_INPUT, "%s: %s has no bytes in the file", elf->path,
			       sec->name);
	while (off + 12 <= sec->size) {
		struct elf_usdt_note note;
		int r = read_note(elf, sec, off, base ? base->addr : 0, &note, &next, err);

		if (r < 0) {
			free(notes);
			return -1;
		}
		off = next;
		if (!r)
			continue;
		if (n == cap) {
			size_t grown = cap ? cap * 2 : 16;
			struct elf_usdt_note *more = realloc(notes, grown * sizeof(*notes));
			if (!more) {
				free(notes);
				return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
			}
			notes = more;
			cap = grown;
		}
		notes[n++] = note;
	}
	*out = notes;
	*count = n;
	return 0;
}
