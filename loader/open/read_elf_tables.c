/* Reading the tables of an executable or a shared library, not its code.
 *
 * A uprobe's target, a USDT probe's file and each file a stack goes through
 * are asked for symbols, segments and notes only. Those are a small part of
 * the file: libc's .dynsym, its strings and the headers are ~100 KB of its
 * 1.9 MB, and reading all of it was most of a uprobe attach (make bench,
 * section 6: 240 us of read(2) for libc). So only these are read, with
 * pread(2), into a zero-filled buffer of the file's size, at their own
 * offsets: the ELF reader then sees the file as it is, validates it as
 * ever, and offsets in messages stay true. The rest stays zero: the buffer
 * is an anonymous mmap(2), whose pages the kernel fills with zeros when
 * first touched, so the pages never read cost nothing. (calloc() would
 * often memset all of it: glibc serves a large block from its heap once
 * an earlier one was freed, raising its mmap threshold; that memset was
 * a third of the attach.)
 *
 * Read (as the section headers say, each clamped to the file's end: what
 * is cut off is the reader's error to report):
 *   - the ELF header, the program headers, the section headers;
 *   - the section-name table;
 *   - every SHT_SYMTAB and SHT_DYNSYM, and the string table each links to;
 *   - every SHT_NOTE section (USDT's .note.stapsdt; of .stapsdt.base only
 *     its address, in its header, is used).
 * Not an mmap(2) of the file: a file truncated while mapped would kill the
 * process with SIGBUS when the reader touches a page past the new end. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read_file.h"

/* Read [offset, offset + len) of the file into buf at the same offset, cut
 * at the file's end. A file that shrank since fstat reads short: zeros. */
static int read_at(int fd, const char *name, uint8_t *buf, size_t size, uint64_t offset,
		   uint64_t len, struct rb_error *err)
{
	if (offset >= size)
		return 0;
	if (len > size - offset)
		len = size - offset;
	while (len) {
		ssize_t n = pread(fd, buf + offset, len, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: cannot read", name);
		if (n == 0)
			break;
		offset += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* Section header i, from the bytes already read (zeros when out of the file). */
static Elf64_Shdr section_header(const uint8_t *buf, size_t size, const Elf64_Ehdr *eh, uint64_t i)
{
	Elf64_Shdr sh = { 0 };
	uint64_t at = eh->e_shoff + i * sizeof(sh);

	if (eh->e_shoff && at >= eh->e_shoff && at <= size && size - at >= sizeof(sh))
		memcpy(&sh, buf + at, sizeof(sh));
	return sh;
}

static int read_tables(int fd, const char *name, uint8_t *buf, size_t size,
		       struct rb_error *err)
{
	Elf64_Ehdr eh;
	uint64_t shnum;
	uint32_t shstrndx;
	Elf64_Shdr first;

	if (read_at(fd, name, buf, size, 0, sizeof(eh), err))
		return -1;
	if (size < sizeof(eh))
		return 0; /* the ELF reader says what is wrong */
	memcpy(&eh, buf, sizeof(eh));
	/* no overflow: 16-bit counts times 56 or 64 bytes */
	if (read_at(fd, name, buf, size, eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr),
		    err) ||
	    read_at(fd, name, buf, size, eh.e_shoff, sizeof(Elf64_Shdr), err))
		return -1;
	/* With 0xff00 sections or more, the count and the name table's index
	 * are in section 0's sh_size and sh_link (gABI, "Sections"). */
	first = section_header(buf, size, &eh, 0);
	shnum = eh.e_shnum ? eh.e_shnum : first.sh_size;
	shstrndx = eh.e_shstrndx == SHN_XINDEX ? first.sh_link : eh.e_shstrndx;
	/* the same for 0xffff program headers or more: the count in sh_info */
	if (eh.e_phnum == PN_XNUM && first.sh_info < size / sizeof(Elf64_Phdr) &&
	    read_at(fd, name, buf, size, eh.e_phoff, (uint64_t)first.sh_info * sizeof(Elf64_Phdr),
		    err))
		return -1;
	if (eh.e_shoff == 0 || shnum > size / sizeof(Elf64_Shdr))
		return 0; /* none, or a count the reader refuses */
	if (read_at(fd, name, buf, size, eh.e_shoff, shnum * sizeof(Elf64_Shdr), err))
		return -1;
	for (uint64_t i = 1; i < shnum; i++) {
		Elf64_Shdr sh = section_header(buf, size, &eh, i);
		int wanted = i == shstrndx || sh.sh_type == SHT_SYMTAB ||
			     sh.sh_type == SHT_DYNSYM || sh.sh_type == SHT_NOTE;

		if (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM) {
			Elf64_Shdr strtab = section_header(buf, size, &eh, sh.sh_link);
			if (sh.sh_link < shnum && strtab.sh_type != SHT_NOBITS &&
			    read_at(fd, name, buf, size, strtab.sh_offset, strtab.sh_size, err))
				return -1;
		}
		if (wanted && sh.sh_type != SHT_NOBITS &&
		    read_at(fd, name, buf, size, sh.sh_offset, sh.sh_size, err))
			return -1;
	}
	return 0;
}

int rb_read_elf_tables(const char *path, const char *name, size_t max, uint8_t **data,
		       size_t *size, struct rb_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	uint8_t *buf;

	*data = NULL;
	*size = 0;
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_INPUT, errno, "%s: cannot open", name);
	if (rb_check_regular_fd(fd, name, max, &st, err)) {
		close(fd);
		return -1;
	}
	if (st.st_size == 0) { /* mmap of 0 bytes fails; the reader says it is empty */
		close(fd);
		*data = (uint8_t *)"";
		return 0;
	}
	buf = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (buf == MAP_FAILED) {
		close(fd);
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: no memory for its %lld bytes",
				     name, (long long)st.st_size);
	}
	if (read_tables(fd, name, buf, (size_t)st.st_size, err)) {
		munmap(buf, (size_t)st.st_size);
		close(fd);
		return -1;
	}
	close(fd);
	*data = buf;
	*size = (size_t)st.st_size;
	return 0;
}

void rb_free_elf_tables(uint8_t *data, size_t size)
{
	if (data && size)
		munmap(data, size);
}
