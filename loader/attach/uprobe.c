/* Attaching uprobes: SEC("uprobe/PATH:SYMBOL[+OFFSET]"), SEC("uretprobe/PATH:SYMBOL").
 *
 * A uprobe is placed at a *file offset* in an executable or library: every
 * process that maps that file runs the program when it reaches the place.
 * So the symbol is resolved here, with rawbpf's own ELF reader: its value
 * in .symtab (or .dynsym, for stripped libraries) is a virtual address,
 * and the program header (PT_LOAD) that maps that address says which file
 * offset it comes from.
 *
 * The kernel's uprobe PMU then takes the path and the offset directly:
 *   perf_event_open(type = /sys/bus/event_source/devices/uprobe/type,
 *                   config1 = path, config2 = offset,
 *                   config = the "retprobe" bit for a uretprobe)
 * followed by PERF_EVENT_IOC_SET_BPF and ENABLE, as for tracepoints.
 * A PATH without '/' is looked up as libbpf does ("uprobe/libc.so.6:malloc").
 * Kernels without that PMU (before 4.17) take the same path and offset as
 * a line in tracefs's uprobe_events instead (probe_events.c). */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/open/read_file.h"

/* Split "PATH:SYMBOL+OFFSET" (the symbol and offset are after the last ':'). */
static int parse_target(const struct rb_program *prog, char *path, size_t path_size,
			char *symbol, size_t sym_size, unsigned long *offset,
			struct rb_error *err)
{
	const char *colon = strrchr(prog->target, ':');
	const char *plus;

	*offset = 0;
	if (!colon || colon == prog->target || !colon[1] ||
	    (size_t)(colon - prog->target) >= path_size)
		return rb_fail(err, RB_ERR_INPUT,
			       "program %s: section %s does not name PATH:SYMBOL", prog->name,
			       prog->section_name);
	snprintf(path, path_size, "%.*s", (int)(colon - prog->target), prog->target);
	if (strlen(colon + 1) >= sym_size) /* never probe a prefix of the name */
		return rb_fail(err, RB_ERR_INPUT, "program %s: section %s: the symbol is longer "
			       "than %zu bytes", prog->name, prog->section_name, sym_size - 1);
	snprintf(symbol, sym_size, "%s", colon + 1);
	plus = strchr(symbol, '+');
	if (plus) {
		char *end;
		*offset = strtoul(plus + 1, &end, 0);
		if (*end)
			return rb_fail(err, RB_ERR_INPUT, "program %s: bad offset in %s", prog->name,
				       prog->section_name);
		symbol[plus - symbol] = '\0';
	}
	return 0;
}

/* Debian's multiarch directory for this machine's libraries. */
#if defined(__x86_64__)
#define MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define MULTIARCH "aarch64-linux-gnu"
#else
#define MULTIARCH "unknown"
#endif

/* The first DIR/name that exists, DIR taken from the ':'-separated list. */
static int search_dirs(const char *dirs, const char *name, char *out, size_t size)
{
	while (dirs && *dirs) {
		size_t len = strcspn(dirs, ":");
		int n = snprintf(out, size, "%.*s/%s", (int)len, dirs, name);

		if (len && n > 0 && (size_t)n < size && access(out, F_OK) == 0)
			return 0;
		dirs += len + (dirs[len] == ':');
	}
	return -1;
}

/* SEC names follow libbpf's convention: a PATH with no '/' is a shared
 * library ("libc.so.6"), looked up in $LD_LIBRARY_PATH and then where the
 * dynamic loader looks by default, or else a command, looked up in $PATH.
 * The kernel wants the file itself, so the result is a full path. */
static int resolve_binary(const struct rb_program *prog, const char *name, char *out,
			  size_t size, struct rb_error *err)
{
	static const char lib_dirs[] = "/lib/" MULTIARCH ":/usr/lib/" MULTIARCH
				       ":/lib64:/usr/lib64:/lib:/usr/lib";
	const char *path_env = getenv("PATH");
	int is_library = strstr(name, ".so") != NULL;

	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return 0;
	}
	if (is_library ? search_dirs(getenv("LD_LIBRARY_PATH"), name, out, size) == 0 ||
				 search_dirs(lib_dirs, name, out, size) == 0
		       : search_dirs(path_env ? path_env : "/usr/local/bin:/usr/bin:/bin", name,
				     out, size) == 0)
		return 0;
	return rb_fail(err, RB_ERR_INPUT, "program %s (section %s): no %s named %s in %s%s",
		       prog->name, prog->section_name, is_library ? "library" : "command", name,
		       is_library ? "$LD_LIBRARY_PATH or " : "$PATH",
		       is_library ? lib_dirs : "");
}

