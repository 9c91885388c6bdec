/* What the files of tests/unit/elf/ share with test_elf.c: the sample
 * object every test starts from, the checks on errors, and the test cases
 * kept in their own files. */
#ifndef ELF_TEST_CASES_H
#define ELF_TEST_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "builder.h"
#include "elf/elf_reader.h"

/* The sample is what clang would make of
 *     struct bpf_map_def SEC("maps") counts = { HASH, 4, 8, 16 };
 *     static __noinline int sub(void) { return 1; }
 *     SEC("xdp") int xdp_prog(void *ctx) { r1 = &counts; return sub(); }
 *     long total;
 *     char _license[] SEC("license") = "GPL";
 * with a named symbol (not a section symbol) for sub. Its indexes: */
enum { S_XDP = 1, S_TEXT, S_MAPS, S_LICENSE, S_BSS, S_RELXDP };
enum { Y_SUB = 1, Y_COUNTS, Y_XDP_PROG, Y_TOTAL, Y_LICENSE, Y_COUNT };
#define SAMPLE_XDP_SIZE 32
#define SAMPLE_TEXT_SIZE 16
#define SAMPLE_MAPS_SIZE 20
#define SAMPLE_BSS_SIZE 8

/* Describe the sample without serializing it, so a test can set builder
 * options first; sample_build() also calls eb_finish(). */
void sample_init(struct elf_builder *b);
void sample_build(struct elf_builder *b);

/* elf_open() of a malloc()ed copy of exactly size bytes, so that
 * AddressSanitizer catches a read past the end. Returns elf_open()'s
 * result; *copy must be freed after elf_close(). */
int open_copy(struct elf_file *elf, const uint8_t *data, size_t size,
	      uint8_t **copy, struct rb_error *err);

/* elf_open() and then elf_check_bpf_object() must fail with RB_ERR_INPUT,
 * and the message must name the file and contain every string of the
 * NULL-terminated list. */
void expect_error(const uint8_t *data, size_t size, ...);
/* The sample opens, but elf_relocations() of its .relxdp fails so. */
void expect_reloc_error(struct elf_builder *b, ...);

/* tests/unit/elf/broken_headers.c */
void empty_and_not_elf(void **state);
void truncated_header(void **state);
void wrong_class_and_byte_order(void **state);
void wrong_type_and_machine(void **state);
void bad_section_header_table(void **state);
void bad_section_name_table(void **state);
void bad_program_header_table(void **state);

/* tests/unit/elf/broken_sections.c */
void section_bytes_past_the_end(void **state);
void overlapping_sections(void **state);
void bad_section_names(void **state);
void bad_symbol_table(void **state);
void bad_symbols(void **state);
void missing_symbol_table(void **state);
void bad_relocation_sections(void **state);
void bad_relocations(void **state);
void data_relocations(void **state);

/* tests/unit/elf/broken_objects.c: valid ELF, broken BPF objects */
void legacy_map_definition_sizes(void **state);
void legacy_map_symbols_inside_the_section(void **state);
void relocation_against_null_symbol(void **state);
void relocation_section_targets(void **state);
void unknown_type_override(void **state);

/* tests/unit/elf/sweep.c: every truncation and byte corruption */
void sweep_truncations(void **state);
void sweep_header_corruptions(void **state);
void sweep_table_corruptions(void **state);
void sweep_clang_object(void **state);

#endif
