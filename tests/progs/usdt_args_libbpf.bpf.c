/* usdt_args.bpf.c built against libbpf's <bpf/usdt.bpf.h> (libbpf-dev),
 * named by its path so that only that header is libbpf's: its own includes
 * (<bpf/bpf_helpers.h>, <bpf/bpf_tracing.h>) still come from -Iuapi. */
#define USDT_HEADER "/usr/include/bpf/usdt.bpf.h"
#include "usdt_args.bpf.c"
