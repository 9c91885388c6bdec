/* <linux/string.h> for BPF programs.
 *
 * The kernel's UAPI <linux/string.h> holds nothing but `#include <string.h>`
 * (include/uapi/linux/string.h): libc's header, which a BPF build cannot
 * read, since glibc's <string.h> needs its per-architecture bits/ headers
 * that clang does not search with -target bpf. Older BPF programs (the
 * samples of Linux Observability with BPF, chapter 6, among them) include
 * it out of habit; what they can use from it is the memory functions, and
 * in BPF those exist only as clang's builtins, which it expands inline
 * (there is no libc to call). So this header gives those names to the
 * builtins, and, as libc's <string.h> does, declares size_t and NULL
 * (from clang's own <stddef.h>, which every target has). */
#ifndef RAWBPF_UAPI_LINUX_STRING_H
#define RAWBPF_UAPI_LINUX_STRING_H

#include <stddef.h>

#ifndef memcpy
#define memcpy(dst, src, n) __builtin_memcpy((dst), (src), (n))
#endif
#ifndef memmove
#define memmove(dst, src, n) __builtin_memmove((dst), (src), (n))
#endif
#ifndef memset
#define memset(dst, c, n) __builtin_memset((dst), (c), (n))
#endif
#ifndef memcmp
#define memcmp(a, b, n) __builtin_memcmp((a), (b), (n))
#endif

#endif
