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
 *                       kernel but the maps pinned by name, which outlive
 *                       the process by design (kernel/pin.c).
 *
 * The structs below are the object model. Read them freely; change them only
 * through the functions. Every function that can fail returns 0 or -1 and
 * fills the struct rb_error it is given. */
#ifndef RAWBPF_H
#define RAWBPF_H

#include <stddef.h>
#include <stdint.h>

#include "../elf/error.h"
#include "../elf/hex.h" /* rb_hex_digit() */

/* This header compiles beside the system's <linux/bpf.h> and <linux/btf.h>,
 * included before or after it (tests/unit/test_public_header.c): it
 * includes none of the kernel's headers nor rawbpf's pinned copies of them.
 * Kernel numbers are plain fixed-width integers here, each documented with
 * the constants it holds (a program type is a BPF_PROG_TYPE_*), and the
 * kernel's structs are only named: */
struct bpf_insn; /* an 8-byte BPF instruction, <linux/bpf.h> */

/* BPF_OBJ_NAME_LEN: the kernel keeps at most 15 characters of a map's or
 * program's name, plus the NUL (the library checks the two agree). */
#define RB_OBJ_NAME_LEN 16

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

/* ---- Section names and attach providers ---------------------------------
 * SEC("tracepoint/syscalls/sys_enter_execve") tells the loader the program
 * type and where to attach. One table (section_defs.c) maps name prefixes
 * to everything about a kind of hook: the program type, the attach type the
 * kernel expects at load, the provider that attaches it, and flags; `inspect`
 * and `run` read the same table, and nothing re-derives the kind elsewhere. */
struct rb_program;
struct rb_link; /* an attachment: rb_link_destroy() undoes it */

/* Where XDP runs (rb_attach_opts.xdp_mode; include/uapi/linux/if_link.h's
 * XDP_FLAGS_SKB_MODE / XDP_FLAGS_DRV_MODE). */
enum rb_xdp_mode {
	RB_XDP_AUTO,   /* the driver's hook when it has one, else generic (0 flags) */
	RB_XDP_SKB,    /* generic XDP, after the skb is built: any interface */
	RB_XDP_NATIVE, /* in the driver, before the skb: fails where the driver has none */
};

/* How one program is attached (rb_program_attach). Zero is "not given" for
 * every field. A provider refuses an option it cannot use with a message
 * rather than ignoring it. */
struct rb_attach_opts {
	const char *target; /* instead of the section's: "syscalls/sys_enter_getpid",
			       "/bin/bash:readline", ... in the section's syntax */
	const char *iface;  /* a network interface by name ("eth0"): xdp, tc, socket */
	const char *cgroup; /* a cgroup v2 directory ("/sys/fs/cgroup/app"): cgroup programs */
	uint64_t cookie;    /* what bpf_get_attach_cookie() returns (0: none) */
	enum rb_xdp_mode xdp_mode; /* xdp */
	/* sk_lookup, flow_dissector: a network namespace file
	 * ("/proc/PID/ns/net", "/run/netns/NAME"); NULL: the caller's own */
	const char *netns;
	/* perf_event programs (attach/perf_sample.c): the event each CPU
	 * samples, by perf's name ("cpu-clock", "task-clock", "cycles",
	 * "instructions", ...; NULL: cpu-clock), and how often: sample_freq
	 * samples a second per CPU, or one sample every sample_period events;
	 * neither: RB_SAMPLE_FREQ_DEFAULT a second. */
	const char *event;
	uint64_t sample_freq;
	uint64_t sample_period;
	/* rb_object_attach_opts() only: the targets of named programs, each
	 * instead of its section's (a bare SEC("uprobe") has none), in the
	 * syntax of the program's provider ("/bin/bash:readline"); `rawbpf
	 * run --attach PROG=TARGET`. rb_program_attach() takes `target`. */
	const struct rb_program_target *targets;
	size_t target_count;
	/* iter/bpf_map_elem, iter/bpf_sk_storage_map, iter/sockmap
	 * (attach/iter.c): the object's map, by name, the iterator walks */
	const char *iter_map;
};

/* One entry of rb_attach_opts.targets. */
struct rb_program_target {
	const char *program; /* the program's (function's) name */
	const char *target;
};

#define RB_SAMPLE_FREQ_DEFAULT 49 /* Hz: not a multiple of the timer's HZ, so
				     samples do not beat with periodic work */

/* The options a provider can use; rb_program_attach() refuses the others. */
#define RB_ATTACH_OPT_TARGET   (1u << 0)
#define RB_ATTACH_OPT_IFACE    (1u << 1)
#define RB_ATTACH_OPT_CGROUP   (1u << 2)
#define RB_ATTACH_OPT_COOKIE   (1u << 3)
#define RB_ATTACH_OPT_XDP_MODE (1u << 4)
#define RB_ATTACH_OPT_NETNS    (1u << 5)
#define RB_ATTACH_OPT_SAMPLE   (1u << 6) /* event, sample_freq, sample_period */
#define RB_ATTACH_OPT_ITER_MAP (1u << 7) /* iter_map */

/* One kind of hook's attach operation (attach/tracepoint.c, kprobe.c,
 * uprobe.c, raw_tp.c). `attach` is called with the program loaded and
 * opts->target always set (the section's unless overridden). */
struct rb_attach_provider {
	const char *name;  /* "tracepoint", "kprobe", ...: for messages */
	unsigned options;  /* RB_ATTACH_OPT_* it can use */
	int (*attach)(struct rb_program *prog, const struct rb_attach_opts *opts,
		      struct rb_link **out, struct rb_error *err);
};

/* Flags of a section table row. */
#define RB_SEC_RETURN_PROBE (1u << 0) /* kretprobe/, uretprobe/: on return */
#define RB_SEC_ATTACH_BTF   (1u << 1) /* tp_btf/, fentry/, fexit/: the target is
					 named at load, by its BTF id in vmlinux */
#define RB_SEC_SLEEPABLE    (1u << 2) /* syscall: loaded with BPF_F_SLEEPABLE, which
					 the kernel requires of SEC("syscall") */
#define RB_SEC_XDP_FRAGS    (1u << 3) /* xdp.frags: loaded with BPF_F_XDP_HAS_FRAGS
					 (multi-buffer frames, Linux 5.18) */

struct rb_section_def {
	const char *prefix;    /* "tracepoint/"; without a '/' the name must match
				  exactly or be followed by '/' ("xdp", "xdp/foo") */
	const char *type_name; /* what --type accepts: "tracepoint", "xdp", ... */
	uint32_t prog_type;    /* BPF_PROG_TYPE_* */
	uint32_t expected_attach_type; /* BPF_* attach type; 0 where the kernel needs none */
	const struct rb_attach_provider *provider; /* NULL: loaded, not attached */
	unsigned flags;        /* RB_SEC_* */
	const char *note;      /* why it is not attached (yet), or NULL */
};

/* The definition whose prefix matches `section`, or NULL. */
const struct rb_section_def *rb_section_def_find(const char *section);
/* The definition for a --type name, or NULL. */
const struct rb_section_def *rb_section_def_by_type_name(const char *type_name);
/* The table itself, for help text: *count entries. */
const struct rb_section_def *rb_section_defs(size_t *count);

/* ---- Maps ------------------------------------------------------------------ */
/* One initial value of a map of maps or a program array, written in C as
 *     __array(values, struct inner_def);  ... = { .values = { &inner_a } }
 * (or __array(values, int (void *)) with programs), which clang stores as
 * relocations of .maps, one per slot (open/map_slots.c). rb_object_load()
 * writes them: map slots once every map exists, program slots once every
 * program is loaded (kernel/map_slots.c). */
struct rb_map_slot {
	uint32_t index;      /* the slot: the key written (a u32) */
	size_t target;       /* the object's map (maps of maps) or program
				(program arrays) it holds, by index */
	const char *symbol;  /* the symbol the object named */
};

/* rb_map.pinning of a map whose definition says
 * __uint(pinning, LIBBPF_PIN_BY_NAME): pinned as PIN_ROOT/NAME (kernel/pin.c). */
#define RB_PIN_BY_NAME 1 /* libbpf's LIBBPF_PIN_BY_NAME */

