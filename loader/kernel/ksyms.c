/* __ksym externs: kernel variables and functions, found in the kernel.
 *
 * Three kinds (open/externs.c tells them apart), resolved as libbpf does
 * (bpf_object__resolve_ksyms_btf_id() and kallsyms_cb() in its libbpf.c):
 *  - a typed variable (`extern const int bpf_prog_active __ksym;`): its VAR
 *    in the kernel's BTF. The instruction becomes ld_imm64 with src_reg
 *    BPF_PSEUDO_BTF_ID, imm = the VAR's id, and in the second slot the fd of
 *    the module's BTF when the variable is a module's (0: vmlinux); the
 *    verifier then knows its C type (kernel/bpf/verifier.c,
 *    check_pseudo_btf_id()). Only per-CPU variables are in the kernel's BTF
 *    (pahole writes no others), read with bpf_per_cpu_ptr() and
 *    bpf_this_cpu_ptr();
 *  - a kfunc (`extern void bpf_rcu_read_lock(void) __ksym;`): its FUNC in the
 *    kernel's BTF; a call becomes src_reg BPF_PSEUDO_KFUNC_CALL, imm = the
 *    id, off = 0 for vmlinux or, for a module, the index in BPF_PROG_LOAD's
 *    fd_array where that module's BTF fd is. The local prototype must be
 *    compatible with the kernel's (a weak one that is not counts as
 *    missing);
 *  - a typeless symbol (`extern const void x __ksym;`): only its address,
 *    from /proc/kallsyms, as a plain 64-bit constant.
 * Module BTFs are looked in only when vmlinux's has no such name; their fds
 * come from the kernel's list of BTF objects (BPF_BTF_GET_NEXT_ID,
 * BPF_BTF_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD gives each one's name), and
 * stay open until the programs are loaded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"

static void missing(struct rb_extern *ext, const char *why)
{
	snprintf(ext->why, sizeof(ext->why), "%s", why);
}

/* libbpf's bpf_core_types_are_compat(), which the kernel's verifier also
 * applies to kfunc arguments: the same kinds (any two enums match),
 * integers of any size, structs and unions by kind alone, pointers and
 * arrays by what they point to, prototypes parameter by parameter. */
static int types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid,
			int depth)
{
	struct rb_error ignored;
	const struct btf_type *l, *t;
	unsigned lk, tk;

	if (depth > 32 || btf_resolve(lb, lid, &lid, &ignored) || btf_resolve(tb, tid, &tid, &ignored))
		return 0;
	l = btf_type_by_id(lb, lid);
	t = btf_type_by_id(tb, tid);
	if (!l || !t)
		return !l && !t; /* void and void */
	lk = btf_kind(l);
	tk = btf_kind(t);
	if (lk == BTF_KIND_ENUM64)
		lk = BTF_KIND_ENUM;
	if (tk == BTF_KIND_ENUM64)
		tk = BTF_KIND_ENUM;
	if (lk != tk)
		return 0;
	switch (lk) {
	case BTF_KIND_INT: /* bitfield-like integers (an offset) are not */
		return !(btf_int_info(l) >> 16 & 0xff) && !(btf_int_info(t) >> 16 & 0xff);
	case BTF_KIND_PTR:
		return types_compat(lb, l->type, tb, t->type, depth + 1);
	case BTF_KIND_ARRAY:
		return types_compat(lb, btf_array(l)->type, tb, btf_array(t)->type, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(l) != btf_vlen(t) ||
		    !types_compat(lb, l->type, tb, t->type, depth + 1))
			return 0;
		for (unsigned i = 0; i < btf_vlen(l); i++)
			if (!types_compat(lb, btf_params(l)[i].type, tb, btf_params(t)[i].type,
					  depth + 1))
				return 0;
		return 1;
	default: /* STRUCT, UNION, ENUM, FWD, FLOAT */
		return 1;
	}
}

