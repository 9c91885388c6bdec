/* rb_usdt_list(): the USDT probes of an executable or library, for
 * `rawbpf inspect PATH` (the notes are parsed by elf/usdt_notes.c; a
 * usdt/ program's attach, attach/usdt.c, parses them the same way, from
 * the file's tables alone: open/read_elf_tables.c). */
#include <stdlib.h>
#include <string.h>

#include "loader/rawbpf.h"
#include "elf/usdt.h"
#include "read_file.h"

/* As for uprobe targets (attach.h, RB_UPROBE_TARGET_MAX_SIZE). */
#define USDT_FILE_MAX ((size_t)1 << (sizeof(size_t) > 4 ? 32 : 31))

int rb_usdt_list(const char *path, struct rb_usdt_list *list, struct rb_error *err)
{
	struct elf_usdt_note *notes = NULL;
	struct elf_file elf;
	uint8_t *data;
	size_t size, count = 0;

	memset(list, 0, sizeof(*list));
	if (rb_read_elf_tables(path, path, USDT_FILE_MAX, &data, &size, err))
		return -1;
	if (elf_open(&elf, path, data, size, err) || elf_usdt_notes(&elf, &notes, &count, err)) {
		elf_close(&elf);
		rb_free_elf_tables(data, size);
		return -1;
	}
	list->probes = calloc(count ? count : 1, sizeof(*list->probes));
	if (!list->probes) {
		free(notes);
		elf_close(&elf);
		rb_free_elf_tables(data, size);
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	for (size_t i = 0; i < count; i++) {
		struct elf_usdt_spec spec;
		const struct elf_usdt_note *n = &notes[i];

		list->probes[i] = (struct rb_usdt_probe){
			.provider = n->provider, .name = n->name, .args = n->args,
			.arg_count = elf_usdt_parse_args(&elf, n, &spec, NULL) ? -1 : spec.arg_cnt,
			.address = n->pc, .file_offset = n->pc_offset,
			.semaphore = n->semaphore, .semaphore_offset = n->sema_offset,
		};
	}
	list->count = count;
	list->file_ = data;
	list->file_size_ = size;
	free(notes);
	elf_close(&elf);
	return 0;
}

void rb_usdt_list_free(struct rb_usdt_list *list)
{
	free(list->probes);
	rb_free_elf_tables(list->file_, list->file_size_);
	memset(list, 0, sizeof(*list));
}
