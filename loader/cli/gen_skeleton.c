/* rawbpf gen skeleton OBJ [name NAME] > NAME.skel.h
 *
 * The skeleton header of an object (library: rb_object_gen_skeleton,
 * skeleton/gen.c). NAME is bpftool's: the file's name without its
 * directory and its ".o", every byte that cannot be in a C identifier
 * made '_' (minimal.bpf.o gives minimal_bpf, whose functions are
 * minimal_bpf__open() and so on, as libbpf-bootstrap's programs call
 * them); `name NAME` chooses another, as with bpftool. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* bpftool's get_obj_name(): basename, minus ".o", sanitised. */
static void derive_name(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base), j = 0;

	if (n > 2 && strcmp(base + n - 2, ".o") == 0)
		n -= 2;
	if (n && base[0] >= '0' && base[0] <= '9' && j + 1 < size)
		out[j++] = '_';
	for (size_t i = 0; i < n && j + 1 < size; i++) {
		char c = base[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '_';
		out[j++] = ok ? c : '_';
	}
	out[j] = '\0';
}

static int gen_usage(void)
{
	fprintf(stderr, "usage: rawbpf gen skeleton OBJ [name NAME] > NAME.skel.h\n");
	return EXIT_USAGE;
}

int cmd_gen(int argc, char **argv)
{
	struct rb_object *obj;
	struct rb_error err = { 0 };
	char name[128];
	char *text;
	size_t len;
	int status = 0;

	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0)) {
		printf("usage: rawbpf gen skeleton OBJ [name NAME] > NAME.skel.h\n"
		       "  a C header for OBJ's user space: the object's bytes, struct NAME with\n"
		       "  its maps, programs, links and global variables (typed from BTF), and\n"
		       "  NAME__open(), __load(), __attach(), __destroy() (README: Skeletons).\n"
		       "  NAME: the file's name without \".o\" (minimal.bpf.o: minimal_bpf)\n");
		return 0;
	}
	if (argc < 2 || strcmp(argv[0], "skeleton") != 0 ||
	    (argc != 2 && !(argc == 4 && strcmp(argv[2], "name") == 0)))
		return gen_usage();
	if (argc == 4)
		snprintf(name, sizeof(name), "%s", argv[3]);
	else
		derive_name(argv[1], name, sizeof(name));
	if (rb_object_open(&obj, argv[1], NULL, &err))
		return report_error(&err);
	if (rb_object_gen_skeleton(obj, name, &text, &len, &err)) {
		if (argc == 2 && err.kind == RB_ERR_INPUT && strncmp(err.msg, "skeleton name", 13) == 0) {
			struct rb_error inner = err; /* a name made from the file's: say how to choose */
			rb_fail(&err, RB_ERR_INPUT, "%s; it comes from the file name: choose one with "
				"`rawbpf gen skeleton OBJ name NAME`", inner.msg);
		}
		status = report_error(&err);
	} else {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
			perror("rawbpf: gen skeleton: writing stdout");
			status = 1;
		}
		free(text);
	}
	rb_object_close(obj);
	return status;
}
