/* The command is a user of the library like any other: every file of
 * loader/cli/ includes only loader/rawbpf.h (the one public header), its
 * own headers (cli.h, child.h: a bare name of a file in loader/cli/) and
 * system headers (<...>). An internal header (loader/events/ringbuf.h,
 * elf/btf.h, uapi/...) would let it depend on what users cannot see. The
 * test reads the sources from the tree: tests run from the repository's
 * root. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#define CLI_DIR "loader/cli"

static int quiet; /* the checker's own test: its refusals are expected */

static int is_cli_header(const char *name)
{
	char path[512];
	struct stat st;
	size_t len = strlen(name);

	if (strchr(name, '/') || len < 3 || strcmp(name + len - 2, ".h") != 0)
		return 0;
	snprintf(path, sizeof(path), CLI_DIR "/%s", name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The includes of `text` (a file's content) that are not allowed; each is
 * printed with its file and line. Returns how many. */
static int bad_includes(const char *file, const char *text)
{
	int bad = 0, line = 1;

	for (const char *p = text; *p; line++) {
		const char *end = strchr(p, '\n');
		const char *q = p;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char name[256];

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '#') {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			if (strncmp(q, "include", 7) == 0) {
				q += 7;
				while (*q == ' ' || *q == '\t')
					q++;
				/* <...>: a system header; "...": ours, checked */
				if (*q != '<') {
					const char *close = *q == '"' ? strchr(q + 1, '"') : NULL;
					size_t n = close && close < p + len ? (size_t)(close - q - 1) : 0;

					snprintf(name, sizeof(name), "%.*s", (int)n, q + 1);
					if (!n || (strcmp(name, "loader/rawbpf.h") != 0 &&
						   !is_cli_header(name))) {
						if (!quiet)
							print_message("%s:%d: #include %.*s: only "
								      "loader/rawbpf.h, cli/*.h and "
								      "system headers\n", file, line,
								      (int)(p + len - q), q);
						bad++;
					}
				}
			}
		}
		p += len + (end ? 1 : 0);
	}
	return bad;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (text = calloc(1, (size_t)size + 1)) &&
	    fread(text, 1, (size_t)size, f) != (size_t)size) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

static void cli_includes_only_the_public_header(void **state)
{
	DIR *dir = opendir(CLI_DIR);
	struct dirent *e;
	int files = 0, bad = 0;

	(void)state;
	if (!dir) {
		print_message("cannot open " CLI_DIR ": run the tests from the repository's root\n");
		fail();
	}
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		char path[512], *text;

		if (len < 3 || (strcmp(e->d_name + len - 2, ".c") != 0 &&
				strcmp(e->d_name + len - 2, ".h") != 0))
			continue;
		snprintf(path, sizeof(path), CLI_DIR "/%s", e->d_name);
		text = read_text(path);
		assert_non_null(text);
		bad += bad_includes(path, text);
		files++;
		free(text);
	}
	closedir(dir);
	assert_true(files >= 2); /* at least main.c and cli.h */
	assert_int_equal(bad, 0);
}

/* The checker itself: what it must refuse, and what it must let through. */
static void checker_names_internal_includes(void **state)
{
	(void)state;
	quiet = 1;
	assert_int_equal(bad_includes("ok.c", "#include <stdio.h>\n"
					      "#include \"loader/rawbpf.h\"\n"
					      "#include \"cli.h\"\n"
					      "  #  include   \"child.h\"\n"
					      "/* #include \"elf/btf.h\" in a comment is text */\n"),
			 0);
	assert_int_equal(bad_includes("run.c", "#include \"loader/events/ringbuf.h\"\n"), 1);
	assert_int_equal(bad_includes("x.c", "#include \"elf/btf.h\"\n"
					     "#include \"../rawbpf.h\"\n"
					     "# include \"uapi/linux/bpf.h\"\n"
					     "#include \"no_such.h\"\n"
					     "#include \"main.c\"\n"),
			 5);
	quiet = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checker_names_internal_includes),
		cmocka_unit_test(cli_includes_only_the_public_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
