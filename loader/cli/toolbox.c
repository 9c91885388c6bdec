/* What the toolbox commands share: their options, bytes from the
 * command line, and the kernel's links (toolbox.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "toolbox.h"

int toolbox_options(const char *command, int argc, char **argv, struct toolbox_opts *o)
{
	int n = 0;

	memset(o, 0, sizeof(*o));
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			o->json = 1;
		} else if (strcmp(argv[i], "--verbose") == 0) {
			o->verbose = 1;
			o->narrator.fn = narrate_to_stderr;
		} else if (strcmp(argv[i], "--") == 0) {
			while (++i < argc) /* what follows is operands only */
				argv[n++] = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			fprintf(stderr, "rawbpf %s: unknown option '", command);
			print_text(stderr, argv[i], 0);
			fprintf(stderr, "' (try rawbpf --help)\n");
			return -1;
		} else {
			argv[n++] = argv[i];
		}
	}
	return n;
}

/* bpftool's spelling: "0x01 0x0 0xff", every token 0x and one or two hex
 * digits. Turned into plain hex for parse_hex(); NULL when arg is not
 * written so. */
static char *from_0x_tokens(const char *arg)
{
	size_t len = strlen(arg);
	char *hex = malloc(len + 1), *w = hex;
	const char *p = arg;

	if (!hex)
		return NULL;
	while (*p) {
		size_t digits;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
			goto no;
		p += 2;
		digits = strspn(p, "0123456789abcdefABCDEF");
		if (digits < 1 || digits > 2 || (p[digits] && p[digits] != ' ' && p[digits] != '\t'))
			goto no;
		if (digits == 1)
			*w++ = '0';
		memcpy(w, p, digits);
		w += digits;
		p += digits;
	}
	*w = '\0';
	return hex;
no:
	free(hex);
	return NULL;
}

/* Plain hex may have whitespace between bytes, never inside one: "1 0 0 0"
 * is four bytes misspelt, not the two bytes 10 00. */
static int check_words(const char *what, const char *arg, struct rb_error *err)
{
	for (const char *p = arg; *p;) {
		size_t n = strcspn(p, " \t\n\r");
		if (n % 2)
			return rb_fail(err, RB_ERR_INPUT, "%s: '%.*s' at offset %zu is not whole bytes: "
				       "each byte is two hex digits (01, not 1; or 0x1 for each byte)",
				       what, (int)n, p, (size_t)(p - arg));
		p += n;
		p += strspn(p, " \t\n\r");
	}
	return 0;
}

int toolbox_bytes(const char *what, const char *arg, uint8_t **out, size_t *size,
		  struct rb_error *err)
{
	char *hex;
	int ret;

	if (arg[0] == '@') /* a file's bytes, as --help says */
		return parse_bytes_arg(what, arg, out, size, err);
	hex = strstr(arg, "0x") || strstr(arg, "0X") ? from_0x_tokens(arg) : NULL;
	if (!hex && check_words(what, arg, err))
		return -1;
	ret = parse_hex(what, hex ? hex : arg, out, size, err);
	free(hex);
	return ret;
}

void print_name(FILE *out, const char *name, int json)
{
	if (json)
		print_json_string(out, name);
	else
		print_text(out, name, 0);
}

int toolbox_read_links(struct toolbox_links *l, const struct rb_narrator *nar, struct rb_error *err)
{
	uint32_t id = 0;
	int more;

	memset(l, 0, sizeof(*l));
	while ((more = rb_kobj_next_id(RB_KOBJ_LINK, id, &id, nar, err)) == 1) {
		struct rb_link_info info;
		struct rb_link_info *grown;
		int fd = rb_kobj_fd_by_id(RB_KOBJ_LINK, id, nar, err);
		if (fd < 0 && err->errnum == ENOENT)
			continue; /* gone since: links come and go while we look */
		if (fd < 0)
			return -1;
		if (rb_link_info_by_fd(fd, &info, nar, err)) {
			close(fd);
			return -1;
		}
		close(fd);
		grown = realloc(l->v, (l->count + 1) * sizeof(*l->v));
		if (!grown)
			return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		l->v = grown;
		l->v[l->count++] = info;
	}
	return more < 0 ? -1 : 0;
}