struct rb_map {
	char *name;        /* as in the object: the symbol name */
	char kernel_name[RB_OBJ_NAME_LEN]; /* what the kernel is told: at most
					      15 characters of [A-Za-z0-9_.] */
	uint32_t type;     /* BPF_MAP_TYPE_* */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t inner_map_idx; /* 7-field legacy definitions only */
	uint32_t numa_node;
	uint64_t map_extra;     /* BTF-defined maps: e.g. a bloom filter's hashes */
	uint32_t pinning;       /* BTF-defined maps: RB_PIN_BY_NAME or 0 */
	uint32_t btf_key_type_id;   /* BTF-defined maps: the key and value types, */
	uint32_t btf_value_type_id; /* so the kernel can check and print them */
	/* A ring buffer's or perf event array's __type(value, T): the type of
	 * the events it carries, for printing them (the kernel is not told: a
	 * perf event array's values are fds, a ring buffer has none); 0: none */
	uint32_t event_type_id;
	uint32_t section;  /* ELF section holding the definition (global data:
			      the data section itself) */
	uint64_t offset;   /* offset of the definition in that section */
	/* Global data (.data, .rodata, .bss, ...): the map is one array element
	 * holding the whole section. init_value is its content, written before
	 * the programs load (run --set edits it). */
	int is_data;
	uint8_t *init_value;
	/* Maps of maps and program arrays with __array(values, ...). A map of
	 * maps is created with a map like its inner ones (inner_map_fd): the
	 * kernel checks every inner map against that one's type and sizes.
	 * `inner` is its definition, read from the values member's BTF and
	 * named "NAME.inner"; legacy 7-field definitions name an earlier map
	 * of the section instead (inner_map_idx). */
	struct rb_map *inner;      /* BTF-defined maps of maps, else NULL */
	struct rb_map_slot *slots; /* initial values, in .rel.maps order */
	size_t slot_count;
	int reused;        /* 1: rb_object_load() reused the map pinned at its
			      path, whose contents (slots too) are the pin's */
	int pin_created;   /* 1: rb_object_load() pinned it, at a path where there
			      was none (a failed load removes the pin again) */
	int fd;            /* -1 until rb_object_load() creates it */
	/* The object's narrator (NULL: none), which the calls that change a
	 * map tell (rb_map_update_elem, rb_map_mmap, ...). */
	const struct rb_narrator *narrator;
	/* rb_map_mmap(): the value's pages mapped into this process, or NULL;
	 * unmapped when the map is closed (unload, rb_map_close). */
	void *mmaped;
	size_t mmap_size;
};

/* ---- Global variables -----------------------------------------------------
 * Each global-data section (.data, .rodata, .bss, ...) becomes one map
 * whose value is the whole section (open/data_maps.c); a global variable is
 * a named range of that value. The list is built once at open (open/
 * variables.c) from the section's BTF DATASEC, which gives each variable its
 * own type, or, for a section BTF does not describe, from the symbol table
 * (no type then). Two variables may have the same name: a linked object
 * keeps each unit's `static int x`. */
struct rb_variable {
	const char *name;
	size_t map;               /* index in the object's maps: its section's */
	const char *section_name; /* that section: ".data", ".bss", ".rodata", ... */
	uint32_t offset;          /* byte offset in the section (the map's value) */
	uint32_t size;            /* bytes */
	uint32_t btf_type_id;     /* its type in the object's BTF; 0 when unknown */
};

/* ---- Functions and relocations --------------------------------------------
 * A function of the object is a range of instructions of one ELF section
 * (its symbol says where it starts and how long it is), with the relocation
 * records that fall in it. Programs are functions the kernel loads on their
 * own (struct rb_program below); subprograms are the other functions, which
 * programs call (or pass as callbacks): each is appended to every program
 * that reaches it (relocate/flatten.c), and never loaded by itself.
 *
 * Relocations are collected by rb_object_open() (open/relocs.c), and
 * applied to a fresh copy of the instructions by rb_object_load()
 * (relocate/flatten.c). A record is a tagged union: `kind` says which
 * member of the union holds what the instruction needs, so a new kind of
 * relocation is one more enum value, one more member and one more case in
 * each of those two files. */
enum rb_reloc_kind {
	RB_RELOC_MAP_FD,   /* ld_imm64 of a map: src_reg = BPF_PSEUDO_MAP_FD, imm = fd */
	RB_RELOC_MAP_VALUE,/* ld_imm64 of global data: BPF_PSEUDO_MAP_VALUE, fd + offset */
	RB_RELOC_CALL,     /* BPF-to-BPF call: imm = distance to the callee */
	RB_RELOC_FUNC,     /* ld_imm64 of a function (a callback): BPF_PSEUDO_FUNC */
	RB_RELOC_EXTERN,   /* an extern (__kconfig, __ksym: struct rb_extern): per its
			      kind, a .kconfig value, a kernel variable, an address or
			      a kfunc call; one rawbpf does not know is refused */
	RB_RELOC_CORE,     /* a CO-RE record: offset, size, existence... for this kernel
			      (relocate/core.c computes it, flatten.c patches it) */
};

/* An instruction of the object, wherever it is: a call's callee, or the
 * function whose address a callback takes. */
struct rb_insn_ref {
	uint32_t section;    /* ELF section index */
	size_t insn;         /* instruction index in that section */
};

struct rb_reloc {
	enum rb_reloc_kind kind; /* which member of the union is set */
	size_t insn;         /* the instruction to patch: index in the function */
	const char *symbol;  /* the symbol the object named, for messages */
	union {
		struct {
			size_t map;      /* index in the object's maps */
		} map_fd;                /* RB_RELOC_MAP_FD */
		struct {
			size_t map;      /* the global-data map (index in the maps) */
			uint32_t offset; /* the variable's byte offset in its value */
		} map_value;             /* RB_RELOC_MAP_VALUE */
		struct rb_insn_ref call; /* RB_RELOC_CALL: the instruction called */
		struct rb_insn_ref func; /* RB_RELOC_FUNC: the callback's first instruction */
		struct {
			size_t index;    /* rb_object_externs()[index] */
		} ext;                   /* RB_RELOC_EXTERN */
		struct {
			size_t index;    /* rb_object_core_relocs()[index]; symbol is its
					    access in C ("struct task_struct.pid") */
		} core;                  /* RB_RELOC_CORE */
	};
};

struct rb_function {
	char *name;                 /* the function's symbol name */
	const char *section_name;   /* SEC("...") */
	uint32_t section;           /* ELF section index */
	size_t first_insn;          /* index of its first instruction in the section */
	struct bpf_insn *insns;     /* as in the object: never modified */
	size_t insn_count;
	struct rb_reloc *relocs;    /* .insn counts from the function's first */
	size_t reloc_count;
};

/* ---- Programs -------------------------------------------------------------
 * A function the kernel loads (BPF_PROG_LOAD), with what loading and
 * attaching it needs and gives back. */
struct rb_program {
	struct rb_function fn;      /* its name, section, instructions, relocations */
	const struct rb_section_def *def; /* NULL when the section implies no type */
	const char *target;         /* section name after the prefix, or "" */
	uint32_t type;              /* BPF_PROG_TYPE_* */
	uint32_t expected_attach_type;
	int fd;                     /* -1 until loaded */
	char *verifier_log;         /* the log of a refused load, or NULL */
	struct rb_link *link;       /* NULL until attached */
	struct rb_object *obj;      /* the object it belongs to */
	int autoload;               /* 1 (the default): rb_object_load() loads it;
				       0: neither loaded nor attached
				       (rb_program_set_autoload) */
};

/* ---- CO-RE relocations ------------------------------------------------------
 * clang -g writes, in .BTF.ext, "this instruction uses the byte offset of
 * field real_parent of struct task_struct, as compiled" for every access
 * through a struct marked preserve_access_index (vmlinux.h's, BPF_CORE_READ),
 * so that a loader can rewrite the instruction for the running kernel's
 * layout (elf/core_relo.h explains the records). rb_object_open() lists
 * them (open/core_relocs.c; `inspect` shows them); rb_object_load() works
 * out each one against the kernel's BTF (/sys/kernel/btf, or
 * rb_open_opts.btf_path) by libbpf's rules and rewrites the instructions
 * (relocate/core.c, kernel/core_load.c): offsets, sizes, existence, enum
 * values. One that cannot be satisfied there (a field this kernel lacks)
 * makes its instruction a call the verifier refuses only if it can be
 * reached, as libbpf does, so `if (bpf_core_field_exists(...))` code loads;
 * when it is reached, the error names the relocation. */
struct rb_core_reloc {
	const char *function;  /* the function the instruction is in, or NULL */
	int in_program;        /* 1: that function is a program; 0: a subprogram */
	const char *section;   /* its ELF section */
	size_t insn;           /* instruction index in the function (in the
				  section when no function holds it) */
	uint32_t kind;         /* enum bpf_core_relo_kind: 0 field_byte_offset ...
				  12 type_matches */
	const char *kind_name; /* "field_byte_offset", ... */
	uint32_t type_id;      /* the type, in the object's BTF */
	const char *access;    /* the access string: "0:2" */
	char what[160];        /* the access in C: "struct task_struct.real_parent" */
	uint64_t bit_offset;   /* field kinds: where the field is as compiled, in
				  bits from the start of the type */
};
/* The records, in the order of .BTF.ext; NULL and 0 when there are none. */
const struct rb_core_reloc *rb_object_core_relocs(const struct rb_object *obj, size_t *count);
/* Is it one of the field kinds (field_byte_offset ... field_rshift_u64),
 * which say where a field is (bit_offset), rather than a type or an enum
 * value's? */
int rb_core_reloc_is_field(const struct rb_core_reloc *r);

