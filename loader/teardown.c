/* Teardown: the last stage, undoing every other in reverse.
 *
 * Closing an fd is the detach: the kernel frees a program, map or link when
 * its last reference goes. A link may have more to undo than an fd (a
 * tracefs probe event to remove): each carries its own detach operation,
 * which rb_link_destroy() calls (attach/attach.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/attach/attach.h"
#include "loader/kernel/kernel.h"

int rb_object_is_loaded(const struct rb_object *obj)
{
	if (obj->btf_fd >= 0)
		return 1;
	for (size_t i = 0; i < obj->map_count; i++)
		if (obj->maps[i].fd >= 0)
			return 1;
	for (size_t i = 0; i < obj->program_count; i++)
		if (obj->programs[i].fd >= 0)
			return 1;
	return 0;
}

/* Every link, however its detach goes: one that leaves something behind
 * does not keep the others attached. Each failure is told in err, one
 * after the other (err may be NULL: the narration still says it). */
int rb_object_detach(struct rb_object *obj, struct rb_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_program *p = &obj->programs[i];
		struct rb_error left;
		int failed = rb_link_destroy(p->link, &left);

		p->link = NULL;
		if (!failed)
			continue;
		if (err && ret == 0)
			*err = left;
		else if (err) {
			size_t used = strlen(err->msg);
			snprintf(err->msg + used, sizeof(err->msg) - used, "; %s", left.msg);
		}
		ret = -1;
	}
	return ret;
}

/* Undo in reverse: detach, then unload programs, then close maps. A program
 * holds a reference on each map it uses, so the order is for clarity; the
 * kernel frees each object when its last reference goes. */
void rb_object_close_kernel(struct rb_object *obj)
{
	rb_object_detach(obj, NULL);
	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_program *p = &obj->programs[i];
		if (p->fd >= 0) {
			close(p->fd);
			rb_narrate(&obj->narrator, "close program %s (fd %d)", p->fn.name, p->fd);
		}
		p->fd = -1;
	}
	for (size_t i = 0; i < obj->map_count; i++) {
		struct rb_map *m = &obj->maps[i];
		rb_map_munmap(m); /* rb_map_mmap()'s pages hold the map too */
		if (m->fd >= 0) {
			close(m->fd);
			rb_narrate(&obj->narrator, "close map %s (fd %d)", m->name, m->fd);
		}
		m->fd = -1;
	}
	if (obj->btf_fd >= 0) {
		close(obj->btf_fd);
		rb_narrate(&obj->narrator, "close BTF (fd %d)", obj->btf_fd);
	}
	obj->btf_fd = -1;
}

/* The object as rb_object_open() left it: what the last load said goes
 * too, so that a load after this one shows only its own. */
void rb_object_unload(struct rb_object *obj)
{
	rb_object_close_kernel(obj);
	for (size_t i = 0; i < obj->program_count; i++) {
		free(obj->programs[i].verifier_log);
		obj->programs[i].verifier_log = NULL;
	}
	obj->btf_warning[0] = '\0';
}

void rb_object_close(struct rb_object *obj)
{
	if (!obj)
		return;
	rb_object_unload(obj);
	rb_object_free_model(obj);
}
