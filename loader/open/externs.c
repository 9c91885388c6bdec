/* Externs: what a program uses but the object does not define.
 *
 *     extern int CONFIG_HZ __kconfig;              a kernel config option
 *     extern unsigned LINUX_KERNEL_VERSION __kconfig;   one libbpf computes
 *     extern const int bpf_prog_active __ksym;     a kernel variable
 *     extern const void bpf_prog_active __ksym;    its address, untyped
 *     extern void bpf_rcu_read_lock(void) __ksym;  a kernel function (kfunc)
 *
 * clang cannot know any of these, so it leaves an undefined symbol (st_shndx
 * SHN_UNDEF, type NOTYPE, bind GLOBAL or WEAK for __weak) and a relocation
 * at each instruction that uses it, exactly as for a map. What the symbol
 * is comes from the object's BTF: a VAR (or, for a function, a FUNC) of the
 * same name with linkage "extern", listed in the DATASEC of the section the
 * macro put it in: ".kconfig" (__kconfig) or ".ksyms" (__ksym). These are
 * libbpf's conventions (bpf_object__collect_externs() in its libbpf.c), and
 * rawbpf follows them so that the same objects load.
 *
 * This file builds the model at open, with no system call:
 *  - one struct rb_extern per undefined symbol, with its kind and types;
 *  - the .kconfig map: one array element holding every __kconfig value, at
 *    offsets laid out as libbpf lays them out (by alignment, largest first,
 *    then by size, then by name), read-only for programs and frozen after
 *    its value is written, like .rodata. rb_object_load() fills it in
 *    (kernel/externs.c) before creating it;
 *  - the object's BTF patched so the kernel accepts it (BPF_BTF_LOAD refuses
 *    extern linkage, kernel/bpf/btf.c btf_var_check_meta() and
 *    btf_func_check_meta()): VARs become allocated, kfunc FUNCs global, the
 *    .kconfig DATASEC gets the layout's size and offsets (in increasing
 *    order, which btf_datasec_check_meta() requires), and the .ksyms
 *    DATASEC, which describes no memory, becomes an anonymous struct of
 *    ints. Each patch keeps the record's size, as btf.h requires. The model
 *    keeps each extern's types from before the patch.
 * An extern that is neither (`extern int x;`) is modelled with the reason,
 * and refused at load by rb_externs_refuse(), naming it. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "open.h"

const struct rb_extern *rb_object_externs(const struct rb_object *obj, size_t *count)
{
	*count = obj->extern_count;
	return obj->externs;
}

int rb_map_is_kconfig(const struct rb_map *map)
{
	return map->is_data && map->section == 0 && strcmp(map->name, ".kconfig") == 0;
}

long rb_extern_of_symbol(const struct rb_object *obj, uint32_t symbol)
{
	for (size_t i = 0; i < obj->extern_count; i++)
		if (obj->externs[i].symbol == symbol)
			return (long)i;
	return -1;
}

/* The VAR or FUNC named `name` with extern linkage (libbpf's
 * find_extern_btf_id()), or 0. */
static uint32_t extern_btf_id(const struct btf *btf, const char *name)
{
	int var = btf_find_by_name_kind(btf, name, BTF_KIND_VAR);
	int func = btf_find_by_name_kind(btf, name, BTF_KIND_FUNC);

	if (var > 0 && btf_var(btf_type_by_id(btf, (uint32_t)var))->linkage ==
			       BTF_VAR_GLOBAL_EXTERN)
		return (uint32_t)var;
	if (func > 0 && btf_vlen(btf_type_by_id(btf, (uint32_t)func)) == BTF_FUNC_EXTERN)
		return (uint32_t)func;
	return 0;
}

/* The DATASEC that lists type `id`, or 0. */
static uint32_t datasec_of(const struct btf *btf, uint32_t id)
{
	for (uint32_t d = 1; d < btf->count; d++) {
		const struct btf_type *t = btf_type_by_id(btf, d);

		if (btf_kind(t) != BTF_KIND_DATASEC)
			continue;
		for (unsigned i = 0; i < btf_vlen(t); i++)
			if (btf_var_secinfos(t)[i].type == id)
				return d;
	}
	return 0;
}

