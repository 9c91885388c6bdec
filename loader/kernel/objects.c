/* Kernel objects by id: what `rawbpf prog list`, `map list`, `map dump` and
 * `prog dump` read (rawbpf.h, "Kernel objects by id").
 *
 * The kernel numbers every program, map, link and BTF object it holds
 * (idr_alloc_cyclic in kernel/bpf/syscall.c, btf.c). BPF_*_GET_NEXT_ID
 * gives the first id above start_id (ENOENT: none), BPF_*_GET_FD_BY_ID an
 * fd for an id (ENOENT: gone), and BPF_OBJ_GET_INFO_BY_FD fills the info
 * struct of whatever the fd is: a prog, a map, a link or a BTF object
 * (bpf_obj_get_info_by_fd() dispatches on the file's f_op). All need
 * CAP_SYS_ADMIN. The kernel copies at most the info_len bytes the caller
 * gives, so these structs (uapi/linux/bpf.h) may be shorter than the
 * kernel's, and older kernels fill less of them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"
#include "loader/rawbpf.h"

const char *rb_kobj_kind_name(enum rb_kobj_kind kind)
{
	switch (kind) {
	case RB_KOBJ_PROG: return "program";
	case RB_KOBJ_MAP: return "map";
	case RB_KOBJ_LINK: return "link";
	case RB_KOBJ_BTF: return "BTF object";
	}
	return "object";
}

static enum bpf_cmd next_id_cmd(enum rb_kobj_kind kind)
{
	switch (kind) {
	case RB_KOBJ_PROG: return BPF_PROG_GET_NEXT_ID;
	case RB_KOBJ_MAP: return BPF_MAP_GET_NEXT_ID;
	case RB_KOBJ_LINK: return BPF_LINK_GET_NEXT_ID; /* Linux 5.8+ */
	case RB_KOBJ_BTF: return BPF_BTF_GET_NEXT_ID;
	}
	return BPF_PROG_GET_NEXT_ID;
}

static enum bpf_cmd fd_by_id_cmd(enum rb_kobj_kind kind)
{
	switch (kind) {
	case RB_KOBJ_PROG: return BPF_PROG_GET_FD_BY_ID;
	case RB_KOBJ_MAP: return BPF_MAP_GET_FD_BY_ID;
	case RB_KOBJ_LINK: return BPF_LINK_GET_FD_BY_ID;
	case RB_KOBJ_BTF: return BPF_BTF_GET_FD_BY_ID;
	}
	return BPF_PROG_GET_FD_BY_ID;
}

static const char *cmd_name(enum bpf_cmd cmd)
{
	switch (cmd) {
	case BPF_PROG_GET_NEXT_ID: return "BPF_PROG_GET_NEXT_ID";
	case BPF_MAP_GET_NEXT_ID: return "BPF_MAP_GET_NEXT_ID";
	case BPF_LINK_GET_NEXT_ID: return "BPF_LINK_GET_NEXT_ID";
	case BPF_BTF_GET_NEXT_ID: return "BPF_BTF_GET_NEXT_ID";
	case BPF_PROG_GET_FD_BY_ID: return "BPF_PROG_GET_FD_BY_ID";
	case BPF_MAP_GET_FD_BY_ID: return "BPF_MAP_GET_FD_BY_ID";
	case BPF_LINK_GET_FD_BY_ID: return "BPF_LINK_GET_FD_BY_ID";
	case BPF_BTF_GET_FD_BY_ID: return "BPF_BTF_GET_FD_BY_ID";
	default: return "bpf";
	}
}

int rb_kobj_next_id(enum rb_kobj_kind kind, uint32_t id, uint32_t *next,
		    const struct rb_narrator *nar, struct rb_error *err)
{
	union bpf_attr attr;
	enum bpf_cmd cmd = next_id_cmd(kind);

	memset(&attr, 0, sizeof(attr));
	attr.start_id = id;
	if (rb_bpf(cmd, &attr) == 0) {
		*next = attr.next_id;
		rb_narrate(nar, "bpf(%s, start_id %u) = 0: next id %u", cmd_name(cmd), id,
			   *next);
		return 1;
	}
	if (errno == ENOENT) {
		rb_narrate(nar, "bpf(%s, start_id %u) = ENOENT: no %s after it", cmd_name(cmd),
			   id, rb_kobj_kind_name(kind));
		return 0;
	}
	if (errno == EINVAL && kind == RB_KOBJ_LINK)
		return 0; /* before Linux 5.8 there are no links to list */
	return rb_fail_errno(err, RB_ERR_KERNEL, errno, "%s after id %u failed", cmd_name(cmd), id);
}

