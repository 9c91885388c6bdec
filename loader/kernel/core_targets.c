/* The BTFs CO-RE relocations are computed against, besides vmlinux's
 * (vmlinux_btf.c).
 *
 * Module types: a module built with CONFIG_DEBUG_INFO_BTF_MODULES
 * publishes its types in /sys/kernel/btf/MODULE as split BTF, a blob that
 * continues vmlinux's (its ids start after vmlinux's last one, its names
 * may be vmlinux's strings: elf/btf.h). libbpf looks there only for a type
 * vmlinux does not have, so they are read once, the first time a record
 * needs them (relocate/core.c asks).
 *
 * An external BTF (rb_open_opts.btf_path, `run --btf FILE`): for kernels
 * that publish none, which is common on embedded systems, a BTF built
 * with the kernel replaces vmlinux's and the modules' for CO-RE. It may be
 * raw BTF (what /sys/kernel/btf/vmlinux holds, or `pahole
 * --btf_encode_detached` writes) or an ELF file with a .BTF section (the
 * vmlinux image itself). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/elf_reader.h"
#include "kernel.h"
#include "loader/open/read_file.h"

#define SYS_BTF "/sys/kernel/btf"
/* A module's BTF is small (kilobytes to a few MiB); a vmlinux image with
 * its debug information can be large. */
#define MODULE_BTF_MAX ((size_t)64 << 20)
#define OVERRIDE_MAX ((size_t)1 << 30)

/* The .BTF section of an ELF file, parsed. */
static int btf_from_elf(struct btf *btf, const char *path, const uint8_t *data, size_t size,
			struct rb_error *err)
{
	struct elf_file elf;
	const struct elf_section *sec;
	int ret;

	if (elf_open(&elf, path, data, size, err))
		return -1;
	sec = elf_section_by_name(&elf, ".BTF");
	if (!sec || !sec->data) {
		elf_close(&elf);
		return rb_fail(err, RB_ERR_INPUT, "%s: an ELF file without a .BTF section (a kernel "
			       "built without CONFIG_DEBUG_INFO_BTF?): no types to relocate CO-RE "
			       "records against", path);
	}
	ret = btf_parse(btf, path, sec->data, sec->size, err);
	elf_close(&elf);
	return ret;
}

int rb_btf_override_read(struct rb_object *obj, struct rb_error *err)
{
	const char *path = obj->btf_path;
	uint8_t *data;
	size_t size;
	uint16_t magic = 0;
	struct btf *btf;

	if (obj->btf_override)
		return 0;
	if (rb_read_regular_file(path, path, OVERRIDE_MAX, &data, &size, err))
		return -1;
	btf = calloc(1, sizeof(*btf));
	if (!btf) {
		free(data);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	if (size >= 2)
		memcpy(&magic, data, sizeof(magic));
	if (size >= 4 && memcmp(data, "\x7f" "ELF", 4) == 0) {
		int ret = btf_from_elf(btf, path, data, size, err);

		free(data);
		if (ret) {
			free(btf);
			return -1;
		}
	} else if (magic == BTF_MAGIC || magic == 0x9FeB) {
		/* raw BTF; btf_parse_owned says what is wrong with a broken one */
		if (btf_parse_owned(btf, path, data, size, err)) {
			free(btf);
			return -1;
		}
	} else {
		free(data);
		free(btf);
		return rb_fail(err, RB_ERR_INPUT, "%s: neither raw BTF (it would begin with the "
			       "magic 0xeB9F) nor an ELF file with a .BTF section", path);
	}
	obj->btf_override = btf;
	rb_narrate(&obj->narrator, "read %s: %u types, for CO-RE instead of the kernel's BTF",
		   path, btf->count - 1);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The module names under /sys/kernel/btf, sorted (readdir's order is
 * the directory's): *names is malloc'd, each name too. */
static int list_modules(char ***names, size_t *count, struct rb_error *err)
{
	DIR *dir = opendir(SYS_BTF);
	struct dirent *e;
	size_t cap = 0;

	*names = NULL;
	*count = 0;
	if (!dir) /* no BTF at all, or none for modules: nothing to add */
		return errno == ENOENT ? 0
				       : rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s", SYS_BTF);
	while ((e = readdir(dir))) {
		char **grown;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "vmlinux") == 0)
			continue;
		if (*count == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(*names, cap * sizeof(*grown));
			if (!grown)
				goto oom;
			*names = grown;
		}
		if (!((*names)[*count] = strdup(e->d_name)))
			goto oom;
		++*count;
	}
	closedir(dir);
	if (*count > 1)
		qsort(*names, *count, sizeof(**names), by_name);
	return 0;
oom:
	closedir(dir);
	return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
}

static void free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

int rb_core_modules_read(struct rb_object *obj, struct rb_error *err)
{
	char **names, path[PATH_MAX];
	size_t count;

	if (obj->core_modules_read)
		return 0;
	if (rb_vmlinux_btf(obj, "module BTF", err) || list_modules(&names, &count, err))
		return -1;
	obj->core_modules_read = 1;
	obj->core_modules = calloc(count ? count : 1, sizeof(*obj->core_modules));
	obj->core_module_names = calloc(count ? count : 1, sizeof(*obj->core_module_names));
	if (!obj->core_modules || !obj->core_module_names) {
		free_names(names, count);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	for (size_t i = 0; i < count; i++) {
		uint8_t *data;
		size_t size;
		char *name;

		snprintf(path, sizeof(path), "%s/%s", SYS_BTF, names[i]);
		if (!(name = strdup(path))) {
			free_names(names, count);
			return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		}
		obj->core_module_names[obj->core_module_count] = name;
		if (rb_read_regular_file(path, path, MODULE_BTF_MAX, &data, &size, err) ||
		    btf_parse_split_owned(&obj->core_modules[obj->core_module_count], name, data,
					  size, obj->vmlinux_btf, err)) {
			free(name);
			obj->core_module_names[obj->core_module_count] = NULL;
			free_names(names, count);
			return -1;
		}
		obj->core_module_count++;
	}
	free_names(names, count);
	rb_narrate(&obj->narrator, "read %s/*: the BTF of %zu modules, for types vmlinux lacks",
		   SYS_BTF, obj->core_module_count);
	return 0;
}
