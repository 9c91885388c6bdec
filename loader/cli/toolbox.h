/* The toolbox commands (`rawbpf load`, `prog ...`, `map ...`, `link ...`): what the
 * kernel holds, read by id or pinned path, without bpftool. Shared bits
 * of toolbox.c; each command group is its own file (prog.c, map.c,
 * link.c, load.c). */
#ifndef RAWBPF_CLI_TOOLBOX_H
#define RAWBPF_CLI_TOOLBOX_H

#include "cli.h"

/* --json and --verbose, the options every toolbox command takes. */
struct toolbox_opts {
	int json;
	int verbose;
	struct rb_narrator narrator; /* narrate_to_stderr with --verbose */
};
/* Take --json/--verbose (anywhere) out of argv, leaving the operands in
 * order: returns their count, or -1 for an unknown option (said on
 * stderr, naming `command`). */
int toolbox_options(const char *command, int argc, char **argv, struct toolbox_opts *o);

/* Bytes of a key or value from the command line: HEX ("01000000", spaces
 * allowed between bytes), bytes as bpftool takes them ("0x01 0x00 0x00
 * 0x00", each token with 0x and up to two digits), or @FILE for a file's
 * bytes; `what` names it in errors. *out is malloc'd. */
int toolbox_bytes(const char *what, const char *arg, uint8_t **out, size_t *size,
		  struct rb_error *err);

/* A name from the kernel, for people (escaped) or as JSON. */
void print_name(FILE *out, const char *name, int json);

/* Every link the kernel holds, read once (prog list shows each program's,
 * link list all of them); a link gone between its id and its open is
 * skipped. l->v is malloc'd: free it, after an error too. */
struct toolbox_links {
	struct rb_link_info *v;
	size_t count;
};
int toolbox_read_links(struct toolbox_links *l, const struct rb_narrator *nar,
		       struct rb_error *err);

#endif