/* The fd of module `name`'s BTF object, opened once per load. */
static int module_fd(struct rb_object *obj, const char *name, int *fd, struct rb_error *err)
{
	union bpf_attr attr;
	uint32_t id = 0;

	for (size_t i = 0; i < obj->module_count; i++)
		if (strcmp(obj->modules[i].name, name) == 0) {
			*fd = obj->modules[i].fd;
			return 0;
		}
	for (;;) {
		struct bpf_btf_info info;
		char kname[64] = "";
		int f;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (rb_bpf(BPF_BTF_GET_NEXT_ID, &attr) < 0)
			break; /* ENOENT: the end of the list */
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.btf_id = id;
		f = rb_bpf(BPF_BTF_GET_FD_BY_ID, &attr);
		if (f < 0)
			continue; /* freed since (a module unloaded) */
		memset(&info, 0, sizeof(info));
		info.name = rb_ptr(kname);
		info.name_len = sizeof(kname);
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = (__u32)f;
		attr.info.info_len = sizeof(info);
		attr.info.info = rb_ptr(&info);
		if (rb_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0 && info.kernel_btf &&
		    strcmp(kname, name) == 0) {
			struct rb_module_btf *grown =
				realloc(obj->modules, (obj->module_count + 1) * sizeof(*grown));
			if (!grown) {
				close(f);
				return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
			}
			obj->modules = grown;
			grown[obj->module_count] = (struct rb_module_btf){ .id = id, .fd = f };
			snprintf(grown[obj->module_count++].name, sizeof(grown->name), "%s", name);
			rb_narrate(&obj->narrator, "module %s: BTF object id %u, "
				   "bpf(BPF_BTF_GET_FD_BY_ID) = fd %d", name, id, f);
			*fd = f;
			return 0;
		}
		close(f);
	}
	return rb_fail(err, RB_ERR_KERNEL, "module %s has BTF in /sys/kernel/btf but no BTF "
		       "object of that name (BPF_BTF_GET_NEXT_ID): was it unloaded?", name);
}

/* The BTF type `name` of `kind` in vmlinux, else in a module: *btf, *id and
 * *module ("" for vmlinux). 0 found, 1 not found, -1 error. */
static int find_kernel_type(struct rb_object *obj, const char *name, int kind,
			    const struct btf **btf, uint32_t *id, const char **module,
			    struct rb_error *err)
{
	int found;

	if (rb_vmlinux_btf(obj, "__ksym externs", err))
		return -1;
	found = btf_find_by_name_kind(obj->vmlinux_btf, name, kind);
	if (found > 0) {
		*btf = obj->vmlinux_btf;
		*id = (uint32_t)found;
		*module = "";
		return 0;
	}
	if (rb_core_modules_read(obj, err))
		return -1;
	for (size_t i = 0; i < obj->core_module_count; i++) {
		const char *path = obj->core_module_names[i], *slash = strrchr(path, '/');

		found = btf_find_by_name_kind(&obj->core_modules[i], name, kind);
		if (found > 0) {
			*btf = &obj->core_modules[i];
			*id = (uint32_t)found;
			*module = slash ? slash + 1 : path;
			return 0;
		}
	}
	return 1;
}

/* kfuncs are looked up by their essential name, as CO-RE types are:
 * bpf_foo___v2 is the kernel's bpf_foo (libbpf's essent_name). */
static void essential(const char *name, char *buf, size_t size)
{
	const char *flavour = strstr(name, "___");
	size_t len = flavour ? (size_t)(flavour - name) : strlen(name);

	snprintf(buf, size, "%.*s", (int)len, name);
}

/* A slot of fd_array for a module's BTF fd: the index a kfunc call's off
 * gives (libbpf leaves slot 0 unused: off 0 means vmlinux). */
static int fd_array_slot(struct rb_object *obj, int fd, uint32_t *index, struct rb_error *err)
{
	int *grown;

	for (uint32_t i = 1; i < obj->fd_array_count; i++)
		if (obj->fd_array[i] == fd) {
			*index = i;
			return 0;
		}
	if (obj->fd_array_count >= INT16_MAX)
		return rb_fail(err, RB_ERR_INPUT, "%s: kfuncs from more than %d modules: a call's "
			       "off (16 bits) cannot name them", obj->path, INT16_MAX - 1);
	if (!obj->fd_array_count)
		obj->fd_array_count = 1;
	grown = realloc(obj->fd_array, (obj->fd_array_count + 1) * sizeof(*grown));
	if (!grown)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	obj->fd_array = grown;
	grown[0] = 0;
	grown[obj->fd_array_count] = fd;
	*index = obj->fd_array_count++;
	return 0;
}

