/* The C-declaration emitter (elf/btf_c.c) against a BTF of hard types
 * (tests/progs/c_types.bpf.c), with the C compiler as the judge: the
 * emitted header must compile (cc -Wall -Werror), and a program this test
 * writes from the BTF must confirm every layout fact the BTF records:
 * each struct's and union's size and each member's offset by
 * _Static_assert(offsetof(...)), each bitfield's bit offset and width at
 * run time (it sets the field to all ones in a zeroed struct and looks for
 * the bits). A layout the emitter got wrong fails to compile or exits 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "elf/btf_c.h"
#include "loader/open/object.h"

static struct rb_object *open_c_types(void)
{
	const char *build = getenv("BUILD");
	char path[512];
	struct rb_object *obj = NULL;
	struct rb_error err = { 0 };

	snprintf(path, sizeof(path), "%s/tests/progs/c_types.bpf.o", build ? build : "build");
	if (rb_object_open(&obj, path, NULL, &err))
		fail_msg("%s", err.msg);
	assert_non_null(obj->btf);
	return obj;
}

/* Rename string `from` of the BTF's string section to `to` (as long), in
 * the parsed copy, before any lookup by name builds the index. */
static void rename_string(struct btf *btf, const char *from, const char *to)
{
	char *s = (char *)btf->strings;

	assert_int_equal(strlen(from), strlen(to));
	for (uint32_t off = 0; off < btf->hdr.str_len; off += (uint32_t)strlen(s + off) + 1)
		if (strcmp(s + off, from) == 0) {
			memcpy(s + off, to, strlen(to));
			return;
		}
	fail_msg("no string %s in the BTF", from);
}

static const struct btf_type *resolve(const struct btf *btf, uint32_t id)
{
	uint32_t r;
	struct rb_error err;

	assert_int_equal(btf_resolve(btf, id, &r, &err), 0);
	return btf_type_by_id(btf, r);
}

/* Checks for the members of STRUCT/UNION t at `base` bits inside `outer`
 * ("struct everything"), reached through `path` ("" or "named_inner."):
 * offsets of named members as asserts, bitfields as run-time checks;
 * anonymous types are inside their parent, so their members are too. */
static void member_checks(FILE *asserts, FILE *runtime, const struct btf *btf, const char *outer,
			  uint32_t vid, const struct btf_type *t, uint32_t base, const char *path)
{
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *name = btf_name(btf, m->name_off);
		const struct btf_type *mt = resolve(btf, m->type);
		uint32_t off = base + btf_member_bit_offset(t, m);
		uint32_t bits = btf_member_bitfield_size(t, m);
		char sub[256];

		snprintf(sub, sizeof(sub), "%s%s%s", path, name, *name ? "." : "");
		if (bits) {
			fprintf(runtime,
				"\tmemset(&v_%u, 0, sizeof(v_%u)); v_%u.%s%s = -1;\n"
				"\tfailed |= bits_at(&v_%u, sizeof(v_%u), %u, %u, \"%s %s%s\");\n",
				vid, vid, vid, path, name, vid, vid, off, bits,
				outer, path, name);
			continue;
		}
		if (*name)
			fprintf(asserts, "_Static_assert(offsetof(%s, %s%s) == %u, \"%s.%s%s\");\n",
				outer, path, name, off / 8, outer, path, name);
		if ((btf_kind(mt) == BTF_KIND_STRUCT || btf_kind(mt) == BTF_KIND_UNION) &&
		    !mt->name_off)
			member_checks(asserts, runtime, btf, outer, vid, mt, off, sub);
	}
}

static void write_checks(const struct btf *btf, struct btf_c *c, FILE *f)
{
	char *a = NULL, *r = NULL;
	size_t alen = 0, rlen = 0;
	FILE *asserts = open_memstream(&a, &alen), *runtime = open_memstream(&r, &rlen);
	int structs = 0;

	assert_non_null(asserts);
	assert_non_null(runtime);
	for (uint32_t id = 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		unsigned k = btf_kind(t);
		char outer[128];

		if (!t->name_off || !btf_c_name(c, id))
			continue;
		if (k == BTF_KIND_TYPEDEF) {
			uint64_t size;
			struct rb_error err;
			if (btf_type_size(btf, id, &size, &err) == 0)
				fprintf(asserts, "_Static_assert(sizeof(%s) == %llu, \"%s\");\n",
					btf_c_name(c, id), (unsigned long long)size, btf_c_name(c, id));
			continue;
		}
		if (k != BTF_KIND_STRUCT && k != BTF_KIND_UNION && k != BTF_KIND_ENUM)
			continue;
		snprintf(outer, sizeof(outer), "%s %s",
			 k == BTF_KIND_STRUCT ? "struct" : k == BTF_KIND_UNION ? "union" : "enum",
			 btf_c_name(c, id));
		fprintf(asserts, "_Static_assert(sizeof(%s) == %u, \"size of %s\");\n", outer,
			t->size, outer);
		if (k == BTF_KIND_ENUM)
			continue;
		structs++;
		fprintf(f, "static __attribute__((unused)) %s v_%u;\n", outer, id);
		member_checks(asserts, runtime, btf, outer, id, t, 0, "");
	}
	fclose(asserts);
	fclose(runtime);
	assert_true(structs >= 10);
	fprintf(f, "%s\nint main(void)\n{\n\tint failed = 0;\n\n%s\treturn failed;\n}\n", a, r);
	free(a);
	free(r);
}

