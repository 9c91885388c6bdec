#include "types.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char *const accesses[] = {
	"0", "1", "2", "3", "0:0", "0:1", "0:2", "0:3", "0:4", "1:1", "0:0:0", "0:0:1", "0:1:0",
	"0:1:1", "0:1:2", "0:1:3", "0:2:0", "0:2:1", "0:2:5", "0:1:0:1", "0:1:1:0", "0:0:1:1",
};
#define ACCESS_COUNT (sizeof(accesses) / sizeof(accesses[0]))

static void begin(struct side *s)
{
	_Static_assert(ACCESS_COUNT <= sizeof(s->access_off) / sizeof(s->access_off[0]),
		       "struct side holds every access string");
	for (size_t i = 0; i < ACCESS_COUNT; i++)
		s->access_off[i] = bb_string(&s->b, accesses[i]);
}

void side_begin(struct side *s)
{
	memset(s, 0, sizeof(*s));
	bb_init(&s->b);
	begin(s);
}

void side_begin_split(struct side *s, const struct side *base)
{
	memset(s, 0, sizeof(*s));
	bb_init(&s->b);
	s->b.next_id = base->btf.count;
	s->b.str_base = base->btf.str_base + base->btf.hdr.str_len;
}

uint32_t side_access(const struct side *s, const char *a)
{
	for (size_t i = 0; i < ACCESS_COUNT; i++)
		if (strcmp(accesses[i], a) == 0)
			return s->access_off[i];
	fail_msg("access \"%s\" is not in tests/unit/core/types.c's table", a);
	return 0;
}

void side_end(struct side *s)
{
	struct rb_error err = { 0 };

	bb_finish(&s->b);
	if (btf_parse(&s->btf, "side", s->b.blob, s->b.blob_len, &err))
		fail_msg("%s", err.msg);
}

void side_end_split(struct side *s, const struct side *base)
{
	struct rb_error err = { 0 };
	uint8_t *copy;

	bb_finish(&s->b);
	copy = malloc(s->b.blob_len);
	assert_non_null(copy);
	memcpy(copy, s->b.blob, s->b.blob_len);
	if (btf_parse_split_owned(&s->btf, "module", copy, s->b.blob_len, &base->btf, &err))
		fail_msg("%s", err.msg);
}

void side_free(struct side *s)
{
	btf_free(&s->btf);
}

uint32_t side_next_id(const struct side *s)
{
	return s->b.next_id;
}

uint32_t t_int(struct side *s, const char *name, uint32_t bytes, int is_signed)
{
	uint32_t id = bb_type(&s->b, name, BTF_KIND_INT, 0, bytes);
	uint32_t info = ((is_signed ? BTF_INT_SIGNED : 0u) << 24) | (bytes * 8);

	bb_words(&s->b, &info, 1);
	return id;
}

uint32_t t_ptr(struct side *s, uint32_t to)
{
	return bb_type(&s->b, NULL, BTF_KIND_PTR, 0, to);
}

uint32_t t_typedef(struct side *s, const char *name, uint32_t to)
{
	return bb_type(&s->b, name, BTF_KIND_TYPEDEF, 0, to);
}

uint32_t t_array(struct side *s, uint32_t elem, uint32_t nelems)
{
	uint32_t id = bb_type(&s->b, NULL, BTF_KIND_ARRAY, 0, 0);

	/* the index type: any int will do; elem is one in every test */
	bb_words(&s->b, (uint32_t[]){ elem, elem, nelems }, 3);
	return id;
}

uint32_t t_fwd(struct side *s, const char *name, int is_union)
{
	return bb_type(&s->b, name, BTF_KIND_FWD | (is_union ? 0x80u : 0u), 0, 0);
}

uint32_t t_float(struct side *s, const char *name, uint32_t bytes)
{
	return bb_type(&s->b, name, BTF_KIND_FLOAT, 0, bytes);
}

uint32_t t_composite(struct side *s, unsigned kind, const char *name, uint32_t size,
		     const struct member *m, unsigned n)
{
	unsigned kflag = 0;
	uint32_t id;

	for (unsigned i = 0; i < n; i++)
		kflag |= m[i].bitfield != 0;
	/* bb_type puts kind << 24 in info: bit 31 (kind_flag) is 0x80 << 24 */
	id = bb_type(&s->b, name, kind | (kflag ? 0x80u : 0u), n, size);
	for (unsigned i = 0; i < n; i++) {
		uint32_t off = kflag ? (m[i].bitfield << 24) | m[i].bit_offset : m[i].bit_offset;

		bb_words(&s->b, (uint32_t[]){ bb_string(&s->b, m[i].name), m[i].type, off }, 3);
	}
	return id;
}

uint32_t t_enum(struct side *s, unsigned kind, const char *name, uint32_t bytes, int is_signed,
		const struct enumerator *e, unsigned n)
{
	uint32_t id = bb_type(&s->b, name, kind | (is_signed ? 0x80u : 0u), n, bytes);

	for (unsigned i = 0; i < n; i++) {
		uint64_t v = (uint64_t)e[i].value;

		if (kind == BTF_KIND_ENUM)
			bb_words(&s->b, (uint32_t[]){ bb_string(&s->b, e[i].name), (uint32_t)v }, 2);
		else
			bb_words(&s->b, (uint32_t[]){ bb_string(&s->b, e[i].name), (uint32_t)v,
						      (uint32_t)(v >> 32) }, 3);
	}
	return id;
}

uint32_t t_proto(struct side *s, uint32_t ret, const uint32_t *params, unsigned n)
{
	uint32_t id = bb_type(&s->b, NULL, BTF_KIND_FUNC_PROTO, n, ret);

	for (unsigned i = 0; i < n; i++)
		bb_words(&s->b, (uint32_t[]){ 0, params[i] }, 2);
	return id;
}