static int resolve_btf_ksym(struct rb_object *obj, struct rb_extern *ext, struct rb_error *err)
{
	int is_func = ext->kind == RB_EXTERN_KFUNC;
	const struct btf *kbtf;
	const char *module;
	char name[128], type[96], ktype[96];
	uint32_t id, kid;
	int ret;

	if (is_func)
		essential(ext->name, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "%s", ext->name);
	ret = find_kernel_type(obj, name, is_func ? BTF_KIND_FUNC : BTF_KIND_VAR, &kbtf, &id,
			       &module, err);
	if (ret < 0)
		return -1;
	if (ret > 0) {
		missing(ext, is_func ? "no function of that name in the BTF of vmlinux or of any "
				       "module: a kfunc of a newer kernel, or of a module that is "
				       "not loaded?"
				     : "no variable of that name in the BTF of vmlinux or of any "
				       "module, which have only per-CPU variables");
		return 0;
	}
	kid = btf_type_by_id(kbtf, id)->type; /* the FUNC's prototype, the VAR's type */
	if (!types_compat(obj->btf, ext->type_id, kbtf, kid, 0)) {
		btf_type_str(obj->btf, ext->type_id, type, sizeof(type));
		btf_type_str(kbtf, kid, ktype, sizeof(ktype));
		snprintf(ext->why, sizeof(ext->why), "the object declares it %.80s, the kernel's "
			 "%.60s has %.80s", type, module[0] ? module : "vmlinux", ktype);
		return 0; /* a weak one counts as missing (libbpf), a strong one is refused */
	}
	ext->kernel_btf_id = id;
	ext->kernel_btf_fd = 0;
	ext->fd_array_index = 0;
	if (module[0]) {
		if (module_fd(obj, module, &ext->kernel_btf_fd, err) ||
		    (is_func && fd_array_slot(obj, ext->kernel_btf_fd, &ext->fd_array_index, err)))
			return -1;
	}
	ext->resolved = 1;
	snprintf(ext->source, sizeof(ext->source), "%s", module[0] ? module : "vmlinux");
	if (module[0] && is_func)
		rb_narrate(&obj->narrator, "extern %s: FUNC %s in module %s's BTF, id %u (BTF fd %d, "
			   "fd_array[%u])", ext->name, name, module, id, ext->kernel_btf_fd,
			   ext->fd_array_index);
	else if (module[0])
		rb_narrate(&obj->narrator, "extern %s: VAR %s in module %s's BTF, id %u (BTF fd %d)",
			   ext->name, name, module, id, ext->kernel_btf_fd);
	else
		rb_narrate(&obj->narrator, "extern %s: %s %s in vmlinux's BTF, id %u", ext->name,
			   is_func ? "FUNC" : "VAR", name, id);
	return 0;
}

/* Symbols the object wants from /proc/kallsyms ("ADDRESS TYPE NAME
 * [MODULE]" a line); also counted: how many are variables (types d, D, b,
 * B), which a kernel built without CONFIG_KALLSYMS_ALL hardly lists. */
struct kallsyms_scan {
	size_t variables;
	int zero_addresses; /* kptr_restrict hides them from this caller */
	int lines;
};

static int scan_kallsyms(struct rb_object *obj, struct kallsyms_scan *scan, struct rb_error *err)
{
	FILE *f = fopen(KALLSYMS, "re");
	char line[RB_KALLSYMS_LINE_MAX];

	*scan = (struct kallsyms_scan){ 0 };
	if (!f)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "typeless __ksym externs need "
				     "the kernel's symbols, %s", KALLSYMS);
	while (fgets(line, sizeof(line), f)) {
		uint64_t addr;
		char type, *name, *module;

		if (rb_kallsyms_line(line, &addr, &type, &name, &module))
			continue;
		scan->lines++;
		if (strchr("dDbB", type))
			scan->variables++;
		for (size_t i = 0; i < obj->extern_count; i++) {
			struct rb_extern *ext = &obj->externs[i];

			if (ext->kind != RB_EXTERN_KSYM_ADDR || strcmp(ext->name, name) != 0)
				continue;
			if (!addr)
				scan->zero_addresses = 1;
			else if (ext->resolved && ext->address != addr) {
				fclose(f);
				return rb_fail(err, RB_ERR_INPUT, "%s: extern %s: %s has two "
					       "symbols of that name (0x%llx and 0x%llx): which one "
					       "is meant cannot be known", obj->path, ext->name,
					       KALLSYMS, (unsigned long long)ext->address,
					       (unsigned long long)addr);
			} else if (!ext->resolved) {
				ext->resolved = 1;
				ext->address = addr;
				snprintf(ext->source, sizeof(ext->source), "kallsyms");
				rb_narrate(&obj->narrator, "extern %s: %s says 0x%llx (%c)",
					   ext->name, KALLSYMS, (unsigned long long)addr, type);
			}
		}
	}
	fclose(f);
	return 0;
}

/* This kernel lists hardly any variables in kallsyms: without
 * CONFIG_KALLSYMS_ALL only functions are there. */
#define FEW_VARIABLES 1000

