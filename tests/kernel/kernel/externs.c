/* Externs on the running kernel: __kconfig values compared with the config
 * and uname as this test reads them itself (through zcat, not rawbpf's
 * inflate), __ksym kfuncs, addresses compared with /proc/kallsyms, typed
 * kernel variables, weak externs the kernel lacks, and the refusals that
 * name what is missing. The objects are tests/progs/extern_*.bpf.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cases.h"
#include "check.h"
#include "netns.h"

/* The bytes of map MAP's one value, from run --json. */
static size_t map_bytes(const struct result *r, const char *map, uint8_t *out, size_t size)
{
	char needle[64], line[8192], hex[8192];
	int n;

	snprintf(needle, sizeof(needle), "\"map\":\"%s\"", map);
	if (find_line(r->out, (const char *const[]){ "\"type\":\"map\"", needle, NULL }, line,
		      sizeof(line)) ||
	    json_field(line, "value", hex, sizeof(hex)) || (n = hex_decode(hex, out, size)) <= 0)
		fail_run(r, "no value of map %s", map);
	return (size_t)n;
}

/* The running kernel's config, as text: where libbpf looks, decompressed
 * by zcat (-f: a plain file passes through). NULL when there is none. */
static char *kernel_config(void)
{
	static const char *const places[] = { NULL, "/proc/config.gz" };
	char boot[300];
	struct utsname u;
	struct result r;

	uname(&u);
	snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
	for (int i = 0; i < 2; i++) {
		const char *path = places[i] ? places[i] : boot;
		char *argv[] = { "zcat", "-f", (char *)path, NULL };
		char *text;

		if (access(path, R_OK) != 0)
			continue;
		run_argv(&r, argv);
		text = r.status == 0 ? strdup(r.out) : NULL;
		result_free(&r);
		return text;
	}
	return NULL;
}

/* The value of `name` in the config text ("" when it is not set). */
static const char *config_value(const char *config, const char *name, char *buf, size_t size)
{
	char needle[128];
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

static uint64_t config_number(const char *config, const char *name)
{
	char v[64];

	config_value(config, name, v, sizeof(v));
	if (!v[0])
		fail_msg("the kernel's config has no %s", name);
	return strtoull(v, NULL, 0);
}

/* The string value without its quotes. */
static const char *config_string(const char *config, const char *name, char *buf, size_t size)
{
	char v[128];
	size_t len;

	config_value(config, name, v, sizeof(v));
	len = strlen(v);
	if (len < 2 || v[0] != '"' || v[len - 1] != '"')
		fail_msg("%s=%s is not a string", name, v);
	snprintf(buf, size, "%.*s", (int)(len - 2), v + 1);
	return buf;
}

/* LINUX_KERNEL_VERSION as libbpf computes it (written again here from its
 * description: Ubuntu's /proc/version_signature, Debian's uname version,
 * else the release; the patch level capped at 255). */
static uint64_t expected_kernel_version(void)
{
	unsigned a, b, c;
	struct utsname u;
	const char *debian;
	FILE *f = fopen("/proc/version_signature", "r");

	if (f) {
		int n = fscanf(f, "%*s %*s %u.%u.%u", &a, &b, &c);
		fclose(f);
		if (n == 3)
			goto done;
	}
	uname(&u);
	debian = strstr(u.version, "Debian ");
	if (!(debian && sscanf(debian, "Debian %u.%u.%u", &a, &b, &c) == 3) &&
	    sscanf(u.release, "%u.%u.%u", &a, &b, &c) != 3)
		fail_msg("uname release %s has no three numbers", u.release);
done:
	return ((uint64_t)a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

/* The address of `name` in /proc/kallsyms and how many variables (d, D,
 * b, B) it lists. */
static uint64_t kallsyms(const char *name, size_t *variables)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], sym[256], type;
	unsigned long long addr, found = 0;

	*variables = 0;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3) {
			if (strchr("dDbB", type))
				++*variables;
			if (!found && strcmp(sym, name) == 0)
				found = addr;
		}
	fclose(f);
	return found;
}

/* kallsyms lists variables only with CONFIG_KALLSYMS_ALL (ksyms.c uses
 * the same bound). */
