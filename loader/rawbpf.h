/* rawbpf: load BPF objects with nothing but libc and the kernel ABI.
 *
 * The one public header of the library. The life of an object:
 *
 *   rb_object_open()    read the ELF file; find programs, maps, relocations.
 *                       Pure: no system calls besides reading the file.
 *   rb_object_load()    create the maps, copy each program's instructions,
 *                       apply its relocations, BPF_PROG_LOAD it.
 *   rb_object_attach()  attach each program where its section name says.
 *   ... read maps (rb_map_*), perf buffers (rb_perf_buffer_*) ...
 *   rb_object_close()   detach, close every fd, free: nothing stays in the
 *                       kernel (no object is pinned).
 *
 * The structs below are the object model. Read them freely; change them only
 * through the functions. Every function that can fail returns 0 or -1 and
 * fills the struct rb_error it is given. */
#ifndef RAWBPF_H
#define RAWBPF_H

#include <stddef.h>
#include <stdint.h>

#include "../elf/btf.h"
#include "../elf/elf_reader.h"
#include "../elf/error.h"
#include "../uapi/linux/bpf.h"

/* ---- Errors ----------------------------------------------------------------
 * struct rb_error and rb_fail() are in elf/error.h. From a system call:
 * rb_fail_errno() records errno and appends its text (": Permission
 * denied"); a resource that ran out (rb_errno_is_resource: EMFILE, ENFILE,
 * ENOMEM) makes RB_ERR_INPUT RB_ERR_SYSTEM, and the text says which
 * resource and, for open files, the limit ("too many open files: the limit
 * is 8 (ulimit -n)"). system_error.c. */
