/* `rawbpf gen skeleton`: an object as a C header for its user space, the
 * shape bpftool gives libbpf's users (tools/bpf/bpftool/gen.c), on
 * rawbpf.h instead:
 *
 *   struct NAME {
 *           struct rb_object *obj;
 *           struct rb_skeleton *skeleton;   the descriptor skeleton.c uses
 *           struct { struct rb_map *X; ... } maps;
 *           struct { struct rb_program *X; ... } progs;
 *           struct { struct rb_link *X; ... } links;
 *           struct NAME__bss { the variables, padded to their offsets } *bss;
 *           ... *data, *rodata, *data_X, *rodata_X, *kconfig
 *           struct rb_error error; int quiet;
 *   };
 *   NAME__open(), __open_opts(), __load(), __open_and_load(), __attach(),
 *   __detach(), __destroy(), __elf_bytes()
 *
 * The variables' C types come from the object's BTF (elf/btf_c.c); each
 * offset and size is asserted, so a host whose layout differs from BPF's
 * fails to compile instead of reading the wrong bytes. Static variables
 * are left out (padding covers them), as bpftool does: they belong to one
 * file of the BPF program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf_c.h"
#include "loader/open/object.h"

/* One global-data section with variables: the struct of its pointer. */
struct section {
	const struct rb_map *map;
	char ident[80];              /* "bss", "data_counters" */
	struct btf_c_member *members; /* its non-static variables */
	char **idents;               /* their C names */
	size_t count;
	uint32_t size;
	char *text;                  /* "struct NAME__bss { ... } *bss;" */
};

/* Each name once within one struct: x, then x___2. */
static void unique(char *ident, size_t size, char *const *others, size_t n)
{
	char base[128];

	snprintf(base, sizeof(base), "%s", ident);
	for (unsigned k = 2;; k++) {
		size_t i = 0;
		while (i < n && strcmp(others[i], ident) != 0)
			i++;
		if (i == n)
			return;
		snprintf(ident, size, "%s___%u", base, k);
	}
}

static int is_static_var(const struct btf *btf, uint32_t var)
{
	const struct btf_type *t = btf_type_by_id(btf, var);

	return btf_var(t)->linkage == BTF_VAR_STATIC;
}

/* The variables of the section's DATASEC, as members. 0 with count 0
 * when there are none to show (no BTF, no DATASEC, only statics). */
static int collect(const struct rb_object *obj, struct section *s, struct rb_error *err)
{
	const struct btf *btf = obj->btf;
	int ds = btf ? btf_find_by_name_kind(btf, s->map->name, BTF_KIND_DATASEC) : -1;
	const struct btf_type *t;

	if (ds <= 0)
		return 0;
	t = btf_type_by_id(btf, (uint32_t)ds);
	s->size = s->map->value_size;
	s->members = calloc(btf_vlen(t) + 1, sizeof(*s->members));
	s->idents = calloc(btf_vlen(t) + 1, sizeof(*s->idents));
	if (!s->members || !s->idents)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const struct btf_var_secinfo *v = &btf_var_secinfos(t)[i];
		const struct btf_type *var = btf_type_by_id(btf, v->type);
		const char *name = btf_name(btf, var->name_off);
		char *ident;

		if (is_static_var(btf, v->type))
			continue;
		if (v->offset + (uint64_t)v->size > s->size)
			return rb_fail(err, RB_ERR_INPUT, "%s: %s: variable %s (%u bytes at %u) "
				       "is past the section's end (%u bytes)", obj->path,
				       s->map->name, name, v->size, v->offset, s->size);
		ident = malloc(strlen(name) + 16);
		if (!ident)
			return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		btf_c_identifier(name, ident);
		unique(ident, strlen(name) + 16, s->idents, s->count);
		s->idents[s->count] = ident;
		s->members[s->count++] = (struct btf_c_member){
			.name = ident, .type = v->type, .bit_offset = v->offset * 8,
		};
	}
	return 0;
}

