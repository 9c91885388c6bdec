/* rawbpf inspect OBJ [--disasm]: what an object holds, without loading it.
 * Every name, string and section name from the object goes out through
 * print_text(), which escapes what a terminal would take as a command. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "loader/disasm/disasm.h"
#include "cli.h"

static const char *section_type_name(uint32_t type)
{
	switch (type) {
	case SHT_NULL: return "null";
	case SHT_PROGBITS: return "progbits";
	case SHT_SYMTAB: return "symtab";
	case SHT_STRTAB: return "strtab";
	case SHT_REL: return "rel";
	case SHT_NOBITS: return "nobits";
	case 0x6fff4c03: return "llvm_addrsig"; /* SHT_LLVM_ADDRSIG */
	default: return "other";
	}
}

static const char *reloc_kind_name(enum rb_reloc_kind kind)
{
	switch (kind) {
	case RB_RELOC_MAP_FD: return "map fd";
	case RB_RELOC_MAP_VALUE: return "global data";
	case RB_RELOC_CALL: return "call";
	case RB_RELOC_FUNC: return "callback address";
	case RB_RELOC_EXTERN: return "extern (unresolved)";
	}
	return "?";
}

static void print_sections(const struct rb_object *obj)
{
	printf("sections:\n  %-4s %-40s %-12s %8s  %s\n", "idx", "name", "type", "size", "flags");
	for (size_t i = 1; i < obj->elf.nsections; i++) {
		const struct elf_section *s = &obj->elf.sections[i];
		printf("  %-4zu ", i);
		print_text(stdout, s->name, 40);
		printf(" %-12s %8llu  %s%s%s\n", section_type_name(s->type),
		       (unsigned long long)s->size,
		       s->flags & SHF_ALLOC ? "A" : "", s->flags & SHF_WRITE ? "W" : "",
		       s->flags & SHF_EXECINSTR ? "X" : "");
	}
}

/* "int count(void *ctx)", from the FUNC's prototype in BTF. */
static void print_signature(const struct rb_object *obj, const char *name)
{
	const struct btf_type *fn, *proto;
	char ret[128], param[128];
	int64_t id = obj->btf ? btf_find_by_name_kind(obj->btf, name, BTF_KIND_FUNC) : -1;

	if (id <= 0)
		return;
	fn = btf_type_by_id(obj->btf, (uint32_t)id);
	proto = btf_type_by_id(obj->btf, fn->type);
	if (!proto || btf_kind(proto) != BTF_KIND_FUNC_PROTO)
		return;
	btf_type_str(obj->btf, proto->type, ret, sizeof(ret), 0);
	printf("  %-20s ", "");
	print_text(stdout, ret, 0);
	putchar(' ');
	print_text(stdout, name, 0);
	putchar('(');
	for (unsigned i = 0; i < btf_vlen(proto); i++) {
		const struct btf_param *p = (const struct btf_param *)btf_extra(proto) + i;
		btf_type_str(obj->btf, p->type, param, sizeof(param), 0);
		/* "void *ctx", "int x": no space after a '*' */
		fputs(i ? ", " : "", stdout);
		print_text(stdout, param, 0);
		fputs(p->name_off && param[strlen(param) - 1] != '*' ? " " : "", stdout);
		print_text(stdout, btf_name(obj->btf, p->name_off), 0);
	}
	printf(")\n");
}

static void print_programs(const struct rb_object *obj)
{
	printf("programs:\n  %-20s %-36s %-16s %6s  %s\n", "name", "section", "type",
	       "insns", "attach");
	for (size_t i = 0; i < obj->program_count; i++) {
		const struct rb_program *p = &obj->programs[i];
		char attach[256];

		if (!p->def)
			snprintf(attach, sizeof(attach), "none (section implies no type: use --type)");
		else if (p->def->attach == RB_ATTACH_NONE || p->def->note)
			snprintf(attach, sizeof(attach), "%s%s%s", p->target[0] ? p->target : "-",
				 p->def->note ? ": " : "", p->def->note ? p->def->note : "");
		else
			snprintf(attach, sizeof(attach), "%s %s", p->def->type_name, p->target);
		fputs("  ", stdout);
		print_text(stdout, p->name, 20);
		putchar(' ');
		print_text(stdout, p->section_name, 36);
		printf(" %-16s %6zu  ", p->def ? prog_type_name(p->type) : "unknown",
		       p->insn_count);
		print_text(stdout, attach, 0);
		putchar('\n');
		print_signature(obj, p->name);
	}
}

