/* The rawbpf command: a thin layer over the library that owns formatting. */
#ifndef RAWBPF_CLI_H
#define RAWBPF_CLI_H

#include <stdio.h>

#include "loader/rawbpf.h"

/* Exit statuses (besides CMD's own status, which `run` passes through). */
#define EXIT_KERNEL 1 /* the kernel refused: verifier, map creation, attach */
#define EXIT_USAGE 2  /* bad usage or an invalid object file */

int cmd_inspect(int argc, char **argv);
/* inspect_usdt.c: inspect on an executable or library lists its USDT probes. */
int is_elf_executable(const char *path);
int inspect_usdt(const char *path, int json);
int cmd_run(int argc, char **argv);
int cmd_cleanup(int argc, char **argv);
/* The toolbox (load.c, prog.c, map.c, link.c): load without attaching;
 * programs, maps and links the kernel holds, by id or pinned path. */
int cmd_load(int argc, char **argv);
int cmd_prog(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_test_run(int argc, char **argv);
/* gen_skeleton.c: rawbpf gen skeleton OBJ > NAME.skel.h */
int cmd_gen(int argc, char **argv);
void usage(FILE *out);

/* Print a library error as "rawbpf: MESSAGE" and return the exit status
 * its kind calls for. The message may quote names from the object as they
 * are; it is escaped here, as it is printed (print_text_lines()). */
int report_error(const struct rb_error *err);

/* --verbose: the library's narration on stderr. */
void narrate_to_stderr(void *ctx, const char *line);

/* Output helpers (output.c). */
void print_hex(FILE *out, const void *data, size_t size);        /* "0a0b..." */
void print_json_string(FILE *out, const char *s);                /* "\"...\"" */
/* The same for `size` bytes that may hold NUL bytes (\u0000). */
void print_json_bytes(FILE *out, const char *s, size_t size);
/* Text from the object or the kernel, for a terminal: printable ASCII as
 * it is, the backslash as \\, every other byte as \xNN; then spaces up to
 * `width` columns, like printf's "%-20s" (0: none). */
void print_text(FILE *out, const char *s, int width);
/* The same for `size` bytes that may hold NUL bytes, with no padding. */
void print_text_bytes(FILE *out, const char *s, size_t size);
/* The same for text of several lines (a verifier log, an error message
 * with a hint): the line breaks kept, every line ended by one. */
void print_text_lines(FILE *out, const char *s);
void print_hexdump(FILE *out, const void *data, size_t size, const char *indent);
/* A 1-, 2-, 4- or 8-byte little-endian value as a decimal number; else hex. */
void print_scalar(FILE *out, const void *data, size_t size);

/* Bytes from the command line (bytes_arg.c): HEX (two digits a byte,
 * whitespace allowed between them), or @FILE for a file's raw bytes.
 * RB_ERR_INPUT names `option` and, for a bad digit, its offset in arg.
 * *out is malloc'd. */
int parse_hex(const char *option, const char *text, uint8_t **out, size_t *size,
	      struct rb_error *err);
int parse_bytes_arg(const char *option, const char *arg, uint8_t **out, size_t *size,
		    struct rb_error *err);

/* The verifier log of every program the kernel refused, on stderr (run.c). */
void print_verifier_logs(const struct rb_object *obj);

/* Map contents (map_print.c): every entry of every dumpable map. */
int print_maps(FILE *out, struct rb_object *obj, int json, struct rb_error *err);

/* BPF iterators (iter_print.c): run each attached one to its end and print
 * what it wrote; only_iterators() is 1 when every attached program of obj
 * is an iterator (and there is one), so a run has nothing to wait for. */
int print_iterators(FILE *out, const struct rb_object *obj, int json, struct rb_error *err);
int only_iterators(const struct rb_object *obj);
/* 1 when every map of obj is read-only global data (.rodata*: constants,
 * the format strings of BPF_SEQ_PRINTF), which an iterator's run does not
 * print after its table: they say nothing the object does not. */
int only_constant_maps(const struct rb_object *obj);

#endif
