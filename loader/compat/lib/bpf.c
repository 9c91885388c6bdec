/* libbpf's low-level API (bpf/bpf.h) on rawbpf's bpf(2) wrapper: each
 * function fills the members of union bpf_attr its command reads and makes
 * one rb_bpf() call, which retries EINTR and EAGAIN as libbpf's
 * sys_bpf() does. Failures return -errno and leave errno set, libbpf 1.x's
 * convention (libbpf_err() in its libbpf_internal.h).
 *
 * An options struct is read only as far as its caller's sz says (a
 * caller built against a shorter struct); the rest counts as zero, and
 * what the call writes back goes only where sz reaches. A struct longer
 * than this layer knows (a caller built against a newer libbpf) is taken
 * when its extra bytes are zero: libbpf's OPTS_VALID, OPTS_GET and
 * OPTS_SET rules (libbpf_internal.h). */
#include <errno.h>
#include <string.h>

#include "loader/kernel/bpf_syscall.h" /* the pinned <linux/bpf.h> first */
#include "loader/compat/bpf/bpf.h"

/* The field of opts, or 0 when the caller's struct ends before it. */
#define OPT(opts, field)                                                          \
	((opts) && (opts)->sz >= offsetof(__typeof__(*(opts)), field) + sizeof((opts)->field) \
		 ? (opts)->field : (__typeof__((opts)->field))0)

#define offsetofend(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

/* Whether the caller's sz covers the field: it may be written back. */
#define OPT_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetofend(__typeof__(*(opts)), field))

/* libbpf_validate_opts(): NULL is fine (all defaults); sz must hold at
 * least sz itself, and bytes past the fields known here must be zero (an
 * option this layer would silently ignore). */
static int opts_valid(const void *opts, size_t known, size_t sz)
{
	if (!opts)
		return 1;
	if (sz < sizeof(size_t))
		return 0;
	for (size_t i = known; i < sz; i++)
		if (((const unsigned char *)opts)[i])
			return 0;
	return 1;
}

#define OPTS_VALID(opts, last_field) \
	opts_valid(opts, offsetofend(__typeof__(*(opts)), last_field), (opts) ? (opts)->sz : 0)

static int invalid(void)
{
	errno = EINVAL;
	return -EINVAL;
}

/* bpf(2)'s -1 and errno as libbpf 1.x returns them. */
static int result(int ret)
{
	return ret < 0 ? -errno : ret; /* errno stays set too */
}

static int call(enum bpf_cmd cmd, union bpf_attr *attr)
{
	return result(rb_bpf(cmd, attr));
}

int bpf_map_create(enum bpf_map_type map_type, const char *map_name, __u32 key_size,
		   __u32 value_size, __u32 max_entries, const struct bpf_map_create_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, map_ifindex))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.map_type = map_type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	if (map_name) /* the kernel keeps 15 characters and the NUL */
		strncpy(attr.map_name, map_name, sizeof(attr.map_name) - 1);
	attr.btf_fd = OPT(opts, btf_fd);
	attr.btf_key_type_id = OPT(opts, btf_key_type_id);
	attr.btf_value_type_id = OPT(opts, btf_value_type_id);
	attr.btf_vmlinux_value_type_id = OPT(opts, btf_vmlinux_value_type_id);
	attr.inner_map_fd = OPT(opts, inner_map_fd);
	attr.map_flags = OPT(opts, map_flags);
	attr.map_extra = OPT(opts, map_extra);
	attr.numa_node = OPT(opts, numa_node);
	attr.map_ifindex = OPT(opts, map_ifindex);
	return call(BPF_MAP_CREATE, &attr);
}

static int elem(enum bpf_cmd cmd, int fd, const void *key, const void *value, __u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)fd;
	attr.key = rb_ptr(key);
	attr.value = rb_ptr(value); /* next_key for GET_NEXT_KEY: the same field */
	attr.flags = flags;
	return call(cmd, &attr);
}

