/* BPF iterators: SEC("iter/TARGET"), and SEC("iter.s/TARGET") sleepable.
 *
 * An iterator is a tracing program (BPF_PROG_TYPE_TRACING, expected attach
 * type BPF_TRACE_ITER) loaded for the BTF id of bpf_iter_TARGET
 * (kernel/iter_targets.c). Unlike every other hook, attaching it runs
 * nothing: it takes two steps (Linux 5.8, kernel/bpf/bpf_iter.c):
 *   bpf(BPF_LINK_CREATE, prog, attach type BPF_TRACE_ITER) = an iterator link
 *   bpf(BPF_ITER_CREATE, link fd)                          = a seq_file fd
 * and then each read() of the second fd walks on through the kernel's
 * objects (tasks, maps, programs, sockets, ...), calls the program once
 * for each, and returns what it wrote with bpf_seq_printf() and
 * bpf_seq_write(); read() returns 0 after the last object, when the
 * program is called once more with a NULL object (meta->seq_num counts
 * the objects, which lets it print a header on the first). Every
 * BPF_ITER_CREATE starts a new walk: the link is a reusable "view", like
 * a file in /proc, and pinning it in bpffs makes one (`cat` reads it).
 *
 * Some targets walk one object the link names in link_create.iter_info
 * (Linux 5.9): bpf_map_elem (every element of a map), bpf_sk_storage_map
 * and sockmap take a map fd (kernel/bpf/map_iter.c, bpf_iter_attach_map());
 * rb_attach_opts.iter_map names it, `run --iter-map MAP`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "loader/kernel/bpf_syscall.h"

/* An iterator's link: the program's name kept for the messages of
 * rb_link_iter_open(), which may be called after the object is closed. */
struct iter_link {
	struct rb_link link; /* first: one pointer is both */
	char prog[64];
};

static int iter_link_detach(struct rb_link *link, struct rb_error *err)
{
	(void)err; /* closing the link fd is the whole detach; an fd of
		      BPF_ITER_CREATE still open holds its own reference */
	rb_link_close_fd(link);
	return 0;
}

static const struct rb_link_ops iter_link_ops = {
	.name = "iterator link",
	.detach = iter_link_detach,
};

/* Targets whose link names a map to walk (iter_info.map.map_fd). */
static int walks_a_map(const char *target)
{
	return strcmp(target, "bpf_map_elem") == 0 || strcmp(target, "bpf_sk_storage_map") == 0 ||
	       strcmp(target, "sockmap") == 0;
}

/* The map iter_map names, for link_create.iter_info; 0 when the target
 * walks none; -1 with err when it needs one and has none, or the other way. */
static int map_info(struct rb_program *prog, const struct rb_attach_opts *opts,
		    union bpf_iter_link_info *info, struct rb_error *err)
{
	struct rb_map *map;

	if (!walks_a_map(opts->target)) {
		if (opts->iter_map)
			return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): iterator %s "
				       "walks no map, so a map to iterate (iter_map %s, "
				       "--iter-map) does not apply", prog->fn.name,
				       prog->fn.section_name, opts->target, opts->iter_map);
		return 0;
	}
	if (!opts->iter_map)
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): iterator %s walks "
			       "the elements of one map: name one of the object's maps with "
			       "--iter-map MAP (rb_attach_opts.iter_map)", prog->fn.name,
			       prog->fn.section_name, opts->target);
	map = rb_object_map_by_name(prog->obj, opts->iter_map);
	if (!map || map->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "program %s: --iter-map %s: the object has no "
			       "%smap of that name (rawbpf inspect lists them)", prog->fn.name,
			       opts->iter_map, map ? "loaded " : "");
	memset(info, 0, sizeof(*info));
	info->map.map_fd = (__u32)map->fd;
	return 1;
}

static int attach_iter(struct rb_program *prog, const struct rb_attach_opts *opts,
		       struct rb_link **out, struct rb_error *err)
{
	union bpf_iter_link_info info;
	struct iter_link *il;
	union bpf_attr attr;
	int with_map = map_info(prog, opts, &info, err), fd, e;

	if (with_map < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = (__u32)prog->fd;
	attr.link_create.attach_type = BPF_TRACE_ITER;
	if (with_map) {
		attr.link_create.iter_info = rb_ptr(&info);
		attr.link_create.iter_info_len = sizeof(info);
	}
	fd = rb_bpf(BPF_LINK_CREATE, &attr);
	if (fd < 0) {
		e = errno;
		/* EINVAL before 5.8 (no iterators); EACCES when the program reads
		 * more of a map's value than the map has (bpf_iter_attach_map) */
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s (section %s): creating "
				     "iterator %s (BPF_LINK_CREATE, attach type BPF_TRACE_ITER) "
				     "failed%s", prog->fn.name, prog->fn.section_name, opts->target,
				     e == EACCES && with_map ? " (the program reads past the end of "
				     "the map's key or value)" : "");
	}
	if (with_map)
		rb_narrate(&prog->obj->narrator, "attach %s: bpf(BPF_LINK_CREATE, prog fd %d, "
			   "attach type BPF_TRACE_ITER, iter_info map fd %u (%s)) = link fd %d",
			   prog->fn.name, prog->fd, info.map.map_fd, opts->iter_map, fd);
	else
		rb_narrate(&prog->obj->narrator, "attach %s: bpf(BPF_LINK_CREATE, prog fd %d, "
			   "attach type BPF_TRACE_ITER) = link fd %d (iterator %s)", prog->fn.name,
			   prog->fd, fd, opts->target);
	if (rb_link_new(prog, &iter_link_ops, sizeof(*il), fd, out, err))
		return -1;
	il = (struct iter_link *)*out;
	snprintf(il->prog, sizeof(il->prog), "%s", prog->fn.name);
	return 0;
}

int rb_link_is_iter(const struct rb_link *link)
{
	return link && link->ops == &iter_link_ops;
}

int rb_link_iter_open(const struct rb_link *link, struct rb_error *err)
{
	const struct iter_link *il = (const struct iter_link *)link;
	union bpf_attr attr;
	int fd;

	if (!rb_link_is_iter(link))
		return rb_fail(err, RB_ERR_INPUT, "rb_link_iter_open: %s", link ? "the link is "
			       "not an iterator's (SEC(\"iter/...\"))" : "no link (NULL)");
	if (link->fd < 0)
		return rb_fail(err, RB_ERR_INPUT, "iterator %s: its link is detached", il->prog);
	memset(&attr, 0, sizeof(attr));
	attr.iter_create.link_fd = (__u32)link->fd;
	fd = rb_bpf(BPF_ITER_CREATE, &attr);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno, "iterator %s: BPF_ITER_CREATE on "
				     "link fd %d failed", il->prog, link->fd);
	rb_narrate(&link->narrator, "iterator %s: bpf(BPF_ITER_CREATE, link fd %d) = fd %d: "
		   "read() it to run the program", il->prog, link->fd, fd);
	return fd;
}

/* iter/TARGET, iter.s/TARGET (RB_SEC_ATTACH_BTF): the target is fixed
 * at load, so the provider takes no other one. */
const struct rb_attach_provider rb_provider_iter = {
	.name = "iter",
	.options = RB_ATTACH_OPT_ITER_MAP,
	.attach = attach_iter,
};