/* ---- Externs ----------------------------------------------------------------
 * A symbol the object uses but does not define (open/externs.c says how
 * they are found), libbpf's kinds:
 *     extern int CONFIG_HZ __kconfig;             RB_EXTERN_KCONFIG
 *     extern const int bpf_prog_active __ksym;    RB_EXTERN_KSYM_VAR
 *     extern const void bpf_prog_active __ksym;   RB_EXTERN_KSYM_ADDR
 *     extern void bpf_rcu_read_lock(void) __ksym; RB_EXTERN_KFUNC
 * rb_object_open() builds the list and lays out the ".kconfig" map (one
 * read-only array element, like .rodata) that holds the __kconfig values;
 * rb_object_load() resolves every extern against the running kernel
 * (kernel/externs.c) and fills in the second half of each record. A
 * missing __weak extern reads 0; a missing strong one refuses the load. */
enum rb_extern_kind {
	RB_EXTERN_UNKNOWN,   /* neither __kconfig nor __ksym: refused at load (`why`) */
	RB_EXTERN_KCONFIG,   /* a value in .kconfig: a CONFIG_* option or LINUX_* */
	RB_EXTERN_KSYM_VAR,  /* a kernel variable by its BTF id (BPF_PSEUDO_BTF_ID) */
	RB_EXTERN_KSYM_ADDR, /* a typeless (void) symbol: its address, from kallsyms */
	RB_EXTERN_KFUNC,     /* a kernel function: BPF_PSEUDO_KFUNC_CALL by BTF id */
};

/* The C types a __kconfig extern may have (libbpf's). */
enum rb_kconfig_type {
	RB_KCONFIG_NONE,     /* not a kconfig extern */
	RB_KCONFIG_BOOL,     /* bool: y is 1, n 0; m is refused */
	RB_KCONFIG_TRISTATE, /* enum libbpf_tristate: TRI_NO, TRI_YES, TRI_MODULE */
	RB_KCONFIG_CHAR,     /* a 1-byte integer: 'y', 'n', 'm', or a number */
	RB_KCONFIG_INT,      /* an integer of 2, 4 or 8 bytes, signed or not */
	RB_KCONFIG_STRING,   /* a char array: the quoted value, NUL-terminated */
};

struct rb_extern {
	const char *name;
	uint32_t kind;         /* enum rb_extern_kind */
	int weak;              /* __weak: may be missing */
	uint32_t symbol;       /* its index in the ELF symbol table */
	uint32_t btf_id;       /* its VAR or FUNC in the object's BTF; 0: none */
	uint32_t type_id;      /* the VAR's type (typedefs and modifiers skipped),
				  the FUNC's prototype; 0: void */
	char why[320];         /* RB_EXTERN_UNKNOWN: why rawbpf cannot resolve it;
				  after a load, why the kernel lacks it */
	/* RB_EXTERN_KCONFIG: where the value is in the .kconfig map */
	uint32_t kconfig_type; /* enum rb_kconfig_type */
	uint32_t size;         /* bytes */
	uint32_t offset;       /* in the .kconfig map's value */
	int is_signed;
	/* Filled in by rb_object_load(): */
	int resolved;          /* 1: found; 0: a missing weak extern (reads 0) */
	char source[64];       /* where the value came from: "/proc/config.gz",
				  "uname", "vmlinux", a module's name, "kallsyms" */
	uint32_t kernel_btf_id;   /* KSYM_VAR, KFUNC: the id in that BTF */
	int kernel_btf_fd;        /* ... a module's BTF fd, while loading; 0: vmlinux */
	uint32_t fd_array_index;  /* KFUNC in a module: the call's `off`; 0: vmlinux */
	uint64_t address;         /* KSYM_ADDR: from /proc/kallsyms */
};
/* Every extern, in symbol table order; NULL and 0 when there are none. */
const struct rb_extern *rb_object_externs(const struct rb_object *obj, size_t *count);

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

/* How XDP and tc programs are attached (attach/xdp.c, attach/tc.c). A bpf
 * link (BPF_LINK_CREATE: XDP since Linux 5.9, tcx since 6.6) is an fd:
 * the kernel detaches the program when the fd closes, however the process
 * ends, even by SIGKILL. The netlink way (RTM_SETLINK IFLA_XDP; a clsact
 * qdisc and a bpf filter) is the interface's own state: rawbpf removes it
 * at teardown, but after a SIGKILL it stays. AUTO is what users want; the
 * others are for kernels whose links misbehave, and for testing. */
enum rb_net_mode {
	RB_NET_AUTO,    /* a link where the kernel has them, else netlink */
	RB_NET_LINK,    /* bpf links only */
	RB_NET_NETLINK, /* netlink only */
};

/* An opened object. Its definition is the library's own (loader/open/
 * object.h says why): read it through the functions below. */
struct rb_object;

/* What rb_object_open() found. The arrays belong to the object and live
 * until rb_object_close(); the pointers are non-const so that a program or
 * map can be handed to the functions that act on it. */
struct rb_program *rb_object_programs(const struct rb_object *obj, size_t *count);
struct rb_function *rb_object_subprograms(const struct rb_object *obj, size_t *count);
/* Every global variable, section by section (each in its own map), in the
 * order its section's BTF (or symbol table) lists them. */
const struct rb_variable *rb_object_variables(const struct rb_object *obj, size_t *count);
struct rb_map *rb_object_maps(const struct rb_object *obj, size_t *count);
const char *rb_object_path(const struct rb_object *obj);
const char *rb_object_license(const struct rb_object *obj); /* "" when none */
uint32_t rb_object_kern_version(const struct rb_object *obj); /* 0 when none */
/* After rb_object_load(): why the kernel's refusal of the object's .BTF was
 * survived (the programs loaded without it), or "" when it was not refused. */
const char *rb_object_btf_warning(const struct rb_object *obj);

/* A section of the object's ELF file, as `inspect` lists it. */
struct rb_section_info {
	const char *name;
	uint32_t type;   /* SHT_* of <elf.h> */
	uint64_t flags;  /* SHF_* */
	uint64_t size;
};
/* Sections are numbered 0..count-1 as in the file; 0 is the null section. */
size_t rb_object_section_count(const struct rb_object *obj);
/* 0, or -1 when there is no section `index`. */
int rb_object_section(const struct rb_object *obj, uint32_t index,
		      struct rb_section_info *out);

/* Types from the object's BTF, spelled as C ("__u32", "struct event *",
 * "char[16]"), for people. Each fills buf (always terminated) and returns 0,
 * or leaves it "" and returns -1 when the object's BTF does not say. */
int rb_object_btf_type_name(const struct rb_object *obj, uint32_t type_id, char *buf,
			    size_t size); /* a BTF type id: 0 is "void" */
/* Function `name` as a C prototype, "int count(void *ctx)" (a BTF FUNC). */
int rb_object_btf_func_signature(const struct rb_object *obj, const char *name,
				 char *buf, size_t size);

/* Values by BTF (open/btf_view.c, elf/btf_value.c): the `size` bytes at
 * `data` as a value of the object's type `type_id`, into buf (always
 * terminated), in printable ASCII whatever the bytes hold, in one of the
 * styles: RB_FORMAT_LINE { .pid = 12, .comm = "sh", .state = RUNNING },
 * RB_FORMAT_BLOCK the same a member a line (nested structs indented four
 * spaces more, arrays on one line), RB_FORMAT_JSON {"pid":12,"comm":"sh",
 * "state":"RUNNING"} as bpftool's formatted dumps spell it. 0, or -1 ("")
 * when the type cannot say: no BTF or no such type, a size that is not
 * the type's, a buffer too small. rb_kernel_btf_format() takes them too. */
#define RB_FORMAT_LINE  0
#define RB_FORMAT_JSON  1
#define RB_FORMAT_BLOCK 2
int rb_object_btf_format(const struct rb_object *obj, uint32_t type_id, const void *data,
			 size_t size, int style, char *buf, size_t bufsize);
/* The size of type `type_id`: 0, or -1 when it has none. */
int rb_object_btf_type_size(const struct rb_object *obj, uint32_t type_id, uint64_t *size);
/* A type by its C name: "struct event", "union u", "enum e", or a bare
 * name (a typedef, else a struct, union, enum or integer so named). 0 and
 * *id, or -1 when the object's BTF has none (or there is no BTF). */
int rb_object_btf_find_type(const struct rb_object *obj, const char *c_name, uint32_t *id);
/* The type of a map's values as the object describes it: the value type,
 * a global-data map's DATASEC, an event map's event_type_id; 0: none. */
uint32_t rb_map_btf_value_type(const struct rb_object *obj, const struct rb_map *map);
/* Histograms: a value type that is a struct with a member named `slots`
 * that is an array of integers (libbpf-tools' `struct hist { __u32
 * slots[N]; ... }`) is a histogram of N counts at `offset` in the value,
 * `elem_size` bytes each: 1 and *out, else 0. */
struct rb_hist_slots {
	uint32_t offset, elem_size, count;
};
int rb_object_btf_hist_slots(const struct rb_object *obj, uint32_t type_id,
			     struct rb_hist_slots *out);
/* 1 when type_id is an integer of 1, 2, 4 or 8 bytes (not bool or char),
 * through typedefs: a count. 0 otherwise or without BTF. */
int rb_object_btf_is_count(const struct rb_object *obj, uint32_t type_id);