int rb_kobj_fd_by_id(enum rb_kobj_kind kind, uint32_t id, const struct rb_narrator *nar,
		     struct rb_error *err)
{
	union bpf_attr attr;
	enum bpf_cmd cmd = fd_by_id_cmd(kind);
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = id; /* prog_id, map_id, link_id, btf_id: one field */
	fd = rb_bpf(cmd, &attr);
	if (fd >= 0) {
		rb_narrate(nar, "bpf(%s, %u) = fd %d", cmd_name(cmd), id, fd);
		return fd;
	}
	if (errno == ENOENT) {
		rb_fail(err, RB_ERR_INPUT, "no BPF %s with id %u", rb_kobj_kind_name(kind), id);
		if (err)
			err->errnum = ENOENT;
		return -1;
	}
	return rb_fail_errno(err, RB_ERR_KERNEL, errno, "%s %u failed", cmd_name(cmd), id);
}

/* What an fd from BPF_OBJ_GET is. Each kind's fd is an anonymous inode
 * whose name says it (kernel/bpf/syscall.c: anon_inode_getfd("bpf-prog"),
 * ("bpf-map"), anon_inode_getfile("bpf_link"); btf.c: ("btf")), and
 * /proc/self/fd/N links to "anon_inode:NAME". -1 when it is none of them. */
int rb_fd_kind(int fd, enum rb_kobj_kind *kind)
{
	static const struct {
		const char *link;
		enum rb_kobj_kind kind;
	} names[] = {
		{ "anon_inode:bpf-prog", RB_KOBJ_PROG },
		{ "anon_inode:bpf-map", RB_KOBJ_MAP },
		{ "anon_inode:bpf_link", RB_KOBJ_LINK },
		/* a link fd from BPF_OBJ_GET or an id: bpf_link_new_fd() says "bpf-link" */
		{ "anon_inode:bpf-link", RB_KOBJ_LINK },
		{ "anon_inode:btf", RB_KOBJ_BTF },
	};
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(target, names[i].link) == 0) {
			*kind = names[i].kind;
			return 0;
		}
	return -1;
}

/* Why BPF_OBJ_GET failed, in the user's terms: a permission error from
 * the kernel here most often means "not a pin". */
static int open_pinned_failed(const char *path, int e, struct rb_error *err)
{
	struct stat sb;
	int on_bpffs = rb_on_bpffs(path);

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return rb_fail(err, RB_ERR_INPUT, "%s is a directory, not a pinned BPF object%s", path,
			       on_bpffs ? " (the pins are the files in it)" : "");
	if (e == ENOENT || e == ENOTDIR || e == EINVAL || !on_bpffs)
		return rb_fail_errno(err, RB_ERR_INPUT, e, "%s: not a pinned BPF object%s", path,
				     on_bpffs ? "" : " (pins are files in a BPF filesystem, such "
				     "as /sys/fs/bpf; this is not in one)");
	return rb_fail_errno(err, RB_ERR_KERNEL, e, "%s: BPF_OBJ_GET failed", path);
}

int rb_kobj_open_pinned(const char *path, enum rb_kobj_kind *kind, const struct rb_narrator *nar,
			struct rb_error *err)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = rb_ptr(path);
	/* bpf_obj_get_user() -> bpf_obj_do_get() (kernel/bpf/inode.c): ENOENT
	 * for nothing there; EACCES from bpf_inode_type() for anything that
	 * is not a pin: a file outside a BPF filesystem, a directory in one */
	fd = rb_bpf(BPF_OBJ_GET, &attr);
	if (fd < 0)
		return open_pinned_failed(path, errno, err);
	if (rb_fd_kind(fd, kind) != 0) {
		close(fd);
		return rb_fail(err, RB_ERR_SYSTEM,
			       "%s: BPF_OBJ_GET gave fd %d, but /proc/self/fd does not say what "
			       "it is (is /proc mounted?)", path, fd);
	}
	rb_narrate(nar, "bpf(BPF_OBJ_GET, %s) = fd %d: a %s (/proc/self/fd/%d says)", path, fd,
		   rb_kobj_kind_name(*kind), fd);
	return fd;
}

