/* core_retag IN OUT: turn the type_exists records of "___matches" types
 * into type_matches records (a build step of tests/progs/core_types.bpf.o,
 * see tests/progs/flags.mk).
 *
 * clang writes CO-RE records of kind 12 (BPF_CORE_TYPE_MATCHES) only from
 * version 15; the test machines' clang may be older. For both kinds the
 * compiler emits the same instruction, `r = 1` (the answer for the local
 * type, which always matches and exists), and a record that differs only in
 * its kind field, so changing 8 into 12 in .BTF.ext gives the object a
 * newer clang would have written. Only the records whose local type's name
 * ends in "___matches" are changed; an object that has such a type but no
 * record to change (an older clang made none, a newer one made kind 12
 * already) is fine when a kind 12 record is there, and an error otherwise.
 *
 * It reads the object with rawbpf's own parser (the object model: where
 * .BTF.ext is in the file, its validated records) and writes a copy with
 * the kind fields changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf_ext.h"
#include "elf/core_relo.h"
#include "loader/open/object.h"

#define SUFFIX "___matches"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int main(int argc, char **argv)
{
	struct rb_object *obj = NULL;
	struct rb_error err = { 0 };
	const struct elf_section *ext;
	struct btf_ext_block block;
	uint32_t pos = 0, kind = BPF_CORE_TYPE_MATCHES;
	unsigned changed = 0, matches = 0;
	uint8_t *bytes;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: core_retag IN.bpf.o OUT.bpf.o\n");
		return 2;
	}
	if (rb_object_open(&obj, argv[1], NULL, &err)) {
		fprintf(stderr, "core_retag: %s\n", err.msg);
		return 1;
	}
	ext = elf_section_by_name(&obj->elf, ".BTF.ext");
	bytes = malloc(obj->size);
	if (!ext || !obj->btf_ext || !bytes) {
		fprintf(stderr, "core_retag: %s: no .BTF.ext (or no memory)\n", argv[1]);
		return 1;
	}
	memcpy(bytes, obj->bytes, obj->size);
	while (btf_ext_next_block(&obj->btf_ext->core_relo, obj->btf, &pos, &block)) {
		for (uint32_t i = 0; i < block.count; i++) {
			struct bpf_core_relo_rec rec = btf_ext_core_relo(&block, i);
			const struct btf_type *t = btf_type_by_id(obj->btf, rec.type_id);
			/* the record's place in the file: .BTF.ext's bytes are a copy */
			size_t at = ext->offset +
				    (size_t)(block.records - obj->btf_ext->data) +
				    (size_t)i * block.rec_size +
				    offsetof(struct bpf_core_relo_rec, kind);

			if (!t || !ends_with(btf_name(obj->btf, t->name_off), SUFFIX))
				continue;
			if (rec.kind == BPF_CORE_TYPE_EXISTS) {
				memcpy(bytes + at, &kind, sizeof(kind));
				changed++;
			}
			if (rec.kind == BPF_CORE_TYPE_EXISTS || rec.kind == BPF_CORE_TYPE_MATCHES)
				matches++;
		}
	}
	if (matches == 0) {
		fprintf(stderr, "core_retag: %s: no type_exists or type_matches record of a "
			"type named *" SUFFIX "\n", argv[1]);
		return 1;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(bytes, 1, obj->size, f) != obj->size || fclose(f) != 0) {
		fprintf(stderr, "core_retag: cannot write %s\n", argv[2]);
		return 1;
	}
	printf("core_retag: %s: %u type_matches record%s (%u rewritten from type_exists)\n",
	       argv[2], matches, matches == 1 ? "" : "s", changed);
	free(bytes);
	rb_object_close(obj);
	return 0;
}