int rb_fail_errno(struct rb_error *err, enum rb_error_kind kind, int errnum,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int rb_errno_is_resource(int errnum);

/* ---- The narration -------------------------------------------------------
 * Every step (section found, map created, relocation applied, syscall made)
 * is told as one line through this callback when it is set (narrate.c).
 * `rawbpf --verbose` prints the lines on stderr. ("Trace" in rawbpf means
 * kernel tracing only; "log" means the verifier's log.) */
typedef void (*rb_narrate_fn)(void *ctx, const char *line);

struct rb_narrator {
	rb_narrate_fn fn; /* NULL: no narration */
	void *ctx;
};

void rb_narrate(const struct rb_narrator *narrator, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- Section names --------------------------------------------------------
 * SEC("tracepoint/syscalls/sys_enter_execve") tells the loader the program
 * type and where to attach. One table (section_defs.c) maps name prefixes
 * to both; `inspect` and `run` read the same table. */
enum rb_attach_kind {
	RB_ATTACH_NONE,           /* loaded, not attached (socket, xdp, ...) */
	RB_ATTACH_TRACEPOINT,     /* perf_event_open(PERF_TYPE_TRACEPOINT) */
	RB_ATTACH_KPROBE,
	RB_ATTACH_KRETPROBE,
	RB_ATTACH_UPROBE,
	RB_ATTACH_URETPROBE,
	RB_ATTACH_RAW_TRACEPOINT, /* BPF_RAW_TRACEPOINT_OPEN */
	RB_ATTACH_BTF_TRACING,    /* tp_btf/, fentry/, fexit/ */
};

struct rb_section_def {
	const char *prefix;    /* "tracepoint/"; without a '/' the name must match
				  exactly or be followed by '/' ("xdp", "xdp/foo") */
	const char *type_name; /* what --type accepts: "tracepoint", "xdp", ... */
	enum bpf_prog_type prog_type;
	uint32_t expected_attach_type; /* 0 where the kernel needs none */
	enum rb_attach_kind attach;
	const char *note;      /* why it is not attached yet, or NULL */
};

/* The definition whose prefix matches `section`, or NULL. */
const struct rb_section_def *rb_section_def_find(const char *section);
/* The definition for a --type name, or NULL. */
const struct rb_section_def *rb_section_def_by_type_name(const char *type_name);
/* The table itself, for help text: *count entries. */
const struct rb_section_def *rb_section_defs(size_t *count);

/* ---- Maps ------------------------------------------------------------------ */
struct rb_map {
	char *name;        /* as in the object: the symbol name */
	char kernel_name[BPF_OBJ_NAME_LEN]; /* what the kernel is told: at most
					       15 characters of [A-Za-z0-9_.] */
	uint32_t type;     /* BPF_MAP_TYPE_* */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t inner_map_idx; /* 7-field legacy definitions only */
	uint32_t numa_node;
	uint64_t map_extra;     /* BTF-defined maps: e.g. a bloom filter's hashes */
	uint32_t pinning;       /* BTF-defined maps: LIBBPF_PIN_BY_NAME (1) or 0 */
	uint32_t btf_key_type_id;   /* BTF-defined maps: the key and value types, */
	uint32_t btf_value_type_id; /* so the kernel can check and print them */
	uint32_t section;  /* ELF section holding the definition (global data:
			      the data section itself) */
	uint64_t offset;   /* offset of the definition in that section */
	/* Global data (.data, .rodata, .bss, ...): the map is one array element
	 * holding the whole section. init_value is its content, written before
	 * the programs load (run --set edits it). */
	int is_data;
	uint8_t *init_value;
	int fd;            /* -1 until rb_object_load() creates it */
};

/* ---- Relocations ----------------------------------------------------------
 * Collected by rb_object_open(), applied to a fresh copy of the instructions
 * by rb_object_load() (relocate/flatten.c). A new kind of relocation is one more case
 * there. */
enum rb_reloc_kind {
	RB_RELOC_MAP_FD,   /* ld_imm64 of a map: src_reg = BPF_PSEUDO_MAP_FD, imm = fd */
	RB_RELOC_MAP_VALUE,/* ld_imm64 of global data: BPF_PSEUDO_MAP_VALUE, fd + offset */
	RB_RELOC_CALL,     /* BPF-to-BPF call: imm = distance to the callee */
	RB_RELOC_FUNC,     /* ld_imm64 of a function (a callback): BPF_PSEUDO_FUNC */
	RB_RELOC_EXTERN,   /* an undefined (extern) symbol: loading is refused */
};

struct rb_reloc {
	enum rb_reloc_kind kind;
	size_t insn;         /* instruction index in the function */
	size_t map;          /* MAP_FD, MAP_VALUE: index in rb_object.maps */
	uint32_t offset;     /* MAP_VALUE: byte offset in the map's value */
	uint32_t target_section; /* CALL, FUNC: ELF section of the callee */
	size_t target_insn;  /* CALL, FUNC: callee's instruction index in it */
	const char *symbol;  /* the symbol the object named, for messages */
};

/* ---- Programs ------------------------------------------------------------- */
struct rb_link; /* an attachment; see attach.h */

/* A program, or a subprogram: a function that programs call. Both are
 * ranges of instructions of one ELF section with their own relocations. */
struct rb_program {
	char *name;                 /* the function's symbol name */
	const char *section_name;   /* SEC("...") */
	uint32_t section;           /* ELF section index */
	size_t first_insn;          /* index of its first instruction in the section */
	const struct rb_section_def *def; /* NULL when the section implies no type */
	const char *target;         /* section name after the prefix, or "" */
	enum bpf_prog_type type;
	uint32_t expected_attach_type;
	struct bpf_insn *insns;     /* as in the object: never modified */
	size_t insn_count;
	struct rb_reloc *relocs;
	size_t reloc_count;
	int fd;                     /* -1 until loaded */
	char *verifier_log;         /* the log of a refused load, or NULL */
	struct rb_link *link;       /* NULL until attached */
};

/* ---- Objects -------------------------------------------------------------- */
/* How kprobes and uprobes are created (attach/kprobe.c, attach/uprobe.c).
 * The PMU way (Linux 4.17+) leaves nothing behind if the process dies; the
 * tracefs way writes a probe event into kprobe_events / uprobe_events that
 * rawbpf must remove again (probe_events.c). AUTO is what users want;
 * the others are for kernels whose PMU misbehaves, and for testing. */
enum rb_probe_mode {
	RB_PROBE_AUTO,    /* the PMU when the kernel has one, else tracefs */
	RB_PROBE_PMU,     /* the PMU only */
	RB_PROBE_TRACEFS, /* tracefs probe events only */
};

struct rb_object {
	char *path;
	uint8_t *bytes;       /* the file's bytes; elf points into them */
	size_t size;
	struct elf_file elf;
	char *license;        /* from SEC("license"); "" when there is none */
	uint32_t kern_version;/* from SEC("version"); 0 when there is none */
	struct rb_program *programs;
	size_t program_count;
	struct rb_program *subprogs; /* functions that are not programs */
	size_t subprog_count;
	struct rb_map *maps;
	size_t map_count;
	struct btf *btf;      /* the object's .BTF, or NULL */
	struct btf_ext *btf_ext; /* its .BTF.ext, or NULL */
	struct btf *vmlinux_btf; /* the kernel's BTF, read when a program needs it */
	int btf_fd;           /* the BTF loaded into the kernel, or -1 */
	char btf_warning[512];/* why the kernel's refusal of .BTF was survived */
	struct rb_narrator narrator;
	char tracefs[256];    /* where tracefs is mounted, once looked up */
	enum rb_probe_mode probe_mode;
};

struct rb_open_opts {
	/* Program type for programs whose section name implies none: a name
	 * from the section table ("xdp", "socket", "tracepoint", ...). */
	const char *type_override;
	struct rb_narrator narrator;
	enum rb_probe_mode probe_mode; /* 0: RB_PROBE_AUTO */
};

/* Read and parse `path`. */
int rb_object_open(struct rb_object **out, const char *path,
		   const struct rb_open_opts *opts, struct rb_error *err);
/* Parse bytes already in memory; the object takes a copy. No system calls:
 * this is what the fuzzer drives. */
int rb_object_open_buffer(struct rb_object **out, const char *path,
			  const uint8_t *data, size_t size,
			  const struct rb_open_opts *opts, struct rb_error *err);
/* Create maps and load programs. On failure nothing stays loaded; a program
 * the verifier refused keeps its log in verifier_log. */
int rb_object_load(struct rb_object *obj, struct rb_error *err);
/* Attach every program that has an attach kind. On failure every attachment
 * made so far is undone. */
int rb_object_attach(struct rb_object *obj, struct rb_error *err);
/* Detach and unload everything: the object can be loaded again. */
void rb_object_unload(struct rb_object *obj);
/* Detach and unload everything, then free. NULL is fine. */
void rb_object_close(struct rb_object *obj);

struct rb_map *rb_object_map_by_name(struct rb_object *obj, const char *name);

/* A linked program: what the kernel is given. */
struct rb_placed {
	const struct rb_program *fn; /* the program itself first, then subprograms */
	size_t base;                 /* where its first instruction landed */
};

struct rb_relocated {
	struct bpf_insn *insns;
	size_t count;
	struct rb_placed *fns;
	size_t fn_count;
};

/* The instructions to give the kernel for prog: a copy of its own, with
 * every subprogram it reaches appended and every relocation applied, using
 * the fds of the object's maps. Pure: unit-tested on instruction buffers. */
int rb_program_relocate(const struct rb_object *obj, const struct rb_program *prog,
		    struct rb_relocated *out, struct rb_error *err);
void rb_relocated_free(struct rb_relocated *linked);

/* Set a global variable before load: NAME must be a variable in a global
 * data section (typically a `const volatile` in .rodata), VALUE an integer
 * that fits its size. */
int rb_object_set_global(struct rb_object *obj, const char *name,
			 const char *value, struct rb_error *err);

/* Does the program call this helper (e.g. BPF_FUNC_trace_printk)? */
int rb_program_calls_helper(const struct rb_program *prog, int32_t helper_id);

/* ---- Map access ----------------------------------------------------------- */
/* Per-CPU maps hold one value per possible CPU, each rounded up to 8 bytes:
 * lookups fill rb_map_value_buffer_size() bytes. */
int rb_map_is_per_cpu(const struct rb_map *map);
size_t rb_map_value_buffer_size(const struct rb_map *map, int possible_cpus);
/* Next key after `key` (NULL: the first). Returns 1 when there is one, 0 at
 * the end, -1 on error. */
int rb_map_next_key(const struct rb_map *map, const void *key, void *next_key,
		    struct rb_error *err);
/* 1 found, 0 not found, -1 error. */
int rb_map_lookup(const struct rb_map *map, const void *key, void *value,
		  struct rb_error *err);

/* CPUs the kernel may ever bring online (/sys/devices/system/cpu/possible). */
int rb_possible_cpus(int *count, struct rb_error *err);
/* Parse a kernel CPU list such as "0-3,8,10-11": the count is the highest
 * CPU + 1, as the kernel sizes per-CPU data by the highest possible id. */
int rb_parse_cpu_list(const char *text, int *count);

/* ---- Perf buffers ---------------------------------------------------------
 * bpf_perf_event_output() writes into a perf ring per CPU. rawbpf opens one
 * PERF_COUNT_SW_BPF_OUTPUT event per CPU, maps its ring, and stores the
 * event's fd in the PERF_EVENT_ARRAY at the CPU's index. */
struct rb_perf_buffer;

typedef void (*rb_sample_fn)(void *ctx, int cpu, const void *data, uint32_t size);
typedef void (*rb_lost_fn)(void *ctx, int cpu, uint64_t lost);

/* page_count: data pages per CPU, a power of two. */
int rb_perf_buffer_open(struct rb_perf_buffer **out, const struct rb_map *map,
			size_t page_count, rb_sample_fn on_sample,
			rb_lost_fn on_lost, void *ctx, const struct rb_narrator *narrator,
			struct rb_error *err);
/* An epoll fd that is readable when a CPU's ring got data. It may be added
 * to the caller's own epoll set: when it is readable, call
 * rb_perf_buffer_consume() (not poll: see perf_buffer.c for why). */
int rb_perf_buffer_fd(const struct rb_perf_buffer *pb);
/* Read every record available on every CPU. Returns the number of records,
 * or -1 on a malformed ring. */
int rb_perf_buffer_consume(struct rb_perf_buffer *pb, struct rb_error *err);
/* Wait up to timeout_ms (0: not at all, -1: forever) until a ring has data,
 * then read every ring. */
int rb_perf_buffer_poll(struct rb_perf_buffer *pb, int timeout_ms, struct rb_error *err);
void rb_perf_buffer_free(struct rb_perf_buffer *pb);

/* ---- Stale probe events (`rawbpf cleanup`) --------------------------------
 * A probe event made through tracefs (--probe-mode tracefs, or a kernel
 * without the probe PMUs) outlives a rawbpf killed by SIGKILL. Its name says
 * who made it: rawbpf_<pidns>_<pid>_<program>, the pid namespace's inode
 * number and the pid in that namespace (probe_names.c). These find and
 * remove the ones whose maker is gone (probe_cleanup.c). */

/* One event of kprobe_events or uprobe_events. */
struct rb_probe_event {
	char group[64];   /* "kprobes", "uprobes", or another tool's group */
	char name[64];    /* the kernel allows at most 63 characters for each */
	int probes;       /* lines naming it: more than one is a multi-probe event */
	int is_rawbpf;    /* group kprobes/uprobes and a name rawbpf makes: */
	uint64_t pidns;   /*   then the maker's pid namespace */
	int pid;          /*   and its pid there */
};

/* Parse one line of those files ("p:uprobes/NAME /bin/true:0x1139",
 * "r16:kprobes/NAME do_sys_open+0 arg1=%di"), up to its newline or NUL.
 * Pure. 0, or -1 when it is not a probe event line. */
int rb_probe_event_parse(const char *line, struct rb_probe_event *out);
/* rawbpf_<pidns>_<pid>_<program>: 0 with the numbers, or -1. Pure. */
int rb_probe_event_name_parse(const char *name, uint64_t *pidns, int *pid);
/* Every event of a whole file's text, each once (the lines of a multi-probe
 * event counted in `probes`); lines that do not parse are skipped. Pure;
 * *events is malloc'd. */
int rb_probe_events_parse_text(const char *text, struct rb_probe_event **events,
			       size_t *count, struct rb_error *err);

enum rb_probe_verdict {
	RB_PROBE_NOT_RAWBPF,  /* another tool's event */
	RB_PROBE_OTHER_PIDNS, /* rawbpf's, made in another pid namespace */
	RB_PROBE_SHARED,      /* rawbpf's name on several probes: someone added to it */
	RB_PROBE_OWNER_ALIVE, /* its maker (or a process with its pid) still exists */
	RB_PROBE_STALE,       /* made here by a process that no longer exists */
};

/* Does process `pid` of the caller's pid namespace exist? */
typedef int (*rb_pid_alive_fn)(void *ctx, int pid);

/* Whether `ev` is a stale rawbpf event, for a caller in pid namespace
 * `pidns`. Pure: `alive` is asked only about events of that namespace. */
enum rb_probe_verdict rb_probe_event_verdict(const struct rb_probe_event *ev, uint64_t pidns,
					     rb_pid_alive_fn alive, void *ctx);

/* The inode number of the caller's pid namespace (/proc/self/ns/pid). */
int rb_pid_namespace(uint64_t *pidns, struct rb_error *err);

struct rb_cleanup_opts {
	int dry_run;        /* judge, but remove nothing */
	struct rb_narrator narrator;
};

/* What rb_probe_events_cleanup() did with one event. */
struct rb_cleanup_item {
	const char *file;   /* "kprobe_events" or "uprobe_events" */
	const struct rb_probe_event *event;
	enum rb_probe_verdict verdict;
	uint64_t pidns;     /* the caller's pid namespace */
	int removed;        /* STALE: 1 when removed (0 in a dry run or on failure) */
	int errnum;         /* STALE: errno of a failed removal (EBUSY: in use) */
};
typedef void (*rb_cleanup_fn)(void *ctx, const struct rb_cleanup_item *item);

/* Read kprobe_events and uprobe_events, remove every stale rawbpf event,
 * and tell `report` about every event. -1 when tracefs cannot be read, or
 * after reporting all, when a removal failed. */
int rb_probe_events_cleanup(const struct rb_cleanup_opts *opts, rb_cleanup_fn report,
			    void *ctx, struct rb_error *err);

#endif