/* An argument of digits (a '-' before them too) is an id, never a path
 * (a pin in the current directory named so is ./N): 1 with *id set, 0 for
 * a path, -1 for a number that is no id (ids are u32s from 1:
 * idr_alloc_cyclic(..., 1, INT_MAX, ...) in kernel/bpf/syscall.c). */
static int parse_id(const char *s, uint32_t *id)
{
	const char *digits = s[0] == '-' ? s + 1 : s;
	unsigned long long v = 0;

	if (!*digits || strspn(digits, "0123456789") != strlen(digits))
		return 0;
	if (s[0] == '-' || strlen(digits) > 10)
		return -1;
	for (; *digits; digits++)
		v = v * 10 + (unsigned)(*digits - '0');
	if (v == 0 || v > UINT32_MAX)
		return -1;
	*id = (uint32_t)v;
	return 1;
}

int rb_kobj_open(const char *id_or_path, enum rb_kobj_kind kind, const struct rb_narrator *nar,
		 struct rb_error *err)
{
	enum rb_kobj_kind found;
	uint32_t id;
	int fd;

	switch (parse_id(id_or_path, &id)) {
	case 1:
		return rb_kobj_fd_by_id(kind, id, nar, err);
	case -1:
		return rb_fail(err, RB_ERR_INPUT, "%s: not a %s id: ids are 1..4294967295 (a pin "
			       "named so is ./%s)", id_or_path, rb_kobj_kind_name(kind), id_or_path);
	}
	fd = rb_kobj_open_pinned(id_or_path, &found, nar, err);
	if (fd < 0)
		return -1;
	if (found != kind) {
		close(fd);
		return rb_fail(err, RB_ERR_INPUT, "%s: the object pinned there is a BPF %s, "
			       "not a %s", id_or_path, rb_kobj_kind_name(found),
			       rb_kobj_kind_name(kind));
	}
	return fd;
}

int rb_obj_info(int fd, void *info, uint32_t len, const struct rb_narrator *nar, const char *what)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (__u32)fd;
	attr.info.info_len = len;
	attr.info.info = rb_ptr(info);
	ret = rb_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	if (ret == 0)
		rb_narrate(nar, "bpf(BPF_OBJ_GET_INFO_BY_FD, fd %d, %u bytes) = 0: %s", fd,
			   attr.info.info_len, what);
	return ret;
}

static void copy_name(char dst[RB_OBJ_NAME_LEN], const char *src)
{
	memcpy(dst, src, RB_OBJ_NAME_LEN);
	dst[RB_OBJ_NAME_LEN - 1] = '\0';
}

int rb_prog_info_by_fd(int fd, struct rb_prog_info *out, const struct rb_narrator *nar,
		       struct rb_error *err)
{
	struct bpf_prog_info info;

	memset(out, 0, sizeof(*out));
	/* map_ids is a buffer the kernel fills with up to nr_map_ids ids, and
	 * sets nr_map_ids to how many the program uses */
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = RB_PROG_MAX_MAPS;
	info.map_ids = rb_ptr(out->map_ids);
	if (rb_obj_info(fd, &info, sizeof(info), nar, "struct bpf_prog_info") != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "BPF_OBJ_GET_INFO_BY_FD of program fd %d failed", fd);
	out->id = info.id;
	out->type = info.type;
	copy_name(out->name, info.name);
	memcpy(out->tag, info.tag, sizeof(out->tag));
	out->map_count = info.nr_map_ids < RB_PROG_MAX_MAPS ? info.nr_map_ids : RB_PROG_MAX_MAPS;
	out->load_time = info.load_time;
	out->created_by_uid = info.created_by_uid;
	out->btf_id = info.btf_id;
	out->xlated_len = info.xlated_prog_len;
	out->jited_len = info.jited_prog_len;
	out->gpl_compatible = info.gpl_compatible;
	return 0;
}

