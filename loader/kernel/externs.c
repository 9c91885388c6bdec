/* Resolving the object's externs against the running kernel, before any
 * map is created (open/externs.c built the model and the .kconfig map).
 *
 * __kconfig externs go into the .kconfig map's value:
 *  - CONFIG_*: the kernel's build config (kernel_config.c finds it:
 *    /boot/config-$(uname -r), else /proc/config.gz; or the file
 *    rb_open_opts.kconfig_path names), typed by open/kconfig_values.c;
 *  - the "virtual" ones libbpf computes itself (bpf_object__resolve_externs()
 *    in its libbpf.c): LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE and
 *    LINUX_HAS_SYSCALL_WRAPPER.
 * __ksym externs: ksyms.c. Then every strong extern must have been found;
 * a weak one that was not reads 0 (its .kconfig bytes stay 0, its address
 * is 0 and a call to it is poisoned: relocate/flatten.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bpf_syscall.h"
#include "kernel.h"

/* LINUX_VERSION_CODE's encoding, the patch level capped at 255 as the
 * kernel's KERNEL_VERSION() does since 4.14.256 overflowed it. */
static uint32_t version_code(unsigned major, unsigned minor, unsigned patch)
{
	return (major << 16) + (minor << 8) + (patch > 255 ? 255 : patch);
}

/* libbpf's get_kernel_version(): distributions' kernels may report a
 * release whose patch level is not the one they were built as (Ubuntu's
 * "5.4.0-26-generic" is 5.4.30, Debian's "6.1.0-57-cloud-amd64" is
 * 6.1.192), and say the real one elsewhere: Ubuntu in
 * /proc/version_signature ("Ubuntu 5.4.0-26.30-generic 5.4.30"), Debian in
 * uname's version ("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2025-...)").
 * 0 when none of them has three numbers. */
uint32_t rb_linux_kernel_version(char *source, size_t size)
{
	unsigned major, minor, patch;
	struct utsname u;
	const char *debian;
	FILE *f = fopen("/proc/version_signature", "re");

	if (f) {
		int n = fscanf(f, "%*s %*s %u.%u.%u", &major, &minor, &patch);
		fclose(f);
		if (n == 3) {
			snprintf(source, size, "/proc/version_signature");
			return version_code(major, minor, patch);
		}
	}
	if (uname(&u) != 0)
		return 0;
	debian = strstr(u.version, "Debian ");
	if (debian && sscanf(debian, "Debian %u.%u.%u", &major, &minor, &patch) == 3) {
		snprintf(source, size, "uname version: Debian %u.%u.%u", major, minor, patch);
		return version_code(major, minor, patch);
	}
	if (sscanf(u.release, "%u.%u.%u", &major, &minor, &patch) != 3)
		return 0;
	snprintf(source, size, "uname release %u.%u.%u", major, minor, patch);
	return version_code(major, minor, patch);
}

/* LINUX_HAS_BPF_COOKIE: libbpf's probe, a kprobe program that calls
 * bpf_get_attach_cookie() (Linux 5.15); the verifier refuses an unknown
 * helper. Nothing stays loaded. */
int rb_kernel_has_bpf_cookie(void)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_attach_cookie },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = rb_ptr(insns);
	attr.insn_cnt = 2;
	attr.license = rb_ptr("GPL");
	fd = rb_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* A virtual LINUX_* extern; `*known` = 0 for a name libbpf does not know. */
static int virtual_value(struct rb_object *obj, const struct rb_extern *ext, uint64_t *value,
			 char *source, size_t size, int *known, struct rb_error *err)
{
	*known = 1;
	if (strcmp(ext->name, "LINUX_KERNEL_VERSION") == 0) {
		*value = rb_linux_kernel_version(source, size);
		if (!*value)
			return rb_fail(err, RB_ERR_SYSTEM, "%s: extern LINUX_KERNEL_VERSION: the "
				       "kernel's version has no three numbers (uname -r, "
				       "/proc/version_signature)", obj->path);
		return 0;
	}
	if (strcmp(ext->name, "LINUX_HAS_BPF_COOKIE") == 0) {
		*value = (uint64_t)rb_kernel_has_bpf_cookie();
		snprintf(source, size, "probe: bpf_get_attach_cookie() in a kprobe program");
		return 0;
	}
	if (strcmp(ext->name, "LINUX_HAS_SYSCALL_WRAPPER") == 0)
		return rb_has_syscall_wrapper(obj, value, source, size, err);
	*known = 0;
	return 0;
}