int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags)
{
	return elem(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

int bpf_map_lookup_elem(int fd, const void *key, void *value)
{
	return elem(BPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

int bpf_map_lookup_elem_flags(int fd, const void *key, void *value, __u64 flags)
{
	return elem(BPF_MAP_LOOKUP_ELEM, fd, key, value, flags);
}

int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value)
{
	return elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, value, 0);
}

int bpf_map_delete_elem(int fd, const void *key)
{
	return elem(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags)
{
	return elem(BPF_MAP_DELETE_ELEM, fd, key, NULL, flags);
}

int bpf_map_get_next_key(int fd, const void *key, void *next_key)
{
	return elem(BPF_MAP_GET_NEXT_KEY, fd, key, next_key, 0);
}

int bpf_map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)fd;
	return call(BPF_MAP_FREEZE, &attr);
}

static int batch(enum bpf_cmd cmd, int fd, void *in_batch, void *out_batch, void *keys,
		 void *values, __u32 *count, const struct bpf_map_batch_opts *opts)
{
	union bpf_attr attr;
	int ret;

	if (!OPTS_VALID(opts, flags))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.batch.map_fd = (__u32)fd;
	attr.batch.in_batch = rb_ptr(in_batch);
	attr.batch.out_batch = rb_ptr(out_batch);
	attr.batch.keys = rb_ptr(keys);
	attr.batch.values = rb_ptr(values);
	attr.batch.count = *count;
	attr.batch.elem_flags = OPT(opts, elem_flags);
	attr.batch.flags = OPT(opts, flags);
	ret = rb_bpf(cmd, &attr);
	*count = attr.batch.count; /* also on ENOENT: the entries before the end */
	return result(ret);
}

int bpf_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys, void *values,
			 __u32 *count, const struct bpf_map_batch_opts *opts)
{
	return batch(BPF_MAP_LOOKUP_BATCH, fd, in_batch, out_batch, keys, values, count, opts);
}

int bpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch, void *keys,
				    void *values, __u32 *count,
				    const struct bpf_map_batch_opts *opts)
{
	return batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, in_batch, out_batch, keys, values,
		     count, opts);
}

int bpf_map_update_batch(int fd, const void *keys, const void *values, __u32 *count,
			 const struct bpf_map_batch_opts *opts)
{
	return batch(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, (void *)keys, (void *)values, count,
		     opts);
}

int bpf_map_delete_batch(int fd, const void *keys, __u32 *count,
			 const struct bpf_map_batch_opts *opts)
{
	return batch(BPF_MAP_DELETE_BATCH, fd, NULL, NULL, (void *)keys, NULL, count, opts);
}

int bpf_obj_pin(int fd, const char *pathname)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(pathname);
	attr.bpf_fd = (__u32)fd;
	return call(BPF_OBJ_PIN, &attr);
}

int bpf_obj_get_opts(const char *pathname, const struct bpf_obj_get_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, file_flags))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(pathname);
	attr.file_flags = OPT(opts, file_flags);
	return call(BPF_OBJ_GET, &attr);
}

int bpf_obj_get(const char *pathname)
{
	return bpf_obj_get_opts(pathname, NULL);
}

int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name, const char *license,
		  const struct bpf_insn *insns, size_t insn_cnt,
		  const struct bpf_prog_load_opts *opts)
{
	union bpf_attr attr;
	char *log_buf = OPT(opts, log_buf);
	__u32 log_size = OPT(opts, log_size), log_level = OPT(opts, log_level);
	int fd;

	if (!OPTS_VALID(opts, log_buf))
		return invalid();
	if ((log_buf && !log_size) || (!log_buf && log_size) || insn_cnt > UINT32_MAX) {
		errno = EINVAL;
		return -EINVAL;
	}
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog_type;
	attr.expected_attach_type = OPT(opts, expected_attach_type);
	attr.prog_btf_fd = OPT(opts, prog_btf_fd);
	attr.prog_flags = OPT(opts, prog_flags);
	attr.prog_ifindex = OPT(opts, prog_ifindex);
	attr.kern_version = OPT(opts, kern_version);
	attr.attach_btf_id = OPT(opts, attach_btf_id);
	attr.attach_prog_fd = OPT(opts, attach_prog_fd);
	if (OPT(opts, attach_btf_obj_fd)) /* the same field in the kernel's union */
		attr.attach_btf_obj_fd = OPT(opts, attach_btf_obj_fd);
	attr.fd_array = rb_ptr(OPT(opts, fd_array));
	attr.func_info = rb_ptr(OPT(opts, func_info));
	attr.func_info_cnt = OPT(opts, func_info_cnt);
	attr.func_info_rec_size = OPT(opts, func_info_rec_size);
	attr.line_info = rb_ptr(OPT(opts, line_info));
	attr.line_info_cnt = OPT(opts, line_info_cnt);
	attr.line_info_rec_size = OPT(opts, line_info_rec_size);
	attr.insns = rb_ptr(insns);
	attr.insn_cnt = (__u32)insn_cnt;
	attr.license = rb_ptr(license);
	if (prog_name)
		strncpy(attr.prog_name, prog_name, sizeof(attr.prog_name) - 1);
	if (log_level) {
		attr.log_level = log_level;
		attr.log_buf = rb_ptr(log_buf);
		attr.log_size = log_size;
	}
	fd = rb_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0 && log_buf && !log_level) { /* refused: again, with the log */
		attr.log_level = 1;
		attr.log_buf = rb_ptr(log_buf);
		attr.log_size = log_size;
		log_buf[0] = '\0';
		fd = rb_bpf(BPF_PROG_LOAD, &attr);
	}
	return result(fd);
}

