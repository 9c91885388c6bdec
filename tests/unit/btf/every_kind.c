/* A blob with one type of each of the 19 kinds (ids in cases.h). */
#include "cases.h"

#include "elf/btf.h"

void build_every_kind(struct btf_builder *b)
{
	uint32_t int_enc = (BTF_INT_SIGNED << 24) | 32; /* btf.rst 2.2.1 */

	bb_init(b);
	bb_type(b, "int", BTF_KIND_INT, 0, 4);
	bb_words(b, &int_enc, 1);
	bb_type(b, "point", BTF_KIND_STRUCT, 2, 8);
	bb_words(b, (uint32_t[]){ bb_string(b, "x"), ID_INT, 0, bb_string(b, "y"), ID_INT, 32 }, 6);
	bb_type(b, "point_t", BTF_KIND_TYPEDEF, 0, ID_POINT);
	bb_type(b, NULL, BTF_KIND_CONST, 0, ID_POINT_T);
	bb_type(b, NULL, BTF_KIND_ARRAY, 0, 0);
	bb_words(b, (uint32_t[]){ ID_CONST, ID_INT, 3 }, 3);
	bb_type(b, NULL, BTF_KIND_PTR, 0, ID_INT);
	bb_type(b, "color", BTF_KIND_ENUM, 2, 4);
	bb_words(b, (uint32_t[]){ bb_string(b, "RED"), 0, bb_string(b, "GREEN"), 1 }, 4);
	bb_type(b, NULL, BTF_KIND_FUNC_PROTO, 1, ID_INT);
	bb_words(b, (uint32_t[]){ bb_string(b, "ctx"), ID_PTR }, 2);
	bb_type(b, "prog", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, ID_PROTO);
	bb_type(b, "points", BTF_KIND_VAR, 0, ID_ARRAY);
	bb_words(b, (uint32_t[]){ BTF_VAR_GLOBAL_ALLOCATED }, 1);
	bb_type(b, ".data", BTF_KIND_DATASEC, 1, 24);
	bb_words(b, (uint32_t[]){ ID_VAR, 0, 24 }, 3);
	bb_type(b, "num", BTF_KIND_UNION, 2, 4);
	bb_words(b, (uint32_t[]){ bb_string(b, "i"), ID_INT, 0, bb_string(b, "f"), ID_FLOAT, 0 }, 6);
	bb_type(b, "opaque", BTF_KIND_FWD, 0, 0);
	bb_type(b, NULL, BTF_KIND_VOLATILE, 0, ID_INT);
	bb_type(b, NULL, BTF_KIND_RESTRICT, 0, ID_PTR);
	bb_type(b, "float", BTF_KIND_FLOAT, 0, 4);
	bb_type(b, "tag", BTF_KIND_DECL_TAG, 0, ID_POINT);
	bb_words(b, (uint32_t[]){ 1 }, 1);
	bb_type(b, "user", BTF_KIND_TYPE_TAG, 0, ID_INT);
	bb_type(b, "big", BTF_KIND_ENUM64, 1, 8);
	bb_words(b, (uint32_t[]){ bb_string(b, "BIG"), 2, 1 }, 3);
	bb_finish(b);
}
