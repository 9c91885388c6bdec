/* Teardown: the last stage, undoing every other in reverse.
 *
 * Closing an fd is the detach: the kernel frees a program, map or link when
 * its last reference goes. A link may have more to undo than an fd (a
 * tracefs probe event to remove): each carries its own detach operation,
 * which rb_link_destroy() calls (attach/attach.h). */
#include <stdlib.h>
#include <unistd.h>

#include "loader/attach/attach.h"
#include "loader/open/open.h"

/* Undo in reverse: detach, then unload programs, then close maps. A program
 * holds a reference on each map it uses, so the order is for clarity; the
 * kernel frees each object when its last reference goes. */
void rb_object_unload(struct rb_object *obj)
{
	for (size_t i = 0; i < obj->program_count; i++) {
		struct rb_program *p = &obj->programs[i];
		rb_link_destroy(p->link);
		p->link = NULL;
		if (p->fd >= 0) {
			close(p->fd);
			rb_narrate(&obj->narrator, "close program %s (fd %d)", p->fn.name, p->fd);
		}
		p->fd = -1;
	}
	for (size_t i = 0; i < obj->map_count; i++) {
		struct rb_map *m = &obj->maps[i];
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

void rb_object_close(struct rb_object *obj)
{
	if (!obj)
		return;
	rb_object_unload(obj);
	rb_object_free_model(obj);
}
