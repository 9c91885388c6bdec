/* libbpf 0.x's calls that 1.0 removed, which the book-era loaders use:
 * bpf_create_map() and bpf_create_map_name() (BPF_MAP_CREATE with the
 * arguments in a row), bpf_load_program() (BPF_PROG_LOAD with a log
 * buffer). As in 0.x by default, failures are -1 with errno set. */
#include <errno.h>

#include "uapi/linux/bpf.h" /* rawbpf's pinned <linux/bpf.h> */
#include "loader/compat/bpf/bpf.h"

static int legacy(int ret)
{
	return ret < 0 ? -1 : ret; /* errno is set already */
}

int bpf_create_map_name(enum bpf_map_type map_type, const char *name, int key_size,
			int value_size, int max_entries, __u32 map_flags)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = map_flags);

	return legacy(bpf_map_create(map_type, name, (__u32)key_size, (__u32)value_size,
				     (__u32)max_entries, &opts));
}

int bpf_create_map(enum bpf_map_type map_type, int key_size, int value_size, int max_entries,
		   __u32 map_flags)
{
	return bpf_create_map_name(map_type, NULL, key_size, value_size, max_entries, map_flags);
}

/* 0.x: without a log first; with log_buf, a refused program is loaded
 * again with log_level 1 so the buffer says why. */
int bpf_load_program(enum bpf_prog_type type, const struct bpf_insn *insns, size_t insns_cnt,
		     const char *license, __u32 kern_version, char *log_buf, size_t log_buf_sz)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .kern_version = kern_version,
		    .log_buf = log_buf_sz ? log_buf : NULL,
		    .log_size = log_buf ? (__u32)log_buf_sz : 0);

	return legacy(bpf_prog_load(type, NULL, license, insns, insns_cnt, &opts));
}