static int kallsyms_has_variables(void)
{
	size_t variables;

	kallsyms("_stext", &variables);
	return variables >= 1000;
}

struct kconfig_seen {
	uint64_t illegal_pointer, nr_cpus;
	int64_t hz;
	uint64_t log_buf_shift, bpf_syscall, tun, jit, missing, not_set, version, cookie, wrapper;
	char localversion[16], hostname[16];
	uint64_t runs;
};

static void read_seen(const struct result *r, struct kconfig_seen *seen)
{
	uint8_t bytes[sizeof(*seen)];

	if (map_bytes(r, ".bss", bytes, sizeof(bytes)) != sizeof(*seen))
		fail_run(r, ".bss is not a struct kconfig_seen");
	memcpy(seen, bytes, sizeof(*seen));
}

#define EXPECT_SEEN(r, field, want)                                                       \
	do {                                                                                \
		if ((uint64_t)(field) != (uint64_t)(want))                                  \
			fail_run(r, #field " is %llu, the kernel says %llu",                 \
				 (unsigned long long)(field), (unsigned long long)(want));  \
	} while (0)

static void kconfig_externs_have_the_kernels_values(void **state)
{
	char *config = kernel_config(), tun[8], want[64];
	struct kconfig_seen seen;
	struct result r;
	uint8_t kconfig[64];

	(void)state;
	if (!config) {
		/* no config: every strong CONFIG_ extern is refused, by name */
		rawbpf(&r, "run", TPROG("extern_kconfig"), "--", "/bin/true");
		expect_status(&r, 2);
		expect_err_line(&r, "CONFIG_HZ", "/proc/config.gz");
		result_free(&r);
		skip();
	}
	rawbpf(&r, "run", "--json", "--verbose", TPROG("extern_kconfig"), "--", DRIVER, "getppid",
	       "1");
	expect_status(&r, 0);
	read_seen(&r, &seen);
	EXPECT_SEEN(&r, seen.runs, 1);
	EXPECT_SEEN(&r, seen.illegal_pointer, config_number(config, "CONFIG_ILLEGAL_POINTER_VALUE"));
	EXPECT_SEEN(&r, seen.nr_cpus, config_number(config, "CONFIG_NR_CPUS"));
	EXPECT_SEEN(&r, seen.hz, config_number(config, "CONFIG_HZ"));
	EXPECT_SEEN(&r, seen.log_buf_shift, config_number(config, "CONFIG_LOG_BUF_SHIFT"));
	EXPECT_SEEN(&r, seen.bpf_syscall, 1);
	config_value(config, "CONFIG_TUN", tun, sizeof(tun));
	EXPECT_SEEN(&r, seen.tun, strcmp(tun, "y") == 0 ? 1 : strcmp(tun, "m") == 0 ? 2 : 0);
	EXPECT_SEEN(&r, seen.jit, 'y');
	EXPECT_SEEN(&r, seen.missing, 0);
	EXPECT_SEEN(&r, seen.not_set, 0);
	EXPECT_SEEN(&r, seen.version, expected_kernel_version());
	EXPECT_SEEN(&r, seen.cookie, 1); /* bpf_get_attach_cookie: Linux 5.15 */
	{
		size_t variables;
		EXPECT_SEEN(&r, seen.wrapper, kallsyms("__x64_sys_bpf", &variables) != 0);
	}
	if (strcmp(seen.localversion, config_string(config, "CONFIG_LOCALVERSION", want,
						    sizeof(want))) != 0 ||
	    strcmp(seen.hostname, config_string(config, "CONFIG_DEFAULT_HOSTNAME", want,
						sizeof(want))) != 0)
		fail_run(&r, "strings: CONFIG_LOCALVERSION \"%.16s\", CONFIG_DEFAULT_HOSTNAME "
			 "\"%.16s\"", seen.localversion, seen.hostname);
	/* the .kconfig map itself, at libbpf's layout (bpftool gen skeleton's) */
	map_bytes(&r, ".kconfig", kconfig, sizeof(kconfig));
	if (le_u64(kconfig + 8, 4) != config_number(config, "CONFIG_HZ"))
		fail_run(&r, ".kconfig+8 is not CONFIG_HZ");
	/* the narration names each relocation with its value */
	snprintf(want, sizeof(want), "(= %llu)",
		 (unsigned long long)config_number(config, "CONFIG_HZ"));
	expect_err_line(&r, "kconfig CONFIG_HZ -> .kconfig+8", want);
	expect_err(&r, "bpf(BPF_MAP_FREEZE, .kconfig) = 0");
	result_free(&r);
	free(config);
}

