/* Reading a whole file into memory, once, from a regular file only; and a
 * small text file of sysfs or tracefs into a buffer. */
#ifndef RAWBPF_READ_FILE_H
#define RAWBPF_READ_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "loader/rawbpf.h"

/* Read the regular file at `path` into a new malloc'd buffer (*data, of
 * *size bytes; the caller frees it). `name` starts every message ("x.o",
 * "uprobe target /bin/ls"). Refused, as RB_ERR_INPUT and without reading a
 * byte: what is not a regular file (a directory, a FIFO, a device, a
 * socket) and a file of more than `max` bytes. */
int rb_read_regular_file(const char *path, const char *name, size_t max, uint8_t **data,
			 size_t *size, struct rb_error *err);
/* The same for a file the caller has opened (and closes): for a caller
 * whose message for a file it cannot open says more than "cannot open". */
int rb_read_regular_fd(int fd, const char *name, size_t max, uint8_t **data, size_t *size,
		       struct rb_error *err);

/* The checks before the read: fstat'd into *st, a regular file of at most
 * `max` bytes (the messages as above). */
int rb_check_regular_fd(int fd, const char *name, size_t max, struct stat *st,
			struct rb_error *err);
/* read_elf_tables.c. An ELF executable or library for its symbols,
 * segments and notes: a buffer of the file's size (*size) holding its
 * headers, symbol and string tables and notes at their offsets, zeros
 * elsewhere (the caller gives it back with rb_free_elf_tables()). The
 * checks and messages as above. */
int rb_read_elf_tables(const char *path, const char *name, size_t max, uint8_t **data,
		       size_t *size, struct rb_error *err);
void rb_free_elf_tables(uint8_t *data, size_t size);

/* The text of a small file (a sysfs attribute, a tracefs id: one line) in
 * buf[size], NUL-terminated: the number of bytes read (0 for an empty
 * file), or -1 with errno set (buf then ""). A longer file is cut at
 * size - 1 bytes. */
ssize_t rb_read_small_file(const char *path, char *buf, size_t size);

#endif