/* Typedefs and modifiers skipped; 0 for void. */
static uint32_t resolved(const struct btf *btf, uint32_t id)
{
	struct rb_error ignored;
	uint32_t out = 0;

	return btf_resolve(btf, id, &out, &ignored) ? 0 : out;
}

/* A kernel config string is a line of the config: far shorter than this. */
#define MAX_KCONFIG_STRING 4096

/* A kconfig extern's C type, as libbpf's find_kcfg_type() reads it, with
 * its size and alignment. RB_KCONFIG_NONE: a type libbpf does not allow. */
static uint32_t kconfig_type(const struct btf *btf, uint32_t type_id, uint32_t *size,
			     uint32_t *align, int *is_signed)
{
	const struct btf_type *t = btf_type_by_id(btf, resolved(btf, type_id));

	*is_signed = 0;
	if (!t)
		return RB_KCONFIG_NONE;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		*size = *align = t->size;
		if (btf_int_encoding(t) & BTF_INT_BOOL)
			return t->size == 1 ? RB_KCONFIG_BOOL : RB_KCONFIG_NONE;
		*is_signed = (btf_int_encoding(t) & BTF_INT_SIGNED) != 0;
		if (t->size == 1)
			return RB_KCONFIG_CHAR;
		return t->size == 2 || t->size == 4 || t->size == 8 ? RB_KCONFIG_INT
								      : RB_KCONFIG_NONE;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		*size = *align = t->size;
		return strcmp(btf_name(btf, t->name_off), "libbpf_tristate") == 0 &&
			       (t->size == 4 || (btf_kind(t) == BTF_KIND_ENUM64 && t->size == 8))
			       ? RB_KCONFIG_TRISTATE : RB_KCONFIG_NONE;
	case BTF_KIND_ARRAY: {
		/* of 1-byte integers (not of arrays: an array may contain itself) */
		const struct btf_type *elem =
			btf_type_by_id(btf, resolved(btf, btf_array(t)->type));
		if (btf_array(t)->nelems == 0 || btf_array(t)->nelems > MAX_KCONFIG_STRING ||
		    !elem || btf_kind(elem) != BTF_KIND_INT || elem->size != 1 ||
		    (btf_int_encoding(elem) & BTF_INT_BOOL))
			return RB_KCONFIG_NONE;
		*size = btf_array(t)->nelems;
		*align = 1;
		return RB_KCONFIG_STRING;
	}
	default:
		return RB_KCONFIG_NONE;
	}
}

static const char *kconfig_type_names[] = {
	"?", "bool", "tristate", "char", "integer", "string",
};

/* What the BTF says extern `ext` is; `align` for the layout. */
static void classify(const struct rb_object *obj, struct rb_extern *ext, uint32_t *align)
{
	const struct btf *btf = obj->btf;
	const struct btf_type *t, *sec;
	const char *sec_name;
	char type[64];

	if (!btf) {
		snprintf(ext->why, sizeof(ext->why), "the object has no BTF (.BTF, which clang "
			 "writes with -g), and only BTF says whether an extern is __kconfig or "
			 "__ksym: build it with -g");
		return;
	}
	ext->btf_id = extern_btf_id(btf, ext->name);
	if (!ext->btf_id) {
		snprintf(ext->why, sizeof(ext->why), "the object's BTF has no extern variable "
			 "or function of that name");
		return;
	}
	t = btf_type_by_id(btf, ext->btf_id);
	sec = btf_type_by_id(btf, datasec_of(btf, ext->btf_id));
	sec_name = sec ? btf_name(btf, sec->name_off) : NULL;
	if (!sec_name) {
		snprintf(ext->why, sizeof(ext->why), "it is declared without __kconfig or __ksym; "
			 "rawbpf resolves kernel config options (extern ... __kconfig) and kernel "
			 "symbols (extern ... __ksym), as libbpf does");
		return;
	}
	if (strcmp(sec_name, ".kconfig") != 0 && strcmp(sec_name, ".ksyms") != 0) {
		snprintf(ext->why, sizeof(ext->why), "it is in section %.60s; externs can only be "
			 "in .kconfig (__kconfig) and .ksyms (__ksym)", sec_name);
		return;
	}
	if (strcmp(sec_name, ".ksyms") == 0) {
		if (btf_kind(t) == BTF_KIND_FUNC) {
			const struct btf_type *proto = btf_type_by_id(btf, t->type);
			if (!proto || btf_kind(proto) != BTF_KIND_FUNC_PROTO) {
				snprintf(ext->why, sizeof(ext->why), "its BTF FUNC has no prototype");
				return;
			}
			ext->kind = RB_EXTERN_KFUNC;
			ext->type_id = t->type;
		} else {
			ext->type_id = resolved(btf, t->type);
			ext->kind = ext->type_id ? RB_EXTERN_KSYM_VAR : RB_EXTERN_KSYM_ADDR;
		}
		return;
	}
	if (btf_kind(t) == BTF_KIND_FUNC) {
		snprintf(ext->why, sizeof(ext->why), "a function cannot be __kconfig");
		return;
	}
	ext->type_id = t->type;
	ext->kconfig_type = kconfig_type(btf, t->type, &ext->size, align, &ext->is_signed);
	if (ext->kconfig_type == RB_KCONFIG_NONE) {
		btf_type_str(btf, t->type, type, sizeof(type));
		snprintf(ext->why, sizeof(ext->why), "a __kconfig extern of type %s: it must be "
			 "bool, enum libbpf_tristate, char, an integer of 1, 2, 4 or 8 bytes, or "
			 "a char array", type);
		return;
	}
	ext->kind = RB_EXTERN_KCONFIG;
}

