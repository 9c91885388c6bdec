/* rawbpf inspect OBJ [--disasm]: what an object holds, without loading it.
 * Every name, string and section name from the object goes out through
 * print_text(), which escapes what a terminal would take as a command. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

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
	case RB_RELOC_EXTERN: return "extern";
	case RB_RELOC_CORE: return "CO-RE";
	}
	return "?";
}

static void print_sections(const struct rb_object *obj)
{
	printf("sections:\n  %-4s %-40s %-12s %8s  %s\n", "idx", "name", "type", "size", "flags");
	for (size_t i = 1; i < rb_object_section_count(obj); i++) {
		struct rb_section_info s;

		rb_object_section(obj, (uint32_t)i, &s);
		printf("  %-4zu ", i);
		print_text(stdout, s.name, 40);
		printf(" %-12s %8llu  %s%s%s\n", section_type_name(s.type),
		       (unsigned long long)s.size,
		       s.flags & SHF_ALLOC ? "A" : "", s.flags & SHF_WRITE ? "W" : "",
		       s.flags & SHF_EXECINSTR ? "X" : "");
	}
}

/* "int count(void *ctx)", from the FUNC's prototype in BTF. */
static void print_signature(const struct rb_object *obj, const char *name)
{
	char sig[1024];

	if (rb_object_btf_func_signature(obj, name, sig, sizeof(sig)))
		return;
	printf("  %-20s ", "");
	print_text(stdout, sig, 0);
	putchar('\n');
}

static void print_programs(const struct rb_object *obj)
{
	size_t count;
	const struct rb_program *programs = rb_object_programs(obj, &count);

	if (count == 0) { /* an object of maps alone */
		printf("programs: none\n");
		return;
	}
	printf("programs:\n  %-20s %-36s %-16s %6s  %s\n", "name", "section", "type",
	       "insns", "attach");

	for (size_t i = 0; i < count; i++) {
		const struct rb_program *p = &programs[i];
		char attach[256];

		if (!p->def)
			snprintf(attach, sizeof(attach), "none (section implies no type: use --type)");
		else if (!p->def->provider || p->def->note)
			snprintf(attach, sizeof(attach), "%s%s%s", p->target[0] ? p->target : "-",
				 p->def->note ? ": " : "", p->def->note ? p->def->note : "");
		else
			snprintf(attach, sizeof(attach), "%s %s", p->def->type_name, p->target);
		fputs("  ", stdout);
		print_text(stdout, p->fn.name, 20);
		putchar(' ');
		print_text(stdout, p->fn.section_name, 36);
		printf(" %-16s %6zu  ", p->def ? rb_prog_type_name(p->type) : "unknown",
		       p->fn.insn_count);
		print_text(stdout, attach, 0);
		putchar('\n');
		print_signature(obj, p->fn.name);
	}
}

/* __array(values, ...): what a map of maps' inner maps look like, and the
 * initial slots of a map of maps or a program array. */
static void print_map_values(const struct rb_object *obj, const struct rb_map *m)
{
	size_t program_count, map_count;
	const struct rb_program *progs = rb_object_programs(obj, &program_count);
	const struct rb_map *maps = rb_object_maps(obj, &map_count);

	if (m->inner)
		printf("  %-20s inner maps: %s, key %u, value %u, entries %u, flags 0x%x\n", "",
		       rb_map_type_name(m->inner->type), m->inner->key_size, m->inner->value_size,
		       m->inner->max_entries, m->inner->map_flags);
	for (size_t i = 0; i < m->slot_count; i++) {
		const struct rb_map_slot *s = &m->slots[i];
		int of_maps = rb_map_is_map_of_maps(m);

		printf("  %-20s slot %u: %s ", "", s->index, of_maps ? "map" : "program");
		print_text(stdout, of_maps ? maps[s->target].name : progs[s->target].fn.name, 0);
		putchar('\n');
	}
}