/* What the library may change on the caller's behalf, outside the BPF
 * objects it creates: the machine's mounts, the process's limits, tracefs's
 * settings. Nothing unless asked (the rawbpf command asks for all); without
 * the flag, what is missing is an error that says so and names the flag. */
#define RB_MOUNT_TRACEFS (1u << 0) /* mount tracefs at /sys/kernel/tracing when it is
				      mounted nowhere (tracepoints, trace_pipe,
				      tracefs probe events); it stays mounted */
#define RB_MOUNT_BPFFS   (1u << 1) /* mount the BPF filesystem at the pin root when
				      a map is pinned there and it is not bpffs */
#define RB_RAISE_MEMLOCK (1u << 2) /* raise RLIMIT_MEMLOCK to unlimited when the
				      kernel says EPERM: before Linux 5.11 it
				      charged BPF memory against that limit */
#define RB_TRACEFS_SETUP (1u << 3) /* for trace_pipe: enable the bpf_trace_printk
				      trace event through tracefs when it is off
				      or the trace buffer is at its boot size
				      (which that grows); both stay after exit */
#define RB_MOUNT_CGROUP2 (1u << 4) /* for cgroup programs: mount the cgroup v2
				      hierarchy when it is mounted nowhere
				      (systems with cgroup v1 only); it stays */

struct rb_open_opts {
	/* Program type for programs whose section name implies none: a name
	 * from the section table ("xdp", "socket", "tracepoint", ...). */
	const char *type_override;
	struct rb_narrator narrator;
	enum rb_probe_mode probe_mode; /* 0: RB_PROBE_AUTO */
	enum rb_net_mode net_mode;     /* 0: RB_NET_AUTO; `rawbpf run --net-mode` */
	unsigned policy;      /* RB_MOUNT_TRACEFS | RB_MOUNT_BPFFS | RB_RAISE_MEMLOCK |
				 RB_TRACEFS_SETUP | RB_MOUNT_CGROUP2 */
	/* The directory in a BPF filesystem where maps pinned by name
	 * (LIBBPF_PIN_BY_NAME) go, as PIN_ROOT/NAME; NULL: /sys/fs/bpf. Who
	 * else may write there is the caller's choice; rawbpf still reuses
	 * only its own user's pins, and follows no links there. */
	const char *pin_root;
	/* 1: do not apply the object's CO-RE relocations in user space; hand
	 * them to the kernel with each program instead (BPF_PROG_LOAD's
	 * core_relos, Linux 5.17+), which applies them against its own BTF
	 * (kernel/bpf/btf.c, bpf_core_apply). Needs the object's BTF loaded.
	 * rawbpf's tests load each CO-RE object both ways and compare the
	 * kernel's translated instructions: this is the oracle. `rawbpf run
	 * --core-by-kernel` sets it. */
	int core_by_kernel;
	/* The BTF CO-RE relocations are computed against, instead of the
	 * running kernel's (/sys/kernel/btf/vmlinux and its modules'): a raw
	 * BTF file, or an ELF file with a .BTF section (a vmlinux built with
	 * CONFIG_DEBUG_INFO_BTF, `pahole --btf_encode_detached`): for kernels
	 * that publish no BTF, common on embedded systems. As in libbpf
	 * (btf_custom_path), only CO-RE uses it: tp_btf/fentry/fexit targets
	 * still come from the kernel's own BTF. `rawbpf run --btf FILE`. */
	const char *btf_path;
	/* The kernel config __kconfig CONFIG_* externs are read from: a file,
	 * plain text or gzip'd; NULL: the running kernel's own, from
	 * /boot/config-$(uname -r) or else /proc/config.gz (as libbpf does).
	 * `rawbpf run --kconfig FILE` sets it. */
	const char *kconfig_path;
};

/* Read and parse `path`. */
int rb_object_open(struct rb_object **out, const char *path,
		   const struct rb_open_opts *opts, struct rb_error *err);
/* Parse bytes already in memory; the object takes a copy. No system calls:
 * this is what the fuzzer drives. */
int rb_object_open_buffer(struct rb_object **out, const char *path,
			  const uint8_t *data, size_t size,
			  const struct rb_open_opts *opts, struct rb_error *err);
/* Create maps and load programs. On failure nothing stays loaded and no
 * pin it made stays; a program the verifier refused keeps its log in
 * verifier_log (until the next load or unload). An object that is loaded
 * already is refused (RB_ERR_INPUT): unload it first. */
int rb_object_load(struct rb_object *obj, struct rb_error *err);
/* Attach every program whose section row has a provider, each with
 * rb_program_attach(prog, NULL, &prog->link, ...). On failure every
 * attachment made so far is undone. */
int rb_object_attach(struct rb_object *obj, struct rb_error *err);
/* The same, with the place-giving options of `opts` (iface, cgroup,
 * xdp_mode, netns, and the sampling options event, sample_freq,
 * sample_period; target and cookie name one program's hook and are
 * refused here, targets by program name are taken) passed to each program
 * whose provider takes them. A target for a program the object lacks, or
 * whose kind takes none, is refused before anything is attached. An
 * option no program can use is refused (RB_ERR_INPUT), as is a program
 * that needs one (an xdp program without iface) when it is not given.
 * Programs that an object's program array holds (tail-call targets,
 * rb_map_slot) are loaded but not attached. opts may be NULL. */
int rb_object_attach_opts(struct rb_object *obj, const struct rb_attach_opts *opts,
			  struct rb_error *err);
/* Attach one loaded program by its section's provider; opts may be NULL.
 * *link must be NULL (one that holds an attachment is refused, not
 * overwritten); the caller owns the new *link and destroys it (before or
 * after closing the object: a link holds what it needs to undo itself). */
int rb_program_attach(struct rb_program *prog, const struct rb_attach_opts *opts,
		      struct rb_link **link, struct rb_error *err);
/* Detach (by the link's own operation: closing an fd, removing a tracefs
 * probe event, ...) and free, however the detach went. 0, or -1 when
 * something stays in the kernel: err (may be NULL) names it, e.g. a probe
 * event tracefs would not remove (EBUSY, tracefs gone), which `rawbpf
 * cleanup` removes after this process ends. NULL is fine. */
int rb_link_destroy(struct rb_link *link, struct rb_error *err);
/* Destroy the links rb_object_attach() made: 0, or -1 with every one that
 * left something behind named in err (may be NULL). Unload and close do
 * this too, silently: call it first to hear about it. */
int rb_object_detach(struct rb_object *obj, struct rb_error *err);
/* Detach and unload everything, and free what the last load told
 * (verifier_log, rb_object_btf_warning()): the object can be loaded again. */
void rb_object_unload(struct rb_object *obj);
/* Detach and unload everything, then free. NULL is fine. */
void rb_object_close(struct rb_object *obj);

struct rb_map *rb_object_map_by_name(struct rb_object *obj, const char *name);

/* The USDT probes of an executable or shared library (<sys/sdt.h>'s
 * .note.stapsdt notes, read by rawbpf's ELF reader: elf/usdt.h), one entry
 * per site, in note order; what `rawbpf inspect PATH` lists and what a
 * usdt/PATH:PROVIDER:NAME program attaches to. A file without notes has
 * none (count 0, not an error). Free with rb_usdt_list_free(). */
struct rb_usdt_probe {
	const char *provider, *name;
	const char *args;          /* the argument spec: "-4@%edi 8@-16(%rbp)"; "" none */
	int arg_count;             /* arguments in it (-1: rawbpf cannot parse them) */
	uint64_t address;          /* the probe's address (prelink-adjusted) */
	uint64_t file_offset;      /* where the uprobe goes */
	uint64_t semaphore;        /* the semaphore's address, 0: none */
	uint64_t semaphore_offset; /* its file offset (the uprobe's ref_ctr_offset) */
};
struct rb_usdt_list {
	struct rb_usdt_probe *probes;
	size_t count;
	void *file_; /* private: the file's tables, which the strings point into */
	size_t file_size_; /* private */
};
int rb_usdt_list(const char *path, struct rb_usdt_list *list, struct rb_error *err);
void rb_usdt_list_free(struct rb_usdt_list *list);
struct rb_program *rb_object_program_by_name(struct rb_object *obj, const char *name);

/* Before rb_object_load(): choose which programs load, and size maps.
 * Objects often carry alternatives of which one is meant to load (a
 * fentry and a kprobe program for the same hook: libbpf-tools turn one
 * off), and maps whose size user space decides (max_entries 0 in the
 * object: one slot per CPU, per process to track, ...). A program not
 * loaded is not attached either. RB_ERR_INPUT once loaded, or for a size
 * the map cannot have (global data keeps its section's size). */
int rb_program_set_autoload(struct rb_program *prog, int autoload, struct rb_error *err);
int rb_map_set_max_entries(struct rb_map *map, uint32_t max_entries, struct rb_error *err);
int rb_map_set_value_size(struct rb_map *map, uint32_t value_size, struct rb_error *err);

/* Set a global variable before load: NAME must be the one variable of that
 * name (rb_object_variables; typically a `const volatile` in .rodata),
 * VALUE an integer that fits its size. */
int rb_object_set_global(struct rb_object *obj, const char *name,
			 const char *value, struct rb_error *err);