static const char *write_file(const char *name, const char *text)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, sizeof(path[0]), "/tmp/rawbpf-externs-%d-%s", (int)getpid(), name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

#define FULL_CONFIG \
	"CONFIG_ILLEGAL_POINTER_VALUE=0x10\nCONFIG_NR_CPUS=7\nCONFIG_HZ=-300\n" \
	"CONFIG_LOG_BUF_SHIFT=9\nCONFIG_BPF_SYSCALL=y\nCONFIG_TUN=m\nCONFIG_BPF_JIT=n\n" \
	"CONFIG_LOCALVERSION=\"-given\"\nCONFIG_DEFAULT_HOSTNAME=\"box\"\n"

/* rb_open_opts.kconfig_path (run --kconfig FILE): plain and gzip'd; and
 * what is refused, naming the extern: a strong one missing, a value that
 * does not fit, a file that does not exist. */
static void kconfig_from_a_given_file(void **state)
{
	const char *plain = write_file("plain", FULL_CONFIG);
	char gz[300], cmd[700];
	struct kconfig_seen seen;
	struct result r;

	(void)state;
	rawbpf(&r, "run", "--json", "--kconfig", plain, TPROG("extern_kconfig"), "--", DRIVER,
	       "getppid", "1");
	expect_status(&r, 0);
	read_seen(&r, &seen);
	EXPECT_SEEN(&r, seen.illegal_pointer, 0x10);
	EXPECT_SEEN(&r, seen.nr_cpus, 7);
	EXPECT_SEEN(&r, seen.hz, (uint64_t)(int64_t)-300);
	EXPECT_SEEN(&r, seen.log_buf_shift, 9);
	EXPECT_SEEN(&r, seen.tun, 2);
	EXPECT_SEEN(&r, seen.jit, 'n');
	if (strcmp(seen.localversion, "-given") || strcmp(seen.hostname, "box"))
		fail_run(&r, "strings from the given file");
	result_free(&r);

	snprintf(gz, sizeof(gz), "%s.gz", plain);
	snprintf(cmd, sizeof(cmd), "gzip -c %s > %s", plain, gz);
	assert_int_equal(system(cmd), 0);
	rawbpf(&r, "run", "--json", "--kconfig", gz, TPROG("extern_kconfig"), "--", DRIVER,
	       "getppid", "1");
	expect_status(&r, 0);
	read_seen(&r, &seen);
	EXPECT_SEEN(&r, seen.nr_cpus, 7);
	result_free(&r);

	const char *nohz = write_file("nohz", "CONFIG_NR_CPUS=7\n");
	const char *big = write_file("big", FULL_CONFIG "CONFIG_NR_CPUS=70000\n");
	const char *big2 = write_file("big2", "CONFIG_NR_CPUS=70000\n" FULL_CONFIG);

	rawbpf(&r, "run", "--kconfig", nohz, TPROG("extern_kconfig"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "extern_kconfig.bpf.o", "CONFIG_HZ", "does not set it");
	result_free(&r);

	rawbpf(&r, "run", "--kconfig", big, TPROG("extern_kconfig"), "--", "/bin/true");
	expect_status(&r, 0); /* the first line of a name counts: 7 */
	result_free(&r);
	rawbpf(&r, "run", "--kconfig", big2, TPROG("extern_kconfig"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "CONFIG_NR_CPUS", "70000", "does not fit");
	result_free(&r);

	rawbpf(&r, "run", "--kconfig", "/nonexistent/config", TPROG("extern_kconfig"), "--",
	       "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "/nonexistent/config", "does not exist");
	result_free(&r);

	rawbpf(&r, "run", "--set", "CONFIG_HZ=1", TPROG("extern_kconfig"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "CONFIG_HZ", "__kconfig");
	result_free(&r);
	unlink(plain);
	unlink(gz);
	unlink(nohz);
	unlink(big);
	unlink(big2);
}

struct ksym_seen {
	uint64_t stext, var_exists, kfunc_exists, tp_runs, kfunc_runs;
};

static void kfuncs_and_addresses(void **state)
{
	struct ksym_seen seen;
	struct result r;
	uint8_t bytes[sizeof(seen)];
	size_t variables;

	(void)state;
	rawbpf(&r, "run", "--json", "--verbose", TPROG("extern_ksym"), "--", DRIVER, "getppid",
	       "1");
	expect_status(&r, 0);
	if (map_bytes(&r, ".bss", bytes, sizeof(bytes)) != sizeof(seen))
		fail_run(&r, ".bss is not a struct ksym_seen");
	memcpy(&seen, bytes, sizeof(seen));
	EXPECT_SEEN(&r, seen.tp_runs, 1);
	EXPECT_SEEN(&r, seen.kfunc_runs, 1); /* bpf_rcu_read_lock/unlock were called */
	EXPECT_SEEN(&r, seen.stext, kallsyms("_stext", &variables));
	EXPECT_SEEN(&r, seen.var_exists, 0);
	EXPECT_SEEN(&r, seen.kfunc_exists, 0);
	expect_err_line(&r, "kfunc bpf_rcu_read_lock -> vmlinux BTF id");
	expect_err_line(&r, "kfunc rawbpf_no_such_kfunc (weak, missing) -> call 2002000");
	expect_err_line(&r, "ksym rawbpf_no_such_var -> 0");
	result_free(&r);

	rawbpf(&r, "inspect", TPROG("extern_ksym"));
	expect_status(&r, 0);
	expect_out_line(&r, "bpf_rcu_read_lock", "kfunc", "void bpf_rcu_read_lock()");
	expect_out_line(&r, "_stext", "ksym address");
	expect_out_line(&r, "rawbpf_no_such_kfunc", "kfunc", "weak");
	result_free(&r);
}

/* The kfunc's id in the kernel's BTF, by bpftool (an oracle: rawbpf uses
 * its own parser), against the call's imm in the narration. */
static void kfunc_id_is_the_kernels(void **state)
{
	char *argv[] = { "sh", "-c", "bpftool btf dump file /sys/kernel/btf/vmlinux | "
			 "grep \"FUNC 'bpf_rcu_read_lock'\"", NULL };
	char want[96];
	struct result bt, r;
	unsigned id;

	(void)state;
	run_argv(&bt, argv);
	if (bt.status != 0 || sscanf(bt.out, "[%u]", &id) != 1) {
		result_free(&bt);
		skip(); /* no bpftool */
	}
	result_free(&bt);
	rawbpf(&r, "run", "--verbose", TPROG("extern_ksym"), "--", "/bin/true");
	expect_status(&r, 0);
	snprintf(want, sizeof(want), "kfunc bpf_rcu_read_lock -> vmlinux BTF id %u\n", id);
	expect_err(&r, want);
	result_free(&r);
}

struct var_seen {
	uint64_t prog_active, same_cpu, cpu0, past_last, runs;
};

/* Typed variables need the kernel's own kallsyms to list variables (the
 * verifier finds them there): without CONFIG_KALLSYMS_ALL the kernel
 * refuses, and rawbpf says why. */
static void typed_kernel_variables(void **state)
{
	struct var_seen seen;
	struct result r;
	uint8_t bytes[sizeof(seen)];

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("extern_ksym_var"), "--", DRIVER, "getppid", "1");
	if (!kallsyms_has_variables()) {
		expect_status(&r, 1);
		expect_err_line(&r, "bpf_prog_active", "CONFIG_KALLSYMS_ALL");
		result_free(&r);
		return;
	}
	expect_status(&r, 0);
	if (map_bytes(&r, ".bss", bytes, sizeof(bytes)) != sizeof(seen))
		fail_run(&r, ".bss is not a struct var_seen");
	memcpy(&seen, bytes, sizeof(seen));
	EXPECT_SEEN(&r, seen.runs, 1);
	EXPECT_SEEN(&r, seen.prog_active, 1); /* trace_call_bpf() raised it */
	EXPECT_SEEN(&r, seen.same_cpu, 1);
	EXPECT_SEEN(&r, seen.cpu0, 1);
	EXPECT_SEEN(&r, seen.past_last, 0);
	result_free(&r);
}

/* A typeless variable: its address is in kallsyms only with
 * CONFIG_KALLSYMS_ALL; else the refusal says so (exit 2). */
static void typeless_kernel_variable(void **state)
{
	struct result r;
	size_t variables;
	uint64_t addr = kallsyms("bpf_prog_active", &variables);

	(void)state;
	rawbpf(&r, "run", "--json", TPROG("extern_ksym_typeless"), "--", DRIVER, "getppid", "1");
	if (!kallsyms_has_variables()) {
		expect_status(&r, 2);
		expect_err_line(&r, "extern_ksym_typeless.bpf.o", "bpf_prog_active",
				"CONFIG_KALLSYMS_ALL");
		result_free(&r);
		return;
	}
	expect_status(&r, 0);
	expect_map_u64(&r, ".bss", "00000000", addr);
	result_free(&r);
}

/* Strong externs the kernel does not have: refused before anything is
 * created (rawbpf() checks nothing is left), each named. */
static void strong_missing_ksyms_are_named(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("extern_ksym_missing"), "--", "/bin/true");
	expect_status(&r, 2);
	expect_err_line(&r, "extern_ksym_missing.bpf.o", "rawbpf_no_such_var",
			"rawbpf_no_such_kfunc", "not found");
	result_free(&r);
}

/* A weak kfunc the kernel lacks, called where the verifier can reach it:
 * libbpf's poisoned call is refused, and rawbpf names the kfunc. */
static void reachable_missing_kfunc_is_named(void **state)
{
	struct result r;

	(void)state;
	rawbpf(&r, "run", TPROG("extern_kfunc_unguarded"), "--", "/bin/true");
	expect_status(&r, 1);
	expect_err_line(&r, "invalid func unknown#2002000");
	expect_err_line(&r, "rawbpf_no_such_kfunc", "bpf_ksym_exists");
	result_free(&r);
}

/* A module's kfunc (fou's bpf_skb_set_fou_encap, tc programs, 6.5+): its
 * call's off is the module BTF fd's slot in fd_array. This host has no
 * modules, so the strong extern is refused by name after rawbpf looked in
 * vmlinux's and the modules' BTF; the VMs load fou and run it. */
static void module_kfunc_through_fd_array(void **state)
{
	struct result r;

	(void)state;
	/* a SEC("tc") program: it attaches to lo, of the test's own namespace */
	rawbpf(&r, "run", "--verbose", "--iface", "lo", TPROG("extern_kfunc_module"));
	if (access("/sys/kernel/btf/fou", F_OK) != 0) {
		expect_status(&r, 2);
		expect_err_line(&r, "bpf_skb_set_fou_encap", "not found");
		expect_err(&r, "the BTF of vmlinux or of any module");
		result_free(&r);
		return;
	}
	expect_status(&r, 0);
	expect_err_line(&r, "kfunc bpf_skb_set_fou_encap -> module fou BTF id", "fd_array[1]");
	result_free(&r);
}

const struct CMUnitTest extern_tests[] = {
	cmocka_unit_test(kconfig_externs_have_the_kernels_values),
	cmocka_unit_test(kconfig_from_a_given_file),
	cmocka_unit_test(kfuncs_and_addresses),
	cmocka_unit_test(kfunc_id_is_the_kernels),
	cmocka_unit_test(typed_kernel_variables),
	cmocka_unit_test(typeless_kernel_variable),
	cmocka_unit_test(strong_missing_ksyms_are_named),
	cmocka_unit_test(reachable_missing_kfunc_is_named),
	cmocka_unit_test_setup_teardown(module_kfunc_through_fd_array, netns_fresh, netns_restore),
};
DEFINE_COUNT(extern);
