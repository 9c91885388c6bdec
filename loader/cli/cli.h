/* The rawbpf command: a thin layer over the library that owns formatting. */
#ifndef RAWBPF_CLI_H
#define RAWBPF_CLI_H

#include <stdio.h>

#include "loader/rawbpf.h"

/* Exit statuses (besides CMD's own status, which `run` passes through). */
#define EXIT_KERNEL 1 /* the kernel refused: verifier, map creation, attach */
#define EXIT_USAGE 2  /* bad usage or an invalid object file */

int cmd_inspect(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_cleanup(int argc, char **argv);
/* The toolbox (load.c, prog.c, map.c): load without attaching; programs
 * and maps the kernel holds, by id or pinned path. */
int cmd_load(int argc, char **argv);
int cmd_prog(int argc, char **argv);
int cmd_map(int argc, char **argv);
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
/* Text from the object or the kernel, for a terminal: printable ASCII as
 * it is, the backslash as \\, every other byte as \xNN; then spaces up to
 * `width` columns, like printf's "%-20s" (0: none). */
void print_text(FILE *out, const char *s, int width);
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

#endif
