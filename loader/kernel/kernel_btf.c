/* The BTF of a map or program the kernel holds, read back from it.
 *
 * A map made with BTF (btf_fd, btf_key_type_id, btf_value_type_id at
 * BPF_MAP_CREATE) keeps a reference to that BTF object, and its info says
 * which (bpf_map_info.btf_id). BPF_BTF_GET_FD_BY_ID opens the object, and
 * BPF_OBJ_GET_INFO_BY_FD copies its blob into a buffer (bpf_btf_info.btf,
 * btf_size: btf_get_info_by_fd() in kernel/bpf/btf.c): the same bytes the
 * loader gave BPF_BTF_LOAD, which rawbpf's own reader (elf/btf.c) parses.
 * A module's or the kernel's BTF (kernel_btf) continues vmlinux's, and is
 * not what maps of user programs hold: it is refused here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "elf/btf.h"
#include "elf/btf_value.h"
#include "kernel.h"
#include "loader/rawbpf.h"

struct rb_kernel_btf {
	struct btf btf;
	char name[32]; /* "BTF object 12", for messages */
};

/* The blob: first its size (btf_size 0 asks for it), then the bytes. */
static int read_blob(int fd, uint32_t id, uint8_t **data, uint32_t *size,
		     const struct rb_narrator *nar, struct rb_error *err)
{
	struct bpf_btf_info info;

	memset(&info, 0, sizeof(info));
	if (rb_obj_info(fd, &info, sizeof(info), nar, "struct bpf_btf_info (its size)") != 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "BTF object %u: BPF_OBJ_GET_INFO_BY_FD failed", id);
	if (info.kernel_btf)
		return rb_fail(err, RB_ERR_INPUT, "BTF object %u is the kernel's or a module's, "
			       "not a program's", id);
	*size = info.btf_size;
	*data = malloc(*size ? *size : 1);
	if (!*data)
		return rb_fail_errno(err, RB_ERR_SYSTEM, ENOMEM, "BTF object %u: %u bytes", id,
				     *size);
	memset(&info, 0, sizeof(info));
	info.btf = rb_ptr(*data);
	info.btf_size = *size;
	if (rb_obj_info(fd, &info, sizeof(info), nar, "struct bpf_btf_info + the blob") != 0) {
		int e = errno;
		free(*data);
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "BTF object %u: BPF_OBJ_GET_INFO_BY_FD (the blob) failed", id);
	}
	if (info.btf_size < *size)
		*size = info.btf_size;
	return 0;
}

int rb_kernel_btf_open(uint32_t btf_id, struct rb_kernel_btf **out, const struct rb_narrator *nar,
		       struct rb_error *err)
{
	struct rb_kernel_btf *kb;
	uint8_t *data = NULL;
	uint32_t size = 0;
	int fd, ret;

	*out = NULL;
	fd = rb_kobj_fd_by_id(RB_KOBJ_BTF, btf_id, nar, err);
	if (fd < 0)
		return -1;
	ret = read_blob(fd, btf_id, &data, &size, nar, err);
	close(fd); /* the bytes are ours now */
	if (ret)
		return -1;
	kb = calloc(1, sizeof(*kb));
	if (!kb) {
		free(data);
		return rb_fail_errno(err, RB_ERR_SYSTEM, ENOMEM, "BTF object %u", btf_id);
	}
	snprintf(kb->name, sizeof(kb->name), "BTF object %u", btf_id);
	if (btf_parse_owned(&kb->btf, kb->name, data, size, err)) {
		free(kb);
		return -1;
	}
	rb_narrate(nar, "%s: %u bytes of BTF, %u types", kb->name, size, kb->btf.count - 1);
	*out = kb;
	return 0;
}

void rb_kernel_btf_close(struct rb_kernel_btf *kb)
{
	if (!kb)
		return;
	btf_free(&kb->btf);
	free(kb);
}

int rb_kernel_btf_format(const struct rb_kernel_btf *kb, uint32_t type_id, const void *data,
			 size_t size, int json, char *buf, size_t bufsize)
{
	if (!kb || type_id == 0) {
		if (bufsize)
			buf[0] = '\0';
		return -1;
	}
	return btf_value_format(&kb->btf, type_id, data, size, json, buf, bufsize);
}
