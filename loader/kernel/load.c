/* Loading: maps first, then programs.
 *
 * Programs refer to maps by fd (see relocate/flatten.c), so every map must exist
 * before any program is loaded. If anything fails, everything created so far
 * is closed again: a failed load leaves nothing in the kernel. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "elf/btf_ext.h"
#include "kernel.h"

#define LOG_START_SIZE (64 * 1024)
/* The kernel refuses log buffers above UINT32_MAX >> 2 (kernel/bpf/log.c). */
#define LOG_MAX_SIZE (UINT32_MAX >> 2)

/* Before Linux 5.11, BPF memory was charged against RLIMIT_MEMLOCK, whose
 * default (64 KiB on many systems) is too small for most maps; the kernel
 * then says EPERM even to root. Since 5.11 memory is charged to the cgroup
 * and the limit is ignored. Raising the limit once when the kernel says EPERM
 * covers both without guessing the kernel version. It changes the process's
 * limits, so only with RB_RAISE_MEMLOCK. */
static int raise_memlock(const struct rb_narrator *narrator)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	if (setrlimit(RLIMIT_MEMLOCK, &unlimited) != 0)
		return -1;
	rb_narrate(narrator, "setrlimit(RLIMIT_MEMLOCK, unlimited): the kernel said EPERM, "
		 "which before 5.11 means the locked-memory limit was too small");
	return 0;
}

static int bpf_with_memlock_retry(enum bpf_cmd cmd, union bpf_attr *attr,
				  int *raised, const struct rb_narrator *narrator)
{
	int fd = rb_bpf(cmd, attr);

	if (fd < 0 && errno == EPERM && !*raised) {
		*raised = 1;
		if (raise_memlock(narrator) == 0)
			fd = rb_bpf(cmd, attr);
		else
			errno = EPERM;
	}
	return fd;
}

/* ENOMEM from bpf(2): the kernel could not allocate or charge the memory.
 * Since 5.11 it charges BPF memory to the memory cgroup (before, a
 * too-small RLIMIT_MEMLOCK said EPERM: raise_memlock() above). */
#define NO_MEMORY_HINT " (the kernel has no memory for it; since Linux 5.11 BPF memory " \
		       "counts against the memory cgroup's limit, memory.max)"

/* EPERM may be the locked-memory limit before 5.11, unless it was raised. */
#define MEMLOCK_HINT "before Linux 5.11 also enough locked memory: raise RLIMIT_MEMLOCK " \
		     "(ulimit -l), or set RB_RAISE_MEMLOCK"

static const char *map_create_hint(const struct rb_object *obj, const struct rb_map *map,
				   int errnum)
{
	switch (errnum) {
	case EINVAL:
		/* Objects written for a user space of their own (libbpf-tools)
		 * leave a size 0 for it to fill in before load. */
		if (map->max_entries == 0)
			return " (max_entries is 0: the object leaves the size to user space: "
			       "rb_map_set_max_entries(), rawbpf run --map-size MAP=N)";
		if (map->value_size == 0)
			return " (value_size is 0: the object leaves it to user space: "
			       "rb_map_set_value_size(), rawbpf run --map-value-size MAP=N)";
		return " (the kernel refuses this combination of type, sizes and flags)";
	case EPERM: return obj->policy & RB_RAISE_MEMLOCK
			   ? " (creating maps needs CAP_BPF or root)"
			   : " (creating maps needs CAP_BPF or root; " MEMLOCK_HINT ")";
	case E2BIG: return " (a key or value size is too large for this map type)";
	case ENOMEM: return NO_MEMORY_HINT;
	default: return "";
	}
}