/* Does the program call this helper (a BPF_FUNC_*, e.g. trace_printk's 6),
 * itself or in a subprogram it reaches (a call, a callback)? */
int rb_program_calls_helper(const struct rb_program *prog, int32_t helper_id);

/* ---- Test runs -------------------------------------------------------------
 * BPF_PROG_TEST_RUN (kernel/test_run.c): the kernel runs a loaded program,
 * not attached anywhere, on input user space gives, once or `repeat` times,
 * and gives back what it returned and what it left. What each type takes:
 *   xdp, socket, tc (sched_cls), cgroup_skb  data: a packet, from its
 *            Ethernet header on (at least 14 bytes); ctx: an xdp_md or a
 *            __sk_buff (optional). Socket filters get the packet back
 *            with its Ethernet header zeroed (bpf_prog_test_run_skb()).
 *   raw_tracepoint  ctx: the u64 arguments (at most 12); no data, once,
 *            not timed (Linux 5.10)
 *   syscall  ctx: a struct the program may read and write; no data, once,
 *            not timed (Linux 5.14); with ctx_out, it comes back there
 * A type the kernel has no runner for (kprobe, tracepoint, ...) is
 * RB_ERR_INPUT with the types it can run; so is input a runner refuses. */
struct rb_test_run {
	/* in */
	const void *data_in;  /* the packet; NULL and 0: none */
	size_t data_size_in;
	void *data_out;       /* where the packet after the run goes; NULL: not wanted */
	size_t data_capacity; /* its size in bytes */
	const void *ctx_in;   /* the context; NULL and 0: the kernel's default */
	size_t ctx_size_in;
	void *ctx_out;        /* the context after the run; NULL: not wanted */
	size_t ctx_capacity;
	uint32_t repeat;      /* runs; 0 or 1: once */
	uint32_t flags;       /* BPF_F_TEST_RUN_ON_CPU (1; raw tracepoints only): on `cpu` */
	uint32_t cpu;
	/* out */
	uint32_t retval;      /* the program's return value (of the last run) */
	uint32_t duration_ns; /* the mean time of one run; 0 where the kernel does
				 not time (raw_tracepoint, syscall) */
	size_t data_size_out; /* the packet after the run, in bytes */
	size_t ctx_size_out;  /* the context after the run; 0: none given back */
};
/* Run `prog` (loaded) as `run` says. On ENOSPC (an output bigger than its
 * buffer: err->errnum is ENOSPC) the results are filled in and
 * data_size_out / ctx_size_out say the size needed: run again with a
 * buffer that big. */
int rb_program_test_run(struct rb_program *prog, struct rb_test_run *run,
			struct rb_error *err);
/* What a program type's test runner takes. */
enum rb_test_input {
	RB_TEST_OTHER,  /* none of these (sk_lookup, tracing, ...; or no runner at all) */
	RB_TEST_PACKET, /* data (a packet) and an optional ctx; repeat; timed */
	RB_TEST_ARGS,   /* ctx in only, nothing back; once; not timed (raw_tracepoint) */
	RB_TEST_CTX,    /* ctx in and back; once; not timed (syscall) */
};
enum rb_test_input rb_test_run_input(uint32_t prog_type);
/* What a program type's test run gives back as data, for showing it. */
enum rb_test_output {
	RB_TEST_OUT_PACKET,              /* the packet as the program left it */
	RB_TEST_OUT_FROM_NETWORK_HEADER, /* the packet, which the program saw from
					    its IP header on: the kernel gives the
					    Ethernet header back zeroed (socket,
					    cgroup_skb) */
	RB_TEST_OUT_FLOW_KEYS,           /* not the packet: the struct bpf_flow_keys
					    the program filled in (flow_dissector) */
};
enum rb_test_output rb_test_run_output(uint32_t prog_type);
/* The name of a return value where the type has names for them: XDP_DROP,
 * XDP_PASS, ... for xdp; TC_ACT_OK, TC_ACT_SHOT, ... for sched_cls and
 * sched_act. NULL otherwise. */
const char *rb_test_run_retval_name(uint32_t prog_type, uint32_t retval);

/* ---- Map access ----------------------------------------------------------- */
/* Per-CPU maps hold one value per possible CPU, each rounded up to 8 bytes:
 * lookups fill rb_map_value_buffer_size() bytes, CPU c's value at
 * c * rb_map_value_stride(). For other maps both are the value size. */
int rb_map_is_per_cpu(const struct rb_map *map);
size_t rb_map_value_stride(const struct rb_map *map);
size_t rb_map_value_buffer_size(const struct rb_map *map, int possible_cpus);
/* Maps whose entries are data worth printing as bytes: not the fds of a
 * perf event array or a program array, not a ring buffer (no keys). */
int rb_map_is_dumpable(const struct rb_map *map);
/* Maps whose entries user space can read back, as `rawbpf map dump` (and
 * bpftool) lists them: the dumpable ones, and those whose values read back
 * as ids, ifindexes or socket cookies (program arrays, maps of maps,
 * devmaps, cpumaps, sockmaps). */
int rb_map_is_readable(const struct rb_map *map);
/* Maps whose values are written as fds of this process (of programs, maps,
 * perf events, cgroups, sockets): nothing a command line can give. */
int rb_map_values_are_fds(const struct rb_map *map);
/* The two kinds of map a program streams events through: read a perf event
 * array with rb_perf_buffer_*, a ring buffer with rb_ringbuf_*. */
int rb_map_is_perf_event_array(const struct rb_map *map);
int rb_map_is_ringbuf(const struct rb_map *map);
/* The kernel's names without their prefix, for people: "ringbuf" for
 * BPF_MAP_TYPE_RINGBUF, "kprobe" for BPF_PROG_TYPE_KPROBE; "unknown" for a
 * number rawbpf does not know (type_names.c). */
const char *rb_map_type_name(uint32_t type);
const char *rb_prog_type_name(uint32_t type);
/* "BPF_CGROUP_INET_EGRESS", "BPF_XDP", ...: enum bpf_attach_type's names. */
const char *rb_attach_type_name(uint32_t type);
/* Next key after `key` (NULL: the first). Returns 1 when there is one, 0 at
 * the end, -1 on error. */
int rb_map_next_key(const struct rb_map *map, const void *key, void *next_key,
		    struct rb_error *err);
/* 1 found, 0 not found, -1 error. */
int rb_map_lookup(const struct rb_map *map, const void *key, void *value,
		  struct rb_error *err);

/* ARRAY_OF_MAPS and HASH_OF_MAPS: values are maps. A lookup from user
 * space gives the inner map's id, not an fd (kernel/map_slots.c).
 * rb_map_inner_open() opens the map in slot `key` of `outer` by that id:
 * 1 with *inner filled as a map of its own (type, sizes, max_entries,
 * flags, kernel_name, fd; close it with rb_map_inner_close()) and *id set,
 * 0 when the slot is empty, -1 on error. inner->name is the name of the
 * object's map with that id (it lives as long as obj), or for a map the
 * object does not have inner->kernel_name, the kernel's name for it. */
int rb_map_is_map_of_maps(const struct rb_map *map);
int rb_map_inner_open(const struct rb_object *obj, const struct rb_map *outer, const void *key,
		      struct rb_map *inner, uint32_t *id, struct rb_error *err);
void rb_map_inner_close(struct rb_map *inner);

/* ---- Maps from user space: read, write, create, dump ------------------------
 * What a tool's own user space does with maps (kernel/map_update.c,
 * map_fd.c, map_dump.c, map_create.c). Update flags are the kernel's
 * BPF_ANY, BPF_NOEXIST, BPF_EXIST (<linux/bpf.h>, or loader/compat's
 * <bpf/bpf.h>); this header names them RB_* so it needs neither. */
#define RB_ANY     0 /* BPF_ANY: create the entry or replace it */
#define RB_NOEXIST 1 /* BPF_NOEXIST: create only (EEXIST when it is there) */
#define RB_EXIST   2 /* BPF_EXIST: replace only (ENOENT when it is not) */

/* By struct rb_map, with the sizes of the caller's buffers, checked against
 * the map's (RB_ERR_INPUT naming the map and both sizes) before the kernel,
 * which cannot check them, reads or writes past a buffer. value_size is
 * rb_map_value_buffer_size() for per-CPU maps. libbpf's bpf_map__*_elem().
 * lookup_elem and get_next_key: 1 found, 0 not found / at the end, -1;
 * update_elem: 0 or -1 (EEXIST, ENOENT under NOEXIST, EXIST are errors that
 * say so); delete_elem: 1 deleted, 0 there was none, -1. Updates and
 * deletes are narrated; lookups are not (a dump would be one line per key). */
int rb_map_lookup_elem(const struct rb_map *map, const void *key, size_t key_size,
		       void *value, size_t value_size, struct rb_error *err);
int rb_map_update_elem(const struct rb_map *map, const void *key, size_t key_size,
		       const void *value, size_t value_size, uint64_t flags,
		       struct rb_error *err);
int rb_map_delete_elem(const struct rb_map *map, const void *key, size_t key_size,
		       struct rb_error *err);
