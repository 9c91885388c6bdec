/* libbpf's low-level API (<bpf/bpf.h>: one function per bpf(2) command),
 * under libbpf's names and signatures, implemented on rawbpf's system-call
 * layer (loader/compat/bpf.c over loader/kernel/bpf_syscall.h). User-space
 * code written for libbpf 1.x's bpf.h builds against this one unchanged:
 *
 *     cc -I<rawbpf>/loader/compat prog.c <rawbpf>/build/librawbpf-compat.a \
 *        <rawbpf>/build/librawbpf.a
 *
 * Results are libbpf 1.x's: a new fd or 0 on success, and on failure a
 * negative errno (-ENOENT), with errno set to the same (positive) number.
 * The options structs have libbpf's fields in libbpf's order; a field
 * rawbpf does not pass on is named below. tests/compat/bpf_api.c is built
 * against this header and against libbpf's, and both must agree.
 *
 * The kernel's types come from <linux/bpf.h>, the system's kernel headers,
 * unless rawbpf's pinned copy (uapi/linux/bpf.h) was included first, as
 * the layer's own sources do (loader/compat/lib/). */
#ifndef RAWBPF_COMPAT_BPF_H
#define RAWBPF_COMPAT_BPF_H

#ifndef RAWBPF_UAPI_LINUX_BPF_H
#include <linux/bpf.h>
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libbpf_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Maps ---------------------------------------------------------------- */
struct bpf_map_create_opts {
	size_t sz;
	__u32 btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_vmlinux_value_type_id;
	__u32 inner_map_fd;
	__u32 map_flags;
	__u64 map_extra;
	__u32 numa_node;
	__u32 map_ifindex;
};

LIBBPF_API int bpf_map_create(enum bpf_map_type map_type, const char *map_name, __u32 key_size,
			      __u32 value_size, __u32 max_entries,
			      const struct bpf_map_create_opts *opts);
LIBBPF_API int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
LIBBPF_API int bpf_map_lookup_elem(int fd, const void *key, void *value);
LIBBPF_API int bpf_map_lookup_elem_flags(int fd, const void *key, void *value, __u64 flags);
LIBBPF_API int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value);
LIBBPF_API int bpf_map_delete_elem(int fd, const void *key);
LIBBPF_API int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags);
LIBBPF_API int bpf_map_get_next_key(int fd, const void *key, void *next_key);
LIBBPF_API int bpf_map_freeze(int fd);

/* BPF_MAP_*_BATCH (Linux 5.6). *count: in, the room in keys/values; out,
 * how many entries were copied, also when the result is -ENOENT (the end). */
struct bpf_map_batch_opts {
	size_t sz;
	__u64 elem_flags;
	__u64 flags;
};
LIBBPF_API int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys,
				    void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch,
					       void *keys, void *values, __u32 *count,
					       const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_update_batch(int fd, const void *keys, const void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts);
LIBBPF_API int bpf_map_delete_batch(int fd, const void *keys, __u32 *count,
				    const struct bpf_map_batch_opts *opts);

/* ---- Pins ------------------------------------------------------------------ */
struct bpf_obj_get_opts {
	size_t sz;
	__u32 file_flags; /* BPF_F_RDONLY, BPF_F_WRONLY */
	size_t :0;
};
LIBBPF_API int bpf_obj_pin(int fd, const char *pathname);
LIBBPF_API int bpf_obj_get(const char *pathname);
LIBBPF_API int bpf_obj_get_opts(const char *pathname, const struct bpf_obj_get_opts *opts);

/* ---- Programs ---------------------------------------------------------------- */
/* libbpf 1.x's recommended log size (the largest older kernels take). */
#define BPF_LOG_BUF_SIZE (UINT32_MAX >> 8)

struct bpf_prog_load_opts {
	size_t sz;
	int attempts; /* EAGAIN retries: rawbpf's rb_bpf() always makes up to 5 */
	enum bpf_attach_type expected_attach_type;
	__u32 prog_btf_fd;
	__u32 prog_flags;
	__u32 prog_ifindex;
	__u32 kern_version;
	__u32 attach_btf_id;
	__u32 attach_prog_fd;
	__u32 attach_btf_obj_fd;
	const int *fd_array;
	const void *func_info;
	__u32 func_info_cnt;
	__u32 func_info_rec_size;
	const void *line_info;
	__u32 line_info_cnt;
	__u32 line_info_rec_size;
	/* A log_buf without log_level: loaded without a log first, and
	 * only after a refusal again with log_level 1, as libbpf does. */
	__u32 log_level;
	__u32 log_size;
	char *log_buf;
};
LIBBPF_API int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name,
			     const char *license, const struct bpf_insn *insns, size_t insn_cnt,
			     const struct bpf_prog_load_opts *opts);

struct bpf_test_run_opts {
	size_t sz;
	const void *data_in;
	void *data_out;
	__u32 data_size_in;
	__u32 data_size_out; /* in: room in data_out; out: bytes written */
	const void *ctx_in;
	void *ctx_out;
	__u32 ctx_size_in;
	__u32 ctx_size_out;  /* in: room in ctx_out; out: bytes written */
	__u32 retval;        /* out: what the program returned */
	int repeat;
	__u32 duration;      /* out: ns per run, on average */
	__u32 flags;
	__u32 cpu;
	__u32 batch_size;
};
LIBBPF_API int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts);

