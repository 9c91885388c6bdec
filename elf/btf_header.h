/* What .BTF and .BTF.ext share: the start of their headers, and the form
 * of their messages. Internal to elf/ (btf.c, btf_ext.c).
 *
 * Both blobs begin (btf.rst 2 and 4.2) with
 *     u16 magic     0xeB9F (BTF_MAGIC)
 *     u8  version   1
 *     u8  flags     0: none are defined
 *     u32 hdr_len   the header's size; the data starts after it
 * followed by offsets and lengths that count from the end of the header. */
#ifndef RAWBPF_BTF_HEADER_H
#define RAWBPF_BTF_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Fill *err with "PATH: SECTION: what" (SECTION ".BTF" or ".BTF.ext"), an
 * RB_ERR_INPUT, and return -1. */
int btf_blob_fail(struct rb_error *err, const char *path, const char *section,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Check the shared start of the header of a `size`-byte blob whose header
 * is at least `min_len` (>= 8) bytes: the size, the magic, the version, the flags,
 * and hdr_len (at least min_len, at most size). Messages as btf_blob_fail().
 * The caller then copies its own header, knowing it fits. */
int btf_check_header_start(const char *path, const char *section, const uint8_t *data,
			   size_t size, size_t min_len, struct rb_error *err);

#endif