/* The program's bitfield check: the bits set are exactly [off, off+bits). */
static const char check_prelude[] =
	"#include <stddef.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n"
	"#include \"types.h\"\n\n"
	"static int bits_at(const void *p, size_t size, unsigned off, unsigned bits,\n"
	"\t\t   const char *what)\n{\n"
	"\tconst unsigned char *b = p;\n\tint bad = 0;\n\n"
	"\tfor (unsigned i = 0; i < size * 8; i++) {\n"
	"\t\tint set = (b[i / 8] >> (i % 8)) & 1, want = i >= off && i < off + bits;\n"
	"\t\tbad |= set != want;\n\t}\n"
	"\tif (bad)\n\t\tfprintf(stderr, \"%s: not at bits %u..%u\\n\", what, off, off + bits - 1);\n"
	"\treturn bad;\n}\n\n";

static void run(const char *cmd)
{
	int status = system(cmd);

	if (status != 0)
		fail_msg("`%s` failed (status %d)", cmd, status);
}

static void emitted_types_compile_and_keep_their_layout(void **state)
{
	struct rb_object *obj = open_c_types();
	struct btf *btf = obj->btf;
	struct btf_c *c;
	struct rb_error err = { 0 };
	char dir[] = "/tmp/rawbpf-btf-c-XXXXXX", path[600], cmd[2048];
	const char *text;
	FILE *f;

	(void)state;
	/* twins, as a linked object has them (c_types.bpf.c says why) */
	rename_string(btf, "twin_b", "twin_a");
	rename_string(btf, "twin_t_b", "twin_t_a");
	rename_string(btf, "TWIN_TWO", "TWIN_ONE");
	assert_int_equal(btf_c_new(&c, btf, &err), 0);
	if (btf_c_emit_all(c, &err))
		fail_msg("%s", err.msg);
	text = btf_c_text(c, NULL);
	/* the second of each name is renamed as libbpf does */
	assert_non_null(strstr(text, "struct twin_a___2 {"));
	assert_non_null(strstr(text, "typedef char twin_t_a___2;"));
	assert_non_null(strstr(text, "TWIN_ONE___2 = 2"));
	/* layouts that need attributes get them, and only those */
	assert_non_null(strstr(text, "unsigned int bf : 20;\n} __attribute__((packed));"));
	assert_non_null(strstr(text, "char c[9];\n} __attribute__((packed));"));
	assert_non_null(strstr(text, "} __attribute__((aligned(16)));"));
	assert_non_null(strstr(text, "__attribute__((mode(byte)))"));
	assert_null(strstr(text, "struct bits {\n\tunsigned int a : 3;\n\tunsigned int b : 7;\n"
			   "\tsigned char c : 4;\n\tunsigned long long wide : 40;\n"
			   "\tunsigned short s;\n\tunsigned int d : 1;\n\t_Bool flag : 1;\n}"
			   " __attribute__"));
	/* a host typedef is the host's, not redefined */
	assert_null(strstr(text, "typedef unsigned long long uint64_t;"));

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/types.h", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/check.c", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(check_prelude, f);
	write_checks(btf, c, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "cc -std=gnu11 -Wall -Wextra -Werror -include stdint.h "
		 "-fsyntax-only %s/types.h && "
		 "cc -std=gnu11 -Wall -Wextra -Werror -o %s/check %s/check.c && %s/check",
		 dir, dir, dir, dir);
	run(cmd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run(cmd);
	btf_c_free(c);
	rb_object_close(obj);
}

/* Order: a struct used by value comes before its user; one used through a
 * pointer is only declared; a typedef of a struct may come first. */
static void types_come_in_an_order_c_accepts(void **state)
{
	struct rb_object *obj = open_c_types();
	struct btf_c *c;
	struct rb_error err = { 0 };
	const char *text;
	int id = btf_find_by_name_kind(obj->btf, "everything", BTF_KIND_STRUCT);

	(void)state;
	assert_true(id > 0);
	assert_int_equal(btf_c_new(&c, obj->btf, &err), 0);
	/* one type and what it needs, not the whole BTF */
	assert_int_equal(btf_c_emit_type(c, (uint32_t)id, &err), 0);
	text = btf_c_text(c, NULL);
	assert_true(strstr(text, "struct node {") < strstr(text, "struct everything {"));
	assert_true(strstr(text, "typedef struct node node_t;") < strstr(text, "struct node {"));
	assert_non_null(strstr(text, "struct pong;\n")); /* only through a pointer */
	assert_null(strstr(text, "struct pong {"));
	assert_null(strstr(text, "struct twins")); /* not needed */
	/* twice is once */
	assert_int_equal(btf_c_emit_type(c, (uint32_t)id, &err), 0);
	assert_int_equal(strstr(strstr(text = btf_c_text(c, NULL), "struct everything {") + 1,
				"struct everything {"), NULL);
	btf_c_free(c);
	rb_object_close(obj);
}

static void reserved_names_and_identifiers(void **state)
{
	struct rb_object *obj = open_c_types();
	struct btf_c *c;
	struct rb_error err = { 0 };
	int id = btf_find_by_name_kind(obj->btf, "node", BTF_KIND_STRUCT);
	char ident[64];

	(void)state;
	assert_int_equal(btf_c_new(&c, obj->btf, &err), 0);
	assert_int_equal(btf_c_reserve(c, "node", 1, &err), 0);
	assert_int_equal(btf_c_emit_type(c, (uint32_t)id, &err), 0);
	assert_string_equal(btf_c_name(c, (uint32_t)id), "node___2");
	assert_non_null(strstr(btf_c_text(c, NULL), "struct node___2 {"));
	btf_c_free(c);
	rb_object_close(obj);

	btf_c_identifier("exec-snoop.bpf", ident);
	assert_string_equal(ident, "exec_snoop_bpf");
	btf_c_identifier("9lives", ident);
	assert_string_equal(ident, "_9lives");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(emitted_types_compile_and_keep_their_layout),
		cmocka_unit_test(types_come_in_an_order_c_accepts),
		cmocka_unit_test(reserved_names_and_identifiers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
