/* Split BTF (elf/btf.h): a module's types on top of the kernel's. Its ids
 * continue the base's, its name offsets count after the base's strings,
 * and its records may name base types and strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases.h"
#include "elf/btf.h"

/* base: 1 int, 2 struct task { int pid; } */
static void build_base(struct btf_builder *b, struct btf *base)
{
	uint32_t int_enc = (BTF_INT_SIGNED << 24) | 32;
	struct rb_error err = { 0 };

	bb_init(b);
	bb_type(b, "int", BTF_KIND_INT, 0, 4);
	bb_words(b, &int_enc, 1);
	bb_type(b, "task", BTF_KIND_STRUCT, 1, 4);
	bb_words(b, (uint32_t[]){ bb_string(b, "pid"), 1, 0 }, 3);
	bb_finish(b);
	if (btf_parse(base, "vmlinux", b->blob, b->blob_len, &err))
		fail_msg("%s", err.msg);
}

/* The split blob, parsed (a copy: btf_parse_split_owned takes it over). */
static int parse_split(const struct btf_builder *b, const struct btf *base, struct btf *out,
		       struct rb_error *err)
{
	uint8_t *copy = malloc(b->blob_len);

	assert_non_null(copy);
	memcpy(copy, b->blob, b->blob_len);
	return btf_parse_split_owned(out, "module", copy, b->blob_len, base, err);
}

/* A module split on the base: 3 struct conn { int mark; struct task *owner; },
 * 4 struct task * (a pointer to a base type), 5 typedef conn___x. */
static void build_split(struct btf_builder *m, const struct btf *base)
{
	bb_init(m);
	m->next_id = base->count;
	m->str_base = base->hdr.str_len;
	bb_type(m, "conn", BTF_KIND_STRUCT, 2, 16);
	/* "pid"'s offset in the base is a valid name here too: reuse it */
	bb_words(m, (uint32_t[]){ bb_string(m, "mark"), 1, 0, bb_string(m, "owner"), 4, 64 }, 6);
	bb_type(m, NULL, BTF_KIND_PTR, 0, 2);
	bb_type(m, "conn___x", BTF_KIND_TYPEDEF, 0, 3);
	bb_finish(m);
}

void split_btf(void **state)
{
	static struct btf_builder b, m;
	struct btf base, split;
	struct rb_error err = { 0 };
	char text[64];
	const char *const *names;
	size_t count;

	(void)state;
	build_base(&b, &base);
	build_split(&m, &base);
	if (parse_split(&m, &base, &split, &err))
		fail_msg("%s", err.msg);
	/* ids continue the base's; the base's are reached through the split */
	assert_int_equal(base.count, 3);
	assert_int_equal(split.first_id, 3);
	assert_int_equal(split.count, 6);
	assert_ptr_equal(btf_type_by_id(&split, 2), btf_type_by_id(&base, 2));
	assert_int_equal(btf_kind(btf_type_by_id(&split, 3)), BTF_KIND_STRUCT);
	assert_null(btf_type_by_id(&split, 6));
	assert_null(btf_type_by_id(&split, 0));
	/* names: its own, and the base's by the base's offsets */
	assert_string_equal(btf_name(&split, btf_type_by_id(&split, 3)->name_off), "conn");
	assert_string_equal(btf_name(&split, btf_type_by_id(&split, 2)->name_off), "task");
	assert_string_equal(btf_name(&split, btf_members(btf_type_by_id(&split, 3))[1].name_off),
			    "owner");
	btf_type_str(&split, 4, text, sizeof(text));
	assert_string_equal(text, "struct task *");
	btf_type_str(&split, 5, text, sizeof(text));
	assert_string_equal(text, "conn___x");
	/* lookups see the split's own types only */
	assert_int_equal(btf_find_by_name_kind(&split, "conn", BTF_KIND_STRUCT), 3);
	assert_int_equal(btf_find_by_name_kind(&split, "conn", BTF_KIND_STRUCT), 3); /* indexed */
	assert_int_equal(btf_find_by_name_kind(&split, "task", BTF_KIND_STRUCT), -1);
	/* names with "___": its own, and the base's (none here) */
	assert_int_equal(btf_underscored_names(&split, &names, &count), 0);
	assert_int_equal(count, 1);
	assert_string_equal(names[0], "conn___x");
	{
		uint64_t size;
		uint32_t id;

		assert_int_equal(btf_resolve(&split, 5, &id, &err), 0);
		assert_int_equal(id, 3);
		assert_int_equal(btf_type_size(&split, 5, &size, &err), 0);
		assert_int_equal(size, 16);
	}
	btf_free(&split);

	/* a split type named by a base string (module BTF reuses vmlinux's
	 * names): the index hashes it where it is, in the base's section */
	bb_init(&m);
	m.next_id = base.count;
	m.str_base = base.hdr.str_len;
	bb_type(&m, "conn", BTF_KIND_STRUCT, 0, 0);
	bb_type(&m, NULL, BTF_KIND_TYPEDEF, 0, 2);
	bb_finish(&m);
	bb_record(&m, 4)->name_off = btf_type_by_id(&base, 2)->name_off; /* "task" */
	if (parse_split(&m, &base, &split, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(btf_find_by_name_kind(&split, "task", BTF_KIND_TYPEDEF), 4); /* a scan */
	assert_int_equal(btf_find_by_name_kind(&split, "task", BTF_KIND_TYPEDEF), 4); /* indexed */
	assert_int_equal(btf_find_by_name_kind(&split, "conn", BTF_KIND_STRUCT), 3);
	assert_int_equal(btf_find_by_name_kind(&split, "task", BTF_KIND_STRUCT), -1);
	btf_free(&split);
	btf_free(&base);
}

/* What split BTF may do that a base may not, and what neither may. */
void split_btf_checks(void **state)
{
	static struct btf_builder b, m;
	struct btf base, split;
	struct rb_error err = { 0 };

	(void)state;
	build_base(&b, &base);

	/* no strings of its own at all */
	bb_init(&m);
	m.next_id = base.count;
	m.str_base = base.hdr.str_len;
	bb_type(&m, NULL, BTF_KIND_PTR, 0, 2);
	bb_finish(&m);
	m.blob_len -= m.strings_len; /* drop the section: str_len 0 */
	((struct btf_header *)m.blob)->str_len = 0;
	if (parse_split(&m, &base, &split, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(split.count, 4);
	btf_free(&split);

	/* strings that do not begin with "" (the base's does) */
	build_split(&m, &base);
	m.blob[sizeof(struct btf_header) + m.types_len] = 'x'; /* its first byte */
	if (parse_split(&m, &base, &split, &err))
		fail_msg("%s", err.msg);
	btf_free(&split);
	/* the same as a base is refused */
	assert_int_equal(btf_parse(&split, "t", m.blob, m.blob_len, &err), -1);
	assert_non_null(strstr(err.msg, "must begin with the empty string"));

	/* a name past the base's and its own strings */
	build_split(&m, &base);
	bb_record(&m, 3)->name_off = base.hdr.str_len + m.strings_len;
	assert_int_equal(parse_split(&m, &base, &split, &err), -1);
	assert_non_null(strstr(err.msg, "type 3 at byte offset"));
	assert_non_null(strstr(err.msg, "past the string section"));

	/* a type id past its own last */
	build_split(&m, &base);
	bb_record(&m, 4)->type = 6;
	assert_int_equal(parse_split(&m, &base, &split, &err), -1);
	assert_non_null(strstr(err.msg, "refers to type id 6, but the last type id is 5"));
	btf_free(&base);
}