int rb_prog_xlated_by_fd(int fd, struct bpf_insn **insns, size_t *count,
			 const struct rb_narrator *nar, struct rb_error *err)
{
	struct bpf_prog_info info;
	struct rb_prog_info pi;
	uint32_t len;

	*insns = NULL;
	*count = 0;
	if (rb_prog_info_by_fd(fd, &pi, nar, err))
		return -1;
	/* 0 when the caller may not see them (bpf_capable(), or
	 * kernel.bpf_stats / lockdown: bpf_prog_get_info_by_fd()) */
	if (pi.xlated_len == 0)
		return rb_fail(err, RB_ERR_KERNEL, "program %u: the kernel shows no translated "
			       "instructions (it needs CAP_PERFMON/CAP_SYS_ADMIN)", pi.id);
	len = pi.xlated_len;
	*insns = calloc(1, len);
	if (!*insns)
		return rb_fail_errno(err, RB_ERR_SYSTEM, ENOMEM, "program %u: %u bytes of "
				     "instructions", pi.id, len);
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = len;
	info.xlated_prog_insns = rb_ptr(*insns);
	if (rb_obj_info(fd, &info, sizeof(info), nar, "xlated_prog_insns") != 0) {
		int e = errno;
		free(*insns);
		*insns = NULL;
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %u: BPF_OBJ_GET_INFO_BY_FD "
				     "(xlated_prog_insns) failed", pi.id);
	}
	/* A program whose constants the JIT blinded (net.core.bpf_jit_harden)
	 * is shown only to a caller that may see raw kernel addresses
	 * (bpf_dump_raw_ok(): kernel.kptr_restrict, as for /proc/kallsyms);
	 * to another, bpf_prog_get_info_by_fd() (kernel/bpf/syscall.c) says
	 * the length but zeroes the pointer we gave instead of copying. */
	if (info.xlated_prog_insns == 0) {
		free(*insns);
		*insns = NULL;
		return rb_fail(err, RB_ERR_KERNEL, "program %u: the kernel says it has %u bytes of "
			       "instructions but shows them not: the JIT blinded its constants "
			       "(net.core.bpf_jit_harden), and kernel.kptr_restrict hides kernel "
			       "addresses from this process (sysctl kernel.kptr_restrict=0, or 1 "
			       "with CAP_SYSLOG)", pi.id, len);
	}
	/* the kernel writes min(its length, ours) and says its own length */
	*count = (info.xlated_prog_len < len ? info.xlated_prog_len : len) / sizeof(struct bpf_insn);
	return 0;
}

int rb_map_info_by_fd(int fd, struct rb_map_info *out, const struct rb_narrator *nar,
		      struct rb_error *err)
{
	struct bpf_map_info info;

	memset(out, 0, sizeof(*out));
	memset(&info, 0, sizeof(info));
	if (rb_obj_info(fd, &info, sizeof(info), nar, "struct bpf_map_info") != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "BPF_OBJ_GET_INFO_BY_FD of map fd %d failed", fd);
	out->id = info.id;
	out->type = info.type;
	copy_name(out->name, info.name);
	out->key_size = info.key_size;
	out->value_size = info.value_size;
	out->max_entries = info.max_entries;
	out->map_flags = info.map_flags;
	out->btf_id = info.btf_id;
	out->btf_key_type_id = info.btf_key_type_id;
	out->btf_value_type_id = info.btf_value_type_id;
	out->map_extra = info.map_extra;
	return 0;
}

void rb_map_from_info(int fd, const struct rb_map_info *info, struct rb_map *map,
		      const struct rb_narrator *nar)
{
	*map = (struct rb_map){ .fd = fd };
	map->type = info->type;
	map->key_size = info->key_size;
	map->value_size = info->value_size;
	map->max_entries = info->max_entries;
	map->map_flags = info->map_flags;
	map->map_extra = info->map_extra;
	map->btf_key_type_id = info->btf_key_type_id;
	map->btf_value_type_id = info->btf_value_type_id;
	memcpy(map->kernel_name, info->name, sizeof(map->kernel_name));
	map->kernel_name[sizeof(map->kernel_name) - 1] = '\0';
	map->name = map->kernel_name;
	map->narrator = nar; /* the rb_map_* calls tell what they do */
}

int rb_map_from_fd(int fd, struct rb_map *map, const struct rb_narrator *nar, struct rb_error *err)
{
	struct rb_map_info info;

	*map = (struct rb_map){ .fd = -1 };
	if (rb_map_info_by_fd(fd, &info, nar, err))
		return -1;
	rb_map_from_info(fd, &info, map, nar);
	return 0;
}