static int add_extern(struct rb_object *obj, const struct elf_symbol *sym, uint32_t *align,
		      struct rb_error *err)
{
	struct rb_extern *grown = realloc(obj->externs, (obj->extern_count + 1) * sizeof(*grown));
	struct rb_extern *ext;

	if (!grown)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->externs = grown;
	ext = &grown[obj->extern_count++];
	*ext = (struct rb_extern){ .name = sym->name, .symbol = sym->index,
				   .weak = sym->bind == STB_WEAK };
	classify(obj, ext, align);
	if (ext->kind == RB_EXTERN_KCONFIG)
		return 0; /* told with its place, once laid out */
	if (ext->kind != RB_EXTERN_UNKNOWN)
		rb_narrate(&obj->narrator, "extern %s%s: __ksym %s", ext->name,
			   ext->weak ? " (weak)" : "",
			   ext->kind == RB_EXTERN_KFUNC ? "kernel function (kfunc)"
			   : ext->kind == RB_EXTERN_KSYM_VAR ? "kernel variable, by BTF type"
							     : "address (typeless), from kallsyms");
	else
		rb_narrate(&obj->narrator, "extern %s: unknown: %s", ext->name, ext->why);
	return 0;
}

/* libbpf's order for the .kconfig layout (cmp_externs()): alignment
 * descending, then size ascending, then name, so that little padding is
 * needed and every loader lays out the same object the same way. */
struct layout_item {
	struct rb_extern *ext;
	uint32_t align;
};

static int layout_cmp(const void *pa, const void *pb)
{
	const struct layout_item *a = pa, *b = pb;

	if (a->align != b->align)
		return a->align > b->align ? -1 : 1;
	if (a->ext->size != b->ext->size)
		return a->ext->size < b->ext->size ? -1 : 1;
	return strcmp(a->ext->name, b->ext->name);
}

/* Offsets for the kconfig externs; returns the map's value size (each
 * extern is at most a few KiB, see kconfig_type()). */
static uint64_t lay_out(struct layout_item *items, size_t n)
{
	uint64_t off = 0;

	qsort(items, n, sizeof(*items), layout_cmp);
	for (size_t i = 0; i < n; i++) {
		uint32_t align = items[i].align ? items[i].align : 1;
		off = (off + align - 1) / align * align;
		items[i].ext->offset = (uint32_t)off;
		off += items[i].ext->size;
	}
	return off;
}

