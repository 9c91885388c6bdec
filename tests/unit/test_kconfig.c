/* Kernel configuration: values out of .config text (elf/kconfig.h), on
 * sample text and on the running kernel's own config, and finding that
 * config (loader/kernel/kernel_config.c: /boot/config-RELEASE, else
 * /proc/config.gz), on files the test makes and on this machine. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "elf/kconfig.h"
#include "loader/kernel/kernel.h"

static const char sample[] =
	"#\n"
	"# Automatically generated file; DO NOT EDIT.\n"
	"#\n"
	"CONFIG_BPF=y\n"
	"CONFIG_BTRFS_FS=m\n"
	"# CONFIG_KPROBES is not set\n"
	"CONFIG_HZ=250\n"
	"CONFIG_NEG=-12\n"
	"CONFIG_MIN64=-9223372036854775808\n"
	"CONFIG_MAX64=18446744073709551615\n"
	"CONFIG_PHYSICAL_START=0x1000000\n"
	"CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000\n"
	"CONFIG_LOCALVERSION=\"-fc\"\n"
	"CONFIG_EMPTY=\"\"\n"
	"CONFIG_ESCAPED=\"say \\\"hi\\\" \\\\o/\"\n"
	"CONFIG_CRLF=y\r\n"
	"CONFIG_TWICE=1\n"
	"CONFIG_TWICE=2\n"
	"CONFIG_BPF_JIT=n\n" /* not how kconfig writes n, but libbpf reads it */
	"CONFIG_LAST=m"; /* no newline at the end */

static struct kconfig_value find(const char *text, const char *name)
{
	struct kconfig_value v;
	struct rb_error err = { 0 };
	int ret = kconfig_find("sample", text, strlen(text), name, &v, &err);

	if (ret < 0)
		fail_msg("%s: %s", name, err.msg);
	if (ret == 0)
		fail_msg("%s: not found", name);
	return v;
}

static void tristates(void **state)
{
	struct kconfig_value v;

	(void)state;
	v = find(sample, "CONFIG_BPF");
	assert_int_equal(v.kind, KCONFIG_TRISTATE);
	assert_int_equal(v.tristate, 'y');
	assert_int_equal(v.not_set, 0);
	assert_int_equal(v.line, 4);
	assert_int_equal(find(sample, "CONFIG_BTRFS_FS").tristate, 'm');
	v = find(sample, "CONFIG_KPROBES");
	assert_int_equal(v.kind, KCONFIG_TRISTATE);
	assert_int_equal(v.tristate, 'n');
	assert_int_equal(v.not_set, 1);
	assert_int_equal(v.line, 6);
	v = find(sample, "CONFIG_BPF_JIT");
	assert_int_equal(v.tristate, 'n');
	assert_int_equal(v.not_set, 0);
	assert_int_equal(find(sample, "CONFIG_CRLF").tristate, 'y');
	assert_int_equal(find(sample, "CONFIG_LAST").tristate, 'm');
}

static void numbers(void **state)
{
	struct kconfig_value v;

	(void)state;
	v = find(sample, "CONFIG_HZ");
	assert_int_equal(v.kind, KCONFIG_NUMBER);
	assert_int_equal(v.number, 250);
	assert_false(v.negative);
	assert_false(v.hex);
	v = find(sample, "CONFIG_NEG");
	assert_true(v.negative);
	assert_int_equal((int64_t)v.number, -12);
	assert_int_equal((int64_t)find(sample, "CONFIG_MIN64").number, INT64_MIN);
	assert_true(find(sample, "CONFIG_MAX64").number == UINT64_MAX);
	v = find(sample, "CONFIG_PHYSICAL_START");
	assert_true(v.hex);
	assert_int_equal(v.number, 0x1000000);
	assert_true(find(sample, "CONFIG_ILLEGAL_POINTER_VALUE").number == 0xdead000000000000ull);
	/* the first line for a name counts, as in libbpf */
	assert_int_equal(find(sample, "CONFIG_TWICE").number, 1);
}