int rb_map_get_next_key(const struct rb_map *map, const void *key, void *next_key,
			size_t key_size, struct rb_error *err);

/* By fd, for a map this process got some other way (a pin, an id, a
 * parent): the kernel knows the sizes and the caller must too. Same
 * results as above; errors name the fd. */
int rb_map_fd_lookup(int fd, const void *key, void *value, struct rb_error *err);
int rb_map_fd_update(int fd, const void *key, const void *value, uint64_t flags,
		     struct rb_error *err);
int rb_map_fd_delete(int fd, const void *key, struct rb_error *err);
int rb_map_fd_next_key(int fd, const void *key, void *next_key, struct rb_error *err);
/* Every entry of a map, in the kernel's order: BPF_MAP_LOOKUP_BATCH (Linux
 * 5.6+, hash and array maps), many entries per system call, and where the
 * kernel or the map type lacks it, BPF_MAP_GET_NEXT_KEY and a lookup per
 * entry (stack traces, LPM tries, older kernels). `fn` gets each key and
 * value (rb_map_value_buffer_size() bytes) and returns 0 to go on; any
 * other value stops the walk, and rb_map_dump() returns it (err is then
 * what fn left there). *count (may be NULL) is the number of entries
 * handed to fn; 0 when the walk ended, -1 on error. */
typedef int (*rb_map_entry_fn)(void *ctx, const void *key, const void *value);
int rb_map_dump(const struct rb_map *map, rb_map_entry_fn fn, void *ctx, size_t *count,
		struct rb_error *err);
/* The batch call itself: up to *count entries after the position in_batch
 * (NULL: the start) into keys and values; *count is then how many came, and
 * out_batch (at least max(key size, 4) bytes) the position to go on from.
 * 1: there may be more, 0: that was the last, -1 error; errno EINVAL or
 * ENOTSUPP (524) when the kernel or map type has no batch lookup. */
int rb_map_fd_lookup_batch(int fd, const void *in_batch, void *out_batch, void *keys,
			   void *values, uint32_t *count, struct rb_error *err);

/* A map made by hand, outside any object (BPF_MAP_CREATE). */
struct rb_map_create_opts {
	uint32_t type;        /* BPF_MAP_TYPE_* */
	const char *name;     /* at most 15 characters kept; NULL: none */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;   /* BPF_F_* (BPF_F_MMAPABLE: rb_map_mmap()) */
	struct rb_narrator narrator;
};
/* Fill *map (name points to its kernel_name: do not copy the struct) with
 * the new map; rb_map_close() closes it. */
int rb_map_create(struct rb_map *map, const struct rb_map_create_opts *opts,
		  struct rb_error *err);
/* Unmap (rb_map_mmap) and close a map made by rb_map_create or
 * rb_map_from_fd(). Not for an object's maps (rb_object_unload does those). */
void rb_map_close(struct rb_map *map);

/* ---- Global variables after load, and mmap'd maps -----------------------------
 * rawbpf creates global-data maps (.data, .bss, .rodata and their .NAME
 * variants) with BPF_F_MMAPABLE, as libbpf does, where the kernel allows
 * it (Linux 5.5+; an older kernel refuses the flag and gets the map
 * without it). rb_map_mmap() maps the value's pages into this process:
 * user space then reads and writes the variables directly, and the
 * programs see each write at once (no system call), as with libbpf's
 * skeletons. .rodata is mapped read-only (the kernel froze it: writing
 * through the pointer is a SIGSEGV). The mapping is cached in map->mmaped
 * and goes when the map is closed. NULL with err for a map that cannot be
 * mapped: not an array made with BPF_F_MMAPABLE, or not loaded. */
void *rb_map_mmap(struct rb_map *map, struct rb_error *err);
/* A variable in its section's mapping (rb_map_mmap of its map): NULL with
 * err when the name is no variable, two variables have it (static ones of
 * two units), or the map cannot be mapped. */
void *rb_variable_ptr(struct rb_object *obj, const char *name, struct rb_error *err);

/* ---- Pinning: objects by path in the BPF filesystem ---------------------------
 * A map, program or BPF link pinned at a path in a bpffs (/sys/fs/bpf)
 * outlives the process; another process opens it by path (BPF_OBJ_GET).
 * kernel/obj_pin.c. bpffs is mounted at /sys/fs/bpf only with
 * RB_MOUNT_BPFFS in policy, and only there (mounting over another directory
 * would hide its files). */
struct rb_pin_opts {
	unsigned policy;             /* RB_MOUNT_BPFFS */
	struct rb_narrator narrator;
};
/* 0 when dir is in a BPF filesystem, where pins can go; /sys/fs/bpf
 * itself is mounted first when opts->policy has RB_MOUNT_BPFFS. opts may
 * be NULL. */
int rb_bpffs_check(const char *dir, const struct rb_pin_opts *opts, struct rb_error *err);
/* opts may be NULL. The path's directory must be in a bpffs; the kernel
 * refuses a path that exists (EEXIST). */
int rb_obj_pin(int fd, const char *path, const struct rb_pin_opts *opts, struct rb_error *err);
int rb_map_pin(const struct rb_map *map, const char *path, const struct rb_pin_opts *opts,
	       struct rb_error *err);
int rb_program_pin(const struct rb_program *prog, const char *path,
		   const struct rb_pin_opts *opts, struct rb_error *err);
/* Only BPF links (raw_tp/, tp_btf/, ... attachments) can be pinned; a
 * perf event (tracepoints, kprobes) is refused, saying so. */
int rb_link_pin(const struct rb_link *link, const char *path, const struct rb_pin_opts *opts,
		struct rb_error *err);
/* Remove the pin at path (the object goes when nothing else holds it):
 * refused when path is not a pinned BPF object. */
int rb_obj_unpin(const char *path, const struct rb_pin_opts *opts, struct rb_error *err);
/* Opening what is pinned at a path, and telling what it is:
 * rb_kobj_open_pinned() ("Kernel objects by id" below). It mounts nothing:
 * a bpffs mounted now would be empty. */
/* A link's fd (a perf event or BPF link fd), or -1 when it has none. */
int rb_link_fd(const struct rb_link *link);

/* BPF iterators (SEC("iter/task"), "iter/bpf_map", ...; attach/iter.c).
 * Attaching one makes an iterator link, which runs nothing by itself: each
 * fd rb_link_iter_open() returns (BPF_ITER_CREATE, Linux 5.8) is a new
 * walk over the kernel's objects, and read() on it runs the program on the
 * next ones and returns what it wrote with bpf_seq_printf()/bpf_seq_write(),
 * until read() returns 0 at the end. The caller closes the fd; the link may
 * be destroyed before (the fd holds the program). -1 with err when the
 * link is no iterator's or the kernel refuses. */
int rb_link_iter_open(const struct rb_link *link, struct rb_error *err);
/* 1 when link is an iterator link (rb_link_iter_open() takes it), else 0. */
int rb_link_is_iter(const struct rb_link *link);

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
 * rb_perf_buffer_consume(), not rb_perf_buffer_poll(pb, -1): the caller's
 * epoll_wait() has consumed the readiness, so a poll would wait for the
 * next event while this one's records sit in the ring. */
int rb_perf_buffer_fd(const struct rb_perf_buffer *pb);
/* Read every record available on every CPU. Returns the number of records,
 * or -1 on a malformed ring. */
int rb_perf_buffer_consume(struct rb_perf_buffer *pb, struct rb_error *err);
/* Wait up to timeout_ms (0: not at all, -1: forever) until a ring has data,
 * then read every ring. */
int rb_perf_buffer_poll(struct rb_perf_buffer *pb, int timeout_ms, struct rb_error *err);
void rb_perf_buffer_free(struct rb_perf_buffer *pb);

/* ---- Ring buffers ----------------------------------------------------------
 * BPF_MAP_TYPE_RINGBUF: one ring shared by every CPU, mmap'd from the map's
 * fd (events/ringbuf.c); bpf_ringbuf_output() and bpf_ringbuf_submit()
 * records arrive in the order they were reserved. */
struct rb_ringbuf;

typedef void (*rb_ring_sample_fn)(void *ctx, const void *data, uint32_t size);

int rb_ringbuf_open(struct rb_ringbuf **out, const struct rb_map *map,
		    rb_ring_sample_fn on_sample, void *ctx, const struct rb_narrator *narrator,
		    struct rb_error *err);
int rb_ringbuf_fd(const struct rb_ringbuf *rb); /* an epoll fd */
/* Deliver every submitted record; returns how many, or -1. */
int rb_ringbuf_consume(struct rb_ringbuf *rb, struct rb_error *err);
void rb_ringbuf_free(struct rb_ringbuf *rb); /* NULL is fine */

/* ---- trace_pipe -------------------------------------------------------------
 * Where bpf_trace_printk() output goes: tracefs's trace_pipe gives it back
 * as text lines (events/trace_pipe.c). */
struct rb_trace_pipe;
typedef void (*rb_line_fn)(void *ctx, const char *line);

/* Does any program of the object call bpf_trace_printk or
 * bpf_trace_vprintk, so that its output is worth reading? */
