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
 * a line in tracefs's uprobe_events instead; probe.c chooses, as for
 * kprobes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/open/read_file.h"

/* Split "PATH:SYMBOL+OFFSET" (the symbol and offset are after the last ':'). */
static int parse_target(const struct rb_program *prog, const struct rb_attach_opts *opts,
			char *path, size_t path_size, char *symbol, size_t sym_size,
			unsigned long *offset, struct rb_error *err)
{
	const char *target = opts->target, *colon = strrchr(target, ':');
	const char *plus;
	char origin[600];

	rb_target_origin(prog, opts, origin, sizeof(origin));
	*offset = 0;
	if (!colon || colon == target || !colon[1] || (size_t)(colon - target) >= path_size)
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s does not name PATH:SYMBOL",
			       prog->fn.name, origin);
	snprintf(path, path_size, "%.*s", (int)(colon - target), target);
	if (strlen(colon + 1) >= sym_size) /* never probe a prefix of the name */
		return rb_fail(err, RB_ERR_INPUT, "program %s: %s: the symbol is longer "
			       "than %zu bytes", prog->fn.name, origin, sym_size - 1);
	snprintf(symbol, sym_size, "%s", colon + 1);
	plus = strchr(symbol, '+');
	if (plus) {
		char *end;
		*offset = strtoul(plus + 1, &end, 0);
		if (*end)
			return rb_fail(err, RB_ERR_INPUT, "program %s: bad offset in %s", prog->fn.name,
				       origin);
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
int rb_uprobe_resolve_binary(const struct rb_program *prog, const char *origin, const char *name,
			     char *out, size_t size, struct rb_error *err)
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
	return rb_fail(err, RB_ERR_INPUT, "program %s (%s): no %s named %s in %s%s",
		       prog->fn.name, origin, is_library ? "library" : "command", name,
		       is_library ? "$LD_LIBRARY_PATH or " : "$PATH",
		       is_library ? lib_dirs : "");
}

/* The file offset of function `symbol` in the ELF file at `path`: its
 * tables read here (not its code: open/read_elf_tables.c), resolved by the
 * ELF reader. */
static int symbol_file_offset(const char *path, const char *symbol, uint64_t *offset,
			      struct rb_error *err)
{
	char name[600];
	uint8_t *data;
	size_t size;
	int ret;

	/* The kernel places a uprobe in an inode's pages: only a regular file
	 * can hold one (a directory, device or FIFO is refused here, without
	 * blocking). */
	snprintf(name, sizeof(name), "uprobe target %s", path);
	if (rb_read_elf_tables(path, name, RB_UPROBE_TARGET_MAX_SIZE, &data, &size, err))
		return -1;
	ret = elf_function_file_offset(name, data, size, symbol, offset, err);
	rb_free_elf_tables(data, size);
	return ret;
}

static int attach_uprobe(struct rb_program *prog, const struct rb_attach_opts *opts,
			 struct rb_link **out, struct rb_error *err)
{
	int ret_probe = (prog->def->flags & RB_SEC_RETURN_PROBE) != 0;
	char name[512], path[512], symbol[1024], location[600], what[1600], origin[600];
	unsigned long extra = 0;
	uint64_t offset = 0;
	struct rb_probe probe;

	if (parse_target(prog, opts, name, sizeof(name), symbol, sizeof(symbol), &extra, err) ||
	    rb_uprobe_resolve_binary(prog, rb_target_origin(prog, opts, origin, sizeof(origin)),
				     name, path, sizeof(path), err) ||
	    symbol_file_offset(path, symbol, &offset, err))
		return -1;
	offset += extra;
	snprintf(what, sizeof(what), "%s %s:%s", ret_probe ? "uretprobe" : "uprobe", path, symbol);
	snprintf(location, sizeof(location), "%s:0x%llx", path, (unsigned long long)offset);
	rb_narrate(&prog->obj->narrator, "attach %s: %s:%s is at file offset 0x%llx", prog->fn.name,
		   path, symbol, (unsigned long long)offset);
	probe = (struct rb_probe){
		.pmu = "uprobe",
		.ret_probe = ret_probe,
		.target = path,
		.offset = offset,
		.location = location,
		.what = what,
	};
	return rb_attach_probe(prog, &probe, out, err);
}

/* uprobe/PATH:SYMBOL[+OFFSET] and uretprobe/PATH:SYMBOL (RB_SEC_RETURN_PROBE). */
const struct rb_attach_provider rb_provider_uprobe = {
	.name = "uprobe",
	.options = RB_ATTACH_OPT_TARGET,
	.attach = attach_uprobe,
};