static int create_map(struct rb_object *obj, struct rb_map *map, int possible_cpus,
		      int *raised, struct rb_error *err)
{
	union bpf_attr attr;

	rb_map_create_attr(map, &attr);
	if (rb_inner_map_fd(obj, map) >= 0) { /* a map of maps (map_slots.c) */
		attr.inner_map_fd = (__u32)rb_inner_map_fd(obj, map);
		rb_narrate(&obj->narrator, "map %s: inner_map_fd %u, the model of its inner maps",
			   map->name, attr.inner_map_fd);
	}
	/* With BTF, the kernel knows the key and value types: it checks them
	 * and bpftool can print the map's contents as C values. Global data is
	 * described by its section's DATASEC (with no key type). */
	if (obj->btf_fd >= 0) {
		attr.btf_key_type_id = map->btf_key_type_id;
		attr.btf_value_type_id = map->is_data ? rb_btf_datasec_id(obj, map->name)
						      : map->btf_value_type_id;
		if (attr.btf_value_type_id)
			attr.btf_fd = (__u32)obj->btf_fd;
		else
			attr.btf_key_type_id = 0;
	}
	/* A perf event array holds one perf event fd per CPU; 0 entries means
	 * "as many as this machine has", which only the loader can know. */
	if (map->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && map->max_entries == 0) {
		attr.max_entries = (__u32)possible_cpus;
		map->max_entries = attr.max_entries;
		rb_narrate(&obj->narrator, "map %s: max_entries 0 -> %d (possible CPUs)",
			 map->name, possible_cpus);
	}
	map->fd = bpf_with_memlock_retry(BPF_MAP_CREATE, &attr, raised, &obj->narrator);
	if (map->fd < 0 && map->is_data && (map->map_flags & BPF_F_MMAPABLE) && errno == EINVAL) {
		/* before Linux 5.5 arrays cannot be mmap'd (array_map_alloc_check()
		 * refuses the unknown flag): global data works without it, only
		 * not through rb_map_mmap() */
		rb_narrate(&obj->narrator, "map %s: BPF_MAP_CREATE with BPF_F_MMAPABLE failed "
			   "(EINVAL: before Linux 5.5?); again without it", map->name);
		map->map_flags &= ~BPF_F_MMAPABLE;
		attr.map_flags = map->map_flags;
		map->fd = bpf_with_memlock_retry(BPF_MAP_CREATE, &attr, raised, &obj->narrator);
	}
	if (map->fd < 0 && attr.btf_fd && !rb_errno_is_resource(errno)) {
		/* Some kernels refuse BTF for some map types: the map works
		 * without it, only less well described. */
		rb_narrate(&obj->narrator, "map %s: BPF_MAP_CREATE with BTF types failed (%s); "
			 "again without them", map->name, strerror(errno));
		attr.btf_fd = attr.btf_key_type_id = attr.btf_value_type_id = 0;
		map->fd = bpf_with_memlock_retry(BPF_MAP_CREATE, &attr, raised, &obj->narrator);
	}
	if (map->fd < 0) {
		int e = errno;
		map->fd = -1;
		return rb_fail_errno(err, RB_ERR_KERNEL, e,
				     "%s: map %s (type %u, key %u, value %u, max_entries %u, flags 0x%x): "
				     "BPF_MAP_CREATE failed%s",
				     obj->path, map->name, map->type, map->key_size,
				     map->value_size, attr.max_entries, map->map_flags,
				     map_create_hint(obj, map, e));
	}
	rb_narrate(&obj->narrator, "bpf(BPF_MAP_CREATE, name=%s type=%u key=%u value=%u max_entries=%u%s) = fd %d",
		 map->kernel_name, map->type, map->key_size, map->value_size,
		 attr.max_entries, attr.btf_fd ? " btf" : "", map->fd);
	return 0;
}

/* Global data: write the initial value (element 0 holds the whole
 * section), then freeze .rodata so neither programs nor user space can
 * change it: only then does the verifier treat its bytes as constants. */
static int init_data_map(struct rb_object *obj, struct rb_map *map, struct rb_error *err)
{
	union bpf_attr attr;
	uint32_t zero = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map->fd;
	attr.key = rb_ptr(&zero);
	attr.value = rb_ptr(map->init_value);
	attr.flags = BPF_ANY;
	if (rb_bpf(BPF_MAP_UPDATE_ELEM, &attr) < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno,
				     "%s: map %s: writing the initial value failed", obj->path,
				     map->name);
	rb_narrate(&obj->narrator, "bpf(BPF_MAP_UPDATE_ELEM, %s, key 0, %u bytes of initial data) = 0",
		 map->name, map->value_size);
	if (!rb_map_is_read_only_data(map))
		return 0;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map->fd;
	if (rb_bpf(BPF_MAP_FREEZE, &attr) < 0)
		return rb_fail_errno(err, RB_ERR_KERNEL, errno, "%s: map %s: BPF_MAP_FREEZE failed",
				     obj->path, map->name);
	rb_narrate(&obj->narrator, "bpf(BPF_MAP_FREEZE, %s) = 0", map->name);
	return 0;
}