static void print_maps_defs(const struct rb_object *obj)
{
	if (obj->map_count == 0) {
		printf("maps: none\n");
		return;
	}
	printf("maps:\n  %-20s %-18s %6s %6s %8s  %s\n", "name", "type", "key", "value",
	       "entries", "flags");
	for (size_t i = 0; i < obj->map_count; i++) {
		const struct rb_map *m = &obj->maps[i];
		fputs("  ", stdout);
		print_text(stdout, m->name, 20);
		printf(" %-18s %6u %6u %8u  0x%x%s\n", map_type_name(m->type),
		       m->key_size, m->value_size, m->max_entries, m->map_flags,
		       m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && m->max_entries == 0
			       ? "  (entries: one per CPU at load)" : "");
		if (obj->btf && (m->btf_key_type_id || m->btf_value_type_id)) {
			char key[128], value[128];
			btf_type_str(obj->btf, m->btf_key_type_id, key, sizeof(key), 0);
			btf_type_str(obj->btf, m->btf_value_type_id, value, sizeof(value), 0);
			printf("  %-20s key: ", "");
			print_text(stdout, key, 0);
			fputs(", value: ", stdout);
			print_text(stdout, value, 0);
			putchar('\n');
		}
	}
}

static void print_globals(const struct rb_object *obj)
{
	int any = 0;

	for (size_t m = 0; m < obj->map_count; m++) {
		const struct rb_map *map = &obj->maps[m];
		if (!map->is_data)
			continue;
		for (size_t i = 1; i < obj->elf.nsymbols; i++) {
			const struct elf_symbol *s = &obj->elf.symbols[i];
			if (s->shndx != map->section || s->type != STT_OBJECT || !s->name[0])
				continue;
			char type[128] = "";
			int64_t var = obj->btf ? btf_find_by_name_kind(obj->btf, s->name, BTF_KIND_VAR) : -1;

			if (var > 0)
				btf_type_str(obj->btf, (uint32_t)var, type, sizeof(type), 0);
			if (!any++)
				printf("global variables:\n  %-20s %-16s %8s %6s  %s\n", "name",
				       "section", "offset", "size", "type");
			fputs("  ", stdout);
			print_text(stdout, s->name, 20);
			putchar(' ');
			print_text(stdout, map->name, 16);
			printf(" %8llu %6llu  ", (unsigned long long)s->value,
			       (unsigned long long)s->size);
			print_text(stdout, type, 0);
			putchar('\n');
		}
	}
}

static void print_function_relocations(const struct rb_object *obj,
				       const struct rb_program *p)
{
	for (size_t j = 0; j < p->reloc_count; j++) {
		const struct rb_reloc *r = &p->relocs[j];
		char target[160];

		if (r->kind == RB_RELOC_MAP_FD)
			snprintf(target, sizeof(target), "%s", obj->maps[r->map].name);
		else if (r->kind == RB_RELOC_MAP_VALUE)
			snprintf(target, sizeof(target), "%s+%u (%s)", obj->maps[r->map].name,
				 r->offset, r->symbol);
		else if (r->kind == RB_RELOC_CALL || r->kind == RB_RELOC_FUNC)
			snprintf(target, sizeof(target), "%s (%s insn %zu)", r->symbol,
				 obj->elf.sections[r->target_section].name, r->target_insn);
		else
			snprintf(target, sizeof(target), "%s", r->symbol);
		fputs("  ", stdout);
		print_text(stdout, p->name, 20);
		printf(" insn %-5zu %-20s ", r->insn, reloc_kind_name(r->kind));
		print_text(stdout, target, 0);
		putchar('\n');
	}
}

static void print_relocations(const struct rb_object *obj)
{
	printf("relocations:\n");
	for (size_t i = 0; i < obj->program_count; i++)
		print_function_relocations(obj, &obj->programs[i]);
	for (size_t i = 0; i < obj->subprog_count; i++)
		print_function_relocations(obj, &obj->subprogs[i]);
}

