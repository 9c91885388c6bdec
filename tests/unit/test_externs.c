/* Unit tests for externs, without the kernel: the model rb_object_open()
 * builds (loader/open/externs.c) from tests/progs/extern_*.bpf.o, the
 * .kconfig layout (the one libbpf makes: `bpftool gen skeleton` prints the
 * same struct), the BTF patched for BPF_BTF_LOAD, the typing of config
 * values (loader/open/kconfig_values.c) and the instructions each kind of
 * extern becomes (loader/relocate/externs.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/kernel/kernel.h"

static struct rb_object *open_prog(const char *name)
{
	const char *build = getenv("BUILD");
	struct rb_error err = { 0 };
	struct rb_object *obj;
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/progs/%s.bpf.o", build && *build ? build : "build",
		 name);
	if (rb_object_open(&obj, path, NULL, &err))
		fail_msg("open %s: %s", path, err.msg);
	return obj;
}

static struct rb_extern *find(struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->extern_count; i++)
		if (strcmp(obj->externs[i].name, name) == 0)
			return &obj->externs[i];
	fail_msg("no extern %s", name);
	return NULL;
}

struct kconfig_expect {
	const char *name;
	uint32_t type, size, offset;
	int weak, is_signed;
};

/* `bpftool gen skeleton extern_kconfig.bpf.o` (libbpf's layout: alignment
 * descending, size ascending, then name) prints these offsets. */
static const struct kconfig_expect kconfig[] = {
	{ "CONFIG_ILLEGAL_POINTER_VALUE", RB_KCONFIG_INT, 8, 0, 0, 0 },
	{ "CONFIG_HZ", RB_KCONFIG_INT, 4, 8, 0, 1 },
	{ "CONFIG_RAWBPF_NOT_AN_OPTION", RB_KCONFIG_INT, 4, 12, 1, 1 },
	{ "CONFIG_TUN", RB_KCONFIG_TRISTATE, 4, 16, 1, 0 },
	{ "LINUX_KERNEL_VERSION", RB_KCONFIG_INT, 4, 20, 0, 0 },
	{ "CONFIG_NR_CPUS", RB_KCONFIG_INT, 2, 24, 0, 0 },
	{ "CONFIG_BPF_JIT", RB_KCONFIG_CHAR, 1, 26, 0, 1 },
	{ "CONFIG_BPF_SYSCALL", RB_KCONFIG_BOOL, 1, 27, 0, 0 },
	{ "CONFIG_FUNCTION_ERROR_INJECTION", RB_KCONFIG_BOOL, 1, 28, 1, 0 },
	{ "CONFIG_LOG_BUF_SHIFT", RB_KCONFIG_CHAR, 1, 29, 0, 0 },
	{ "LINUX_HAS_BPF_COOKIE", RB_KCONFIG_BOOL, 1, 30, 0, 0 },
	{ "LINUX_HAS_SYSCALL_WRAPPER", RB_KCONFIG_BOOL, 1, 31, 0, 0 },
	{ "CONFIG_DEFAULT_HOSTNAME", RB_KCONFIG_STRING, 16, 32, 0, 0 },
	{ "CONFIG_LOCALVERSION", RB_KCONFIG_STRING, 16, 48, 0, 0 },
};
#define KCONFIG_COUNT (sizeof(kconfig) / sizeof(kconfig[0]))

