/* The kernel's own types, from /sys/kernel/btf/vmlinux.
 *
 * BTF tracing programs (tp_btf/, fentry/, fexit/) name their target by BTF
 * id at load time (attach_btf_id), so the verifier knows the exact C types
 * of the arguments. The id comes from the kernel's BTF, parsed with the
 * same parser as the object's (about 2 ms for 5 MB) and kept on the object
 * for the next program. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static int read_vmlinux(struct rb_object *obj, struct rb_error *err)
{
	struct stat st;
	uint8_t *data;
	ssize_t n;
	size_t got = 0;
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "BTF tracing programs need the kernel's BTF (%s, "
				     "CONFIG_DEBUG_INFO_BTF)", VMLINUX_BTF);
	/* sysfs reports the size of this file, unlike most of sysfs */
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || !(data = malloc((size_t)st.st_size))) {
		close(fd);
		return rb_fail(err, RB_ERR_SYSTEM, "cannot read %s", VMLINUX_BTF);
	}
	while (got < (size_t)st.st_size && (n = read(fd, data + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	obj->vmlinux_btf = calloc(1, sizeof(*obj->vmlinux_btf));
	if (!obj->vmlinux_btf) {
		free(data);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	/* The parser takes the buffer over: copying 5 MB would cost more than
	 * parsing it. On failure it has freed the buffer already. */
	if (btf_parse_owned(obj->vmlinux_btf, VMLINUX_BTF, data, got, err)) {
		free(obj->vmlinux_btf);
		obj->vmlinux_btf = NULL;
		return -1;
	}
	rb_narrate(&obj->narrator, "read %s: %u types", VMLINUX_BTF, obj->vmlinux_btf->count - 1);
	return 0;
}

/* tp_btf/NAME -> typedef btf_trace_NAME; fentry/fexit/FUNC -> FUNC. */
int rb_vmlinux_attach_id(struct rb_object *obj, const struct rb_program *prog, uint32_t *id,
			 struct rb_error *err)
{
	char name[256];
	unsigned kind;
	int64_t found;

	if (!obj->vmlinux_btf && read_vmlinux(obj, err))
		return -1;
	if (prog->expected_attach_type == BPF_TRACE_RAW_TP) {
		snprintf(name, sizeof(name), "btf_trace_%s", prog->target);
		kind = BTF_KIND_TYPEDEF;
	} else {
		snprintf(name, sizeof(name), "%s", prog->target);
		kind = BTF_KIND_FUNC;
	}
	found = btf_find_by_name_kind(obj->vmlinux_btf, name, kind);
	if (found < 0)
		return rb_fail(err, RB_ERR_KERNEL,
			       "program %s (section %s): the kernel's BTF has no %s %s",
			       prog->name, prog->section_name,
			       kind == BTF_KIND_FUNC ? "function" : "BTF tracepoint", prog->target);
	*id = (uint32_t)found;
	rb_narrate(&obj->narrator, "program %s: %s %s is BTF id %u in the kernel", prog->name,
		 kind == BTF_KIND_FUNC ? "function" : "typedef", name, *id);
	return 0;
}
