/* Opening an object: read the file, parse the ELF, build the object model
 * (license, version, programs, maps, relocation records). No kernel calls
 * happen here; rb_object_load() makes them. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "open.h"
#include "read_file.h"

void rb_kernel_name(char out[BPF_OBJ_NAME_LEN], const char *name)
{
	size_t i;

	/* The kernel accepts only these characters in object names
	 * (bpf_obj_name_cpy() in kernel/bpf/syscall.c) and refuses the whole
	 * command otherwise, so a clear name is worth a little rewriting. */
	for (i = 0; i < BPF_OBJ_NAME_LEN - 1 && name[i]; i++) {
		char c = name[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '.';
		out[i] = ok ? c : '_';
	}
	memset(out + i, 0, BPF_OBJ_NAME_LEN - i);
}

/* SEC("license"): the string the kernel checks before allowing GPL-only
 * helpers. Missing is allowed (the kernel then sees ""), unterminated is not. */
static int read_license(struct rb_object *obj, struct rb_error *err)
{
	const struct elf_section *sec = elf_section_by_name(&obj->elf, "license");
	size_t len;

	if (!sec || sec->size == 0) {
		obj->license = strdup("");
		rb_narrate(&obj->narrator, "no license section: programs load with license \"\"");
		return obj->license ? 0 : rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	if (!sec->data || !memchr(sec->data, '\0', sec->size))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section license (index %u) is not a NUL-terminated string",
			       obj->path, sec->index);
	len = strlen((const char *)sec->data);
	obj->license = strndup((const char *)sec->data, len);
	if (!obj->license)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	rb_narrate(&obj->narrator, "section license: \"%s\"", obj->license);
	return 0;
}

/* SEC("version"): a u32 LINUX_VERSION_CODE, which kernels before 5.0 checked
 * for kprobe programs. */
static int read_version(struct rb_object *obj, struct rb_error *err)
{
	const struct elf_section *sec = elf_section_by_name(&obj->elf, "version");

	if (!sec)
		return 0;
	if (sec->size != sizeof(uint32_t))
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: section version (index %u) is %llu bytes, expected a 4-byte integer",
			       obj->path, sec->index, (unsigned long long)sec->size);
	if (elf_section_read(&obj->elf, sec, 0, sizeof(uint32_t), &obj->kern_version, err))
		return -1;
	rb_narrate(&obj->narrator, "section version: 0x%x", obj->kern_version);
	return 0;
}

static void narrate_sections(const struct rb_object *obj)
{
	for (size_t i = 1; i < obj->elf.nsections; i++) {
		const struct elf_section *s = &obj->elf.sections[i];
		rb_narrate(&obj->narrator, "section %zu: %s (type %u, %llu bytes)", i,
			 s->name, s->type, (unsigned long long)s->size);
	}
}

/* A directory's name without trailing '/' (a pin root "/sys/fs/bpf/app/"
 * pins as /sys/fs/bpf/app/NAME), malloc'd. */
static char *dir_copy(const char *dir)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return strndup(dir, len);
}

/* The file's bytes flow once: rb_read_regular_file() (read_file.c) reads
 * them into one buffer, and the object keeps that buffer (obj->bytes),
 * which every section's data points into. `bytes` belongs to the object
 * from here on, also on failure. */
