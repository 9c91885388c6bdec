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
 *     the built-in order (CONFIG_LSM) as a whole; the last one counts
 *     (security/security.c choose_lsm_order() keeps each it is given);
 *   - else the built-in order, CONFIG_LSM in the kernel's config
 *     (kernel_config.c), when it can be read;
 *   - else unknown here.
 * rb_lsm_decide() and rb_lsm_hint_for() decide from those texts alone
 * (tests/unit/test_lsm_active.c gives them fixtures); the two functions
 * at the end read the running system's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "loader/open/read_file.h"

#define SECURITYFS_LSM "/sys/kernel/security/lsm"

/* capability numbers, include/uapi/linux/capability.h */
#define CAP_SYS_ADMIN 21
#define CAP_PERFMON 38 /* Linux 5.8, as CAP_BPF */
#define CAP_BPF 39

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

/* The value of the last lsm= of a kernel command line, or NULL. Words
 * after a lone "--" are init's arguments, not the kernel's
 * (init/main.c). */
static const char *cmdline_lsm(const char *cmdline, size_t *len)
{
	const char *found = NULL, *end = strstr(cmdline, " -- ");

	if (strncmp(cmdline, "-- ", 3) == 0)
		return NULL;
	for (const char *p = cmdline; (p = strstr(p, "lsm=")) != NULL; p += 4) {
		if (end && p > end)
			break;
		if (p != cmdline && p[-1] != ' ')
			continue; /* "xlsm=" is another parameter */
		found = p + 4;
	}
	if (found)
		*len = strcspn(found, " \n");
	return found;
}

/* CONFIG_LSM="a,b,c" of a kernel config's text: 1, 0, or -1 not there. */
static int config_lsm(const char *config, char *list, size_t size, const char **source)
{
	for (const char *v = config; (v = strstr(v, "CONFIG_LSM=\"")) != NULL; v++) {
		size_t len;

		if (v != config && v[-1] != '\n')
			continue;
		v += strlen("CONFIG_LSM=\"");
		len = strcspn(v, "\"\n");
		snprintf(list, size, "%.*s", (int)len, v);
		*source = "CONFIG_LSM (no lsm= on the kernel command line)";
		return has_bpf(v, len);
	}
	return -1;
}

int rb_lsm_decide(const char *securityfs, const char *cmdline, const char *config, char *list,
		  size_t size, const char **source)
{
	const char *v;
	size_t len;

	list[0] = '\0';
	*source = NULL;
	if (securityfs) {
		*source = SECURITYFS_LSM;
		snprintf(list, size, "%.*s", (int)strcspn(securityfs, "\n"), securityfs);
		return has_bpf(list, strlen(list));
	}
	v = cmdline ? cmdline_lsm(cmdline, &len) : NULL;
	if (v) {
		snprintf(list, size, "%.*s", (int)len, v);
		*source = "the kernel command line's lsm=";
		return has_bpf(v, len);
	}
	return config ? config_lsm(config, list, size, source) : -1;
}

const char *rb_lsm_hint_for(char *buf, size_t size, int errnum, int active, const char *list,
			    const char *source, int privileged)
{
	if (errnum == EPERM && !privileged)
		/* kernel/bpf/syscall.c bpf_prog_load(): LSM programs are
		 * is_perfmon_prog_type(), and every type but two needs CAP_BPF */
		snprintf(buf, size, "\nLoading BPF LSM programs needs CAP_BPF and CAP_PERFMON "
			 "(Linux 5.8; before, CAP_SYS_ADMIN), or root, and this process has "
			 "neither (CapEff in /proc/self/status): run it as root.");
	else if (active == 1 && errnum == EPERM)
		/* a BPF LSM program is called through a BPF trampoline on
		 * bpf_lsm_HOOK (kernel/bpf/trampoline.c), as fentry, fexit and
		 * fmod_ret programs are; a kernel that forbids attaching BPF to
		 * its functions refuses all of them alike, EPERM and no log */
		snprintf(buf, size, "\nbpf is an active LSM (%s: %s) and this process has the "
			 "capabilities, yet the kernel refused the program (EPERM). BPF LSM "
			 "programs are called through a BPF trampoline on the kernel function "
			 "bpf_lsm_HOOK, as fentry/fexit programs are, and a kernel that forbids "
			 "BPF trampolines refuses them so (check: an fentry program fails the "
			 "same way, and /sys/kernel/tracing/available_filter_functions cannot be "
			 "read). Nothing in the program can change that: run it on a kernel that "
			 "allows fentry "
			 "programs (Debian's and Ubuntu's do), or watch the event from a "
			 "tracepoint/ or tp_btf/ program, which needs no trampoline.",
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

int rb_lsm_bpf_active(char *list, size_t size, const char **source)
{
	char securityfs[512], cmdline[4096];
	struct rb_kernel_config cfg;
	int have_cmdline, have_cfg, ret;

	if (rb_read_small_file(SECURITYFS_LSM, securityfs, sizeof(securityfs)) >= 0)
		return rb_lsm_decide(securityfs, NULL, NULL, list, size, source);
	have_cmdline = rb_read_small_file("/proc/cmdline", cmdline, sizeof(cmdline)) >= 0;
	have_cfg = rb_kernel_config_read(&cfg, NULL) == 0;
	ret = rb_lsm_decide(NULL, have_cmdline ? cmdline : NULL, have_cfg ? cfg.text : NULL, list,
			    size, source);
	if (have_cfg)
		rb_kernel_config_free(&cfg);
	return ret;
}

/* Does this process have CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN (what
 * loading an LSM program takes)? The effective set is the CapEff line of
 * /proc/self/status, in hex (proc(5)). Unknown counts as yes: the other
 * hints stay possible. */
static int privileged(void)
{
	char status[8192];
	const char *p;
	unsigned long long caps;

	if (rb_read_small_file("/proc/self/status", status, sizeof(status)) < 0 ||
	    !(p = strstr(status, "\nCapEff:")))
		return 1;
	caps = strtoull(p + strlen("\nCapEff:"), NULL, 16);
	return (caps >> CAP_SYS_ADMIN & 1) || ((caps >> CAP_BPF & 1) && (caps >> CAP_PERFMON & 1));
}

const char *rb_lsm_hint(char *buf, size_t size, int errnum)
{
	const char *source;
	char list[512];
	int active = rb_lsm_bpf_active(list, sizeof(list), &source);

	return rb_lsm_hint_for(buf, size, errnum, active, list, source,
			       errnum != EPERM || privileged());
}