int rb_object_uses_trace_pipe(const struct rb_object *obj);
/* Find tracefs (mounting it with RB_MOUNT_TRACEFS) and open trace_pipe. */
int rb_trace_pipe_open(struct rb_object *obj, struct rb_trace_pipe **out,
		       struct rb_error *err);
/* The fd to add to an epoll set: readable when there are lines. */
int rb_trace_pipe_fd(const struct rb_trace_pipe *tp);
/* Read what is available now: until EAGAIN, or 256 KiB, whichever comes
 * first (see MAX_READS_PER_CALL). on_line gets each complete line without
 * its newline; a partial last line waits for the next call. 0, or -1 when
 * a read fails. */
int rb_trace_pipe_read(struct rb_trace_pipe *tp, rb_line_fn on_line, void *ctx,
		       struct rb_error *err);
/* At the end: read until trace_pipe is empty (at most 64 MiB: a program
 * that prints on every read(2) refills it), then deliver a partial last
 * line too. 0, or -1 when a read fails. */
int rb_trace_pipe_drain(struct rb_trace_pipe *tp, rb_line_fn on_line, void *ctx,
			struct rb_error *err);
/* NULL is fine. */
void rb_trace_pipe_close(struct rb_trace_pipe *tp);

/* ---- Disassembly -------------------------------------------------------------
 * BPF instructions printed the way the kernel's verifier log does
 * (print_bpf_insn() in kernel/bpf/disasm.c), so that `rawbpf inspect
 * --disasm` reads like the log the kernel writes when it refuses a program
 * (disasm/disasm.c). */

/* Gives the text for a relocated instruction, e.g. "map[counts]" for an
 * ld_imm64 that refers to map counts, or NULL when insn i has no symbol. */
typedef const char *(*rb_disasm_symbol_fn)(void *ctx, size_t insn_index);

/* Formats instruction i of insns[0..count) into buf (at most size bytes,
 * always terminated), e.g. "r1 = *(u32 *)(r2 +4)".
 *
 * Returns the number of slots consumed: 2 for an ld_imm64, else 1. It never
 * reads past count: an ld_imm64 in the last slot prints as
 * "invalid ld_imm64 (truncated)" and returns 1. An unknown opcode prints as
 * "invalid opcode 0xNN". When i is not below count nothing is read, the text
 * says so and the result is 0.
 *
 * symbol (may be NULL) is asked about each ld_imm64; the text it returns is
 * printed after "rN = " in place of the constant. */
size_t rb_disasm_insn(const struct bpf_insn *insns, size_t count, size_t i,
		      rb_disasm_symbol_fn symbol, void *ctx, char *buf, size_t size);

/* The opcode (the `code` byte) of instruction i. */
uint8_t rb_insn_code(const struct bpf_insn *insns, size_t i);

/* The name of helper function `id` (a BPF_FUNC_*), or NULL when rawbpf
 * does not know it. The table is disasm/helper_names.c; it gives the name
 * without the "bpf_" that the kernel's log puts in front ("map_lookup_elem"
 * for 1), and the disassembler adds it. */
const char *rb_helper_name(int32_t id);

/* ---- Kernel objects by id (`rawbpf prog list`, `map list`, `map dump`) ----
 * Everything the kernel holds has an id: programs, maps, links and BTF
 * objects, numbered in cyclic order and never soon reused. Anyone with
 * CAP_SYS_ADMIN can walk them (BPF_*_GET_NEXT_ID), open one by its id
 * (BPF_*_GET_FD_BY_ID: an fd that holds it, like the loader's own) and ask
 * what it is (BPF_OBJ_GET_INFO_BY_FD), as bpftool does
 * (kernel/objects.c). An object pinned in a BPF filesystem is opened by
 * its path (BPF_OBJ_GET). A missing id is RB_ERR_INPUT with ENOENT in
 * errnum and names the id ("no BPF map with id 42"). Each call tells its
 * system calls to `nar` (NULL: to nobody). */
enum rb_kobj_kind {
	RB_KOBJ_PROG,
	RB_KOBJ_MAP,
	RB_KOBJ_LINK,
	RB_KOBJ_BTF,
};
/* "program", "map", "link", "BTF object": for messages. */
const char *rb_kobj_kind_name(enum rb_kobj_kind kind);
/* The first id above `id` (0: the lowest): 1 with *next set, 0 when there
 * is none, -1 on error. */
int rb_kobj_next_id(enum rb_kobj_kind kind, uint32_t id, uint32_t *next, const struct rb_narrator *nar,
		 struct rb_error *err);
/* An fd (close it) for the object with that id, or -1. */
int rb_kobj_fd_by_id(enum rb_kobj_kind kind, uint32_t id, const struct rb_narrator *nar,
		 struct rb_error *err);
/* The object pinned at `path`: an fd, with *kind set; -1 when there is
 * nothing or no BPF object there (RB_ERR_INPUT, naming the path). */
int rb_kobj_open_pinned(const char *path, enum rb_kobj_kind *kind, const struct rb_narrator *nar,
		 struct rb_error *err);
/* What the command takes: an id (digits only) or a pinned path, of the
 * given kind: an fd, or -1 (another kind at the path is RB_ERR_INPUT). */
int rb_kobj_open(const char *id_or_path, enum rb_kobj_kind kind, const struct rb_narrator *nar,
		 struct rb_error *err);

/* A loaded program, as BPF_OBJ_GET_INFO_BY_FD tells it. */
#define RB_PROG_MAX_MAPS 64 /* the kernel's MAX_USED_MAPS: maps one program may use */
struct rb_prog_info {
	uint32_t id;
	uint32_t type;            /* BPF_PROG_TYPE_* */
	char name[RB_OBJ_NAME_LEN]; /* what the loader told the kernel (Linux 4.15+) */
	uint8_t tag[8];           /* a hash of its instructions, as bpftool shows */
	uint32_t map_ids[RB_PROG_MAX_MAPS];
	uint32_t map_count;
	uint64_t load_time;       /* ns since boot (CLOCK_BOOTTIME) */
	uint32_t created_by_uid;
	uint32_t btf_id;          /* its BTF object, 0: none */
	uint32_t xlated_len;      /* bytes of translated instructions */
	uint32_t jited_len;       /* bytes of machine code (0: not JITed) */
	int gpl_compatible;
};
int rb_prog_info_by_fd(int fd, struct rb_prog_info *info, const struct rb_narrator *nar,
		 struct rb_error *err);
/* The program's instructions as the verifier left them (xlated_prog_insns:
 * map references hold map ids, helper calls the helper's address less
 * __bpf_call_base, see rb_kernel_call_name): *insns malloc'd, *count of them. */
int rb_prog_xlated_by_fd(int fd, struct bpf_insn **insns, size_t *count, const struct rb_narrator *nar,
		 struct rb_error *err);

/* A map the kernel holds. */
struct rb_map_info {
	uint32_t id;
	uint32_t type;            /* BPF_MAP_TYPE_* */
	char name[RB_OBJ_NAME_LEN];
	uint32_t key_size, value_size, max_entries, map_flags;
	uint32_t btf_id;          /* its BTF object, 0: none */
	uint32_t btf_key_type_id, btf_value_type_id; /* types in it (0: none) */
	uint64_t map_extra;
};
int rb_map_info_by_fd(int fd, struct rb_map_info *info, const struct rb_narrator *nar,
		 struct rb_error *err);
/* A struct rb_map for a map of the kernel's (type, sizes, flags, BTF type
 * ids, kernel_name; name points at kernel_name), to read and write it with
 * the rb_map_* calls, which tell `nar` what they do (nar, which may be
 * NULL, must outlive the map). It takes `fd` over: close map->fd when
 * done. rb_map_from_info() makes the same from an info already read with
 * rb_map_info_by_fd(), without a second system call. */
int rb_map_from_fd(int fd, struct rb_map *map, const struct rb_narrator *nar,
		 struct rb_error *err);
void rb_map_from_info(int fd, const struct rb_map_info *info, struct rb_map *map,
		      const struct rb_narrator *nar);

/* A link: one attachment, and where it is. */
struct rb_link_info {
	uint32_t id;
	uint32_t type;            /* BPF_LINK_TYPE_* */
	uint32_t prog_id;
	uint32_t attach_type;     /* BPF_* attach type: cgroup, netns, tracing, tcx */
	uint64_t cgroup_id;       /* cgroup: the cgroup's id (its directory's inode) */
	uint32_t ifindex;         /* xdp, tcx: the interface */
	uint32_t netns_ino;       /* netns: the namespace's inode */
	uint32_t target_obj_id, target_btf_id; /* tracing: a BTF object and type */
	uint32_t perf_event_type; /* perf_event (6.6+): BPF_PERF_EVENT_* */
	uint64_t offset;          /* perf_event kprobe/uprobe: the offset in target */
	uint64_t addr;            /* perf_event kprobe: the probed address (0: hidden
				     by kernel.kptr_restrict, or a retprobe's) */
	char target[256];         /* raw_tracepoint and perf_event tracepoint: the
				     tracepoint; kprobe: the function; uprobe: the
				     file; iter: the target; else "" */
};
int rb_link_info_by_fd(int fd, struct rb_link_info *info, const struct rb_narrator *nar,
		 struct rb_error *err);