/* A BTF-defined map of maps is created with a model of its inner maps
 * (map_slots.c says why): made from their definition first, and closed
 * once the kernel has copied what it needs from it. */
static int create_with_inner(struct rb_object *obj, struct rb_map *map, int possible_cpus,
			     int *raised, struct rb_error *err)
{
	int ret;

	if (!map->inner)
		return create_map(obj, map, possible_cpus, raised, err);
	if (create_map(obj, map->inner, possible_cpus, raised, err))
		return -1;
	ret = create_map(obj, map, possible_cpus, raised, err);
	close(map->inner->fd);
	rb_narrate(&obj->narrator, "close map %s (fd %d): %s keeps its type and sizes, not the map",
		   map->inner->name, map->inner->fd, map->name);
	map->inner->fd = -1;
	return ret;
}

static int create_or_reuse_map(struct rb_object *obj, struct rb_map *map, int possible_cpus,
			       int *raised, struct rb_error *err)
{
	int reused = 0;

	/* rb_pin_check() refused pinning values other than 0 and BY_NAME */
	map->pin_created = 0;
	if (map->pinning == RB_PIN_BY_NAME && rb_pin_open(obj, map, &reused, err))
		return -1;
	map->reused = reused;
	if (reused)
		return 0; /* its contents are the pinned map's, not the object's */
	if (create_with_inner(obj, map, possible_cpus, raised, err) ||
	    (map->is_data && init_data_map(obj, map, err)))
		return -1;
	if (map->pinning != RB_PIN_BY_NAME)
		return 0;
	if (rb_pin_save(obj, map, err))
		return -1;
	map->pin_created = 1; /* a failed load removes it again (rb_pins_remove_created) */
	return 0;
}

/* Load again with a log, growing the buffer until the whole log fits. The
 * kernel says ENOSPC when it did not (and since 6.4 also reports in
 * log_true_size how big it must be); a truncated log would hide the line
 * that explains the refusal, which is usually the last one. */
static int load_with_log(union bpf_attr *attr, char **log_out, int *load_errno)
{
	size_t size = LOG_START_SIZE;

	for (;;) {
		char *log = calloc(1, size); /* zeroed: the log is always terminated */
		int fd;

		if (!log)
			return -1;
		log[0] = '\0';
		attr->log_level = 1;
		attr->log_buf = rb_ptr(log);
		attr->log_size = (__u32)size;
		attr->log_true_size = 0;
		fd = rb_bpf(BPF_PROG_LOAD, attr);
		*load_errno = fd < 0 ? errno : 0;
		if (fd < 0 && *load_errno == ENOSPC && size < LOG_MAX_SIZE) {
			size_t want = attr->log_true_size > size ? attr->log_true_size : size * 2;
			free(log);
			size = want < LOG_MAX_SIZE ? want : LOG_MAX_SIZE;
			continue;
		}
		*log_out = log;
		return fd;
	}
}

/* Kernels before 5.0 refuse a kprobe program whose kern_version is not
 * their own LINUX_VERSION_CODE (major << 16 | minor << 8 | patch, patch
 * capped at 255). Objects that carry SEC("version") say it themselves;
 * for the rest, ask uname(2). Later kernels ignore the field. */
static uint32_t running_kernel_version(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0, patch = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%u.%u.%u", &major, &minor, &patch) < 2)
		return 0;
	return (major << 16) | (minor << 8) | (patch > 255 ? 255 : patch);
}

/* A program, like a map, was charged against RLIMIT_MEMLOCK before 5.11. */
static const char *memlock_hint(const struct rb_object *obj, int errnum)
{
	if (errnum != EPERM || (obj->policy & RB_RAISE_MEMLOCK))
		return "";
	return "\nLoading programs needs CAP_BPF or root; " MEMLOCK_HINT ".";
}

