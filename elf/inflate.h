/* DEFLATE (RFC 1951) and gzip (RFC 1952) decompression, on byte buffers.
 *
 * rawbpf has one compressed file to read: the running kernel's own
 * configuration, /proc/config.gz (CONFIG_IKCONFIG_PROC), which a program's
 * __kconfig externs (`extern bool CONFIG_BPF_JIT __kconfig;`) are resolved
 * from. It is a gzip file; rather than depend on zlib, rawbpf decodes it
 * here, in one readable file (inflate.c) that explains the format.
 *
 * Pure, like the rest of elf/: bytes in, bytes out, no system call. Every
 * read of the input is bounds-checked; a broken stream is an RB_ERR_INPUT
 * error naming the input, the bit (or byte) offset and the problem
 * ("/proc/config.gz: gzip: bit offset 1234 (byte 154): invalid distance
 * code 30"). The output has a caller-given maximum: a small file may
 * describe gigabytes (a "decompression bomb", about 1000:1 at most for
 * DEFLATE), and memory is only spent up to the maximum. */
#ifndef RAWBPF_INFLATE_H
#define RAWBPF_INFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Decompress the gzip file data[size] (one member, RFC 1952 2.3) into a
 * new malloc'd buffer: *out, of *out_size bytes, followed by a NUL byte
 * that *out_size does not count (so a text file reads as a C string; the
 * caller frees it). `name` starts every message. More than `max` bytes of
 * output is refused. The trailer's CRC-32 and ISIZE are checked; a second
 * member or any data after the first is refused. Errors: RB_ERR_INPUT for
 * broken or oversized data, RB_ERR_SYSTEM when memory runs out; on error
 * *out is NULL. */
int inflate_gzip(const char *name, const uint8_t *data, size_t size, size_t max, uint8_t **out,
		 size_t *out_size, struct rb_error *err);

/* Decompress the raw DEFLATE stream (RFC 1951, no wrapper) that starts at
 * byte `start` of data[size]; offsets in messages count from data[0].
 * *end is the byte just after the stream's last block. Otherwise as
 * inflate_gzip(). */
int inflate_raw(const char *name, const uint8_t *data, size_t size, size_t start, size_t max,
		uint8_t **out, size_t *out_size, size_t *end, struct rb_error *err);

#endif
