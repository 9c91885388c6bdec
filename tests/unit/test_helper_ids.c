/* The helper ids of uapi/bpf/bpf_helper_defs.h against the kernel's.
 *
 * The header is generated (uapi/bpf/gen_helper_defs.py) and a wrong id
 * does not fail to compile: the program calls another helper, which the
 * verifier may even accept. So each declaration's value, the `call N` a
 * program makes, is compared with two independent sources: the enum
 * bpf_func_id of the system's <linux/bpf.h> (every helper it lists must be
 * declared, or this file does not compile), and the running kernel's own
 * enum, from its BTF (/sys/kernel/btf/vmlinux), which knows the helpers
 * newer than the system header. No bpf() calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "elf/btf.h"

#ifdef __has_include
#if __has_include(<linux/bpf.h>)
#define HAVE_SYSTEM_UAPI 1
#endif
#endif

#ifdef HAVE_SYSTEM_UAPI
#include <linux/bpf.h>
#else
#include "uapi/linux/bpf.h"
#endif
#include "uapi/bpf/bpf_helper_defs.h"

struct helper {
	const char *name;
	long id;
};

/* Every declaration, as the generated header has it: its name and value.
 * (The list comes from the header itself, so that a helper it declares and
 * no other source knows is seen too.) */
static size_t our_helpers(struct helper *out, size_t max)
{
	FILE *f = fopen("uapi/bpf/bpf_helper_defs.h", "r");
	char line[512];
	size_t n = 0;

	if (!f)
		fail_msg("uapi/bpf/bpf_helper_defs.h: cannot open (run from the tree's root)");
	while (fgets(line, sizeof(line), f)) {
		char *name = strstr(line, "(* const bpf_"), *id = strstr(line, "= (void *) ");

		if (!name || !id)
			continue;
		assert_true(n < max);
		name += strlen("(* const ");
		name[strcspn(name, ")")] = '\0';
		out[n].name = strdup(name);
		out[n].id = strtol(id + strlen("= (void *) "), NULL, 10);
		n++;
	}
	fclose(f);
	return n;
}

static void helpers_have_the_system_headers_ids(void **state)
{
#ifdef HAVE_SYSTEM_UAPI
	/* __BPF_FUNC_MAPPER(FN) lists FN(name) for every helper, from
	 * FN(unspec) (0, not a helper); bpf_unspec stands in for that one. */
#define bpf_unspec ((void *)0)
#define HELPER(x) { "bpf_" #x, BPF_FUNC_##x, (long)(uintptr_t)bpf_##x }
	const struct {
		const char *name;
		long system, ours;
	} table[] = { __BPF_FUNC_MAPPER(HELPER) };
#undef HELPER
#undef bpf_unspec
	size_t count = sizeof(table) / sizeof(table[0]);
	int mismatches = 0;

	(void)state;
	for (size_t i = 0; i < count; i++)
		if (table[i].system != table[i].ours) {
			printf("MISMATCH %s: system %ld, bpf_helper_defs.h %ld\n", table[i].name,
			       table[i].system, table[i].ours);
			mismatches++;
		}
	assert_int_equal(count, __BPF_FUNC_MAX_ID); /* all of them, unspec included */
	printf("compared %zu helper ids with <linux/bpf.h>, %d mismatches\n", count - 1,
	       mismatches);
	assert_int_equal(mismatches, 0);
#else
	(void)state;
	printf("SKIP: no <linux/bpf.h> to compare with\n");
	skip();
#endif
}

/* enum bpf_func_id in the running kernel's BTF: value of `name`, or -1. */
static long kernel_id(const struct btf *btf, const char *name)
{
	for (uint32_t id = 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		const struct btf_enum *e;

		if (btf_kind(t) != BTF_KIND_ENUM || strcmp(btf_name(btf, t->name_off), "bpf_func_id"))
			continue;
		e = btf_enums(t);
		for (unsigned k = 0; k < btf_vlen(t); k++)
			if (strcmp(btf_name(btf, e[k].name_off), name) == 0)
				return e[k].val;
		return -1;
	}
	return -2; /* no enum bpf_func_id at all */
}

