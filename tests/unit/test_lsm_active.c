/* Is bpf an active LSM, and what to tell the user (loader/kernel/
 * lsm_active.c), decided from fixture texts: securityfs's list first,
 * else the kernel command line's last lsm= (not one after "--", which is
 * init's), else CONFIG_LSM; and each hint says what to do. A kernel whose
 * active LSMs lack bpf cannot be had on this machine or in the VMs
 * without another boot, so this is where the "not active" answer is
 * proved. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "loader/kernel/kernel.h"

/* The host's: no lsm= among the kernel's words, one among init's. */
static const char host_cmdline[] = "console=ttyS0 quiet reboot=k panic=1 nomodule "
				   "rdinit=/process_api -- --firecracker-init lsm=bpf\n";
static const char debian_config[] = "CONFIG_SECURITY=y\n"
	"CONFIG_LSM=\"landlock,lockdown,yama,loadpin,safesetid,integrity,apparmor,selinux,"
	"smack,tomoyo,bpf\"\n# CONFIG_X_LSM=\"bpf\" is not a match\n";

static int decide(const char *securityfs, const char *cmdline, const char *config, char *list,
		  const char **source)
{
	return rb_lsm_decide(securityfs, cmdline, config, list, 512, source);
}

static void securityfs_wins(void **state)
{
	char list[512];
	const char *source;

	(void)state;
	assert_int_equal(decide("lockdown,capability,landlock,bpf\n", "lsm=yama", debian_config,
				list, &source), 1);
	assert_string_equal(list, "lockdown,capability,landlock,bpf");
	assert_string_equal(source, "/sys/kernel/security/lsm");
	assert_int_equal(decide("capability,yama,bpfx,xbpf\n", NULL, NULL, list, &source), 0);
	assert_string_equal(list, "capability,yama,bpfx,xbpf");
}

static void the_last_kernel_lsm_counts(void **state)
{
	char list[512];
	const char *source;

	(void)state;
	assert_int_equal(decide(NULL, "quiet lsm=bpf,yama xlsm=q lsm=landlock,yama\n",
				debian_config, list, &source), 0);
	assert_string_equal(list, "landlock,yama");
	assert_string_equal(source, "the kernel command line's lsm=");
	assert_int_equal(decide(NULL, "lsm=landlock,bpf panic=1", NULL, list, &source), 1);
	assert_string_equal(list, "landlock,bpf");
}

/* init's "lsm=bpf" is not the kernel's: CONFIG_LSM decides */
static void init_words_and_config(void **state)
{
	char list[512];
	const char *source;

	(void)state;
	assert_int_equal(decide(NULL, host_cmdline, debian_config, list, &source), 1);
	assert_string_equal(source, "CONFIG_LSM (no lsm= on the kernel command line)");
	assert_string_equal(list, "landlock,lockdown,yama,loadpin,safesetid,integrity,apparmor,"
				  "selinux,smack,tomoyo,bpf");
	assert_int_equal(decide(NULL, host_cmdline, "CONFIG_LSM=\"yama,apparmor\"\n", list,
				&source), 0);
	assert_int_equal(decide(NULL, host_cmdline, "CONFIG_BPF=y\n", list, &source), -1);
	assert_int_equal(decide(NULL, NULL, NULL, list, &source), -1);
	assert_null(source);
}

/* Each answer's hint: what is wrong and what to do. */
static void hints_say_what_to_do(void **state)
{
	char buf[1024];

	(void)state;
	rb_lsm_hint_for(buf, sizeof(buf), 0, 0, "landlock,yama", "the kernel command line's lsm=",
			1);
	assert_string_equal(buf, "\nBPF LSM programs run only when bpf is an active LSM, and it "
				 "is not: the kernel command line's lsm= is \"landlock,yama\". Add "
				 "bpf to the kernel command line (lsm=landlock,yama,bpf) and "
				 "reboot.");
	rb_lsm_hint_for(buf, sizeof(buf), EPERM, 1, "landlock,bpf", "/sys/kernel/security/lsm", 1);
	assert_non_null(strstr(buf, "bpf is an active LSM (/sys/kernel/security/lsm: "
				    "landlock,bpf) and this process has the capabilities, yet the "
				    "kernel refused the program (EPERM)."));
	assert_non_null(strstr(buf, "a kernel that forbids BPF trampolines refuses them so"));
	assert_non_null(strstr(buf, "run it on a kernel that allows fentry programs"));
	/* EPERM without the capabilities is that, wherever bpf stands */
	rb_lsm_hint_for(buf, sizeof(buf), EPERM, 1, "landlock,bpf", "/sys/kernel/security/lsm", 0);
	assert_non_null(strstr(buf, "needs CAP_BPF and CAP_PERFMON"));
	assert_non_null(strstr(buf, "run it as root."));
	assert_null(strstr(buf, "trampoline"));
	rb_lsm_hint_for(buf, sizeof(buf), ENOENT, 1, "bpf", "/sys/kernel/security/lsm", 1);
	assert_string_equal(buf, "");
	rb_lsm_hint_for(buf, sizeof(buf), EINVAL, -1, "", NULL, 1);
	assert_non_null(strstr(buf, "mount -t securityfs none /sys/kernel/security"));
	assert_non_null(strstr(buf, "lsm=...,bpf on the kernel command line"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(securityfs_wins),
		cmocka_unit_test(the_last_kernel_lsm_counts),
		cmocka_unit_test(init_words_and_config),
		cmocka_unit_test(hints_say_what_to_do),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