static void free_sections(struct section *secs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < secs[i].count; j++)
			free(secs[i].idents[j]);
		free(secs[i].idents);
		free(secs[i].members);
		free(secs[i].text);
	}
	free(secs);
}

/* What `ident` of section `s` (".bss" -> "bss", ".data.x" -> "data_x"). */
static void map_ident(const struct rb_map *m, char *out)
{
	btf_c_identifier(m->is_data && m->name[0] == '.' ? m->name + 1 : m->name, out);
}

static const char functions[] =
	"static inline int @N@__fail(struct @N@ *skel, const struct rb_error *e)\n"
	"{\n"
	"\tint errnum = rb_error_errno(e);\n\n"
	"\tskel->error = *e;\n"
	"\tif (!skel->quiet)\n"
	"\t\tfprintf(stderr, \"%s\\n\", e->msg);\n"
	"\terrno = errnum;\n"
	"\treturn -errnum;\n"
	"}\n\n"
	"/* Detach, unload, free. NULL is fine. */\n"
	"static inline void @N@__destroy(struct @N@ *skel)\n"
	"{\n"
	"\tif (!skel)\n"
	"\t\treturn;\n"
	"\trb_skeleton_destroy(skel->skeleton);\n"
	"\tfree(skel);\n"
	"}\n\n"
	"/* Open the embedded object: NULL with errno set on failure, and the\n"
	" * message in *err, or on stderr when err is NULL. opts may be NULL\n"
	" * (struct rb_open_opts: narration, policy flags such as RB_MOUNT_TRACEFS). */\n"
	"static inline struct @N@ *@N@__open_opts(const struct rb_open_opts *opts,\n"
	"\t\t\t\t\t\tstruct rb_error *err)\n"
	"{\n"
	"\tstruct @N@ *skel = calloc(1, sizeof(*skel));\n"
	"\tstruct rb_skeleton *s = calloc(1, sizeof(*s));\n"
	"\tstruct rb_error e = { 0 };\n"
	"\tint errnum;\n\n"
	"\tif (s) {\n"
	"\t\ts->maps = calloc(@MAPS@ + 1, sizeof(*s->maps));\n"
	"\t\ts->progs = calloc(@PROGS@ + 1, sizeof(*s->progs));\n"
	"\t}\n"
	"\tif (!skel || !s || !s->maps || !s->progs) {\n"
	"\t\tif (s) {\n"
	"\t\t\tfree(s->maps);\n"
	"\t\t\tfree(s->progs);\n"
	"\t\t}\n"
	"\t\tfree(s);\n"
	"\t\tfree(skel);\n"
	"\t\trb_fail(&e, RB_ERR_SYSTEM, \"@N@: out of memory\");\n"
	"\t\tgoto fail;\n"
	"\t}\n"
	"\tskel->skeleton = s;\n"
	"\ts->name = \"@N@\";\n"
	"\ts->path = \"@PATH@\";\n"
	"\ts->data = @N@__elf_bytes(&s->size);\n"
	"\ts->obj = &skel->obj;\n"
	"@TABLES@"
	"\tif (rb_skeleton_open(s, opts, &e) == 0)\n"
	"\t\treturn skel;\n"
	"\t@N@__destroy(skel);\n"
	"fail:\n"
	"\terrnum = rb_error_errno(&e);\n"
	"\tif (err)\n"
	"\t\t*err = e;\n"
	"\telse\n"
	"\t\tfprintf(stderr, \"%s\\n\", e.msg);\n"
	"\terrno = errnum;\n"
	"\treturn NULL;\n"
	"}\n\n"
	"static inline struct @N@ *@N@__open(void)\n"
	"{\n"
	"\treturn @N@__open_opts(NULL, NULL);\n"
	"}\n\n"
	"/* Create the maps, load the programs; 0, or -errno (skel->error says\n"
	" * why). After it, skel->bss and the others point at the maps' pages. */\n"
	"static inline int @N@__load(struct @N@ *skel)\n"
	"{\n"
	"\tstruct rb_error e = { 0 };\n\n"
	"\treturn rb_skeleton_load(skel->skeleton, &e) ? @N@__fail(skel, &e) : 0;\n"
	"}\n\n"
	"static inline struct @N@ *@N@__open_and_load(void)\n"
	"{\n"
	"\tstruct @N@ *skel = @N@__open();\n"
	"\tint errnum;\n\n"
	"\tif (!skel || @N@__load(skel) == 0)\n"
	"\t\treturn skel;\n"
	"\terrnum = errno;\n"
	"\t@N@__destroy(skel);\n"
	"\terrno = errnum;\n"
	"\treturn NULL;\n"
	"}\n\n"
	"/* Attach every program where its section says; 0, or -errno. */\n"
	"static inline int @N@__attach(struct @N@ *skel)\n"
	"{\n"
	"\tstruct rb_error e = { 0 };\n\n"
	"\treturn rb_skeleton_attach(skel->skeleton, &e) ? @N@__fail(skel, &e) : 0;\n"
	"}\n\n"
	"static inline void @N@__detach(struct @N@ *skel)\n"
	"{\n"
	"\tstruct rb_error e = { 0 };\n\n"
	"\tif (rb_skeleton_detach(skel->skeleton, &e))\n"
	"\t\t@N@__fail(skel, &e);\n"
	"}\n\n";

