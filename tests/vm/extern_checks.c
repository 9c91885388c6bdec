/* The VM cases for externs (tests/vm/init.c), judged against what this VM's
 * kernel says itself: its config at /boot/config-$(uname -r) (run.sh puts
 * each kernel's there: Debian's kernels have no /proc/config.gz), uname,
 * /proc/kallsyms. Each returns 1 when the run is right, else 0 with why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* The value bytes of map `map` in run --json output. */
static size_t map_value(const char *out, const char *map, uint8_t *bytes, size_t size)
{
	char needle[64];
	const char *at, *hex;
	size_t n = 0;

	snprintf(needle, sizeof(needle), "\"map\":\"%s\"", map);
	at = strstr(out, needle);
	hex = at ? strstr(at, "\"value\":\"") : NULL;
	if (!hex)
		return 0;
	for (hex += 9; n < size && hex[0] != '"' && hex[1] != '"'; hex += 2) {
		unsigned v;
		if (sscanf(hex, "%2x", &v) != 1)
			return 0;
		bytes[n++] = (uint8_t)v;
	}
	return n;
}

static uint64_t le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static char config[1 << 20];

static int read_config(char *why, size_t size)
{
	struct utsname u;
	char path[300];
	FILE *f;
	size_t n;

	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = fopen(path, "r");
	if (!f) {
		snprintf(why, size, "no %s in the initramfs", path);
		return 0;
	}
	n = fread(config, 1, sizeof(config) - 1, f);
	config[n] = '\0';
	fclose(f);
	return 1;
}

static const char *value_of(const char *name, char *buf, size_t size)
{
	char needle[96];
	const char *at;

	snprintf(needle, sizeof(needle), "\n%s=", name);
	at = strstr(config, needle);
	buf[0] = '\0';
	if (at) {
		at += strlen(needle);
		snprintf(buf, size, "%.*s", (int)strcspn(at, "\n"), at);
	}
	return buf;
}

static uint64_t number(const char *name)
{
	char v[64];

	return strtoull(value_of(name, v, sizeof(v)), NULL, 0);
}

/* LINUX_KERNEL_VERSION as libbpf computes it on Debian: the version in
 * uname's version string ("... Debian 6.1.192-3 ..."), not the release's
 * 6.1.0. */
static uint64_t kernel_version(void)
{
	unsigned a = 0, b = 0, c = 0;
	struct utsname u;
	const char *debian;

	uname(&u);
	debian = strstr(u.version, "Debian ");
	if (!(debian && sscanf(debian, "Debian %u.%u.%u", &a, &b, &c) == 3))
		sscanf(u.release, "%u.%u.%u", &a, &b, &c);
	return ((uint64_t)a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

#define WANT(what, got, want)                                                               \
	do {                                                                                  \
		if ((uint64_t)(got) != (uint64_t)(want)) {                                    \
			snprintf(why, size, "%s is %llu, the kernel says %llu", what,         \
				 (unsigned long long)(got), (unsigned long long)(want));      \
			return 0;                                                             \
		}                                                                             \
	} while (0)

/* tests/progs/extern_kconfig.bpf.c's .kconfig, laid out as libbpf does
 * (tests/unit/test_externs.c lists the offsets), and what the program
 * copied into .bss. */
int vm_check_kconfig(int status, const char *out, const char *err, char *why, size_t size)
{
	uint8_t k[64], bss[136];
	char tun[8], s[64];

	(void)err;
	if (status != 0) {
		snprintf(why, size, "exit status %d", status);
		return 0;
	}
	if (!read_config(why, size))
		return 0;
	if (map_value(out, ".kconfig", k, sizeof(k)) != 64 ||
	    map_value(out, ".bss", bss, sizeof(bss)) != 136) {
		snprintf(why, size, "no .kconfig or .bss map in the output");
		return 0;
	}
	WANT("CONFIG_ILLEGAL_POINTER_VALUE", le(k, 8), number("CONFIG_ILLEGAL_POINTER_VALUE"));
	WANT("CONFIG_HZ", le(k + 8, 4), number("CONFIG_HZ"));
	WANT("CONFIG_RAWBPF_NOT_AN_OPTION", le(k + 12, 4), 0);
	value_of("CONFIG_TUN", tun, sizeof(tun));
	WANT("CONFIG_TUN", le(k + 16, 4), tun[0] == 'y' ? 1 : tun[0] == 'm' ? 2 : 0);
	WANT("LINUX_KERNEL_VERSION", le(k + 20, 4), kernel_version());
	WANT("CONFIG_NR_CPUS", le(k + 24, 2), number("CONFIG_NR_CPUS"));
	WANT("CONFIG_BPF_JIT", k[26], 'y');
	WANT("CONFIG_BPF_SYSCALL", k[27], 1);
	WANT("CONFIG_FUNCTION_ERROR_INJECTION", k[28], 0);
	WANT("CONFIG_LOG_BUF_SHIFT", k[29], number("CONFIG_LOG_BUF_SHIFT"));
	WANT("LINUX_HAS_BPF_COOKIE", k[30], 1);
	WANT("LINUX_HAS_SYSCALL_WRAPPER", k[31], 1);
	value_of("CONFIG_DEFAULT_HOSTNAME", s, sizeof(s));
	if (strlen(s) < 2 || strncmp((const char *)k + 32, s + 1, strlen(s) - 2) != 0) {
		snprintf(why, size, "CONFIG_DEFAULT_HOSTNAME is \"%.16s\", the kernel says %s",
			 (const char *)k + 32, s);
		return 0;
	}
	/* the program read them the same (seen.hz at 16, seen.version at 72,
	 * seen.runs at 128) */
	WANT("seen.hz", le(bss + 16, 8), number("CONFIG_HZ"));
	WANT("seen.version", le(bss + 72, 8), kernel_version());
	WANT("seen.runs", le(bss + 128, 8), 1);
	return 1;
}

/* kallsyms' address of `name`, 0 when it has none. */
static uint64_t kallsyms(const char *name)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], sym[256], type;
	unsigned long long addr;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 && strcmp(sym, name) == 0) {
			fclose(f);
			return addr;
		}
	if (f)
		fclose(f);
	return 0;
}

