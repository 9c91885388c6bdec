/* The header start and the messages .BTF and .BTF.ext share. See btf_header.h. */
#include "btf_header.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "btf.h"

int btf_blob_fail(struct rb_error *err, const char *path, const char *section,
		  const char *fmt, ...)
{
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rb_fail(err, RB_ERR_INPUT, "%s: %s: %s", path, section, what);
}

int btf_check_header_start(const char *path, const char *section, const uint8_t *data,
			   size_t size, size_t min_len, struct rb_error *err)
{
	struct {
		uint16_t magic;
		uint8_t version;
		uint8_t flags;
		uint32_t hdr_len;
	} h;

	if (size < min_len) /* min_len >= sizeof(h): both headers are longer */
		return btf_blob_fail(err, path, section,
				     "%zu bytes, too short for the %zu-byte header", size, min_len);
	/* Offsets are kept as u32 (struct btf.offsets). The kernel accepts
	 * far less (16 MiB). */
	if (size > UINT32_MAX)
		return btf_blob_fail(err, path, section, "%zu bytes, more than rawbpf reads", size);
	memcpy(&h, data, sizeof(h));
	if (h.magic != BTF_MAGIC)
		return btf_blob_fail(err, path, section,
				     "bad magic 0x%04x at byte offset 0 (expected 0x%04x%s)",
				     h.magic, BTF_MAGIC,
				     h.magic == 0x9FeB ? "; this BTF is big-endian" : "");
	if (h.version != BTF_VERSION)
		return btf_blob_fail(err, path, section,
				     "version %u at byte offset 2; rawbpf reads version %d",
				     h.version, BTF_VERSION);
	if (h.flags != 0)
		return btf_blob_fail(err, path, section,
				     "flags 0x%x at byte offset 3; no flags are defined", h.flags);
	if (h.hdr_len < min_len || h.hdr_len > size)
		return btf_blob_fail(err, path, section,
				     "header length %u at byte offset 4: must be at least %zu and "
				     "at most the blob's %zu bytes", h.hdr_len, min_len, size);
	return 0;
}
