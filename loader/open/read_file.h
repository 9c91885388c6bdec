/* Reading a whole file into memory, once, from a regular file only. */
#ifndef RAWBPF_READ_FILE_H
#define RAWBPF_READ_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "loader/rawbpf.h"

/* Read the regular file at `path` into a new malloc'd buffer (*data, of
 * *size bytes; the caller frees it). `name` starts every message ("x.o",
 * "uprobe target /bin/ls"). Refused, as RB_ERR_INPUT and without reading a
 * byte: what is not a regular file (a directory, a FIFO, a device, a
 * socket) and a file of more than `max` bytes. */
int rb_read_regular_file(const char *path, const char *name, size_t max, uint8_t **data,
			 size_t *size, struct rb_error *err);

#endif