int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts)
{
	union bpf_attr attr;
	int ret;

	if (!OPTS_VALID(opts, batch_size))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = (__u32)prog_fd;
	attr.test.data_in = rb_ptr(OPT(opts, data_in));
	attr.test.data_out = rb_ptr(OPT(opts, data_out));
	attr.test.data_size_in = OPT(opts, data_size_in);
	attr.test.data_size_out = OPT(opts, data_size_out);
	attr.test.ctx_in = rb_ptr(OPT(opts, ctx_in));
	attr.test.ctx_out = rb_ptr(OPT(opts, ctx_out));
	attr.test.ctx_size_in = OPT(opts, ctx_size_in);
	attr.test.ctx_size_out = OPT(opts, ctx_size_out);
	attr.test.repeat = (__u32)OPT(opts, repeat);
	attr.test.flags = OPT(opts, flags);
	attr.test.cpu = OPT(opts, cpu);
	attr.test.batch_size = OPT(opts, batch_size);
	ret = rb_bpf(BPF_PROG_TEST_RUN, &attr);
	/* what the kernel wrote back, as libbpf copies it: only into the
	 * fields the caller's struct has */
	if (OPT_HAS(opts, data_size_out))
		opts->data_size_out = attr.test.data_size_out;
	if (OPT_HAS(opts, ctx_size_out))
		opts->ctx_size_out = attr.test.ctx_size_out;
	if (OPT_HAS(opts, duration))
		opts->duration = attr.test.duration;
	if (OPT_HAS(opts, retval))
		opts->retval = attr.test.retval;
	return result(ret);
}

int bpf_prog_attach_opts(int prog_fd, int attachable_fd, enum bpf_attach_type type,
			 const struct bpf_prog_attach_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, replace_prog_fd))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (__u32)attachable_fd;
	attr.attach_bpf_fd = (__u32)prog_fd;
	attr.attach_type = type;
	attr.attach_flags = OPT(opts, flags);
	attr.replace_bpf_fd = (__u32)OPT(opts, replace_prog_fd);
	return call(BPF_PROG_ATTACH, &attr);
}

int bpf_prog_attach(int prog_fd, int attachable_fd, enum bpf_attach_type type,
		    unsigned int flags)
{
	struct bpf_prog_attach_opts opts = { .sz = sizeof(opts), .flags = flags };

	return bpf_prog_attach_opts(prog_fd, attachable_fd, type, &opts);
}

int bpf_prog_detach2(int prog_fd, int attachable_fd, enum bpf_attach_type type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (__u32)attachable_fd;
	attr.attach_bpf_fd = (__u32)prog_fd;
	attr.attach_type = type;
	return call(BPF_PROG_DETACH, &attr);
}

int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type)
{
	return bpf_prog_detach2(0, attachable_fd, type);
}

int bpf_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
		    const struct bpf_link_create_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, kprobe_multi.cookies))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (__u32)prog_fd;
	attr.link_create.target_fd = (__u32)target_fd;
	attr.link_create.attach_type = attach_type;
	attr.link_create.flags = OPT(opts, flags);
	/* one union in the kernel: the member the attach type reads
	 * (link_create() in kernel/bpf/syscall.c), as libbpf fills it */
	if (OPT(opts, target_btf_id)) {
		attr.link_create.target_btf_id = OPT(opts, target_btf_id);
		return call(BPF_LINK_CREATE, &attr);
	}
	switch (attach_type) {
	case BPF_TRACE_ITER:
		attr.link_create.iter_info = rb_ptr(OPT(opts, iter_info));
		attr.link_create.iter_info_len = OPT(opts, iter_info_len);
		break;
	case BPF_PERF_EVENT:
		attr.link_create.perf_event.bpf_cookie = OPT(opts, perf_event.bpf_cookie);
		break;
	case BPF_TRACE_KPROBE_MULTI: /* rawbpf's bpf_attr has no kprobe_multi */
		errno = EOPNOTSUPP;
		return -EOPNOTSUPP;
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
	case BPF_LSM_MAC:
		/* bpf_tracing_prog_attach() reads tracing.cookie (Linux 6.0),
		 * 8 bytes after target_btf_id: not perf_event.bpf_cookie */
		attr.link_create.tracing.cookie = OPT(opts, tracing.cookie);
		break;
	default:
		break;
	}
	return call(BPF_LINK_CREATE, &attr);
}

int bpf_link_detach(int link_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_detach.link_fd = (__u32)link_fd;
	return call(BPF_LINK_DETACH, &attr);
}