static void print_maps_defs(const struct rb_object *obj)
{
	size_t count;
	const struct rb_map *maps = rb_object_maps(obj, &count);

	if (count == 0) {
		printf("maps: none\n");
		return;
	}
	printf("maps:\n  %-20s %-18s %6s %6s %8s  %s\n", "name", "type", "key", "value",
	       "entries", "flags");
	for (size_t i = 0; i < count; i++) {
		const struct rb_map *m = &maps[i];
		char key[128], value[128];

		fputs("  ", stdout);
		print_text(stdout, m->name, 20);
		printf(" %-18s %6u %6u %8u  0x%x%s\n", rb_map_type_name(m->type),
		       m->key_size, m->value_size, m->max_entries, m->map_flags,
		       rb_map_is_perf_event_array(m) && m->max_entries == 0
			       ? "  (entries: one per CPU at load)" : "");
		if ((m->btf_key_type_id || m->btf_value_type_id) &&
		    rb_object_btf_type_name(obj, m->btf_key_type_id, key, sizeof(key)) == 0) {
			rb_object_btf_type_name(obj, m->btf_value_type_id, value, sizeof(value));
			printf("  %-20s key: ", "");
			print_text(stdout, key, 0);
			fputs(", value: ", stdout);
			print_text(stdout, value, 0);
			putchar('\n');
		}
		print_map_values(obj, m);
	}
}

/* Each variable with its own type: the model (rb_object_variables) keeps
 * the type of each, so two variables of one name keep theirs. */
static void print_globals(const struct rb_object *obj)
{
	size_t count;
	const struct rb_variable *vars = rb_object_variables(obj, &count);

	if (count)
		printf("global variables:\n  %-20s %-16s %8s %6s  %s\n", "name", "section",
		       "offset", "size", "type");
	for (size_t i = 0; i < count; i++) {
		const struct rb_variable *v = &vars[i];
		char type[128] = "";

		if (v->btf_type_id)
			rb_object_btf_type_name(obj, v->btf_type_id, type, sizeof(type));
		fputs("  ", stdout);
		print_text(stdout, v->name, 20);
		putchar(' ');
		print_text(stdout, v->section_name, 16);
		printf(" %8u %6u  ", v->offset, v->size);
		print_text(stdout, type, 0);
		putchar('\n');
	}
}

static const char *map_name(const struct rb_object *obj, size_t index)
{
	size_t count;

	return rb_object_maps(obj, &count)[index].name;
}

static const char *section_name(const struct rb_object *obj, uint32_t index)
{
	struct rb_section_info s;

	return rb_object_section(obj, index, &s) == 0 ? s.name : "?";
}

static const char *extern_kind_name(const struct rb_object *obj, size_t index)
{
	size_t count;
	const struct rb_extern *ext = rb_object_externs(obj, &count);

	switch (index < count ? ext[index].kind : RB_EXTERN_UNKNOWN) {
	case RB_EXTERN_KCONFIG: return "kconfig";
	case RB_EXTERN_KSYM_VAR: return "ksym variable";
	case RB_EXTERN_KSYM_ADDR: return "ksym address";
	case RB_EXTERN_KFUNC: return "kfunc";
	default: return "unknown";
	}
}

static void print_function_relocations(const struct rb_object *obj,
				       const struct rb_function *fn)
{
	for (size_t j = 0; j < fn->reloc_count; j++) {
		const struct rb_reloc *r = &fn->relocs[j];
		char target[160];

		switch (r->kind) {
		case RB_RELOC_MAP_FD:
			snprintf(target, sizeof(target), "%s", map_name(obj, r->map_fd.map));
			break;
		case RB_RELOC_MAP_VALUE:
			snprintf(target, sizeof(target), "%s+%u (%s)",
				 map_name(obj, r->map_value.map), r->map_value.offset, r->symbol);
			break;
		case RB_RELOC_CALL:
			snprintf(target, sizeof(target), "%s (%s insn %zu)", r->symbol,
				 section_name(obj, r->call.section), r->call.insn);
			break;
		case RB_RELOC_FUNC:
			snprintf(target, sizeof(target), "%s (%s insn %zu)", r->symbol,
				 section_name(obj, r->func.section), r->func.insn);
			break;
		case RB_RELOC_EXTERN:
			snprintf(target, sizeof(target), "%s (%s)", r->symbol,
				 extern_kind_name(obj, r->ext.index));
			break;
		case RB_RELOC_CORE:
			continue; /* listed with the CO-RE relocations below */
		}
		fputs("  ", stdout);
		print_text(stdout, fn->name, 20);
		printf(" insn %-5zu %-20s ", r->insn, reloc_kind_name(r->kind));
		print_text(stdout, target, 0);
		putchar('\n');
	}
}

/* Externs (rb_object_externs): what each is, as the object's BTF says;
 * `run` resolves them against the kernel. */
