/* BPF iterators' targets, in the kernel's BTF.
 *
 * SEC("iter/task") loads a tracing program (BPF_PROG_TYPE_TRACING, expected
 * attach type BPF_TRACE_ITER) for the BTF id of the kernel function
 * bpf_iter_task: each iterator target is declared in the kernel with
 *   DEFINE_BPF_ITER_FUNC(task, struct bpf_iter_meta *meta, struct task_struct *task)
 * (include/linux/bpf.h), which defines an empty function bpf_iter_TARGET
 * whose only use is to carry, in BTF, the types of the program's context
 * (struct bpf_iter__task: meta, task). The verifier checks the program
 * against them (kernel/bpf/bpf_iter.c, bpf_iter_prog_supported()), as
 * libbpf does when it resolves "iter/" sections (its BTF_ITER_PREFIX).
 *
 * Iterators came in Linux 5.8 (task, task_file, bpf_map, netlink, ...):
 * struct bpf_iter_meta is in every kernel that has them, so its absence
 * tells a kernel without iterators from a target this kernel lacks. */
#include <stdio.h>
#include <string.h>

#include "kernel.h"

#define ITER_PREFIX "bpf_iter_"

/* Is FUNC `t` an iterator target: named bpf_iter_X, returning int, with a
 * first parameter of type struct bpf_iter_meta *? (Other kernel functions
 * share the prefix: bpf_iter_run_prog, bpf_iter_get_info, which takes a
 * meta too but returns a program, the open-coded iterators' kfuncs
 * bpf_iter_num_new, ... of Linux 6.4.) */
static int is_target(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_type *proto, *ret, *ptr, *meta;

	if (btf_kind(t) != BTF_KIND_FUNC ||
	    strncmp(btf_name(btf, t->name_off), ITER_PREFIX, strlen(ITER_PREFIX)) != 0)
		return 0;
	proto = btf_type_by_id(btf, t->type);
	if (!proto || btf_kind(proto) != BTF_KIND_FUNC_PROTO || btf_vlen(proto) < 1)
		return 0;
	ret = btf_type_by_id(btf, proto->type);
	if (!ret || btf_kind(ret) != BTF_KIND_INT)
		return 0;
	ptr = btf_type_by_id(btf, btf_params(proto)[0].type);
	if (!ptr || btf_kind(ptr) != BTF_KIND_PTR)
		return 0;
	meta = btf_type_by_id(btf, ptr->type);
	return meta && btf_kind(meta) == BTF_KIND_STRUCT &&
	       strcmp(btf_name(btf, meta->name_off), "bpf_iter_meta") == 0;
}

/* "task, task_file, bpf_map, ..." into buf[size]: the targets this
 * kernel has, for the message that names a missing one. */
static void list_targets(const struct btf *btf, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (uint32_t id = 1; id < btf->count && used + 1 < size; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		int n;

		if (!t || !is_target(btf, t))
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
			     btf_name(btf, t->name_off) + strlen(ITER_PREFIX));
		if (n < 0 || (size_t)n >= size - used) {
			buf[used] = '\0'; /* a cut name would mislead: end before it */
			break;
		}
		used += (size_t)n;
	}
}

int rb_iter_target_id(struct rb_object *obj, const struct rb_program *prog, uint32_t *id,
		      struct rb_error *err)
{
	char name[256], targets[1024];
	int found;

	if (rb_vmlinux_btf(obj, "BPF iterators", err))
		return -1;
	if (!prog->target[0])
		return rb_fail(err, RB_ERR_INPUT, "program %s (section %s) names no iterator "
			       "target: iter/task, iter/bpf_map, ...", prog->fn.name,
			       prog->fn.section_name);
	if (btf_find_by_name_kind(obj->vmlinux_btf, "bpf_iter_meta", BTF_KIND_STRUCT) < 0)
		return rb_fail(err, RB_ERR_KERNEL, "program %s (section %s): this kernel has no "
			       "BPF iterators (its BTF has no struct bpf_iter_meta; they came in "
			       "Linux 5.8)", prog->fn.name, prog->fn.section_name);
	snprintf(name, sizeof(name), ITER_PREFIX "%s", prog->target);
	found = btf_find_by_name_kind(obj->vmlinux_btf, name, BTF_KIND_FUNC);
	if (found < 0 || !is_target(obj->vmlinux_btf, btf_type_by_id(obj->vmlinux_btf,
								   (uint32_t)found))) {
		list_targets(obj->vmlinux_btf, targets, sizeof(targets));
		return rb_fail(err, RB_ERR_KERNEL, "program %s (section %s): the kernel has no "
			       "iterator %s (no function %s in its BTF); its iterators: %s",
			       prog->fn.name, prog->fn.section_name, prog->target, name,
			       targets[0] ? targets : "none");
	}
	*id = (uint32_t)found;
	rb_narrate(&obj->narrator, "program %s: iterator target %s is BTF id %u in the kernel",
		   prog->fn.name, name, *id);
	return 0;
}
