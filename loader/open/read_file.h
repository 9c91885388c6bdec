/* Reading a whole file into memory, once, from a regular file only; and a
 * small text file of sysfs or tracefs into a buffer. */
#ifndef RAWBPF_READ_FILE_H
#define RAWBPF_READ_FILE_H

#include <stddef.h>
#include <stdint.h>
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

/* The text of a small file (a sysfs attribute, a tracefs id: one line) in
 * buf[size], NUL-terminated: the number of bytes read (0 for an empty
 * file), or -1 with errno set (buf then ""). A longer file is cut at
 * size - 1 bytes. */
ssize_t rb_read_small_file(const char *path, char *buf, size_t size);

#endif
