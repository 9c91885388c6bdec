/* Which Linux security modules (LSMs) are active, for BPF LSM programs.
 *
 * A program of lsm/HOOK attaches to the kernel function bpf_lsm_HOOK,
 * which the kernel calls only when "bpf" is one of the active LSMs
 * (security/bpf/hooks.c registers the hooks at boot). Built with
 * CONFIG_BPF_LSM but not active, the kernel loads and attaches the program
 * without complaint, and it never runs. The active list is:
 *   - /sys/kernel/security/lsm, in securityfs (Linux 4.15), when that is
 *     mounted (rawbpf does not mount it);
 *   - else the lsm= boot parameter, when given (Linux 5.1), which replaces
 *     the built-in order (CONFIG_LSM) as a whole;
 *   - else the built-in order, CONFIG_LSM in the kernel's config
 *     (kernel_config.c), when it can be read;
 *   - else unknown here. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel.h"
#include "loader/open/read_file.h"

#define SECURITYFS_LSM "/sys/kernel/security/lsm"

/* Is "bpf" a comma-separated item of list[0, len)? */
static int has_bpf(const char *list, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t s = i;

		while (i < len && list[i] != ',')
			i++;
		if (i - s == 3 && memcmp(list + s, "bpf", 3) == 0)
			return 1;
		i++;
	}
	return 0;
}

/* The value of lsm= in the kernel command line, or NULL. */
static const char *cmdline_lsm(const char *cmdline, size_t *len)
{
	for (const char *p = cmdline; (p = strstr(p, "lsm=")) != NULL; p += 4) {
		if (p != cmdline && p[-1] != ' ')
			continue; /* "xlsm=" is another parameter */
		p += 4;
		*len = strcspn(p, " \n");
		return p;
	}
	return NULL;
}

/* CONFIG_LSM="a,b,c" from the kernel's config: 1, 0, or -1 unknown. */
static int config_lsm(char *list, size_t size, const char **source)
{
	struct rb_kernel_config cfg;
	const char *v;
	size_t len;
	int found = -1;

	if (rb_kernel_config_read(&cfg, NULL))
		return -1;
	for (v = cfg.text; (v = strstr(v, "CONFIG_LSM=\"")) != NULL; v++) {
		if (v != cfg.text && v[-1] != '\n')
			continue;
		v += strlen("CONFIG_LSM=\"");
		len = strcspn(v, "\"\n");
		snprintf(list, size, "%.*s", (int)len, v);
		*source = "CONFIG_LSM (no lsm= on the kernel command line)";
		found = has_bpf(v, len);
		break;
	}
	rb_kernel_config_free(&cfg);
	return found;
}

int rb_lsm_bpf_active(char *list, size_t size, const char **source)
{
	char cmdline[4096];
	const char *v;
	size_t len;
	ssize_t n = rb_read_small_file(SECURITYFS_LSM, list, size);

	if (n >= 0) {
		*source = SECURITYFS_LSM;
		list[strcspn(list, "\n")] = '\0';
		return has_bpf(list, strlen(list));
	}
	list[0] = '\0';
	*source = NULL;
	if (rb_read_small_file("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		return -1;
	v = cmdline_lsm(cmdline, &len);
	if (v) {
		snprintf(list, size, "%.*s", (int)len, v);
		*source = "the kernel command line's lsm=";
		return has_bpf(v, len);
	}
	return config_lsm(list, size, source);
}

/* "\n" and what to do, for a refused or silent LSM program. */
const char *rb_lsm_hint(char *buf, size_t size, int errnum)
{
	const char *source;
	char list[512];
	int active = rb_lsm_bpf_active(list, sizeof(list), &source);

	if (active == 1 && errnum == EPERM)
		/* the programs are called through a BPF trampoline, as fentry
		 * and fexit are (kernel/bpf/trampoline.c) */
		snprintf(buf, size, "\nbpf is an active LSM (%s: %s), but the kernel refused "
			 "the program (EPERM): BPF LSM programs run through BPF trampolines, as "
			 "fentry/fexit programs do, and this kernel forbids those here.",
			 source, list);
	else if (active == 1)
		snprintf(buf, size, "%s", "");
	else if (active == 0)
		snprintf(buf, size, "\nBPF LSM programs run only when bpf is an active LSM, and "
			 "it is not: %s is \"%s\". Add bpf to the kernel command line "
			 "(lsm=%s,bpf) and reboot.", source, list, list);
	else
		snprintf(buf, size, "\nBPF LSM programs need a kernel built with CONFIG_BPF_LSM "
			 "and bpf among the active LSMs: check with cat %s (mount -t securityfs "
			 "none /sys/kernel/security first if it is not mounted) and CONFIG_LSM in "
			 "the kernel's config; enable it with lsm=...,bpf on the kernel command "
			 "line.", SECURITYFS_LSM);
	return buf;
}