/* fentry/fexit need the kernel's function tracing (ftrace); a kernel or
 * sandbox that forbids it refuses such programs with EPERM and no log. */
static const char *tracing_hint(const struct rb_program *prog, int errnum)
{
	/* Iterators need no ftrace; yet a kernel or sandbox can refuse some
	 * targets the same way (this project's 6.18 test machine refuses
	 * bpf_map_elem and sockmap to libbpf as well). */
	if (prog->type == BPF_PROG_TYPE_TRACING && errnum == EPERM &&
	    prog->expected_attach_type == BPF_TRACE_ITER)
		return "\nThe kernel refused the iterator before verifying it (EPERM and no log): "
		       "this kernel, or a sandbox around it, forbids this iterator target.";
	if (prog->type == BPF_PROG_TYPE_TRACING && errnum == EPERM &&
	    prog->expected_attach_type != BPF_TRACE_RAW_TP)
		return "\nfentry/fexit programs need function tracing (ftrace); this kernel "
		       "forbids it here (is /sys/kernel/tracing/available_filter_functions "
		       "readable?). tp_btf/ and tracepoint/ programs do not need it.";
	return "";
}

static const char *license_hint(const struct rb_object *obj, const char *log)
{
	if (!log || !strstr(log, "GPL"))
		return "";
	if (obj->license[0] == '\0')
		return "\nThe object has no license section, and the program calls a helper "
		       "that only GPL-compatible programs may use: add\n"
		       "    char LICENSE[] SEC(\"license\") = \"GPL\";";
	return "\nThe program calls a helper that only GPL-compatible programs may use, "
	       "and the object's license is not GPL-compatible.";
}

/* core_by_kernel: the kernel applies the CO-RE records itself (Linux 5.17+,
 * core_by_kernel.c), reading their type ids and access strings in the BTF
 * given as prog_btf_fd. */
static void set_core_relos(union bpf_attr *attr, const struct rb_btf_info *info)
{
	if (!info->core_relo_count)
		return;
	attr->core_relos = rb_ptr(info->core_relos);
	attr->core_relo_cnt = info->core_relo_count;
	attr->core_relo_rec_size = sizeof(struct bpf_core_relo);
}

/* With core_by_kernel: a kernel before 5.17 does not know core_relos, and
 * refuses the fields it does not know with no word about CO-RE in its log
 * (EINVAL, or E2BIG past the end of its bpf_attr); a later one logs each
 * record it applies ("relo #3: ..."). */
static const char *core_hint(const union bpf_attr *attr, int errnum, const char *log)
{
	if (!attr->core_relo_cnt)
		return "";
	if ((log && strstr(log, "relo #")) || (errnum != EINVAL && errnum != E2BIG))
		return ""; /* the kernel's log names the record (rb_core_kernel_note) */
	return "\nThe kernel was asked to apply the CO-RE relocations itself (core_by_kernel), "
	       "which needs Linux 5.17 or later.";
}

/* The instructions as the kernel gets them (subprograms appended, every
 * relocation applied: relocate/relocate.h) and their BTF func and line
 * info, with the CO-RE records when the kernel applies them. On failure
 * the caller has nothing to free. */
static int prepare_program(const struct rb_object *obj, const struct rb_program *prog,
			   const struct rb_core_result *core, struct rb_relocated *flat,
			   struct rb_btf_info *info, struct rb_error *err)
{
	if (rb_program_relocate_core(obj, prog, core, flat, err))
		return -1;
	if (rb_btf_program_info(obj, flat, info, err)) {
		rb_relocated_free(flat);
		return -1;
	}
	if (rb_core_relos_for_kernel(obj, prog, flat, info, err)) {
		rb_relocated_free(flat);
		rb_btf_info_free(info);
		return -1;
	}
	return 0;
}

/* func_info and line_info name types and strings of the object's BTF, so
 * they go with it (prog_btf_fd); *_rec_size is the size of one record. */