static void kconfig_model_and_layout(void **state)
{
	struct rb_object *obj = open_prog("extern_kconfig");
	const struct rb_map *map;
	const struct btf_type *ds;
	int ds_id;

	(void)state;
	assert_int_equal(obj->extern_count, KCONFIG_COUNT);
	for (size_t i = 0; i < KCONFIG_COUNT; i++) {
		const struct rb_extern *ext = find(obj, kconfig[i].name);

		assert_int_equal(ext->kind, RB_EXTERN_KCONFIG);
		assert_int_equal(ext->kconfig_type, kconfig[i].type);
		assert_int_equal(ext->size, kconfig[i].size);
		assert_int_equal(ext->offset, kconfig[i].offset);
		assert_int_equal(ext->weak, kconfig[i].weak);
		assert_int_equal(ext->is_signed, kconfig[i].is_signed);
	}
	/* one read-only element holding them all, frozen at load like .rodata */
	assert_true(obj->kconfig_map >= 0);
	map = &obj->maps[obj->kconfig_map];
	assert_string_equal(map->name, ".kconfig");
	assert_int_equal(map->value_size, 64);
	assert_int_equal(map->max_entries, 1);
	assert_int_equal(map->map_flags, BPF_F_RDONLY_PROG);
	assert_true(rb_map_is_read_only_data(map));
	/* BTF as the kernel accepts it: the DATASEC sized, its entries at the
	 * layout's offsets in increasing order, the VARs no longer extern */
	ds_id = btf_find_by_name_kind(obj->btf, ".kconfig", BTF_KIND_DATASEC);
	assert_true(ds_id > 0);
	ds = btf_type_by_id(obj->btf, (uint32_t)ds_id);
	assert_int_equal(ds->size, 64);
	assert_int_equal(btf_vlen(ds), KCONFIG_COUNT);
	for (unsigned i = 0; i < btf_vlen(ds); i++) {
		const struct btf_var_secinfo *v = &btf_var_secinfos(ds)[i];
		const struct btf_type *var = btf_type_by_id(obj->btf, v->type);

		assert_int_equal(btf_var(var)->linkage, BTF_VAR_GLOBAL_ALLOCATED);
		assert_int_equal(v->offset, find(obj, btf_name(obj->btf, var->name_off))->offset);
		if (i)
			assert_true(v->offset > btf_var_secinfos(ds)[i - 1].offset);
	}
	/* and each extern is a variable of .kconfig, for the map dump */
	{
		size_t count, in_kconfig = 0;
		const struct rb_variable *vars = rb_object_variables(obj, &count);
		for (size_t i = 0; i < count; i++)
			if (strcmp(vars[i].section_name, ".kconfig") == 0)
				in_kconfig++;
		assert_int_equal(in_kconfig, KCONFIG_COUNT);
	}
	rb_object_close(obj);
}

