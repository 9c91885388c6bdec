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

/* Map contents (map_print.c): every entry of every dumpable map. */
int print_maps(FILE *out, struct rb_object *obj, int json, struct rb_error *err);

#endif