static void set_btf_info(union bpf_attr *attr, const struct rb_object *obj,
			 const struct rb_btf_info *info)
{
	if (!info->func_count)
		return;
	attr->prog_btf_fd = (__u32)obj->btf_fd;
	attr->func_info_rec_size = sizeof(struct bpf_func_info_rec);
	attr->func_info = rb_ptr(info->func_info);
	attr->func_info_cnt = info->func_count;
	attr->line_info_rec_size = sizeof(struct bpf_line_info_rec);
	attr->line_info = rb_ptr(info->line_info);
	attr->line_info_cnt = info->line_count;
}

static void set_prog_flags(union bpf_attr *attr, const struct rb_program *prog)
{
	if (!prog->def)
		return;
	/* SEC("syscall"): the verifier refuses a syscall program that is not
	 * sleepable (BPF_F_SLEEPABLE, Linux 5.10; the type came in 5.14) */
	if (prog->def->flags & RB_SEC_SLEEPABLE)
		attr->prog_flags |= BPF_F_SLEEPABLE;
	/* SEC("xdp.frags"): the program says it handles frames of several
	 * buffers, which the kernel then lets it see (BPF_F_XDP_HAS_FRAGS) */
	if (prog->def->flags & RB_SEC_XDP_FRAGS)
		attr->prog_flags |= BPF_F_XDP_HAS_FRAGS;
}

/* BPF_PROG_LOAD's attributes: from the program, its instructions and BTF
 * info (which must outlive the load), and the object. */
static int fill_load_attr(struct rb_object *obj, const struct rb_program *prog,
			  const struct rb_relocated *flat, const struct rb_btf_info *info,
			  union bpf_attr *attr, struct rb_error *err)
{
	memset(attr, 0, sizeof(*attr));
	attr->prog_type = prog->type;
	attr->expected_attach_type = prog->expected_attach_type;
	attr->insns = rb_ptr(flat->insns);
	attr->insn_cnt = (__u32)flat->count;
	set_btf_info(attr, obj, info);
	set_core_relos(attr, info);
	attr->license = rb_ptr(obj->license);
	set_prog_flags(attr, prog);
	if (prog->def && (prog->def->flags & RB_SEC_ATTACH_BTF) &&
	    rb_vmlinux_attach_id(obj, prog, &attr->attach_btf_id, err))
		return -1;
	/* kfuncs of modules: their BTF fds, which each call's off indexes */
	if (obj->fd_array_count > 1)
		attr->fd_array = rb_ptr(obj->fd_array);
	attr->kern_version = obj->kern_version;
	if (!attr->kern_version && prog->type == BPF_PROG_TYPE_KPROBE)
		attr->kern_version = running_kernel_version();
	rb_kernel_name(attr->prog_name, prog->fn.name);
	return 0;
}

/* What rawbpf adds to the kernel's word when the verifier refuses a
 * program, read from the verifier's log. */
struct refusal_notes {
	char core[1024];   /* a CO-RE relocation (rawbpf's or the kernel's) */
	char externs[512]; /* an extern the kernel lacks */
};

/* The log stopped at a CO-RE relocation rawbpf could not apply, at one
 * the kernel could not (core_by_kernel), or at an extern? */
static void note_refusal(const struct rb_object *obj, const struct rb_program *prog,
			 const struct rb_relocated *flat, const struct rb_btf_info *info,
			 struct refusal_notes *notes)
{
	rb_core_refusal_note(obj, flat, prog->verifier_log, notes->core, sizeof(notes->core));
	rb_core_kernel_note(obj, flat, info, prog->verifier_log, notes->core,
			    sizeof(notes->core));
	rb_externs_refusal_note(obj, prog->verifier_log, notes->externs,
				sizeof(notes->externs));
}

/* First without a log: the verifier is faster without one, and most
 * loads succeed. Only a refusal is worth the log; running out of fds or
 * memory is not one (fail_for_resources). Sets prog->fd; returns errno
 * as the last try left it (which means something when prog->fd < 0). */