static void ksym_model_and_btf(void **state)
{
	struct rb_object *obj = open_prog("extern_ksym");
	const struct rb_extern *lock;

	(void)state;
	assert_int_equal(obj->extern_count, 5);
	assert_int_equal(find(obj, "_stext")->kind, RB_EXTERN_KSYM_ADDR);
	assert_int_equal(find(obj, "rawbpf_no_such_var")->kind, RB_EXTERN_KSYM_VAR);
	assert_true(find(obj, "rawbpf_no_such_var")->weak);
	assert_int_equal(find(obj, "rawbpf_no_such_kfunc")->kind, RB_EXTERN_KFUNC);
	assert_true(find(obj, "rawbpf_no_such_kfunc")->weak);
	lock = find(obj, "bpf_rcu_read_lock");
	assert_int_equal(lock->kind, RB_EXTERN_KFUNC);
	assert_false(lock->weak);
	/* its type: a prototype; the FUNC itself now global, as BTF_LOAD wants */
	assert_int_equal(btf_kind(btf_type_by_id(obj->btf, lock->type_id)), BTF_KIND_FUNC_PROTO);
	assert_int_equal(btf_vlen(btf_type_by_id(obj->btf, lock->btf_id)), BTF_FUNC_GLOBAL);
	assert_int_equal(obj->kconfig_map, -1);
	/* .ksyms, a DATASEC of functions, is gone (an anonymous struct now) */
	assert_true(btf_find_by_name_kind(obj->btf, ".ksyms", BTF_KIND_DATASEC) < 0);
	rb_object_close(obj);

	/* typed variables keep their C type in the model; their BTF VARs are
	 * allocated ints now, as BPF_BTF_LOAD accepts them */
	obj = open_prog("extern_ksym_var");
	assert_int_equal(obj->extern_count, 1);
	for (size_t i = 0; i < 1; i++) {
		const struct rb_extern *ext = &obj->externs[i];
		const struct btf_type *var = btf_type_by_id(obj->btf, ext->btf_id);
		char type[64];

		assert_int_equal(ext->kind, RB_EXTERN_KSYM_VAR);
		assert_int_equal(rb_object_btf_type_name(obj, ext->type_id, type, sizeof(type)), 0);
		assert_string_equal(type, "int");
		assert_int_equal(btf_var(var)->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	}
	rb_object_close(obj);
}

/* `extern int x;` is neither: modelled, then refused by name at load. */
static void unknown_extern_is_refused_by_name(void **state)
{
	struct rb_object *obj = open_prog("extern_sym");
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(obj->extern_count, 1);
	assert_int_equal(obj->externs[0].kind, RB_EXTERN_UNKNOWN);
	assert_non_null(strstr(obj->externs[0].why, "__kconfig"));
	assert_int_equal(rb_externs_refuse(obj, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "some_kernel_thing"));
	assert_non_null(strstr(err.msg, "instruction"));
	rb_object_close(obj);
}

static const char config_text[] =
	"# Automatically generated file; DO NOT EDIT.\n"
	"CONFIG_HZ=1000\n"
	"CONFIG_HZ=100\n" /* the first line counts, as in libbpf */
	"CONFIG_BPF_SYSCALL=y\n"
	"CONFIG_TUN=m\n"
	"CONFIG_BPF_JIT=y\n"
	"CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000\n"
	"CONFIG_NR_CPUS=8192\n"
	"CONFIG_LOG_BUF_SHIFT=17\n"
	"CONFIG_LOCALVERSION=\"-rb\\\"x\"\n"
	"CONFIG_DEFAULT_HOSTNAME=\"(none)\"\n"
	"# CONFIG_FUNCTION_ERROR_INJECTION is not set\n";

static uint64_t value_at(const struct rb_object *obj, const char *name)
{
	const struct rb_extern *ext = find((struct rb_object *)obj, name);
	const uint8_t *at = obj->maps[obj->kconfig_map].init_value + ext->offset;
	uint64_t v = 0;

	for (uint32_t i = 0; i < ext->size && i < 8; i++)
		v |= (uint64_t)at[i] << (8 * i);
	return v;
}

static void config_values_by_type(void **state)
{
	struct rb_object *obj = open_prog("extern_kconfig");
	struct rb_error err = { 0 };
	const uint8_t *value;

	(void)state;
	if (rb_kconfig_apply_config(obj, config_text, strlen(config_text), "test config", &err))
		fail_msg("%s", err.msg);
	value = obj->maps[obj->kconfig_map].init_value;
	assert_int_equal(value_at(obj, "CONFIG_HZ"), 1000);
	assert_int_equal(value_at(obj, "CONFIG_BPF_SYSCALL"), 1);
	assert_int_equal(value_at(obj, "CONFIG_TUN"), 2); /* TRI_MODULE */
	assert_int_equal(value_at(obj, "CONFIG_BPF_JIT"), 'y');
	assert_true(value_at(obj, "CONFIG_ILLEGAL_POINTER_VALUE") == 0xdead000000000000ULL);
	assert_int_equal(value_at(obj, "CONFIG_NR_CPUS"), 8192);
	assert_int_equal(value_at(obj, "CONFIG_LOG_BUF_SHIFT"), 17);
	assert_string_equal((const char *)value + find(obj, "CONFIG_LOCALVERSION")->offset,
			    "-rb\"x");
	assert_string_equal((const char *)value + find(obj, "CONFIG_DEFAULT_HOSTNAME")->offset,
			    "(none)");
	assert_true(find(obj, "CONFIG_HZ")->resolved);
	assert_string_equal(find(obj, "CONFIG_HZ")->source, "test config");
	/* "is not set" and absent: missing, left 0 */
	assert_false(find(obj, "CONFIG_FUNCTION_ERROR_INJECTION")->resolved);
	assert_false(find(obj, "CONFIG_RAWBPF_NOT_AN_OPTION")->resolved);
	assert_int_equal(value_at(obj, "CONFIG_RAWBPF_NOT_AN_OPTION"), 0);
	/* LINUX_* are not config options */
	assert_false(find(obj, "LINUX_KERNEL_VERSION")->resolved);
	/* numbers for LINUX_* */
	assert_int_equal(rb_kconfig_set_number(obj, find(obj, "LINUX_KERNEL_VERSION"), 0x61244,
					       "uname", &err), 0);
	assert_int_equal(value_at(obj, "LINUX_KERNEL_VERSION"), 0x61244);
	rb_object_close(obj);
}

/* A line of config that does not suit the extern's type, or does not fit
 * it: refused, naming the extern (rawbpf run: exit 2). */
static void config_values_that_do_not_fit(void **state)
{
	static const struct {
		const char *line, *name, *why;
	} bad[] = {
		{ "CONFIG_NR_CPUS=70000\n", "CONFIG_NR_CPUS", "does not fit" },      /* u16 */
		{ "CONFIG_LOG_BUF_SHIFT=256\n", "CONFIG_LOG_BUF_SHIFT", "does not fit" }, /* u8 */
		{ "CONFIG_HZ=2147483648\n", "CONFIG_HZ", "does not fit" },           /* int */
		{ "CONFIG_HZ=-2147483649\n", "CONFIG_HZ", "does not fit" },
		{ "CONFIG_NR_CPUS=-1\n", "CONFIG_NR_CPUS", "does not fit" },         /* unsigned */
		{ "CONFIG_BPF_SYSCALL=m\n", "CONFIG_BPF_SYSCALL", "module" },        /* bool */
		{ "CONFIG_BPF_SYSCALL=2\n", "CONFIG_BPF_SYSCALL", "integer" },
		{ "CONFIG_HZ=y\n", "CONFIG_HZ", "bool, tristate or char" },
		{ "CONFIG_HZ=\"250\"\n", "CONFIG_HZ", "char array" },
		{ "CONFIG_TUN=5\n", "CONFIG_TUN", "integer" },
		{ "CONFIG_LOCALVERSION=\"0123456789abcdef\"\n", "CONFIG_LOCALVERSION", "17 bytes" },
		{ "CONFIG_LOCALVERSION=y\n", "CONFIG_LOCALVERSION", "bool, tristate or char" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rb_object *obj = open_prog("extern_kconfig");
		struct rb_error err = { 0 };

		if (rb_kconfig_apply_config(obj, bad[i].line, strlen(bad[i].line), "cfg", &err) != -1)
			fail_msg("%s was accepted", bad[i].line);
		assert_int_equal(err.kind, RB_ERR_INPUT);
		if (!strstr(err.msg, bad[i].name) || !strstr(err.msg, bad[i].why))
			fail_msg("%s: %s", bad[i].line, err.msg);
		rb_object_close(obj);
	}
	/* the limits themselves fit */
	{
		static const char ok[] = "CONFIG_HZ=-2147483648\nCONFIG_NR_CPUS=65535\n"
					 "CONFIG_LOCALVERSION=\"0123456789abcde\"\n";
		struct rb_object *obj = open_prog("extern_kconfig");
		struct rb_error err = { 0 };

		assert_int_equal(rb_kconfig_apply_config(obj, ok, strlen(ok), "cfg", &err), 0);
		assert_int_equal(value_at(obj, "CONFIG_HZ"), 0x80000000u);
		assert_int_equal(value_at(obj, "CONFIG_NR_CPUS"), 65535);
		rb_object_close(obj);
	}
}

static const struct bpf_insn *ld_of(const struct rb_object *obj, const struct rb_relocated *l,
				    const char *prog, const char *symbol, int call)
{
	const struct rb_program *p = NULL;

	for (size_t i = 0; i < obj->program_count; i++)
		if (strcmp(obj->programs[i].fn.name, prog) == 0)
			p = &obj->programs[i];
	assert_non_null(p);
	for (size_t i = 0; i < p->fn.reloc_count; i++) {
		const struct rb_reloc *r = &p->fn.relocs[i];
		const struct bpf_insn *in = &l->insns[r->insn];
		if (r->kind == RB_RELOC_EXTERN && strcmp(r->symbol, symbol) == 0 &&
		    (in->code == (BPF_JMP | BPF_CALL)) == call)
			return in;
	}
	fail_msg("%s: no %s of %s", prog, call ? "call" : "load", symbol);
	return NULL;
}

static const struct rb_program *prog_named(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->program_count; i++)
		if (strcmp(obj->programs[i].fn.name, name) == 0)
			return &obj->programs[i];
	fail_msg("no program %s", name);
	return NULL;
}

static void kconfig_loads_become_map_values(void **state)
{
	struct rb_object *obj = open_prog("extern_kconfig");
	struct rb_error err = { 0 };
	struct rb_relocated l;
	const struct bpf_insn *in;

	(void)state;
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 40 + (int)i; /* as if created; never closed (not real) */
	if (rb_program_relocate(obj, prog_named(obj, "read_kconfig"), &l, &err))
		fail_msg("%s", err.msg);
	in = ld_of(obj, &l, "read_kconfig", "CONFIG_HZ", 0);
	assert_int_equal(in[0].src_reg, BPF_PSEUDO_MAP_VALUE);
	assert_int_equal(in[0].imm, 40 + obj->kconfig_map);
	assert_int_equal(in[1].imm, 8);
	in = ld_of(obj, &l, "read_kconfig", "CONFIG_LOCALVERSION", 0);
	assert_int_equal(in[1].imm, 48);
	rb_relocated_free(&l);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	rb_object_close(obj);
}

static void typed_ksyms_become_btf_ids(void **state)
{
	struct rb_object *obj = open_prog("extern_ksym_var");
	struct rb_error err = { 0 };
	struct rb_relocated l;
	const struct bpf_insn *in;

	(void)state;
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 40 + (int)i;
	find(obj, "bpf_prog_active")->resolved = 1;
	find(obj, "bpf_prog_active")->kernel_btf_id = 13793;
	if (rb_program_relocate(obj, prog_named(obj, "typed_var"), &l, &err))
		fail_msg("%s", err.msg);
	in = ld_of(obj, &l, "typed_var", "bpf_prog_active", 0);
	assert_int_equal(in[0].src_reg, BPF_PSEUDO_BTF_ID);
	assert_int_equal(in[0].imm, 13793);
	assert_int_equal(in[1].imm, 0); /* vmlinux */
	rb_relocated_free(&l);
	find(obj, "bpf_prog_active")->kernel_btf_fd = 9; /* as if a module's */
	if (rb_program_relocate(obj, prog_named(obj, "typed_var"), &l, &err))
		fail_msg("%s", err.msg);
	in = ld_of(obj, &l, "typed_var", "bpf_prog_active", 0);
	assert_int_equal(in[0].imm, 13793);
	assert_int_equal(in[1].imm, 9);   /* the module's BTF fd */
	rb_relocated_free(&l);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	rb_object_close(obj);
}

static void ksyms_become_addresses_and_kfunc_calls(void **state)
{
	struct rb_object *obj = open_prog("extern_ksym");
	struct rb_extern *lock = find(obj, "bpf_rcu_read_lock");
	struct rb_error err = { 0 };
	struct rb_relocated l;
	const struct bpf_insn *in;
	size_t missing_kfunc = (size_t)(find(obj, "rawbpf_no_such_kfunc") - obj->externs);

	(void)state;
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = 40 + (int)i;
	/* what kernel/externs.c would have found */
	find(obj, "_stext")->resolved = 1;
	find(obj, "_stext")->address = 0xffffffff81000000ULL;
	lock->resolved = 1;
	lock->kernel_btf_id = 65401;
	find(obj, "bpf_rcu_read_unlock")->resolved = 1;
	find(obj, "bpf_rcu_read_unlock")->kernel_btf_id = 65403;
	find(obj, "bpf_rcu_read_unlock")->fd_array_index = 2; /* a module's kfunc */
	if (rb_program_relocate(obj, prog_named(obj, "addresses"), &l, &err))
		fail_msg("%s", err.msg);
	in = ld_of(obj, &l, "addresses", "_stext", 0);
	assert_int_equal(in[0].src_reg, 0);
	assert_int_equal((uint32_t)in[0].imm, 0x81000000u);
	assert_int_equal((uint32_t)in[1].imm, 0xffffffffu);
	in = ld_of(obj, &l, "addresses", "rawbpf_no_such_var", 0); /* weak, missing */
	assert_int_equal(in[0].src_reg, 0);
	assert_int_equal(in[0].imm, 0);
	assert_int_equal(in[1].imm, 0);
	rb_relocated_free(&l);

	if (rb_program_relocate(obj, prog_named(obj, "kfuncs"), &l, &err))
		fail_msg("%s", err.msg);
	in = ld_of(obj, &l, "kfuncs", "bpf_rcu_read_lock", 1);
	assert_int_equal(in->src_reg, BPF_PSEUDO_KFUNC_CALL);
	assert_int_equal(in->imm, 65401);
	assert_int_equal(in->off, 0);
	in = ld_of(obj, &l, "kfuncs", "bpf_rcu_read_unlock", 1);
	assert_int_equal(in->off, 2);
	/* the weak one the kernel lacks: libbpf's poison, and 0 for the test */
	in = ld_of(obj, &l, "kfuncs", "rawbpf_no_such_kfunc", 1);
	assert_int_equal(in->src_reg, 0);
	assert_int_equal(in->imm, RB_POISON_KFUNC_BASE + (int32_t)missing_kfunc);
	in = ld_of(obj, &l, "kfuncs", "rawbpf_no_such_kfunc", 0);
	assert_int_equal(in[0].src_reg, 0);
	assert_int_equal(in[0].imm, 0);
	rb_relocated_free(&l);
	for (size_t i = 0; i < obj->map_count; i++)
		obj->maps[i].fd = -1;
	rb_object_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kconfig_model_and_layout),
		cmocka_unit_test(ksym_model_and_btf),
		cmocka_unit_test(unknown_extern_is_refused_by_name),
		cmocka_unit_test(config_values_by_type),
		cmocka_unit_test(config_values_that_do_not_fit),
		cmocka_unit_test(kconfig_loads_become_map_values),
		cmocka_unit_test(typed_ksyms_become_btf_ids),
		cmocka_unit_test(ksyms_become_addresses_and_kfunc_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
