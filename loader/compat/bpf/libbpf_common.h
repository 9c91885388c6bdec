/* LIBBPF_OPTS and the other pieces of libbpf's <bpf/libbpf_common.h> that
 * its <bpf/bpf.h> uses, for rawbpf's libbpf-compatible layer (README.md).
 *
 * libbpf's options structs begin with `size_t sz`, the caller's idea of the
 * struct's size, so that a program built against an older header still
 * works with a newer library: the library reads only the first sz bytes
 * and takes the rest as zero. LIBBPF_OPTS declares one, zeroed (padding
 * too: memset, then the compound literal), with sz set. */
#ifndef RAWBPF_COMPAT_LIBBPF_COMMON_H
#define RAWBPF_COMPAT_LIBBPF_COMMON_H

#include <string.h>

#ifndef LIBBPF_API
#define LIBBPF_API __attribute__((visibility("default")))
#endif

#define LIBBPF_OPTS(TYPE, NAME, ...)                                \
	struct TYPE NAME = ({                                       \
		memset(&NAME, 0, sizeof(struct TYPE));              \
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ }; \
	})

/* libbpf 0.x's name for it */
#define DECLARE_LIBBPF_OPTS LIBBPF_OPTS

#endif