/* A cgroup query writes query.revision whatever size is passed (the
 * pinned union has it, so rb_bpf()'s size reaches past it). */
_Static_assert(offsetofend(union bpf_attr, query.revision) <= sizeof(union bpf_attr),
	       "BPF_PROG_QUERY's out fields are inside the attr rb_bpf() passes");

int bpf_link_update(int link_fd, int new_prog_fd, const struct bpf_link_update_opts *opts)
{
	union bpf_attr attr;

	if (!OPTS_VALID(opts, old_prog_fd))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.link_update.link_fd = (__u32)link_fd;
	attr.link_update.new_prog_fd = (__u32)new_prog_fd;
	attr.link_update.flags = OPT(opts, flags);
	/* passed as given: the kernel refuses an old_prog_fd without
	 * BPF_F_REPLACE (-EINVAL, link_update() in kernel/bpf/syscall.c) */
	attr.link_update.old_prog_fd = OPT(opts, old_prog_fd);
	return call(BPF_LINK_UPDATE, &attr);
}

int bpf_prog_query_opts(int target_fd, enum bpf_attach_type type,
			struct bpf_prog_query_opts *opts)
{
	union bpf_attr attr;
	int ret;

	if (!OPTS_VALID(opts, prog_attach_flags))
		return invalid();
	memset(&attr, 0, sizeof(attr));
	attr.query.target_fd = (__u32)target_fd;
	attr.query.attach_type = type;
	attr.query.query_flags = OPT(opts, query_flags);
	attr.query.prog_ids = rb_ptr(OPT(opts, prog_ids));
	attr.query.prog_cnt = OPT(opts, prog_cnt);
	attr.query.prog_attach_flags = rb_ptr(OPT(opts, prog_attach_flags));
	ret = rb_bpf(BPF_PROG_QUERY, &attr);
	/* written back whatever the result, as libbpf 1.1 does: after
	 * -ENOSPC prog_cnt is the number attached; after a failure before
	 * the kernel wrote, attach_flags is 0 and prog_cnt what was given */
	if (OPT_HAS(opts, attach_flags))
		opts->attach_flags = attr.query.attach_flags;
	if (OPT_HAS(opts, prog_cnt))
		opts->prog_cnt = attr.query.prog_cnt;
	return result(ret);
}

int bpf_prog_query(int target_fd, enum bpf_attach_type type, __u32 query_flags,
		   __u32 *attach_flags, __u32 *prog_ids, __u32 *prog_cnt)
{
	LIBBPF_OPTS(bpf_prog_query_opts, opts, .query_flags = query_flags,
		    .prog_ids = prog_ids, .prog_cnt = *prog_cnt);
	int ret = bpf_prog_query_opts(target_fd, type, &opts);

	if (attach_flags)
		*attach_flags = opts.attach_flags;
	*prog_cnt = opts.prog_cnt;
	return ret; /* errno is still bpf_prog_query_opts()'s */
}

int bpf_raw_tracepoint_open(const char *name, int prog_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = rb_ptr(name);
	attr.raw_tracepoint.prog_fd = (__u32)prog_fd;
	return call(BPF_RAW_TRACEPOINT_OPEN, &attr);
}

static int get_next_id(enum bpf_cmd cmd, __u32 start_id, __u32 *next)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = start_id;
	ret = call(cmd, &attr);
	if (ret == 0)
		*next = attr.next_id;
	return ret;
}

int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_PROG_GET_NEXT_ID, start_id, next_id);
}

int bpf_map_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_MAP_GET_NEXT_ID, start_id, next_id);
}

int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_BTF_GET_NEXT_ID, start_id, next_id);
}

int bpf_link_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(BPF_LINK_GET_NEXT_ID, start_id, next_id);
}

static int fd_by_id(enum bpf_cmd cmd, __u32 id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = id; /* prog_id, map_id, btf_id, link_id: one field */
	return call(cmd, &attr);
}

int bpf_prog_get_fd_by_id(__u32 id)
{
	return fd_by_id(BPF_PROG_GET_FD_BY_ID, id);
}

int bpf_map_get_fd_by_id(__u32 id)
{
	return fd_by_id(BPF_MAP_GET_FD_BY_ID, id);
}

int bpf_btf_get_fd_by_id(__u32 id)
{
	return fd_by_id(BPF_BTF_GET_FD_BY_ID, id);
}

int bpf_link_get_fd_by_id(__u32 id)
{
	return fd_by_id(BPF_LINK_GET_FD_BY_ID, id);
}

int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (__u32)bpf_fd;
	attr.info.info_len = *info_len;
	attr.info.info = rb_ptr(info);
	ret = call(BPF_OBJ_GET_INFO_BY_FD, &attr);
	if (ret == 0)
		*info_len = attr.info.info_len;
	return ret;
}