struct symbolizer {
	const struct rb_object *obj;
	const struct rb_program *prog;
	char text[160];
};

/* Name what a relocated instruction refers to, as the verifier would. */
static const char *symbol_of(void *ctx, size_t insn)
{
	struct symbolizer *s = ctx;

	for (size_t i = 0; i < s->prog->reloc_count; i++) {
		const struct rb_reloc *r = &s->prog->relocs[i];
		if (r->insn != insn)
			continue;
		if (r->kind == RB_RELOC_MAP_FD)
			snprintf(s->text, sizeof(s->text), "map[%s]", s->obj->maps[r->map].name);
		else if (r->kind == RB_RELOC_MAP_VALUE)
			snprintf(s->text, sizeof(s->text), "&%s[%u] (%s)",
				 s->obj->maps[r->map].name, r->offset, r->symbol);
		else if (r->kind == RB_RELOC_CALL)
			return NULL;
		else
			snprintf(s->text, sizeof(s->text), "%s[%s]",
				 r->kind == RB_RELOC_EXTERN ? "extern" : "sym", r->symbol);
		return s->text;
	}
	return NULL;
}

static void print_function_disasm(const struct rb_object *obj, const struct rb_program *p,
				  const char *what)
{
	struct symbolizer sym = { .obj = obj, .prog = p };
	char line[256];

	printf("\n%s ", what);
	print_text(stdout, p->name, 0);
	fputs(" (section ", stdout);
	print_text(stdout, p->section_name, 0);
	fputs("):\n", stdout);
	for (size_t n = 0; n < p->insn_count;) {
		size_t used = rb_disasm_insn(p->insns, p->insn_count, n, symbol_of, &sym,
					     line, sizeof(line));
		printf("%5zu: (%02x) ", n, p->insns[n].code);
		print_text(stdout, line, 0); /* names maps and symbols */
		putchar('\n');
		n += used ? used : 1;
	}
}

/* The instructions as they are in the object, before linking: calls to
 * subprograms still carry the compiler's offsets. */
static void print_disasm(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->program_count; i++)
		print_function_disasm(obj, &obj->programs[i], "program");
	for (size_t i = 0; i < obj->subprog_count; i++)
		print_function_disasm(obj, &obj->subprogs[i], "subprogram");
}

int cmd_inspect(int argc, char **argv)
{
	const char *path = NULL;
	struct rb_open_opts opts = { 0 };
	struct rb_object *obj;
	struct rb_error err = { 0 };
	int disasm = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--disasm") == 0 || strcmp(argv[i], "-d") == 0)
			disasm = 1;
		else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
			opts.narrator.fn = narrate_to_stderr;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "rawbpf inspect: unknown option %s\n", argv[i]);
			return EXIT_USAGE;
		} else if (path) {
			fprintf(stderr, "rawbpf inspect: one object at a time (%s and %s)\n",
				path, argv[i]);
			return EXIT_USAGE;
		} else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: rawbpf inspect OBJ [--disasm]\n");
		return EXIT_USAGE;
	}
	if (rb_object_open(&obj, path, &opts, &err))
		return report_error(&err);

	printf("%s: ELF64 BPF relocatable object, %zu sections\n", path, obj->elf.nsections);
	fputs("license: \"", stdout);
	print_text(stdout, obj->license, 0);
	printf("\"%s\n", obj->license[0] ? "" : " (no license section)");
	if (obj->kern_version)
		printf("kernel version: %u.%u.%u\n", obj->kern_version >> 16,
		       (obj->kern_version >> 8) & 0xff, obj->kern_version & 0xff);
	print_sections(obj);
	print_programs(obj);
	print_maps_defs(obj);
	print_globals(obj);
	if (obj->subprog_count) {
		printf("subprograms:\n");
		for (size_t i = 0; i < obj->subprog_count; i++) {
			fputs("  ", stdout);
			print_text(stdout, obj->subprogs[i].name, 20);
			putchar(' ');
			print_text(stdout, obj->subprogs[i].section_name, 36);
			printf(" %6zu insns\n", obj->subprogs[i].insn_count);
		}
	}
	print_relocations(obj);
	if (disasm)
		print_disasm(obj);
	rb_object_close(obj);
	return 0;
}
