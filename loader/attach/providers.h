/* The attach providers, by name only.
 *
 * The section table (loader/section_defs.c) points each row at one of
 * these; each is defined in the file of its hook kind. This header names
 * them and includes nothing but the public header, so that the table can
 * point at the providers without the open stage, which reads the same table
 * for the program type (open/programs.c), depending on anything of attach/:
 * open/ includes only loader/rawbpf.h, and the table stays the one place
 * where stages meet. */
#ifndef RAWBPF_PROVIDERS_H
#define RAWBPF_PROVIDERS_H

#include "loader/rawbpf.h"

extern const struct rb_attach_provider rb_provider_tracepoint; /* tracepoint.c */
extern const struct rb_attach_provider rb_provider_kprobe;     /* kprobe.c */
extern const struct rb_attach_provider rb_provider_uprobe;     /* uprobe.c */
extern const struct rb_attach_provider rb_provider_usdt;       /* usdt.c */
extern const struct rb_attach_provider rb_provider_raw_tp;     /* raw_tp.c */
extern const struct rb_attach_provider rb_provider_btf_tracing; /* raw_tp.c */
extern const struct rb_attach_provider rb_provider_socket_filter; /* socket_filter.c */
extern const struct rb_attach_provider rb_provider_cgroup;     /* cgroup.c */
extern const struct rb_attach_provider rb_provider_netns;      /* netns.c */
extern const struct rb_attach_provider rb_provider_lsm;        /* lsm.c */
extern const struct rb_attach_provider rb_provider_xdp;        /* xdp.c */
extern const struct rb_attach_provider rb_provider_tc;         /* tc.c */
extern const struct rb_attach_provider rb_provider_perf_sample; /* perf_sample.c */
extern const struct rb_attach_provider rb_provider_iter;       /* iter.c */

#endif