static void strings(void **state)
{
	struct kconfig_value v;
	char buf[64];

	(void)state;
	v = find(sample, "CONFIG_LOCALVERSION");
	assert_int_equal(v.kind, KCONFIG_STRING);
	assert_int_equal(v.text_len, 5);
	assert_memory_equal(v.text, "\"-fc\"", 5);
	assert_int_equal(kconfig_string(&v, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "-fc");
	v = find(sample, "CONFIG_EMPTY");
	assert_int_equal(kconfig_string(&v, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	v = find(sample, "CONFIG_ESCAPED");
	assert_int_equal(kconfig_string(&v, buf, sizeof(buf)), 12);
	assert_string_equal(buf, "say \"hi\" \\o/");
	/* cut to the buffer, the whole length returned */
	assert_int_equal(kconfig_string(&v, buf, 4), 12);
	assert_string_equal(buf, "say");
	/* not a string: "" */
	v = find(sample, "CONFIG_HZ");
	assert_int_equal(kconfig_string(&v, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

static void missing_names(void **state)
{
	static const char *const names[] = {
		"CONFIG_BP",	     /* a prefix of CONFIG_BPF */
		"CONFIG_BPF_",	     /* longer than CONFIG_BPF */
		"CONFIG_KPROBE",     /* a prefix of a "not set" name */
		"CONFIG_NOWHERE", "", "Automatically",
	};
	struct kconfig_value v;
	struct rb_error err = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_int_equal(kconfig_find("sample", sample, sizeof(sample) - 1, names[i], &v,
					      &err), 0);
	/* the text's size counts, not a NUL: CONFIG_LAST is cut off */
	assert_int_equal(kconfig_find("sample", sample, sizeof(sample) - 3, "CONFIG_LAST", &v,
				      &err), 0);
}

static void broken_values(void **state)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		{ "CONFIG_X=", "t: line 2: CONFIG_X=: no value after the '='" },
		{ "CONFIG_X=yes", "t: line 2: CONFIG_X=yes: is not y, m, n, a number or a quoted "
				  "string" },
		{ "CONFIG_X=12a", "CONFIG_X=12a: is not y, m, n, a number or a quoted string" },
		{ "CONFIG_X=0x", "CONFIG_X=0x: a number without digits" },
		{ "CONFIG_X=0xg", "CONFIG_X=0xg: is not y, m, n" },
		{ "CONFIG_X=-", "CONFIG_X=-: a number without digits" },
		{ "CONFIG_X=-0x", "CONFIG_X=-0x: a number without digits" },
		{ "CONFIG_X=18446744073709551616", "a number too large for 64 bits" },
		{ "CONFIG_X=0x10000000000000000", "a number too large for 64 bits" },
		{ "CONFIG_X=-9223372036854775809", "a number too small for 64 bits" },
		{ "CONFIG_X=\"abc", "CONFIG_X=\"abc: a string without its closing quote" },
		{ "CONFIG_X=\"", "a string without its closing quote" },
		{ "CONFIG_X=\"a\"b\"", "a quote inside the string that is not escaped" },
		{ "CONFIG_X=\"abc\\\"", "a string whose last backslash escapes its closing quote" },
	};
	struct kconfig_value v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[128];
		struct rb_error err = { 0 };

		snprintf(text, sizeof(text), "# comment\n%s\nCONFIG_Y=y\n", cases[i].line);
		assert_int_equal(kconfig_find("t", text, strlen(text), "CONFIG_X", &v, &err), -1);
		assert_int_equal(err.kind, RB_ERR_INPUT);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("\"%s\": message \"%s\" lacks \"%s\"", cases[i].line, err.msg,
				 cases[i].want);
		/* a broken line for another name is no error */
		assert_int_equal(kconfig_find("t", text, strlen(text), "CONFIG_Y", &v, &err), 1);
	}
}

/* ---- The running kernel's config -------------------------------------------- */

static void read_or_skip(struct rb_kernel_config *cfg)
{
	struct rb_error err = { 0 };

	if (rb_kernel_config_read(cfg, &err)) {
		if (err.errnum == ENOENT)
			skip();
		fail_msg("%s", err.msg);
	}
}

/* Every CONFIG_ line of the real config, split here independently, reads
 * back as written; known values by name. */
static void the_running_kernels_config(void **state)
{
	struct rb_kernel_config cfg;
	struct kconfig_value v;
	struct rb_error err = { 0 };
	unsigned lines = 0, not_set = 0;
	char *text, *line, *save;

	(void)state;
	read_or_skip(&cfg);
	printf("%s: %zu bytes (%zu in the file)\n", cfg.path, cfg.size, cfg.file_size);
	assert_int_equal(cfg.text[cfg.size], '\0');
	assert_int_equal(strlen(cfg.text), cfg.size);
	assert_int_equal(kconfig_find(cfg.path, cfg.text, cfg.size, "CONFIG_BPF", &v, &err), 1);
	assert_int_equal(v.tristate, 'y');
	assert_int_equal(kconfig_find(cfg.path, cfg.text, cfg.size, "CONFIG_HZ", &v, &err), 1);
	assert_int_equal(v.kind, KCONFIG_NUMBER);
	assert_true(v.number > 0);

	text = strdup(cfg.text);
	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		int ret;

		if (strncmp(line, "# CONFIG_", 9) == 0 && strstr(line, " is not set")) {
			*strstr(line, " is not set") = '\0';
			ret = kconfig_find(cfg.path, cfg.text, cfg.size, line + 2, &v, &err);
			assert_int_equal(ret, 1);
			assert_true(v.not_set);
			not_set++;
			continue;
		}
		if (strncmp(line, "CONFIG_", 7) != 0 || !eq)
			continue;
		*eq = '\0';
		ret = kconfig_find(cfg.path, cfg.text, cfg.size, line, &v, &err);
		if (ret != 1)
			fail_msg("%s: %d %s", line, ret, err.msg);
		assert_int_equal(v.text_len, strlen(eq + 1));
		assert_memory_equal(v.text, eq + 1, v.text_len);
		if (v.kind == KCONFIG_NUMBER && !v.hex)
			assert_true(v.number == (uint64_t)strtoll(eq + 1, NULL, 10));
		if (v.kind == KCONFIG_NUMBER && v.hex)
			assert_true(v.number == strtoull(eq + 1, NULL, 16));
		lines++;
	}
	printf("%u values and %u \"is not set\" lines read back\n", lines, not_set);
	assert_true(lines > 100);
	free(text);
	rb_kernel_config_free(&cfg);
	assert_null(cfg.text);
}

/* ---- Finding the config: files the test makes --------------------------------- */

static char dir[] = "/tmp/rawbpf-kconfig-XXXXXX";

static void put(const char *name, const char *cmd_or_text, int gzip)
{
	char path[128], cmd[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (gzip) {
		snprintf(cmd, sizeof(cmd), "printf '%s' | gzip -9 > %s", cmd_or_text, path);
		assert_int_equal(system(cmd), 0);
		return;
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(cmd_or_text, f);
	fclose(f);
}

static int read_from(const char *boot, const char *proc, struct rb_kernel_config *cfg,
		     struct rb_error *err)
{
	char b[128], p[128];

	snprintf(b, sizeof(b), "%s/%s", dir, boot);
	snprintf(p, sizeof(p), "%s/%s", dir, proc);
	return rb_kernel_config_read_from(b, p, cfg, err);
}

static void finding_the_config(void **state)
{
	static const char *const files[] = { "boot", "proc.gz", "boot.gz", "broken.gz" };
	struct rb_kernel_config cfg;
	struct rb_error err = { 0 };
	char want[512];

	(void)state;
	assert_non_null(mkdtemp(dir));
	put("boot", "CONFIG_FROM_BOOT=y\n", 0);
	put("proc.gz", "CONFIG_FROM_PROC=y\\n", 1);
	put("boot.gz", "CONFIG_GZIPPED_BOOT=y\\n", 1);
	put("broken.gz", "\x1f\x8b not really", 0);

	/* /boot's file first, when it exists */
	assert_int_equal(read_from("boot", "proc.gz", &cfg, &err), 0);
	assert_string_equal(cfg.text, "CONFIG_FROM_BOOT=y\n");
	assert_false(cfg.compressed);
	assert_non_null(strstr(cfg.path, "/boot"));
	rb_kernel_config_free(&cfg);
	/* else /proc's, decompressed */
	assert_int_equal(read_from("none", "proc.gz", &cfg, &err), 0);
	assert_string_equal(cfg.text, "CONFIG_FROM_PROC=y\n");
	assert_int_equal(cfg.size, 19);
	assert_true(cfg.compressed);
	assert_non_null(strstr(cfg.path, "/proc.gz"));
	rb_kernel_config_free(&cfg);
	/* gzip is told by the content, not the name */
	assert_int_equal(read_from("boot.gz", "proc.gz", &cfg, &err), 0);
	assert_string_equal(cfg.text, "CONFIG_GZIPPED_BOOT=y\n");
	rb_kernel_config_free(&cfg);

	/* neither */
	assert_int_equal(read_from("none", "none.gz", &cfg, &err), -1);
	snprintf(want, sizeof(want), "the kernel's config is in neither %s/none nor %s/none.gz "
		 "(CONFIG_IKCONFIG_PROC; `modprobe configs` where it is a module): __kconfig "
		 "externs cannot be resolved", dir, dir);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.errnum, ENOENT);
	assert_int_equal(err.kind, RB_ERR_SYSTEM);
	assert_null(cfg.text);
	/* a broken one is an error, not a reason to try the next */
	assert_int_equal(read_from("broken.gz", "proc.gz", &cfg, &err), -1);
	assert_int_equal(err.kind, RB_ERR_INPUT);
	assert_non_null(strstr(err.msg, "/broken.gz: gzip: "));
	/* so is one that is there but is not a file */
	assert_int_equal(read_from("", "proc.gz", &cfg, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory, not a regular file"));
	assert_null(cfg.text);

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tristates),
		cmocka_unit_test(numbers),
		cmocka_unit_test(strings),
		cmocka_unit_test(missing_names),
		cmocka_unit_test(broken_values),
		cmocka_unit_test(the_running_kernels_config),
		cmocka_unit_test(finding_the_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