static void print_externs(const struct rb_object *obj)
{
	size_t count;
	const struct rb_extern *ext = rb_object_externs(obj, &count);

	if (count)
		printf("externs:\n  %-31s %-15s %-5s %s\n", "name", "kind", "weak", "what");
	for (size_t i = 0; i < count; i++, ext++) {
		char what[400] = "";

		switch (ext->kind) {
		case RB_EXTERN_KCONFIG:
			rb_object_btf_type_name(obj, ext->type_id, what, sizeof(what));
			snprintf(what + strlen(what), sizeof(what) - strlen(what),
				 ", %u bytes at .kconfig+%u", ext->size, ext->offset);
			break;
		case RB_EXTERN_KSYM_VAR:
			rb_object_btf_type_name(obj, ext->type_id, what, sizeof(what));
			strncat(what, ": the kernel's BTF gives its id", sizeof(what) - strlen(what) - 1);
			break;
		case RB_EXTERN_KSYM_ADDR:
			snprintf(what, sizeof(what), "void: its address, from /proc/kallsyms");
			break;
		case RB_EXTERN_KFUNC:
			rb_object_btf_func_signature(obj, ext->name, what, sizeof(what));
			break;
		default:
			snprintf(what, sizeof(what), "%s", ext->why);
		}
		fputs("  ", stdout);
		print_text(stdout, ext->name, 31);
		printf(" %-15s %-5s ", extern_kind_name(obj, i), ext->weak ? "weak" : "-");
		print_text(stdout, what, 0);
		putchar('\n');
	}
}

static void print_relocations(const struct rb_object *obj)
{
	printf("relocations:\n");
	size_t count;
	const struct rb_program *programs = rb_object_programs(obj, &count);
	const struct rb_function *subprogs;

	for (size_t i = 0; i < count; i++)
		print_function_relocations(obj, &programs[i].fn);
	subprogs = rb_object_subprograms(obj, &count);
	for (size_t i = 0; i < count; i++)
		print_function_relocations(obj, &subprogs[i]);
}

/* CO-RE records (rawbpf.h): listed here, rewritten for the kernel by run. */
static void print_core_relocs(const struct rb_object *obj)
{
	size_t count;
	const struct rb_core_reloc *r = rb_object_core_relocs(obj, &count);

	if (count == 0)
		return;
	printf("CO-RE relocations (as compiled; run rewrites them for the running kernel):\n");
	for (size_t i = 0; i < count; i++, r++) {
		fputs("  ", stdout);
		print_text(stdout, r->function ? r->function : r->section, 20);
		printf(" insn %-5zu %-20s ", r->insn, r->kind_name);
		print_text(stdout, r->what, 0);
		fputs(" (access ", stdout);
		print_text(stdout, r->access, 0);
		/* field kinds: where the field is, as compiled */
		if (rb_core_reloc_is_field(r) && r->bit_offset % 8)
			printf(", bit %llu", (unsigned long long)r->bit_offset);
		else if (rb_core_reloc_is_field(r))
			printf(", byte %llu", (unsigned long long)(r->bit_offset / 8));
		printf(")\n");
	}
}

struct symbolizer {
	const struct rb_object *obj;
	const struct rb_function *fn;
	char text[160];
};

/* Name what a relocated instruction refers to, as the verifier would. */
static const char *symbol_of(void *ctx, size_t insn)
{
	struct symbolizer *s = ctx;

	for (size_t i = 0; i < s->fn->reloc_count; i++) {
		const struct rb_reloc *r = &s->fn->relocs[i];
		if (r->insn != insn)
			continue;
		switch (r->kind) {
		case RB_RELOC_MAP_FD:
			snprintf(s->text, sizeof(s->text), "map[%s]",
				 map_name(s->obj, r->map_fd.map));
			break;
		case RB_RELOC_MAP_VALUE:
			snprintf(s->text, sizeof(s->text), "&%s[%u] (%s)",
				 map_name(s->obj, r->map_value.map), r->map_value.offset, r->symbol);
			break;
		case RB_RELOC_CALL:
			return NULL; /* the disassembler names calls itself */
		case RB_RELOC_CORE:
			return NULL; /* a constant, rewritten at load: printed as compiled */
		case RB_RELOC_FUNC:
		case RB_RELOC_EXTERN:
			snprintf(s->text, sizeof(s->text), "%s[%s]",
				 r->kind == RB_RELOC_EXTERN ? "extern" : "sym", r->symbol);
			break;
		}
		return s->text;
	}
	return NULL;
}