static int resolve_addresses(struct rb_object *obj, struct rb_error *err)
{
	struct kallsyms_scan scan;

	if (scan_kallsyms(obj, &scan, err))
		return -1;
	for (size_t i = 0; i < obj->extern_count; i++) {
		struct rb_extern *ext = &obj->externs[i];

		if (ext->kind != RB_EXTERN_KSYM_ADDR || ext->resolved)
			continue;
		if (scan.zero_addresses)
			snprintf(ext->why, sizeof(ext->why), "%s shows every address as 0 to this "
				 "user (kernel.kptr_restrict): run as root", KALLSYMS);
		else if (scan.variables < FEW_VARIABLES)
			snprintf(ext->why, sizeof(ext->why), "not in %s, which on this kernel lists "
				 "functions and almost no variables, %zu of %d symbols: it was "
				 "built without CONFIG_KALLSYMS_ALL, and only a kernel with it "
				 "can tell a program where its variables are", KALLSYMS,
				 scan.variables, scan.lines);
		else
			snprintf(ext->why, sizeof(ext->why), "no symbol of that name in %s",
				 KALLSYMS);
	}
	return 0;
}

int rb_resolve_ksyms(struct rb_object *obj, struct rb_error *err)
{
	int addresses = 0;

	for (size_t i = 0; i < obj->extern_count; i++) {
		struct rb_extern *ext = &obj->externs[i];

		if (ext->kind == RB_EXTERN_KSYM_ADDR)
			addresses = 1;
		if ((ext->kind == RB_EXTERN_KSYM_VAR || ext->kind == RB_EXTERN_KFUNC) &&
		    resolve_btf_ksym(obj, ext, err))
			return -1;
	}
	return addresses ? resolve_addresses(obj, err) : 0;
}

/* The system call entry points' prefix on this architecture, as libbpf's
 * arch_specific_syscall_pfx() has them. */
static const char *syscall_prefix(void)
{
#if defined(__x86_64__)
	return "x64";
#elif defined(__i386__)
	return "ia32";
#elif defined(__s390x__)
	return "s390x";
#elif defined(__s390__)
	return "s390";
#elif defined(__arm__)
	return "arm";
#elif defined(__aarch64__)
	return "arm64";
#elif defined(__mips__)
	return "mips";
#elif defined(__riscv)
	return "riscv";
#elif defined(__powerpc64__)
	return "powerpc64";
#elif defined(__powerpc__)
	return "powerpc";
#else
	return NULL;
#endif
}

/* LINUX_HAS_SYSCALL_WRAPPER: do system calls enter through
 * __<arch>_sys_NAME(const struct pt_regs *) wrappers (Linux 4.17+ on x86,
 * CONFIG_ARCH_HAS_SYSCALL_WRAPPER), so that a kprobe on one must read the
 * arguments through the pt_regs? libbpf tries a kprobe on __<arch>_sys_bpf;
 * rawbpf asks the kernel's BTF whether that function exists (or, without
 * BTF, kallsyms), which works where kprobes do not. */
int rb_has_syscall_wrapper(struct rb_object *obj, uint64_t *has, char *source, size_t size,
			   struct rb_error *err)
{
	const char *prefix = syscall_prefix();
	struct rb_error ignored = { 0 };
	char name[64], line[512];
	FILE *f;

	*has = 0;
	if (!prefix) {
		snprintf(source, size, "an architecture without wrappers");
		return 0;
	}
	snprintf(name, sizeof(name), "__%s_sys_bpf", prefix);
	if (rb_vmlinux_btf(obj, "LINUX_HAS_SYSCALL_WRAPPER", &ignored) == 0) {
		*has = btf_find_by_name_kind(obj->vmlinux_btf, name, BTF_KIND_FUNC) > 0;
		snprintf(source, size, "vmlinux BTF: %s", name);
		return 0;
	}
	f = fopen(KALLSYMS, "re");
	if (!f)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "LINUX_HAS_SYSCALL_WRAPPER: "
				     "neither the kernel's BTF nor %s can be read", KALLSYMS);
	while (!*has && fgets(line, sizeof(line), f)) {
		char *sym = strchr(line, ' ');
		sym = sym ? strchr(sym + 1, ' ') : NULL;
		*has = sym && strncmp(sym + 1, name, strlen(name)) == 0 &&
		       (sym[1 + strlen(name)] == '\n' || sym[1 + strlen(name)] == '\t' ||
			sym[1 + strlen(name)] == ' ');
	}
	fclose(f);
	snprintf(source, size, "kallsyms: %s", name);
	return 0;
}
