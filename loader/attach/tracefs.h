/* tracefs: the kernel's tracing filesystem.
 *
 * Tracepoint ids (events/CATEGORY/NAME/id), the trace_pipe that carries
 * bpf_trace_printk() output, and the legacy kprobe_events/uprobe_events files
 * all live there. Modern systems mount it at /sys/kernel/tracing; older ones
 * only under debugfs at /sys/kernel/debug/tracing; minimal systems not at
 * all, in which case rawbpf mounts it at /sys/kernel/tracing if the caller
 * set RB_MOUNT_TRACEFS. */
#ifndef RAWBPF_TRACEFS_H
#define RAWBPF_TRACEFS_H

#include <stddef.h>

#include "loader/open/object.h"

/* Find tracefs and write its path into path[size]. When it is mounted
 * nowhere, mount it with `policy` RB_MOUNT_TRACEFS, else fail saying so. */
int rb_tracefs_find(const struct rb_narrator *narrator, unsigned policy, char *path, size_t size,
		    struct rb_error *err);

/* The same for an object, by its policy: the path goes into obj->tracefs;
 * later calls return the cached path. */
int rb_tracefs_path(struct rb_object *obj, const char **path, struct rb_error *err);

/* The id of tracepoint CATEGORY/NAME, from events/CATEGORY/NAME/id. */
int rb_tracefs_event_id(const char *tracefs, const char *category,
			const char *name, int *id, struct rb_error *err);

#endif