/* The kfunc instruction n calls, or NULL. */
static const char *kfunc_called(const struct rb_function *p, size_t n)
{
	for (size_t i = 0; i < p->reloc_count; i++)
		if (p->relocs[i].insn == n && p->relocs[i].kind == RB_RELOC_EXTERN &&
		    rb_insn_code(p->insns, n) == 0x85) /* BPF_JMP | BPF_CALL */
			return p->relocs[i].symbol;
	return NULL;
}

static void print_function_disasm(const struct rb_object *obj, const struct rb_function *p,
				  const char *what)
{
	struct symbolizer sym = { .obj = obj, .fn = p };
	char line[256];

	printf("\n%s ", what);
	print_text(stdout, p->name, 0);
	fputs(" (section ", stdout);
	print_text(stdout, p->section_name, 0);
	fputs("):\n", stdout);
	for (size_t n = 0; n < p->insn_count;) {
		size_t used = rb_disasm_insn(p->insns, p->insn_count, n, symbol_of, &sym,
					     line, sizeof(line));
		const char *kfunc = kfunc_called(p, n);

		/* a kfunc call is `call -1` until loaded: name it as the kernel's
		 * log will (call NAME#BTF_ID) */
		if (kfunc)
			snprintf(line, sizeof(line), "call %s (a kfunc: its BTF id at load)", kfunc);
		printf("%5zu: (%02x) ", n, rb_insn_code(p->insns, n));
		print_text(stdout, line, 0); /* names maps and symbols */
		putchar('\n');
		n += used ? used : 1;
	}
}

/* The instructions as they are in the object, before flattening
 * (relocate/flatten.c): calls to subprograms still carry the compiler's
 * offsets. */
static void print_disasm(const struct rb_object *obj)
{
	size_t count;
	const struct rb_program *programs = rb_object_programs(obj, &count);
	const struct rb_function *subprogs;

	for (size_t i = 0; i < count; i++)
		print_function_disasm(obj, &programs[i].fn, "program");
	subprogs = rb_object_subprograms(obj, &count);
	for (size_t i = 0; i < count; i++)
		print_function_disasm(obj, &subprogs[i], "subprogram");
}

int cmd_inspect(int argc, char **argv)
{
	const char *path = NULL;
	struct rb_open_opts opts = { 0 };
	struct rb_object *obj;
	struct rb_error err = { 0 };
	const struct rb_function *subprogs;
	size_t subprog_count;
	uint32_t version;
	int disasm = 0, json = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--disasm") == 0 || strcmp(argv[i], "-d") == 0)
			disasm = 1;
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
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
		fprintf(stderr, "usage: rawbpf inspect OBJ [--disasm] [--verbose] | inspect PATH [--json]\n");
		return EXIT_USAGE;
	}
	/* An executable or a library: its USDT probes (inspect_usdt.c). */
	if (is_elf_executable(path))
		return inspect_usdt(path, json);
	if (json) {
		fprintf(stderr, "rawbpf inspect: --json lists the USDT probes of an executable or "
			"library; for a BPF object there is no JSON output yet\n");
		return EXIT_USAGE;
	}
	if (rb_object_open(&obj, path, &opts, &err))
		return report_error(&err);

	printf("%s: ELF64 BPF relocatable object, %zu sections\n", path,
	       rb_object_section_count(obj));
	fputs("license: \"", stdout);
	print_text(stdout, rb_object_license(obj), 0);
	printf("\"%s\n", rb_object_license(obj)[0] ? "" : " (no license section)");
	version = rb_object_kern_version(obj);
	if (version)
		printf("kernel version: %u.%u.%u\n", version >> 16, (version >> 8) & 0xff,
		       version & 0xff);
	print_sections(obj);
	print_programs(obj);
	print_maps_defs(obj);
	print_globals(obj);
	subprogs = rb_object_subprograms(obj, &subprog_count);
	if (subprog_count) {
		printf("subprograms:\n");
		for (size_t i = 0; i < subprog_count; i++) {
			fputs("  ", stdout);
			print_text(stdout, subprogs[i].name, 20);
			putchar(' ');
			print_text(stdout, subprogs[i].section_name, 36);
			printf(" %6zu insns\n", subprogs[i].insn_count);
		}
	}
	print_relocations(obj);
	print_externs(obj);
	print_core_relocs(obj);
	if (disasm)
		print_disasm(obj);
	rb_object_close(obj);
	return 0;
}
