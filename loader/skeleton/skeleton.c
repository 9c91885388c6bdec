/* What a generated skeleton (`rawbpf gen skeleton`, gen.c) calls: the
 * object opened from the bytes the header embeds, and the skeleton's
 * pointers kept pointing at the right things through its life, as
 * libbpf's bpf_object__open_skeleton() and friends do for bpftool's:
 *
 *   open     skel->maps.X, skel->progs.X point at the object's maps and
 *            programs; skel->bss/data/rodata at each section's initial
 *            value (rb_map.init_value), so user space sets
 *            skel->rodata->x before load and the load writes it;
 *   load     skel->bss/... now point at the maps' mmap'd pages
 *            (rb_map_mmap): a store is seen by the programs at once, and
 *            .rodata is read-only, as the kernel froze it;
 *   attach   skel->links.X are the programs' links;
 *   destroy  links, programs, maps, mappings gone; the pointers NULL.
 * The descriptor (struct rb_skeleton) is malloc'd by the header and freed
 * here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader/open/object.h"

int rb_error_errno(const struct rb_error *err)
{
	if (err->errnum > 0)
		return err->errnum;
	switch (err->kind) {
	case RB_ERR_SYSTEM: return ENOMEM;
	case RB_ERR_KERNEL: return EPERM;
	default: return EINVAL;
	}
}

int rb_skeleton_open(struct rb_skeleton *s, const struct rb_open_opts *opts,
		     struct rb_error *err)
{
	struct rb_object *obj;

	if (rb_object_open_buffer(&obj, s->path, s->data, s->size, opts, err))
		return -1;
	*s->obj = obj;
	for (size_t i = 0; i < s->map_count; i++) {
		struct rb_map *m = rb_object_map_by_name(obj, s->maps[i].name);

		if (!m)
			return rb_fail(err, RB_ERR_INPUT, "%s: skeleton %s names map %s, which the "
				       "object does not have: generate the skeleton again",
				       s->path, s->name, s->maps[i].name);
		*s->maps[i].map = m;
		if (s->maps[i].data)
			*s->maps[i].data = m->init_value;
	}
	for (size_t i = 0; i < s->prog_count; i++) {
		struct rb_program *p = rb_object_program_by_name(obj, s->progs[i].name);

		if (!p)
			return rb_fail(err, RB_ERR_INPUT, "%s: skeleton %s names program %s, which "
				       "the object does not have: generate the skeleton again",
				       s->path, s->name, s->progs[i].name);
		*s->progs[i].prog = p;
	}
	return 0;
}

int rb_skeleton_load(struct rb_skeleton *s, struct rb_error *err)
{
	if (!*s->obj)
		return rb_fail(err, RB_ERR_INPUT, "skeleton %s: not open", s->name);
	if (rb_object_load(*s->obj, err))
		return -1;
	for (size_t i = 0; i < s->map_count; i++) {
		void *p;

		if (!s->maps[i].data)
			continue;
		p = rb_map_mmap(*s->maps[i].map, err);
		if (!p) {
			/* back to the initial values: the mappings go with the maps */
			for (size_t j = 0; j < s->map_count; j++)
				if (s->maps[j].data)
					*s->maps[j].data = (*s->maps[j].map)->init_value;
			rb_object_unload(*s->obj);
			return -1;
		}
		*s->maps[i].data = p;
	}
	return 0;
}

int rb_skeleton_attach(struct rb_skeleton *s, struct rb_error *err)
{
	if (!*s->obj)
		return rb_fail(err, RB_ERR_INPUT, "skeleton %s: not open", s->name);
	for (size_t i = 0; i < s->prog_count; i++)
		if (*s->progs[i].link)
			return rb_fail(err, RB_ERR_INPUT,
				       "skeleton %s: program %s is attached already (links.%s is "
				       "set): attach each program yourself, or all with __attach",
				       s->name, s->progs[i].name, s->progs[i].name);
	/* every program its section says where to attach, all or none */
	if (rb_object_attach(*s->obj, err))
		return -1;
	for (size_t i = 0; i < s->prog_count; i++)
		*s->progs[i].link = (*s->progs[i].prog)->link;
	return 0;
}

int rb_skeleton_detach(struct rb_skeleton *s, struct rb_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < s->prog_count; i++) {
		struct rb_link **link = s->progs[i].link;
		struct rb_program *p = *s->progs[i].prog;

		/* one the caller made with rb_program_attach(..., &skel->links.X) */
		if (*link && (!p || *link != p->link) && rb_link_destroy(*link, err))
			ret = -1;
		*link = NULL;
	}
	if (*s->obj && rb_object_detach(*s->obj, ret ? NULL : err))
		ret = -1;
	return ret;
}

void rb_skeleton_destroy(struct rb_skeleton *s)
{
	if (!s)
		return;
	rb_skeleton_detach(s, NULL);
	rb_object_close(*s->obj);
	*s->obj = NULL;
	for (size_t i = 0; i < s->map_count; i++) {
		*s->maps[i].map = NULL;
		if (s->maps[i].data)
			*s->maps[i].data = NULL;
	}
	for (size_t i = 0; i < s->prog_count; i++)
		*s->progs[i].prog = NULL;
	free(s->maps);
	free(s->progs);
	free(s);
}
