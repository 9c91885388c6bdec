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
#include <unistd.h>

#include "kernel.h"
#include "loader/open/read_file.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"
/* A few MiB (about 6 on a distribution kernel); far more is not a kernel's
 * BTF. */
#define VMLINUX_BTF_MAX ((size_t)256 << 20)

/* `need` says who needs it, for the message: "BTF tracing programs". */
static int read_vmlinux(struct rb_object *obj, const char *need, struct rb_error *err)
{
	uint8_t *data;
	size_t got;
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "%s need the kernel's BTF (%s, CONFIG_DEBUG_INFO_BTF)", need,
				     VMLINUX_BTF);
	/* sysfs reports the size of this file (a binary attribute), unlike
	 * most of sysfs: it is read like any regular file. */
	ret = rb_read_regular_fd(fd, VMLINUX_BTF, VMLINUX_BTF_MAX, &data, &got, err);
	close(fd);
	if (ret)
		return -1;
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

int rb_vmlinux_btf(struct rb_object *obj, const char *need, struct rb_error *err)
{
	return obj->vmlinux_btf ? 0 : read_vmlinux(obj, need, err);
}

/* tp_btf/NAME -> typedef btf_trace_NAME; fentry/fexit/FUNC -> FUNC;
 * lsm/HOOK -> bpf_lsm_HOOK; iter/TARGET -> bpf_iter_TARGET (iter_targets.c). */
int rb_vmlinux_attach_id(struct rb_object *obj, const struct rb_program *prog, uint32_t *id,
			 struct rb_error *err)
{
	char name[256];
	unsigned kind;
	int64_t found;

	/* iter/TARGET -> bpf_iter_TARGET, with messages of its own */
	if (prog->expected_attach_type == BPF_TRACE_ITER)
		return rb_iter_target_id(obj, prog, id, err);
	if (rb_vmlinux_btf(obj, "BTF tracing programs", err))
		return -1;
	if (prog->expected_attach_type == BPF_TRACE_RAW_TP) {
		snprintf(name, sizeof(name), "btf_trace_%s", prog->target);
		kind = BTF_KIND_TYPEDEF;
	} else if (prog->expected_attach_type == BPF_LSM_MAC) {
		/* lsm/HOOK: the empty function the kernel declares for each
		 * hook a BPF program may take (kernel/bpf/bpf_lsm.c, LSM_HOOK) */
		snprintf(name, sizeof(name), "bpf_lsm_%s", prog->target);
		kind = BTF_KIND_FUNC;
	} else {
		snprintf(name, sizeof(name), "%s", prog->target);
		kind = BTF_KIND_FUNC;
	}
	found = btf_find_by_name_kind(obj->vmlinux_btf, name, kind);
	if (found < 0 && prog->expected_attach_type == BPF_LSM_MAC)
		return rb_fail(err, RB_ERR_KERNEL,
			       "program %s (section %s): the kernel's BTF has no function %s: "
			       "there is no LSM hook %s (the hooks are listed in the kernel's "
			       "include/linux/lsm_hook_defs.h), or the kernel was built without "
			       "CONFIG_BPF_LSM", prog->fn.name, prog->fn.section_name, name,
			       prog->target);
	if (found < 0)
		return rb_fail(err, RB_ERR_KERNEL,
			       "program %s (section %s): the kernel's BTF has no %s %s",
			       prog->fn.name, prog->fn.section_name,
			       kind == BTF_KIND_FUNC ? "function" : "BTF tracepoint", prog->target);
	*id = (uint32_t)found;
	rb_narrate(&obj->narrator, "program %s: %s %s is BTF id %u in the kernel", prog->fn.name,
		 kind == BTF_KIND_FUNC ? "function" : "typedef", name, *id);
	return 0;
}