static int open_owned(struct rb_object **out, const char *path, uint8_t *bytes,
		      size_t size, const struct rb_open_opts *opts, struct rb_error *err)
{
	struct rb_object *obj = calloc(1, sizeof(*obj));

	*out = NULL;
	if (!obj) {
		free(bytes);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	obj->bytes = bytes;
	obj->size = size;
	if (opts) {
		obj->narrator = opts->narrator;
		obj->probe_mode = opts->probe_mode;
		obj->net_mode = opts->net_mode;
		obj->policy = opts->policy;
		obj->core_by_kernel = opts->core_by_kernel;
	}
	obj->btf_fd = -1;
	obj->kconfig_map = -1;
	obj->path = strdup(path);
	if (opts && opts->pin_root)
		obj->pin_root = dir_copy(opts->pin_root);
	if (opts && opts->btf_path)
		obj->btf_path = strdup(opts->btf_path);
	if (opts && opts->kconfig_path)
		obj->kconfig_path = strdup(opts->kconfig_path);
	if (!obj->path || (opts && opts->pin_root && !obj->pin_root) ||
	    (opts && opts->kconfig_path && !obj->kconfig_path) ||
	    (opts && opts->btf_path && !obj->btf_path)) {
		rb_object_free_model(obj); /* nothing is in the kernel yet */
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}

	/* An object looks up a name per map, variable and function: it gets
	 * the symbol table's name index (elf/elf_symbols.c). */
	if (elf_open(&obj->elf, obj->path, obj->bytes, size, err) ||
	    elf_check_bpf_object(&obj->elf, err) || elf_index_symbol_names(&obj->elf, err)) {
		rb_object_free_model(obj); /* nothing is in the kernel yet */
		return -1;
	}
	narrate_sections(obj);
	if (read_license(obj, err) || read_version(obj, err) || rb_read_btf(obj, err) ||
	    rb_collect_legacy_maps(obj, err) || rb_collect_btf_maps(obj, err) ||
	    rb_collect_data_maps(obj, err) || rb_collect_externs(obj, err) ||
	    rb_collect_variables(obj, err) || rb_index_maps(obj, err) ||
	    rb_collect_programs(obj, opts ? opts->type_override : NULL, err) ||
	    rb_collect_relocations(obj, err) || rb_collect_core_relocs(obj, err)) {
		rb_object_free_model(obj); /* nothing is in the kernel yet */
		return -1;
	}
	for (size_t i = 0; i < obj->map_count; i++) { /* the array is final now */
		obj->maps[i].narrator = &obj->narrator;
		if (obj->maps[i].inner)
			obj->maps[i].inner->narrator = &obj->narrator;
	}
	*out = obj;
	return 0;
}

int rb_object_open_buffer(struct rb_object **out, const char *path,
			  const uint8_t *data, size_t size,
			  const struct rb_open_opts *opts, struct rb_error *err)
{
	uint8_t *copy = malloc(size ? size : 1);

	*out = NULL;
	if (!copy)
		return rb_fail(err, RB_ERR_SYSTEM, "%s: out of memory for its %zu bytes", path, size);
	if (size)
		memcpy(copy, data, size);
	return open_owned(out, path, copy, size, opts, err);
}

/* The largest object file rawbpf reads. clang's BPF objects are a few KiB
 * to a few MiB (the kernel takes at most 1M instructions per program, 8 MiB
 * of code); 256 MiB leaves room for big BTF and debug info while refusing,
 * before any allocation, a file that cannot be a BPF object. */
#define OBJECT_MAX_SIZE ((size_t)256 << 20)

int rb_object_open(struct rb_object **out, const char *path,
		   const struct rb_open_opts *opts, struct rb_error *err)
{
	uint8_t *data;
	size_t size;

	*out = NULL;
	if (rb_read_regular_file(path, path, OBJECT_MAX_SIZE, &data, &size, err))
		return -1;
	return open_owned(out, path, data, size, opts, err);
}

struct rb_map *rb_object_map_by_name(struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->map_count; i++)
		if (strcmp(obj->maps[i].name, name) == 0)
			return &obj->maps[i];
	return NULL;
}

struct rb_program *rb_object_program_by_name(struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->program_count; i++)
		if (strcmp(obj->programs[i].fn.name, name) == 0)
			return &obj->programs[i];
	return NULL;
}

int rb_program_set_autoload(struct rb_program *prog, int autoload, struct rb_error *err)
{
	if (prog->fd >= 0)
		return rb_fail(err, RB_ERR_INPUT, "program %s is loaded already: choose whether "
			       "it loads before rb_object_load()", prog->fn.name);
	prog->autoload = autoload != 0;
	return 0;
}

/* The object's sizes are only a default until the map exists: the kernel
 * fixes them in BPF_MAP_CREATE. Global data is the exception: its value is
 * the section, whose variables the programs address by offset. */
static int check_resizable(const struct rb_map *map, struct rb_error *err)
{
	if (map->fd >= 0)
		return rb_fail(err, RB_ERR_INPUT, "map %s exists already: size it before "
			       "rb_object_load()", map->name);
	if (map->is_data)
		return rb_fail(err, RB_ERR_INPUT, "map %s holds the global data of its section: "
			       "its size is the section's", map->name);
	return 0;
}

int rb_map_set_max_entries(struct rb_map *map, uint32_t max_entries, struct rb_error *err)
{
	if (check_resizable(map, err))
		return -1;
	map->max_entries = max_entries;
	return 0;
}

int rb_map_set_value_size(struct rb_map *map, uint32_t value_size, struct rb_error *err)
{
	if (check_resizable(map, err))
		return -1;
	if (map->btf_value_type_id)
		return rb_fail(err, RB_ERR_INPUT, "map %s has a BTF value type, which fixes its "
			       "value size", map->name);
	map->value_size = value_size;
	return 0;
}

static void free_function(struct rb_function *fn)
{
	free(fn->name);
	free(fn->insns);
	free(fn->relocs);
}

/* What rb_object_open() built; the kernel's part is undone first
 * (teardown.c). */
void rb_object_free_model(struct rb_object *obj)
{
	for (size_t i = 0; i < obj->program_count; i++) {
		free_function(&obj->programs[i].fn);
		free(obj->programs[i].verifier_log);
	}
	free(obj->programs);
	for (size_t i = 0; i < obj->subprog_count; i++)
		free_function(&obj->subprogs[i]);
	free(obj->subprogs);
	free(obj->functions_by_start);
	free(obj->variables);
	free(obj->core_relocs);
	free(obj->externs);
	free(obj->kconfig_path);
	free(obj->core_recs);
	for (size_t i = 0; i < obj->map_count; i++) {
		free(obj->maps[i].name);
		free(obj->maps[i].init_value);
		if (obj->maps[i].inner)
			free(obj->maps[i].inner->name);
		free(obj->maps[i].inner);
		free(obj->maps[i].slots);
	}
	free(obj->maps);
	free(obj->maps_by_place);
	free(obj->license);
	rb_free_btf(obj);
	elf_close(&obj->elf);
	free(obj->bytes);
	free(obj->path);
	free(obj->pin_root);
	free(obj->btf_path);
	free(obj);
}