static int try_load(struct rb_object *obj, struct rb_program *prog, union bpf_attr *attr,
		    const struct rb_relocated *flat, const struct rb_btf_info *info,
		    int *raised, struct refusal_notes *notes)
{
	int load_errno;

	prog->fd = bpf_with_memlock_retry(BPF_PROG_LOAD, attr, raised, &obj->narrator);
	load_errno = errno;
	if (prog->fd >= 0 || rb_errno_is_resource(load_errno))
		return load_errno;
	rb_narrate(&obj->narrator, "bpf(BPF_PROG_LOAD, %s, %zu insns) failed (%s): "
		 "loading again with the verifier log",
		 prog->fn.name, flat->count, strerror(load_errno));
	prog->fd = load_with_log(attr, &prog->verifier_log, &load_errno);
	if (prog->fd < 0)
		note_refusal(obj, prog, flat, info, notes);
	return load_errno;
}

/* EMFILE: the program passed the verifier, and then the kernel had no fd
 * to return it in (bpf_prog_load() allocates the fd last, in
 * kernel/bpf/syscall.c); ENOMEM: no memory to verify or hold it. Either
 * way a verifier log would show a success, or nothing. */
static int fail_for_resources(const struct rb_object *obj, struct rb_program *prog,
			      int load_errno, struct rb_error *err)
{
	prog->fd = -1;
	free(prog->verifier_log);
	prog->verifier_log = NULL;
	return rb_fail_errno(err, RB_ERR_SYSTEM, load_errno,
			     "%s: program %s (section %s): BPF_PROG_LOAD failed%s", obj->path,
			     prog->fn.name, prog->fn.section_name,
			     load_errno == ENOMEM ? NO_MEMORY_HINT : "");
}

/* The verifier (or the kernel before it) said no: its errno, where its
 * log is, and every hint that fits. */
static int fail_refused(const struct rb_object *obj, struct rb_program *prog,
			const union bpf_attr *attr, int load_errno,
			const struct refusal_notes *notes, struct rb_error *err)
{
	char lsm_note[700] = "";

	if (prog->type == BPF_PROG_TYPE_LSM) /* is bpf an active LSM? */
		rb_lsm_hint(lsm_note, sizeof(lsm_note), load_errno);
	prog->fd = -1;
	return rb_fail(err, RB_ERR_KERNEL,
		       "%s: program %s (section %s): the kernel refused to load it (%s)%s%s%s%s%s%s%s%s",
		       obj->path, prog->fn.name, prog->fn.section_name, strerror(load_errno),
		       prog->verifier_log && prog->verifier_log[0]
			       ? "; the verifier's log is above" : "",
		       notes->core, notes->externs, license_hint(obj, prog->verifier_log),
		       tracing_hint(prog, load_errno), memlock_hint(obj, load_errno),
		       core_hint(attr, load_errno, prog->verifier_log), lsm_note);
}

static void narrate_loaded(const struct rb_object *obj, const struct rb_program *prog,
			   const union bpf_attr *attr)
{
	rb_narrate(&obj->narrator, "bpf(BPF_PROG_LOAD, name=%s type=%u insns=%u license=\"%s\" "
		 "func_info=%u line_info=%u) = fd %d%s%s",
		 attr->prog_name, prog->type, attr->insn_cnt, obj->license, attr->func_info_cnt,
		 attr->line_info_cnt, prog->fd,
		 attr->prog_flags & BPF_F_SLEEPABLE ? " (prog_flags BPF_F_SLEEPABLE)" : "",
		 attr->prog_flags & BPF_F_XDP_HAS_FRAGS ? " (prog_flags BPF_F_XDP_HAS_FRAGS)" : "");
}

static int load_program(struct rb_object *obj, struct rb_program *prog,
			const struct rb_core_result *core, int *raised, struct rb_error *err)
{
	struct rb_relocated flat;
	struct rb_btf_info info;
	union bpf_attr attr;
	struct refusal_notes notes = { "", "" };
	int load_errno;

	if (prepare_program(obj, prog, core, &flat, &info, err))
		return -1;
	if (fill_load_attr(obj, prog, &flat, &info, &attr, err)) {
		rb_relocated_free(&flat);
		rb_btf_info_free(&info);
		return -1;
	}
	load_errno = try_load(obj, prog, &attr, &flat, &info, raised, &notes);
	rb_relocated_free(&flat);
	rb_btf_info_free(&info);
	if (prog->fd < 0 && rb_errno_is_resource(load_errno))
		return fail_for_resources(obj, prog, load_errno, err);
	if (prog->fd < 0)
		return fail_refused(obj, prog, &attr, load_errno, &notes, err);
	narrate_loaded(obj, prog, &attr);
	return 0;
}