static int resolve_virtuals(struct rb_object *obj, struct rb_error *err)
{
	for (size_t i = 0; i < obj->extern_count; i++) {
		struct rb_extern *ext = &obj->externs[i];
		char source[96] = "";
		uint64_t value = 0;
		int known;

		if (ext->kind != RB_EXTERN_KCONFIG || strncmp(ext->name, "CONFIG_", 7) == 0)
			continue;
		if (virtual_value(obj, ext, &value, source, sizeof(source), &known, err))
			return -1;
		if (!known && strncmp(ext->name, "LINUX_", 6) == 0 && ext->weak) {
			snprintf(ext->why, sizeof(ext->why), "a LINUX_ extern libbpf does not know");
			continue; /* libbpf: an unknown weak LINUX_ one reads 0 */
		}
		if (!known)
			return rb_fail(err, RB_ERR_INPUT, "%s: extern %s: a __kconfig extern must be "
				       "a CONFIG_ option or one of libbpf's LINUX_KERNEL_VERSION, "
				       "LINUX_HAS_BPF_COOKIE, LINUX_HAS_SYSCALL_WRAPPER", obj->path,
				       ext->name);
		if (rb_kconfig_set_number(obj, ext, value, source, err))
			return -1;
		rb_narrate(&obj->narrator, "extern %s = %llu (0x%llx): %s", ext->name,
			   (unsigned long long)value, (unsigned long long)value, source);
	}
	return 0;
}

static int wants_config(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->extern_count; i++)
		if (obj->externs[i].kind == RB_EXTERN_KCONFIG &&
		    strncmp(obj->externs[i].name, "CONFIG_", 7) == 0)
			return 1;
	return 0;
}

/* CONFIG_* externs from the kernel's config. A kernel with no config to
 * be found is not an error by itself: weak externs then read 0, and a
 * strong one is refused below, with the reason. */
static int resolve_config(struct rb_object *obj, struct rb_error *err)
{
	struct rb_kernel_config cfg;
	struct rb_error why = { 0 };
	int ret;

	if (!wants_config(obj))
		return 0;
	ret = obj->kconfig_path
		      ? rb_kernel_config_read_from(obj->kconfig_path, obj->kconfig_path, &cfg, &why)
		      : rb_kernel_config_read(&cfg, &why);
	if (ret && why.errnum == ENOENT && obj->kconfig_path)
		return rb_fail(err, RB_ERR_INPUT, "%s: the kernel config to read __kconfig externs "
			       "from, %s, does not exist", obj->path, obj->kconfig_path);
	if (ret && why.errnum == ENOENT) {
		for (size_t i = 0; i < obj->extern_count; i++)
			if (obj->externs[i].kind == RB_EXTERN_KCONFIG &&
			    strncmp(obj->externs[i].name, "CONFIG_", 7) == 0)
				snprintf(obj->externs[i].why, sizeof(obj->externs[i].why), "%.300s",
					 why.msg);
		rb_narrate(&obj->narrator, "%s", why.msg);
		return 0;
	}
	if (ret) {
		*err = why;
		return -1;
	}
	rb_narrate(&obj->narrator, "kernel config: %s (%zu bytes%s)", cfg.path, cfg.size,
		   cfg.compressed ? ", gzip'd" : "");
	ret = rb_kconfig_apply_config(obj, cfg.text, cfg.size, cfg.path, err);
	for (size_t i = 0; !ret && i < obj->extern_count; i++) {
		struct rb_extern *ext = &obj->externs[i];
		char value[96];

		if (ext->kind != RB_EXTERN_KCONFIG || strncmp(ext->name, "CONFIG_", 7) != 0)
			continue;
		if (ext->resolved) {
			rb_kconfig_value_str(obj, ext, value, sizeof(value));
			rb_narrate(&obj->narrator, "extern %s = %s: %s", ext->name, value, cfg.path);
		} else {
			snprintf(ext->why, sizeof(ext->why), "%.200s does not set it", cfg.path);
		}
	}
	rb_kernel_config_free(&cfg);
	return ret;
}