/* extern_ksym_typeless.bpf.c: this kernel lists variables in kallsyms
 * (CONFIG_KALLSYMS_ALL), so the typeless bpf_prog_active resolves there. */
int vm_check_typeless(int status, const char *out, const char *err, char *why, size_t size)
{
	uint8_t bss[8];

	(void)err;
	if (status != 0) {
		snprintf(why, size, "exit status %d", status);
		return 0;
	}
	if (map_value(out, ".bss", bss, sizeof(bss)) != 8) {
		snprintf(why, size, "no .bss in the output");
		return 0;
	}
	WANT("&bpf_prog_active", le(bss, 8), kallsyms("bpf_prog_active"));
	return le(bss, 8) != 0 || (snprintf(why, size, "bpf_prog_active at 0"), 0);
}

/* extern_ksym.bpf.c: bpf_rcu_read_lock is a kfunc since Linux 6.2, so 6.1
 * refuses the object by name (a strong kfunc it lacks); later kernels run
 * it: both programs once, the weak externs absent, _stext as kallsyms has
 * it. */
int vm_check_kfuncs(int status, const char *out, const char *err, char *why, size_t size)
{
	struct utsname u;
	unsigned major = 0, minor = 0;
	uint8_t bss[40];

	uname(&u);
	sscanf(u.release, "%u.%u", &major, &minor);
	if (major < 6 || (major == 6 && minor < 2)) {
		if (status == 2 && strstr(err, "bpf_rcu_read_lock") && strstr(err, "not found"))
			return 1;
		snprintf(why, size, "exit status %d without naming bpf_rcu_read_lock", status);
		return 0;
	}
	if (status != 0) {
		snprintf(why, size, "exit status %d", status);
		return 0;
	}
	if (map_value(out, ".bss", bss, sizeof(bss)) != 40) {
		snprintf(why, size, "no .bss in the output");
		return 0;
	}
	WANT("seen.stext", le(bss, 8), kallsyms("_stext"));
	WANT("seen.var_exists", le(bss + 8, 8), 0);
	WANT("seen.kfunc_exists", le(bss + 16, 8), 0);
	WANT("seen.tp_runs", le(bss + 24, 8), 1);
	WANT("seen.kfunc_runs", le(bss + 32, 8), 1);
	return 1;
}

/* extern_kfunc_module.bpf.c: the fou module's kfunc (Linux 6.5+; init
 * loaded the module). Before 6.5 the module has no such function, and the
 * strong extern is refused by name; after, the program loads with the
 * call's off naming fd_array[1], the module's BTF fd. */
int vm_check_module_kfunc(int status, const char *out, const char *err, char *why, size_t size)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	(void)out;
	uname(&u);
	sscanf(u.release, "%u.%u", &major, &minor);
	if (major < 6 || (major == 6 && minor < 5)) {
		if (status == 2 && strstr(err, "bpf_skb_set_fou_encap") && strstr(err, "not found"))
			return 1;
		snprintf(why, size, "exit status %d without naming bpf_skb_set_fou_encap", status);
		return 0;
	}
	if (status != 0) {
		snprintf(why, size, "exit status %d", status);
		return 0;
	}
	if (!strstr(err, "kfunc bpf_skb_set_fou_encap -> module fou BTF id") ||
	    !strstr(err, "off 1 (fd_array[1])") || !strstr(err, "fou: BTF object id")) {
		snprintf(why, size, "the narration does not show the call through fd_array[1]");
		return 0;
	}
	return 1;
}