/* ---- Attaching ------------------------------------------------------------------- */
struct bpf_prog_attach_opts {
	size_t sz;
	unsigned int flags;
	int replace_prog_fd;
};
LIBBPF_API int bpf_prog_attach(int prog_fd, int attachable_fd, enum bpf_attach_type type,
			       unsigned int flags);
LIBBPF_API int bpf_prog_attach_opts(int prog_fd, int attachable_fd, enum bpf_attach_type type,
				    const struct bpf_prog_attach_opts *opts);
LIBBPF_API int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type);
LIBBPF_API int bpf_prog_detach2(int prog_fd, int attachable_fd, enum bpf_attach_type type);

union bpf_iter_link_info; /* <linux/bpf.h> of Linux 5.9+ */
struct bpf_link_create_opts {
	size_t sz;
	__u32 flags;
	union bpf_iter_link_info *iter_info;
	__u32 iter_info_len;
	__u32 target_btf_id;
	union {
		struct {
			__u64 bpf_cookie;
		} perf_event;
		/* kprobe_multi (Linux 5.18) is not passed on: -EOPNOTSUPP */
		struct {
			__u32 flags;
			__u32 cnt;
			const char **syms;
			const unsigned long *addrs;
			const __u64 *cookies;
		} kprobe_multi;
		struct {
			__u64 cookie;
		} tracing;
	};
	size_t :0;
};
LIBBPF_API int bpf_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
			       const struct bpf_link_create_opts *opts);
LIBBPF_API int bpf_link_detach(int link_fd);

/* BPF_LINK_UPDATE (Linux 5.7): the link's program swapped for
 * new_prog_fd; with flags BPF_F_REPLACE, only if the link still holds
 * old_prog_fd's program (-EPERM when not). libbpf 1.1's struct: no
 * old_map_fd (struct_ops links, libbpf 1.2). */
struct bpf_link_update_opts {
	size_t sz;
	__u32 flags;
	__u32 old_prog_fd;
};
LIBBPF_API int bpf_link_update(int link_fd, int new_prog_fd,
			       const struct bpf_link_update_opts *opts);
LIBBPF_API int bpf_raw_tracepoint_open(const char *name, int prog_fd);

/* ---- Objects by id ------------------------------------------------------------- */
LIBBPF_API int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_map_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_link_get_next_id(__u32 start_id, __u32 *next_id);
LIBBPF_API int bpf_prog_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_map_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_btf_get_fd_by_id(__u32 id);
LIBBPF_API int bpf_link_get_fd_by_id(__u32 id);
/* info: a struct bpf_prog_info, bpf_map_info, bpf_link_info or
 * bpf_btf_info, as the fd is; *info_len in: its size, out: what the kernel
 * filled. */
LIBBPF_API int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);

/* BPF_PROG_QUERY: the ids of the programs attached to target_fd (a
 * cgroup, a netns, a lirc device, ...) at type. prog_cnt in: the room in
 * prog_ids (and prog_attach_flags); out: how many are attached, also when
 * that is more than the room (-ENOSPC, the first prog_cnt ids copied).
 * attach_flags out: the cgroup's BPF_F_ALLOW_* for type. */
struct bpf_prog_query_opts {
	size_t sz;
	__u32 query_flags; /* BPF_F_QUERY_EFFECTIVE */
	__u32 attach_flags;
	__u32 *prog_ids;
	__u32 prog_cnt;
	__u32 *prog_attach_flags; /* per program (Linux 6.0); not with EFFECTIVE */
};
LIBBPF_API int bpf_prog_query_opts(int target_fd, enum bpf_attach_type type,
				   struct bpf_prog_query_opts *opts);
/* The same, older: attach_flags may be NULL, prog_cnt may not. */
LIBBPF_API int bpf_prog_query(int target_fd, enum bpf_attach_type type, __u32 query_flags,
			      __u32 *attach_flags, __u32 *prog_ids, __u32 *prog_cnt);

/* ---- libbpf 0.x calls that 1.0 removed ---------------------------------------------
 * What the book-era samples call (Linux Observability with BPF, the
 * kernel's samples/bpf): the same bpf(2) commands with the old argument
 * lists. They return the fd or 0, or -1 with errno set, as 0.x did by
 * default. loader/compat/bpf_legacy.c. */
LIBBPF_API int bpf_create_map(enum bpf_map_type map_type, int key_size, int value_size,
			      int max_entries, __u32 map_flags);
LIBBPF_API int bpf_create_map_name(enum bpf_map_type map_type, const char *name, int key_size,
				   int value_size, int max_entries, __u32 map_flags);
LIBBPF_API int bpf_load_program(enum bpf_prog_type type, const struct bpf_insn *insns,
				size_t insns_cnt, const char *license, __u32 kern_version,
				char *log_buf, size_t log_buf_sz);

#ifdef __cplusplus
}
#endif

#endif