/* Everything that can be refused without asking the kernel, so that a bad
 * object fails before anything is created. */
static int check_loadable(const struct rb_object *obj, struct rb_error *err)
{
	for (size_t i = 0; i < obj->program_count; i++) {
		const struct rb_program *p = &obj->programs[i];
		if (!p->def)
			return rb_fail(err, RB_ERR_INPUT,
				       "%s: program %s: section name '%s' implies no program type; "
				       "pass --type TYPE (e.g. --type socket; rawbpf --help lists them)",
				       obj->path, p->fn.name, p->fn.section_name);
	}
	/* The kernel's CO-RE reads only its own BTF (bpf_core_find_cands()). */
	if (obj->core_by_kernel && obj->btf_path && obj->core_reloc_count)
		return rb_fail(err, RB_ERR_INPUT,
			       "%s: the kernel applies CO-RE relocations (core_by_kernel) against "
			       "its own BTF only, so the BTF of %s (btf_path, --btf) would not be "
			       "used: give one or the other", obj->path, obj->btf_path);
	return rb_externs_refuse(obj, err); /* externs rawbpf does not know */
}

int rb_object_load(struct rb_object *obj, struct rb_error *err)
{
	/* raised: RLIMIT_MEMLOCK was raised already, or may not be raised */
	int possible_cpus = 0, raised = !(obj->policy & RB_RAISE_MEMLOCK);
	/* what each CO-RE record becomes here (core_load.c); NULL with
	 * core_by_kernel, where the kernel works it out */
	struct rb_core_result *core = NULL;

	/* Loading again would leak every fd of the first load (the header
	 * promises load after unload, not load after load). */
	if (rb_object_is_loaded(obj))
		return rb_fail(err, RB_ERR_INPUT, "%s: already loaded: rb_object_unload() it "
			       "before loading it again", obj->path);
	/* What a failed load before this one left to explain itself (the
	 * verifier logs, the BTF warning) goes: unload of nothing frees it. */
	rb_object_unload(obj);
	/* Pins are checked before anything is created: a refusal leaves nothing. */
	if (check_loadable(obj, err) || rb_map_slots_check(obj, err) || rb_pin_check(obj, err) ||
	    (!obj->core_by_kernel && rb_core_prepare(obj, &core, err)))
		return -1;
	/* externs: the .kconfig values and __ksym ids, before the maps exist */
	if (rb_resolve_externs(obj, err)) {
		free(core);
		return -1;
	}
	if (rb_load_btf(obj, err)) {
		free(core);
		rb_externs_release(obj);
		return -1;
	}
	for (size_t i = 0; i < obj->map_count; i++)
		if (obj->maps[i].type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !possible_cpus &&
		    rb_possible_cpus(&possible_cpus, err))
			goto fail;
	for (size_t i = 0; i < obj->map_count; i++)
		if (create_or_reuse_map(obj, &obj->maps[i], possible_cpus, &raised, err))
			goto fail;
	if (rb_map_slots_write(obj, 0, err)) /* maps of maps: every map exists now */
		goto fail;
	for (size_t i = 0; i < obj->program_count; i++) {
		if (!obj->programs[i].autoload) {
			rb_narrate(&obj->narrator, "program %s: not loaded (autoload is off)",
				   obj->programs[i].fn.name);
			continue;
		}
		if (load_program(obj, &obj->programs[i], core, &raised, err))
			goto fail;
	}
	if (rb_map_slots_write(obj, 1, err)) /* program arrays: every program is loaded */
		goto fail;
	free(core);
	rb_externs_release(obj); /* the kernel holds what the programs need */
	return 0;
fail:
	free(core);
	rb_externs_release(obj);
	/* The pins this load made go with their maps, as in libbpf: a pin
	 * left by a failed load would be reused by the next, with whatever
	 * the failed one wrote into it. Pins it reused stay: they were there. */
	rb_pins_remove_created(obj);
	rb_object_close_kernel(obj); /* verifier_log and btf_warning stay, to explain */
	return -1;
}