static void put_c_string(FILE *f, const char *text);

static void put_tables(FILE *f, const struct rb_object *obj, char **map_ids, char **prog_ids,
		       const struct section *secs, size_t nsec)
{
	for (size_t i = 0; i < obj->map_count; i++) {
		const char *data = NULL;
		for (size_t j = 0; j < nsec; j++)
			if (secs[j].map == &obj->maps[i])
				data = secs[j].ident;
		fprintf(f, "\ts->maps[%zu] = (struct rb_skeleton_map){ \"", i);
		put_c_string(f, obj->maps[i].name);
		fprintf(f, "\", &skel->maps.%s, ", map_ids[i]);
		if (data)
			fprintf(f, "(void **)&skel->%s };\n", data);
		else
			fprintf(f, "NULL };\n");
	}
	fprintf(f, "\ts->map_count = %zu;\n", obj->map_count);
	for (size_t i = 0; i < obj->program_count; i++)
		fprintf(f, "\ts->progs[%zu] = (struct rb_skeleton_prog){ \"%s\", &skel->progs.%s, "
			"&skel->links.%s };\n", i, obj->programs[i].fn.name, prog_ids[i], prog_ids[i]);
	fprintf(f, "\ts->prog_count = %zu;\n", obj->program_count);
}

/* A C string's contents for `text` (the file name). */
static void put_c_string(FILE *f, const char *text)
{
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (*c < 32 || *c > 126)
			fprintf(f, "\\%03o", *c);
		else
			fputc(*c, f);
	}
}

/* functions[] with its placeholders filled: @N@ the name, @MAPS@ and
 * @PROGS@ the counts, @PATH@ the file name, @TABLES@ the descriptor. */
static void put_functions(FILE *f, const struct rb_object *obj, const char *name,
			  char **map_ids, char **prog_ids, const struct section *secs, size_t nsec)
{
	const char *path = strrchr(obj->path, '/') ? strrchr(obj->path, '/') + 1 : obj->path;

	for (const char *p = functions; *p;) {
		const char *at = strchr(p, '@');

		if (!at) {
			fputs(p, f);
			return;
		}
		fwrite(p, 1, (size_t)(at - p), f);
		if (!strncmp(at, "@N@", 3)) {
			fputs(name, f);
			p = at + 3;
		} else if (!strncmp(at, "@MAPS@", 6)) {
			fprintf(f, "%zu", obj->map_count);
			p = at + 6;
		} else if (!strncmp(at, "@PROGS@", 7)) {
			fprintf(f, "%zu", obj->program_count);
			p = at + 7;
		} else if (!strncmp(at, "@PATH@", 6)) {
			put_c_string(f, path);
			p = at + 6;
		} else { /* @TABLES@ */
			put_tables(f, obj, map_ids, prog_ids, secs, nsec);
			p = at + 8;
		}
	}
}