/* "raw_tracepoint", "cgroup", "perf_event", ...; "unknown" for others. */
const char *rb_link_type_name(uint32_t type);
/* What a perf_event link's event is (its perf_event_type): "kprobe",
 * "kretprobe", "uprobe", "uretprobe", "tracepoint", "perf event"; NULL
 * when the kernel told none (before Linux 6.6) or one rawbpf does not know. */
const char *rb_link_perf_event_name(uint32_t perf_event_type);
/* Where a link attaches, in words: "raw_tracepoint sched_switch",
 * "xdp ifindex 1", "cgroup id 4021 (attach type 0)". */
void rb_link_info_describe(const struct rb_link_info *info, char *buf, size_t size);

/* The BTF the kernel holds for a map or a program (its btf_id): fetched
 * with BPF_BTF_GET_FD_BY_ID and BPF_OBJ_GET_INFO_BY_FD, parsed by rawbpf's
 * BTF reader, to print values by their types (kernel/kernel_btf.c). */
struct rb_kernel_btf;
int rb_kernel_btf_open(uint32_t btf_id, struct rb_kernel_btf **out, const struct rb_narrator *nar,
		 struct rb_error *err);
void rb_kernel_btf_close(struct rb_kernel_btf *btf); /* NULL is fine */
/* The `size` bytes at `data` as a value of type `type_id`, into buf (always
 * terminated): C-like for people ({ .pid = 12, .comm = "sh" }), or with
 * `json` a JSON value as bpftool prints it ({"pid":12,"comm":"sh"}). 0, or
 * -1 when the type cannot say (no such type, a size that differs, a
 * buffer too small). */
int rb_kernel_btf_format(const struct rb_kernel_btf *btf, uint32_t type_id, const void *data,
			 size_t size, int json, char *buf, size_t bufsize);

/* Helper calls in translated instructions hold the helper's address less
 * __bpf_call_base (kernel/bpf/verifier.c fixup_bpf_calls): the kernel
 * function's name from /proc/kallsyms ("bpf_map_lookup_elem", or the map's
 * own "htab_map_lookup_elem" the verifier put in its place), or NULL when
 * addresses are hidden (kernel.kptr_restrict) or unknown. */
struct rb_kernel_symbols;
int rb_kernel_symbols_open(struct rb_kernel_symbols **out, struct rb_error *err);
const char *rb_kernel_call_name(const struct rb_kernel_symbols *syms, int32_t imm);
/* 1 when /proc/kallsyms shows no __bpf_call_base (kernel.kptr_restrict
 * hides addresses, or no table: syms NULL), so no call can be named by
 * its address. */
int rb_kernel_symbols_hidden(const struct rb_kernel_symbols *syms);
/* The kernel function `addr` is in (a stack frame): its name, addr's
 * offset from its start, and its module (NULL: vmlinux; "bpf" for BPF
 * programs). 0, or -1 when no symbol is at or below addr. */
int rb_kernel_symbol_at(const struct rb_kernel_symbols *syms, uint64_t addr, const char **name,
			uint64_t *offset, const char **module);
void rb_kernel_symbols_close(struct rb_kernel_symbols *syms);

/* ---- Stacks and symbols (events/stacks.c, events/symbolizer.c) ------------
 * bpf_get_stackid() keeps each stack in a STACK_TRACE map: key a u32 id,
 * value max-depth u64 addresses, leaf first, 0 after the last. A frame is
 * named from /proc/kallsyms (kernel addresses) or, for user addresses, from
 * the process's mappings (/proc/PID/maps) and the symbol table of the file
 * mapped there (.symtab, else .dynsym), read with rawbpf's ELF reader. A
 * process's mappings must be read while it lives: rb_symbolizer_note_pid()
 * takes a snapshot that later lookups use, after the process is gone. */
struct rb_frame {
	uint64_t addr;
	const char *sym;    /* the function, or NULL when unknown */
	uint64_t offset;    /* addr - the function's start */
	const char *module; /* "[kernel]", "[MODULE]", a file's path, "[vdso]", or NULL */
};

struct rb_symbolizer;
int rb_symbolizer_open(struct rb_symbolizer **out, struct rb_error *err);
/* Read /proc/PID/maps now, replacing an older snapshot of pid's; 0, or -1
 * when the process is gone (an older snapshot is kept). */
int rb_symbolizer_note_pid(struct rb_symbolizer *s, int pid);
/* Name frame `addr`: of the kernel when `pid` is 0 (a kernel stack's), else
 * of process `pid` (a user stack's: its addresses are the process's even
 * where a broken frame-pointer walk found a kernel-looking one).
 * `caller`: the address is a return address (every frame but the first),
 * looked up one byte back, in the call instruction: a call that is a
 * function's last instruction returns into the next function. The
 * strings live as long as the symbolizer. */
void rb_symbolize(struct rb_symbolizer *s, int pid, uint64_t addr, int caller,
		  struct rb_frame *out);
void rb_symbolizer_close(struct rb_symbolizer *s);

/* Stack `id` of STACK_TRACE map `map`: its addresses into ips[max], leaf
 * first; *count of them. 1, 0 when the map has no such stack, -1 on error. */
int rb_stack_read(const struct rb_map *map, uint32_t id, uint64_t *ips, size_t max,
		  size_t *count, struct rb_error *err);
int rb_map_is_stack_trace(const struct rb_map *map); /* BPF_MAP_TYPE_STACK_TRACE */

/* A map that counts by stack (open/stack_keys.c says the convention: a
 * key struct with members named pid, user_stack_id, kern_stack_id, comm). */
struct rb_stack_key_layout {
	int has_pid, has_user, has_kern, has_comm;
	uint32_t pid_offset, user_offset, kern_offset; /* each a 4-byte integer */
	uint32_t comm_offset, comm_size;
};
/* 1 when `map`'s key (by the object's BTF) is such a struct and its value a
 * 4- or 8-byte count (*out filled), else 0. */
int rb_map_stack_key_layout(const struct rb_object *obj, const struct rb_map *map,
			    struct rb_stack_key_layout *out);

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
	unsigned policy;    /* RB_MOUNT_TRACEFS: mount tracefs when it is not; the
			       events live on in the kernel while it is unmounted */
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

/* ---- Skeletons (`rawbpf gen skeleton OBJ > NAME.skel.h`) -------------------
 * A header that embeds an object's bytes and declares `struct NAME` with
 * its maps, programs, links and typed global data, and NAME__open,
 * __load, __attach, __detach, __destroy, as bpftool's skeletons do for
 * libbpf (README: "Skeletons"). rb_object_gen_skeleton() writes it
 * (skeleton/gen.c); the header's functions call the ones below
 * (skeleton/skeleton.c), which keep the skeleton's pointers right: data
 * pointers at the initial values (rb_map.init_value) until load, at the
 * mmap'd maps (rb_map_mmap) after. */
struct rb_skeleton_map {
	const char *name;     /* the object's name for it: "counts", ".bss" */
	struct rb_map **map;  /* &skel->maps.X */
	void **data;          /* global data: &skel->bss, ...; else NULL */
};
struct rb_skeleton_prog {
	const char *name;     /* the program's function name */
	struct rb_program **prog; /* &skel->progs.X */
	struct rb_link **link;    /* &skel->links.X */
};
struct rb_skeleton {
	const char *name;     /* NAME */
	const char *path;     /* the object's file name, for messages */
	const void *data;     /* the object's bytes */
	size_t size;
	struct rb_object **obj; /* &skel->obj */
	struct rb_skeleton_map *maps;   /* malloc'd: rb_skeleton_destroy frees */
	size_t map_count;
	struct rb_skeleton_prog *progs; /* malloc'd: rb_skeleton_destroy frees */
	size_t prog_count;
};
int rb_skeleton_open(struct rb_skeleton *s, const struct rb_open_opts *opts,
		     struct rb_error *err);
int rb_skeleton_load(struct rb_skeleton *s, struct rb_error *err);
/* Every program whose section names a hook (rb_object_attach); refused
 * when one of skel->links is set already. */
int rb_skeleton_attach(struct rb_skeleton *s, struct rb_error *err);
/* Destroys every link of skel->links, also those the caller made with
 * rb_program_attach(skel->progs.X, opts, &skel->links.X, err). */
int rb_skeleton_detach(struct rb_skeleton *s, struct rb_error *err);
/* Detach, close the object, free s (and its arrays); NULL is fine. */
void rb_skeleton_destroy(struct rb_skeleton *s);
/* An errno for a failure, as libbpf's functions return them (-errno):
 * the system call's when there was one, else EINVAL for bad input, EPERM
 * for a kernel refusal, ENOMEM for the machine. */
int rb_error_errno(const struct rb_error *err);
/* The skeleton header of `obj` as C text, *text malloc'd (*len bytes).
 * name: the C identifier its struct and functions are named by. */
int rb_object_gen_skeleton(const struct rb_object *obj, const char *name, char **text,
			   size_t *len, struct rb_error *err);

#endif