/* Every strong extern the kernel lacks, in one message: each with why. */
static int refuse_missing(struct rb_object *obj, struct rb_error *err)
{
	char list[sizeof(err->msg)] = "";
	size_t used = 0, count = 0;

	for (size_t i = 0; i < obj->extern_count; i++) {
		struct rb_extern *ext = &obj->externs[i];

		if (ext->resolved || ext->kind == RB_EXTERN_UNKNOWN)
			continue;
		if (ext->weak) {
			rb_narrate(&obj->narrator, "extern %s (weak): not found (%s): it reads 0",
				   ext->name, ext->why[0] ? ext->why : "missing");
			continue;
		}
		if (used < sizeof(list))
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s: %s",
						 count ? "; " : "", ext->name,
						 ext->why[0] ? ext->why : "not found");
		count++;
	}
	if (!count)
		return 0;
	return rb_fail(err, RB_ERR_INPUT, "%s: %s not found (a __weak extern may be missing, "
		       "and reads 0): %s", obj->path, count == 1 ? "an extern was" : "externs were",
		       list);
}

int rb_resolve_externs(struct rb_object *obj, struct rb_error *err)
{
	if (!obj->extern_count)
		return 0;
	/* a second load starts from nothing, as the first did */
	for (size_t i = 0; i < obj->extern_count; i++) {
		struct rb_extern *ext = &obj->externs[i];
		if (ext->kind == RB_EXTERN_UNKNOWN)
			continue;
		ext->resolved = 0;
		ext->source[0] = ext->why[0] = '\0';
		ext->kernel_btf_id = ext->fd_array_index = 0;
		ext->kernel_btf_fd = 0;
		ext->address = 0;
	}
	if (obj->kconfig_map >= 0)
		memset(obj->maps[obj->kconfig_map].init_value, 0,
		       obj->maps[obj->kconfig_map].value_size);
	if (resolve_virtuals(obj, err) || resolve_config(obj, err) || rb_resolve_ksyms(obj, err) ||
	    refuse_missing(obj, err)) {
		rb_externs_release(obj);
		return -1;
	}
	return 0;
}

void rb_externs_release(struct rb_object *obj)
{
	for (size_t i = 0; i < obj->module_count; i++)
		close(obj->modules[i].fd);
	free(obj->modules);
	obj->modules = NULL;
	obj->module_count = 0;
	free(obj->fd_array);
	obj->fd_array = NULL;
	obj->fd_array_count = 0;
	for (size_t i = 0; i < obj->extern_count; i++)
		obj->externs[i].kernel_btf_fd = 0; /* closed with its module */
}

/* The last line of the log naming `pattern`, from the end: the verifier
 * stops at the first problem, so that is the one. */
static const char *last_with(const char *log, const char *pattern)
{
	const char *found = NULL;

	for (const char *p = log; (p = strstr(p, pattern)); p++)
		found = p;
	return found;
}

void rb_externs_refusal_note(const struct rb_object *obj, const char *log, char *buf, size_t size)
{
	const char *at;
	char name[128];
	int index;

	buf[0] = '\0';
	if (!log)
		return;
	/* kernel/bpf/verifier.c, check_pseudo_btf_id(): a typed __ksym
	 * variable's address is looked up by name in kallsyms */
	at = last_with(log, "ldimm64 failed to find the address for kernel symbol '");
	if (at && sscanf(at, "ldimm64 failed to find the address for kernel symbol '%127[^']'",
			 name) == 1) {
		snprintf(buf, size, "\nThe kernel finds a typed __ksym variable (%s) by name in "
			 "kallsyms when it verifies the program, and this kernel's kallsyms has no "
			 "variables: it was built without CONFIG_KALLSYMS_ALL, and cannot give BPF "
			 "programs the address of its variables.", name);
		return;
	}
	/* libbpf's poison for a weak kfunc the kernel lacks (relocate/externs.c),
	 * reached: "invalid func unknown#2002000004" */
	at = last_with(log, "invalid func unknown#");
	if (at && sscanf(at, "invalid func unknown#%d", &index) == 1 &&
	    index >= RB_POISON_KFUNC_BASE && (size_t)(index - RB_POISON_KFUNC_BASE) <
						 obj->extern_count) {
		const struct rb_extern *ext = &obj->externs[index - RB_POISON_KFUNC_BASE];
		snprintf(buf, size, "\nThe call the verifier stopped at is to kfunc %.60s, which is "
			 "__weak and which this kernel lacks (%.200s), and it can be reached: call it "
			 "only under if (bpf_ksym_exists(%.60s)).", ext->name,
			 ext->why[0] ? ext->why : "not found", ext->name);
	}
}