static void put_bytes(FILE *f, const struct rb_object *obj, const char *name)
{
	fprintf(f, "/* The object's %zu bytes, as the file has them. */\n"
		   "static inline const void *%s__elf_bytes(size_t *size)\n{\n"
		   "\tstatic const unsigned char bytes[] __attribute__((aligned(8))) = {",
		obj->size, name);
	for (size_t i = 0; i < obj->size; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t\t", obj->bytes[i]);
	fprintf(f, "\n\t};\n\n\t*size = sizeof(bytes);\n\treturn bytes;\n}\n\n");
}

/* The members' names within one struct: maps, or programs. */
static char **idents(const struct rb_object *obj, int maps, struct rb_error *err)
{
	size_t n = maps ? obj->map_count : obj->program_count;
	char **ids = calloc(n + 1, sizeof(*ids));

	for (size_t i = 0; ids && i < n; i++) {
		const char *name = maps ? obj->maps[i].name : obj->programs[i].fn.name;
		size_t size = strlen(name) + 16;

		if (!(ids[i] = malloc(size)))
			break;
		if (maps)
			map_ident(&obj->maps[i], ids[i]);
		else
			btf_c_identifier(name, ids[i]);
		unique(ids[i], size, ids, i);
	}
	for (size_t i = 0; ids && i < n; i++)
		if (!ids[i]) {
			for (size_t j = 0; j < n; j++)
				free(ids[j]);
			free(ids);
			ids = NULL;
		}
	if (!ids)
		rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	return ids;
}

static void free_idents(char **ids, size_t n)
{
	for (size_t i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
}

/* The sections with variables, their types emitted into c. */
static int sections(const struct rb_object *obj, struct btf_c *c, const char *name,
		    struct section **out, size_t *count, struct rb_error *err)
{
	struct section *secs = calloc(obj->map_count + 1, sizeof(*secs));
	size_t n = 0;

	*out = secs;
	*count = 0;
	if (!secs)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 0; i < obj->map_count; i++) {
		const struct rb_map *m = &obj->maps[i];
		struct section *s = &secs[n];
		char tag[256];

		/* only what can be mmap'd has a pointer (bpftool's rule too) */
		if (!m->is_data || !(m->map_flags & BPF_F_MMAPABLE) || !c)
			continue;
		s->map = m;
		map_ident(m, s->ident);
		if (collect(obj, s, err))
			goto fail;
		if (s->count == 0) {
			free(s->members);
			free(s->idents);
			memset(s, 0, sizeof(*s));
			continue;
		}
		*count = ++n;
		snprintf(tag, sizeof(tag), "%s__%s", name, s->ident);
		if (btf_c_reserve(c, tag, 1, err))
			goto fail;
		for (size_t j = 0; j < s->count; j++)
			if (btf_c_emit_type(c, s->members[j].type, err))
				goto fail;
	}
	return 0;
fail:
	*count = n + 1; /* free the one being built too */
	return -1;
}

static int section_structs(const struct rb_object *obj, struct btf_c *c, const char *name,
			   struct section *secs, size_t n, struct rb_error *err)
{
	for (size_t i = 0; i < n; i++) {
		char tag[256], decl[96];
		size_t before, after;
		const char *text;

		snprintf(tag, sizeof(tag), "%s__%s", name, secs[i].ident);
		snprintf(decl, sizeof(decl), "*%s", secs[i].ident);
		btf_c_text(c, &before);
		/* .kconfig keeps its const: the kernel's config, read only */
		if (btf_c_emit_struct(c, tag, secs[i].members, secs[i].count, secs[i].size, decl, 1,
				      strcmp(secs[i].map->name, ".kconfig") != 0, err)) {
			char why[sizeof(err->msg)];
			snprintf(why, sizeof(why), "%s", err->msg);
			return rb_fail(err, err->kind, "%s: section %s: %s", obj->path,
				       secs[i].map->name, why);
		}
		text = btf_c_text(c, &after);
		secs[i].text = strndup(text + before, after - before);
		if (!secs[i].text)
			return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	}
	return 0;
}

static void put_struct(FILE *f, const struct rb_object *obj, const char *name, char **map_ids,
		       char **prog_ids, const struct section *secs, size_t n)
{
	fprintf(f, "struct %s {\n\tstruct rb_object *obj;\n\tstruct rb_skeleton *skeleton;\n", name);
	if (obj->map_count) {
		fprintf(f, "\tstruct {\n");
		for (size_t i = 0; i < obj->map_count; i++)
			fprintf(f, "\t\tstruct rb_map *%s;\n", map_ids[i]);
		fprintf(f, "\t} maps;\n");
	}
	if (obj->program_count) {
		fprintf(f, "\tstruct {\n");
		for (size_t i = 0; i < obj->program_count; i++)
			fprintf(f, "\t\tstruct rb_program *%s;\n", prog_ids[i]);
		fprintf(f, "\t} progs;\n\tstruct {\n");
		for (size_t i = 0; i < obj->program_count; i++)
			fprintf(f, "\t\tstruct rb_link *%s;\n", prog_ids[i]);
		fprintf(f, "\t} links;\n");
	}
	for (size_t i = 0; i < n; i++)
		fputs(secs[i].text, f);
	fprintf(f, "\t/* the last failure, as rawbpf tells it (errno has its number) */\n"
		   "\tstruct rb_error error;\n"
		   "\t/* 1: failures are not printed on stderr (by default they are, as\n"
		   "\t * libbpf prints its own) */\n\tint quiet;\n};\n\n");
	/* the layout BTF says, checked by the compiler of user space */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < secs[i].count; j++) {
			uint64_t size = 0;
			struct rb_error ignored;

			btf_type_size(obj->btf, secs[i].members[j].type, &size, &ignored);
			fprintf(f, "_Static_assert(offsetof(struct %s__%s, %s) == %u && "
				   "sizeof(((struct %s__%s *)0)->%s) == %llu,\n"
				   "\t       \"%s: the layout of %s is not BPF's\");\n",
				name, secs[i].ident, secs[i].idents[j], secs[i].members[j].bit_offset / 8,
				name, secs[i].ident, secs[i].idents[j], (unsigned long long)size,
				secs[i].ident, secs[i].idents[j]);
		}
	if (n)
		fprintf(f, "\n");
}

