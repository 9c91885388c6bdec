/* Looking types up by name (elf/btf_lookup.c): the index must answer as a
 * scan of every record would, for duplicate names, names that do not
 * exist, anonymous types, and a table whose probe sequences wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"
#include "clang_sample.h"
#include "elf/btf.h"

static struct btf_builder b;

/* What the index must agree with: the first type after `after`, by a scan. */
static int scan(const struct btf *btf, const char *name, int kind, uint32_t after)
{
	for (uint32_t id = after + 1; id < btf->count; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		if ((int)btf_kind(t) == kind && t->name_off &&
		    strcmp(btf_name(btf, t->name_off), name) == 0)
			return (int)id;
	}
	return -1;
}

static void parse(struct btf *btf)
{
	struct rb_error err = { 0 };

	bb_finish(&b);
	if (btf_parse(btf, "t.o", b.blob, b.blob_len, &err))
		fail_msg("%s", err.msg);
}

/* struct foo, typedef foo, struct foo again: one name, two kinds, and two
 * types of one kind (as in a kernel with two structs of one name). */
void lookup_duplicate_names(void **state)
{
	struct btf btf;
	uint32_t int_enc = (BTF_INT_SIGNED << 24) | 32;
	uint32_t foo1, foo_t, foo2, bar, anon, func;

	(void)state;
	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 4);
	bb_words(&b, &int_enc, 1);
	foo1 = bb_type(&b, "foo", BTF_KIND_STRUCT, 0, 0);
	foo_t = bb_type(&b, "foo", BTF_KIND_TYPEDEF, 0, foo1);
	anon = bb_type(&b, NULL, BTF_KIND_STRUCT, 0, 0);
	foo2 = bb_type(&b, "foo", BTF_KIND_STRUCT, 0, 0);
	bar = bb_type(&b, "bar", BTF_KIND_UNION, 0, 0);
	bb_type(&b, NULL, BTF_KIND_FUNC_PROTO, 0, 1);
	func = bb_type(&b, "foo_fn", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 7);
	parse(&btf);

	assert_int_equal(btf_find_by_name_kind(&btf, "foo", BTF_KIND_STRUCT), foo1);
	assert_int_equal(btf_find_next_by_name_kind(&btf, "foo", BTF_KIND_STRUCT, foo1), foo2);
	assert_int_equal(btf_find_next_by_name_kind(&btf, "foo", BTF_KIND_STRUCT, foo2), -1);
	assert_int_equal(btf_find_next_by_name_kind(&btf, "foo", BTF_KIND_STRUCT, 0), foo1);
	/* `after` need not be a type of that name */
	assert_int_equal(btf_find_next_by_name_kind(&btf, "foo", BTF_KIND_STRUCT, anon), foo2);
	assert_int_equal(btf_find_by_name_kind(&btf, "foo", BTF_KIND_TYPEDEF), foo_t);
	assert_int_equal(btf_find_next_by_name_kind(&btf, "foo", BTF_KIND_TYPEDEF, foo_t), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, "foo", BTF_KIND_UNION), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, "bar", BTF_KIND_UNION), bar);
	assert_int_equal(btf_find_by_name_kind(&btf, "foo_fn", BTF_KIND_FUNC), func);
	assert_int_equal(btf_find_by_name_kind(&btf, "int", BTF_KIND_INT), 1);
	/* names that are not there, also prefixes and extensions of ones that are */
	assert_int_equal(btf_find_by_name_kind(&btf, "nothing", BTF_KIND_STRUCT), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, "fo", BTF_KIND_STRUCT), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, "fooo", BTF_KIND_STRUCT), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, "FOO", BTF_KIND_STRUCT), -1);
	/* an anonymous struct exists, but "" finds nothing */
	assert_int_equal(btf_find_by_name_kind(&btf, "", BTF_KIND_STRUCT), -1);
	btf_free(&btf);
}

/* The index is built by a lookup (the second), not by btf_parse: a name
 * patched in between is found under its new name, by the scan and by the
 * index alike. */
void lookup_index_is_built_by_a_lookup(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };

	(void)state;
	build_every_kind(&b);
	if (btf_parse(&btf, "t.o", b.blob, b.blob_len, &err))
		fail_msg("%s", err.msg);
	assert_non_null(btf.names); /* allocated, to be filled */
	/* "num" (the union's name) for the struct too: a linear scan or a
	 * late index sees two types named "num" */
	btf_type_mut(&btf, ID_POINT)->name_off = btf_type_by_id(&btf, ID_UNION)->name_off;
	assert_int_equal(btf_find_by_name_kind(&btf, "num", BTF_KIND_STRUCT), ID_POINT);
	assert_int_equal(btf_find_by_name_kind(&btf, "point", BTF_KIND_STRUCT), -1);
	assert_int_equal(btf_find_by_name_kind(&btf, "num", BTF_KIND_UNION), ID_UNION);
	btf_free(&btf);
	assert_null(btf.names);
}

/* 200 named types and a few anonymous ones: a 512-slot table, whose probe
 * sequences cross its end. Every name is found, as the scan finds it;
 * without an index (a btf not made by btf_parse) the answers are the same. */