static int add_kconfig_map(struct rb_object *obj, uint32_t size, struct rb_error *err)
{
	struct rb_map *maps = realloc(obj->maps, (obj->map_count + 1) * sizeof(*maps));
	struct rb_map *m;

	if (!maps)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->maps = maps;
	m = &maps[obj->map_count];
	/* section 0: the null section, since the values come from no section
	 * of the file (libbpf names the symbol table's here) */
	*m = (struct rb_map){ .fd = -1, .is_data = 1, .section = 0, .type = BPF_MAP_TYPE_ARRAY,
			      .key_size = sizeof(uint32_t), .value_size = size, .max_entries = 1,
			      .map_flags = BPF_F_RDONLY_PROG };
	m->name = strdup(".kconfig");
	m->init_value = calloc(1, size);
	if (!m->name || !m->init_value) {
		free(m->name);
		free(m->init_value);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	rb_kernel_name(m->kernel_name, m->name);
	obj->kconfig_map = (long)obj->map_count++;
	rb_narrate(&obj->narrator, "map .kconfig: the __kconfig externs' values, %u bytes, "
		   "read-only for programs", size);
	return 0;
}

static struct rb_extern *extern_of_btf(const struct rb_object *obj, uint32_t btf_id)
{
	for (size_t i = 0; i < obj->extern_count; i++)
		if (obj->externs[i].btf_id == btf_id && obj->externs[i].kind != RB_EXTERN_UNKNOWN)
			return &obj->externs[i];
	return NULL;
}

static uint32_t first_int(const struct btf *btf, uint32_t *size)
{
	for (uint32_t id = 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		if (btf_kind(t) == BTF_KIND_INT && !(btf_int_encoding(t) & BTF_INT_BOOL)) {
			*size = t->size;
			return id;
		}
	}
	return 0;
}

/* .kconfig: the layout's size and offsets, entries in offset order. */
static void patch_kconfig_datasec(struct rb_object *obj, struct btf_type *ds, uint32_t size)
{
	struct btf_var_secinfo *v = btf_var_secinfos_mut(ds);
	unsigned n = btf_vlen(ds);

	ds->size = size;
	for (unsigned i = 0; i < n; i++) {
		const struct rb_extern *ext = extern_of_btf(obj, v[i].type);
		if (ext) {
			v[i].offset = ext->offset;
			v[i].size = ext->size;
		}
	}
	for (unsigned i = 1; i < n; i++) /* insertion sort: a handful of entries */
		for (unsigned j = i; j > 0 && v[j - 1].offset > v[j].offset; j--) {
			struct btf_var_secinfo tmp = v[j];
			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
}

/* .ksyms describes no memory: an anonymous struct of one int per extern,
 * named after it (a struct may be anonymous, a DATASEC of FUNCs may not
 * exist; libbpf adds a dummy VAR instead, which would grow the blob). */
static void patch_ksyms_datasec(struct btf *btf, struct btf_type *ds, uint32_t int_id,
				uint32_t int_size)
{
	uint32_t *m = (uint32_t *)btf_var_secinfos_mut(ds); /* {type, offset, size} */
	unsigned n = btf_vlen(ds);

	for (unsigned i = 0; i < n; i++) {
		const struct btf_type *var = btf_type_by_id(btf, m[3 * i]);
		m[3 * i] = var ? var->name_off : 0;   /* member: {name_off, type, bits} */
		m[3 * i + 1] = int_id;
		m[3 * i + 2] = i * int_size * 8;
	}
	ds->info = (BTF_KIND_STRUCT << 24) | n;
	ds->name_off = 0;
	ds->size = n * int_size;
}

static void patch_btf(struct rb_object *obj, uint32_t kconfig_size)
{
	struct btf *btf = obj->btf;
	uint32_t int_size = 0, int_id = first_int(btf, &int_size);
	int kconfig = btf_find_by_name_kind(btf, ".kconfig", BTF_KIND_DATASEC);
	int ksyms = btf_find_by_name_kind(btf, ".ksyms", BTF_KIND_DATASEC);

	if (!int_id)
		return; /* no int to give the VARs: BPF_BTF_LOAD refuses, loading goes on
			   without BTF (kernel/btf_load.c says why) */
	for (size_t i = 0; i < obj->extern_count; i++) {
		const struct rb_extern *ext = &obj->externs[i];
		struct btf_type *t = btf_type_mut(btf, ext->btf_id);

		if (!t)
			continue;
		if (ext->kind == RB_EXTERN_UNKNOWN) {
			/* refused if a program uses it; unused, it need not cost the
			 * object its BTF */
			if (btf_kind(t) == BTF_KIND_VAR)
				((struct btf_var *)(t + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
			else if (btf_kind(t) == BTF_KIND_FUNC)
				t->info = (BTF_KIND_FUNC << 24) | BTF_FUNC_GLOBAL;
			continue;
		}
		if (ext->kind == RB_EXTERN_KFUNC) {
			const struct btf_type *proto = btf_type_by_id(btf, t->type);
			struct btf_param *p = (struct btf_param *)(proto + 1); /* a FUNC_PROTO:
										  classify() */
			/* btf_func_check() wants every parameter of a FUNC named */
			for (unsigned j = 0; j < btf_vlen(proto); j++)
				if (p[j].type && !p[j].name_off)
					p[j].name_off = t->name_off;
			t->info = (BTF_KIND_FUNC << 24) | BTF_FUNC_GLOBAL;
			continue;
		}
		((struct btf_var *)(t + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		if (ext->kind != RB_EXTERN_KCONFIG)
			t->type = int_id; /* a ksym's type may be void or a forward */
	}
	if (kconfig > 0)
		patch_kconfig_datasec(obj, btf_type_mut(btf, (uint32_t)kconfig), kconfig_size);
	if (ksyms > 0)
		patch_ksyms_datasec(btf, btf_type_mut(btf, (uint32_t)ksyms), int_id, int_size);
}

int rb_collect_externs(struct rb_object *obj, struct rb_error *err)
{
	struct layout_item *items = NULL;
	size_t n = 0;
	uint32_t size = 0;

	obj->kconfig_map = -1;
	for (size_t i = 1; i < obj->elf.nsymbols; i++) {
		const struct elf_symbol *s = &obj->elf.symbols[i];
		uint32_t align = 1;

		if (s->shndx != SHN_UNDEF || !s->name[0] ||
		    (s->bind != STB_GLOBAL && s->bind != STB_WEAK))
			continue;
		if (add_extern(obj, s, &align, err))
			goto fail;
		if (obj->externs[obj->extern_count - 1].kind != RB_EXTERN_KCONFIG)
			continue;
		struct layout_item *grown = realloc(items, (n + 1) * sizeof(*items));
		if (!grown) {
			rb_fail(err, RB_ERR_SYSTEM, "out of memory");
			goto fail;
		}
		items = grown;
		items[n++] = (struct layout_item){ &obj->externs[obj->extern_count - 1], align };
	}
	/* items point into obj->externs, which no longer grows */
	for (size_t i = 0, k = 0; i < obj->extern_count && n; i++)
		if (obj->externs[i].kind == RB_EXTERN_KCONFIG)
			items[k++].ext = &obj->externs[i];
	if (n) {
		uint64_t total = lay_out(items, n);
		/* a map value is at most a few MiB (data_maps.c says why) */
		if (total > (64u << 20)) {
			rb_fail(err, RB_ERR_INPUT, "%s: its __kconfig externs take %llu bytes: too "
				"many for a map", obj->path, (unsigned long long)total);
			goto fail;
		}
		size = (uint32_t)total;
		for (size_t i = 0; i < n; i++)
			rb_narrate(&obj->narrator, "extern %s%s: __kconfig %s, %u bytes at .kconfig+%u",
				   items[i].ext->name, items[i].ext->weak ? " (weak)" : "",
				   kconfig_type_names[items[i].ext->kconfig_type],
				   items[i].ext->size, items[i].ext->offset);
		if (add_kconfig_map(obj, size, err))
			goto fail;
	}
	if (obj->btf && obj->extern_count)
		patch_btf(obj, size);
	free(items);
	return 0;
fail:
	free(items);
	return -1;
}

int rb_externs_refuse(const struct rb_object *obj, struct rb_error *err)
{
	for (size_t p = 0; p < obj->program_count + obj->subprog_count; p++) {
		const struct rb_function *fn = p < obj->program_count ? &obj->programs[p].fn
								      : &obj->subprogs[p - obj->program_count];

		for (size_t i = 0; i < fn->reloc_count; i++) {
			const struct rb_reloc *r = &fn->relocs[i];
			const struct rb_extern *ext;

			if (r->kind != RB_RELOC_EXTERN || r->ext.index >= obj->extern_count)
				continue;
			ext = &obj->externs[r->ext.index];
			if (ext->kind == RB_EXTERN_UNKNOWN)
				return rb_fail(err, RB_ERR_INPUT,
					       "%s: program %s instruction %zu refers to extern "
					       "symbol %s, which rawbpf cannot resolve: %s",
					       obj->path, fn->name, r->insn, ext->name, ext->why);
		}
	}
	return 0;
}