/* C's keywords (C11 and the GNU ones a host compiler knows): a name that
 * is one would make `struct int`, which no compiler takes. */
static int is_c_keyword(const char *name)
{
	static const char *const keywords[] = {
		"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
		"else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
		"register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
		"switch", "typedef", "union", "unsigned", "void", "volatile", "while", "asm",
		"typeof", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
		"_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
	};

	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(name, keywords[i]) == 0)
			return 1;
	return 0;
}

/* The name is the caller's (`name NAME`, or one made from the file name):
 * the message says what is wrong with it, not where it came from. */
static int check_name(const char *name, struct rb_error *err)
{
	if (!*name || (name[0] >= '0' && name[0] <= '9') || strspn(name,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(name) ||
	    strlen(name) > 100)
		return rb_fail(err, RB_ERR_INPUT, "skeleton name '%s' is not a C identifier (letters, "
			       "digits and '_', not first a digit, at most 100 characters)", name);
	if (is_c_keyword(name))
		return rb_fail(err, RB_ERR_INPUT, "skeleton name '%s' is a C keyword: `struct %s` "
			       "would not compile", name, name);
	return 0;
}

/* The file's name in the opening comment: its base name only, which has
 * no '/' and so no '*' followed by '/' to end the comment early (a path
 * through a directory named "x*" has one); a control byte is written '?'. */
static void put_file_name(FILE *f, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	for (const char *p = base; *p; p++)
		fputc((unsigned char)*p < ' ' ? '?' : *p, f);
}

static void put_preamble(FILE *f, const struct rb_object *obj, const char *name)
{
	char guard[256];

	btf_c_identifier(name, guard);
	for (char *g = guard; *g; g++)
		if (*g >= 'a' && *g <= 'z')
			*g = (char)(*g - 'a' + 'A');
	fputs("/* The BPF object ", f);
	put_file_name(f, obj->path);
	fprintf(f, " for its user space (struct %s), made by\n"
		   " * `rawbpf gen skeleton`. Do not edit: generate it again when the object\n"
		   " * changes. Build with rawbpf's headers and library (README.md, \"Skeletons\"):\n"
		   " *     cc prog.c $(pkg-config --cflags --libs rawbpf)\n"
		   " * or, in rawbpf's source tree,\n"
		   " *     cc -I RAWBPF/include -I RAWBPF prog.c RAWBPF/build/librawbpf.a */\n"
		   "#ifndef __%s_SKEL_H__\n#define __%s_SKEL_H__\n\n"
		   "#include <errno.h>\n#include <stddef.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
		   "#include <rawbpf/rawbpf.h>\n\n", name, guard, guard);
}

/* The C types of the variables, then each section's struct: *types_len is
 * how much of btf_c_text() is the types. */
static int prepare(const struct rb_object *obj, const char *name, struct btf_c **c,
		   struct section **secs, size_t *nsec, size_t *types_len, struct rb_error *err)
{
	if (obj->btf && btf_c_new(c, obj->btf, err))
		return -1;
	if (*c && btf_c_reserve(*c, name, 1, err))
		return -1;
	if (sections(obj, *c, name, secs, nsec, err))
		return -1;
	if (*c)
		btf_c_text(*c, types_len); /* what follows is the sections' structs */
	if (*c && section_structs(obj, *c, name, *secs, *nsec, err))
		return -1;
	return 0;
}

int rb_object_gen_skeleton(const struct rb_object *obj, const char *name, char **text,
			   size_t *len, struct rb_error *err)
{
	struct btf_c *c = NULL;
	struct section *secs = NULL;
	size_t nsec = 0, types_len = 0;
	char **map_ids = NULL, **prog_ids = NULL;
	FILE *f;
	int ret = -1;

	*text = NULL;
	*len = 0;
	if (check_name(name, err))
		return -1;
	if (prepare(obj, name, &c, &secs, &nsec, &types_len, err))
		goto out;
	if (!(map_ids = idents(obj, 1, err)) || !(prog_ids = idents(obj, 0, err)))
		goto out;
	f = open_memstream(text, len);
	if (!f) {
		rb_fail(err, RB_ERR_SYSTEM, "out of memory");
		goto out;
	}
	put_preamble(f, obj, name);
	if (types_len) {
		fprintf(f, "/* The C types of the object's global variables, from its BTF. A "
			   "program that\n * defines them itself (in a header shared with the BPF "
			   "side, as programs\n * written for bpftool's skeletons do) defines "
			   "%s__OWN_TYPES first. */\n#ifndef %s__OWN_TYPES\n", name, name);
		fwrite(btf_c_text(c, NULL), 1, types_len, f);
		fprintf(f, "#endif\n\n");
	}
	put_struct(f, obj, name, map_ids, prog_ids, secs, nsec);
	put_bytes(f, obj, name);
	put_functions(f, obj, name, map_ids, prog_ids, secs, nsec);
	fprintf(f, "#endif\n");
	if (fclose(f) == 0)
		ret = 0;
	else
		rb_fail(err, RB_ERR_SYSTEM, "out of memory");
out:
	if (ret) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
	free_idents(map_ids, obj->map_count);
	free_idents(prog_ids, obj->program_count);
	free_sections(secs, nsec);
	btf_c_free(c);
	return ret;
}