static void helpers_have_the_running_kernels_ids(void **state)
{
	const char *path = "/sys/kernel/btf/vmlinux";
	struct helper ours[512];
	size_t n = our_helpers(ours, 512), compared = 0, absent = 0;
	struct rb_error err = { 0 };
	struct btf btf = { 0 };
	uint8_t *data = malloc(64 << 20);
	size_t size;
	FILE *f;

	(void)state;
	/* ids 1 to 211: Linux 6.2 added the last helper (its NEWER list) */
	assert_int_equal(n, 211);
	assert_non_null(data);
	f = fopen(path, "rb");
	if (!f) {
		free(data);
		printf("SKIP: %s: no kernel BTF to compare with\n", path);
		skip();
	}
	size = fread(data, 1, 64 << 20, f);
	fclose(f);
	if (btf_parse_owned(&btf, path, data, size, &err))
		fail_msg("%s: %s", path, err.msg);
	for (size_t i = 0; i < n; i++) {
		char enumerator[128];
		long id;

		snprintf(enumerator, sizeof(enumerator), "BPF_FUNC_%s", ours[i].name + 4);
		id = kernel_id(&btf, enumerator);
		if (id == -2)
			fail_msg("%s has no enum bpf_func_id", path);
		if (id == -1) { /* a kernel older than the header */
			printf("not compared (newer than the running kernel): %s\n", ours[i].name);
			absent++;
		} else {
			if (id != ours[i].id)
				fail_msg("%s: the kernel's id is %ld, bpf_helper_defs.h says %ld",
					 ours[i].name, id, ours[i].id);
			compared++;
		}
		free((void *)ours[i].name);
	}
	printf("compared %zu helper ids with the running kernel, %zu it lacks\n", compared,
	       absent);
	btf_free(&btf);
	assert_true(compared > 0);
}

/* uapi/linux/bpf_func_id.h's enum, from its text: "\tBPF_FUNC_name = N,".
 * Returns the entries (unspec included); *max_id gets __BPF_FUNC_MAX_ID. */
static size_t pinned_ids(struct helper *out, size_t max, long *max_id)
{
	FILE *f = fopen("uapi/linux/bpf_func_id.h", "r");
	char line[256], name[128];
	size_t n = 0;
	long id;

	if (!f)
		fail_msg("uapi/linux/bpf_func_id.h: cannot open (run from the tree's root)");
	*max_id = -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " __BPF_FUNC_MAX_ID = %ld,", &id) == 1)
			*max_id = id;
		else if (sscanf(line, " BPF_FUNC_%127[a-z0-9_] = %ld,", name, &id) == 2) {
			assert_true(n < max);
			out[n].name = strdup(name);
			out[n++].id = id;
		}
	}
	fclose(f);
	return n;
}

static long pinned_id(const struct helper *ids, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i].name, name) == 0)
			return ids[i].id;
	return -1;
}

/* The enum bpf_func_id of uapi/linux/bpf.h (for programs that name helpers
 * as BPF_FUNC_*) against bpf_helper_defs.h and the system's enum: the
 * same helpers, the same ids, none missing. */
static void pinned_enum_has_every_helper(void **state)
{
	static struct helper pin[512], defs[512];
	long max_id;
	size_t np = pinned_ids(pin, 512, &max_id), nd = our_helpers(defs, 512);

	(void)state;
	assert_int_equal(np, nd + 1); /* + BPF_FUNC_unspec */
	assert_int_equal(max_id, (long)np);
	assert_int_equal(pinned_id(pin, np, "unspec"), 0);
	for (size_t i = 0; i < nd; i++) {
		long id = pinned_id(pin, np, defs[i].name + strlen("bpf_"));

		if (id != defs[i].id)
			fail_msg("BPF_FUNC_%s: %ld in uapi/linux/bpf_func_id.h, %ld in "
				 "bpf_helper_defs.h", defs[i].name + 4, id, defs[i].id);
	}
#ifdef HAVE_SYSTEM_UAPI
	{
#define HELPER(x) { #x, BPF_FUNC_##x }
		const struct {
			const char *name;
			long id;
		} sys[] = { __BPF_FUNC_MAPPER(HELPER) };
#undef HELPER
		for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
			if (pinned_id(pin, np, sys[i].name) != sys[i].id)
				fail_msg("BPF_FUNC_%s: %ld in <linux/bpf.h>, %ld in "
					 "uapi/linux/bpf_func_id.h", sys[i].name, sys[i].id,
					 pinned_id(pin, np, sys[i].name));
		printf("compared %zu BPF_FUNC_* with <linux/bpf.h>\n", sizeof(sys) / sizeof(sys[0]));
	}
#endif
	for (size_t i = 0; i < np; i++)
		free((void *)pin[i].name);
	for (size_t i = 0; i < nd; i++)
		free((void *)defs[i].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(helpers_have_the_system_headers_ids),
		cmocka_unit_test(helpers_have_the_running_kernels_ids),
		cmocka_unit_test(pinned_enum_has_every_helper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