void lookup_many_names(void **state)
{
	struct btf btf, bare;
	char name[16];
	static const int kinds[] = { BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_TYPEDEF };

	(void)state;
	bb_init(&b);
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "n%d", i % 150); /* 50 names twice */
		bb_type(&b, name, (unsigned)kinds[i % 3], 0, i % 3 == 2 ? 1 : 0);
		if (i % 40 == 0)
			bb_type(&b, NULL, BTF_KIND_STRUCT, 0, 0);
	}
	parse(&btf);
	bare = btf;
	bare.names = NULL;
	for (int i = 0; i < 160; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		for (int k = 0; k < 3; k++) {
			int want = scan(&btf, name, kinds[k], 0);
			assert_int_equal(btf_find_by_name_kind(&btf, name, kinds[k]), want);
			assert_int_equal(btf_find_by_name_kind(&bare, name, kinds[k]), want);
			if (want > 0)
				assert_int_equal(btf_find_next_by_name_kind(&btf, name, kinds[k],
									    (uint32_t)want),
						 scan(&btf, name, kinds[k], (uint32_t)want));
		}
	}
	btf_free(&btf);
}

/* The hash reads names 8 bytes at a time, in place in the string section
 * and up to the NUL of a name looked up: names of 1 to 17 bytes, prefixes
 * of each other (they differ only in the last word), first to last and
 * last to first, so the section ends in a long name and in a short one.
 * Each is looked up from a buffer of exactly its size (ASan: no read past
 * it), and the 18-byte one, and one byte changed, are not found. */
void lookup_names_across_words(void **state)
{
	static const char full[] = "abcdefghijklmnopqr";
	struct btf btf;
	uint32_t ids[18];
	char other[18];

	(void)state;
	for (int down = 0; down < 2; down++) {
		bb_init(&b);
		for (int k = 0; k < 17; k++) {
			int len = down ? 17 - k : k + 1;

			snprintf(other, sizeof(other), "%.*s", len, full);
			ids[len] = bb_type(&b, other, BTF_KIND_STRUCT, 0, 0);
		}
		parse(&btf);
		assert_int_equal(btf_find_by_name_kind(&btf, "abc", BTF_KIND_STRUCT), ids[3]);
		for (int len = 1; len <= 17; len++) {
			char *name = malloc((size_t)len + 1);

			assert_non_null(name);
			memcpy(name, full, (size_t)len);
			name[len] = '\0';
			assert_int_equal(btf_find_by_name_kind(&btf, name, BTF_KIND_STRUCT), ids[len]);
			name[len - 1] = 'X';
			assert_int_equal(btf_find_by_name_kind(&btf, name, BTF_KIND_STRUCT), -1);
			free(name);
		}
		assert_int_equal(btf_find_by_name_kind(&btf, full, BTF_KIND_STRUCT), -1);
		btf_free(&btf);
	}
}

/* clang's BTF: every named type is found as the scan finds it. */
void lookup_clang_names(void **state)
{
	struct btf btf;
	struct rb_error err = { 0 };

	(void)state;
	assert_int_equal(btf_parse(&btf, "sample.bpf.o", sample_btf, sample_btf_len, &err), 0);
	for (uint32_t id = 1; id < btf.count; id++) {
		const struct btf_type *t = btf_type_by_id(&btf, id);
		const char *name = btf_name(&btf, t->name_off);

		if (!name[0])
			continue;
		assert_int_equal(btf_find_by_name_kind(&btf, name, (int)btf_kind(t)),
				 scan(&btf, name, (int)btf_kind(t), 0));
	}
	btf_free(&btf);
}

/* btf_underscored_names(): every string with "___", wherever it falls in
 * the 8-byte words the scan reads (each name below is tried at every
 * offset), and nothing else; checked against strstr over every string. */
void lookup_underscored_names(void **state)
{
	static const char *const names[] = {
		"a___b", "___lead", "trail___", "____four", "two__only", "_", "__", "___",
		"x_y_z", "task_struct___old", "no",
	};
	static struct btf_builder b;
	struct btf btf;
	struct rb_error err = { 0 };
	const char *const *found;
	size_t count, want = 0;
	char name[64];

	(void)state;
	bb_init(&b);
	for (size_t pad = 0; pad < 8; pad++)
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(name, sizeof(name), "%.*s%s", (int)pad, "yyyyyyyy", names[i]);
			bb_type(&b, name, BTF_KIND_FWD, 0, 0);
		}
	bb_finish(&b);
	if (btf_parse(&btf, "t.o", b.blob, b.blob_len, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(btf_underscored_names(&btf, &found, &count), 0);
	for (uint32_t off = 1; off < btf.hdr.str_len; off += strlen(btf.strings + off) + 1)
		if (strstr(btf.strings + off, "___"))
			assert_string_equal(found[want++], btf.strings + off); /* in string order */
	assert_int_equal(count, want);
	assert_int_equal(want, 8 * 6); /* six of the names, at eight offsets */
	btf_free(&btf);
}