/* The largest uprobe target rawbpf reads (it reads the whole file to find
 * the symbol). Executables and libraries are rarely over a few hundred
 * MiB; 4 GiB (2 GiB where size_t has 32 bits) still admits binaries with
 * full debug info. */
#define TARGET_MAX_SIZE ((size_t)1 << (sizeof(size_t) > 4 ? 32 : 31))

/* The file offset of `symbol` in the ELF file at `path`. */
int rb_elf_symbol_offset(const char *path, const char *symbol, uint64_t *offset,
			 struct rb_error *err)
{
	struct elf_file elf;
	const struct elf_symbol *sym = NULL;
	char name[600];
	uint8_t *data;
	size_t size;
	int ret = -1;

	/* The kernel places a uprobe in an inode's pages: only a regular file
	 * can hold one (a directory, device or FIFO is refused here, without
	 * blocking). */
	snprintf(name, sizeof(name), "uprobe target %s", path);
	if (rb_read_regular_file(path, name, TARGET_MAX_SIZE, &data, &size, err))
		return -1;
	if (elf_open(&elf, path, data, size, err))
		goto out;
	for (size_t i = 1; i < elf.nsymbols && !sym; i++)
		if (elf.symbols[i].type == STT_FUNC && elf.symbols[i].shndx != SHN_UNDEF &&
		    strcmp(elf.symbols[i].name, symbol) == 0)
			sym = &elf.symbols[i];
	if (!sym) {
		rb_fail(err, RB_ERR_INPUT, "uprobe target %s has no function %s in %s", path, symbol,
			elf.symtab ? elf.symtab->name : "its symbol tables (none: stripped?)");
		elf_close(&elf);
		goto out;
	}
	for (size_t i = 0; i < elf.nsegments; i++) {
		const struct elf_segment *seg = &elf.segments[i];
		if (seg->type == PT_LOAD && sym->value >= seg->vaddr &&
		    sym->value < seg->vaddr + seg->memsz) {
			*offset = sym->value - seg->vaddr + seg->offset;
			ret = 0;
		}
	}
	if (ret)
		rb_fail(err, RB_ERR_INPUT, "uprobe target %s: %s (0x%llx) is in no loaded segment",
			path, symbol, (unsigned long long)sym->value);
	elf_close(&elf);
out:
	free(data);
	return ret;
}

int rb_attach_uprobe(struct rb_object *obj, struct rb_program *prog, struct rb_link **out,
		     struct rb_error *err)
{
	int ret_probe = prog->def->attach == RB_ATTACH_URETPROBE;
	char name[512], path[512], symbol[1024], location[600], what[1600];
	unsigned long extra = 0;
	uint64_t offset = 0;
	int type = 0, ret_bit = 0, fd, use_pmu;

	if (parse_target(prog, name, sizeof(name), symbol, sizeof(symbol), &extra, err) ||
	    resolve_binary(prog, name, path, sizeof(path), err) ||
	    rb_elf_symbol_offset(path, symbol, &offset, err))
		return -1;
	offset += extra;
	snprintf(what, sizeof(what), "%s %s:%s", ret_probe ? "uretprobe" : "uprobe", path, symbol);
	rb_narrate(&obj->narrator, "attach %s: %s:%s is at file offset 0x%llx", prog->name, path, symbol,
		 (unsigned long long)offset);
	use_pmu = rb_probe_use_pmu(obj, prog, "uprobe", &type, &ret_bit, err);
	if (use_pmu < 0)
		return -1;
	if (!use_pmu) {
		snprintf(location, sizeof(location), "%s:0x%llx", path, (unsigned long long)offset);
		return rb_attach_probe_event(obj, prog, "uprobes", ret_probe, location, what, out,
					     err);
	}
	fd = rb_probe_pmu_open(type, ret_bit, ret_probe, path, offset);
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "program %s: perf_event_open(%s, offset 0x%llx) failed",
				     prog->name, what, (unsigned long long)offset);
	rb_narrate(&obj->narrator, "attach %s: perf_event_open(uprobe PMU type %d, %s) = fd %d",
		 prog->name, type, what, fd);
	return rb_attach_perf_event(obj, prog, fd, what, out, err);
}
