/* A kernel configuration (.config) as text: the value of one CONFIG_ name.
 *
 * `extern unsigned CONFIG_HZ __kconfig;` in a BPF program asks the loader
 * for the running kernel's configuration value, read from
 * /boot/config-$(uname -r) or /proc/config.gz
 * (loader/kernel/kernel_config.c). That file is what the kernel's build
 * wrote (scripts/kconfig/confdata.c), one symbol per line:
 *
 *     CONFIG_BPF=y                  bool or tristate: y (yes), m (module)
 *     CONFIG_BTRFS_FS=m
 *     # CONFIG_KPROBES is not set   a bool or tristate that is n
 *     CONFIG_HZ=250                 int: decimal, maybe negative
 *     CONFIG_PHYSICAL_START=0x1000000   hex
 *     CONFIG_LOCALVERSION="-fc"     string, with " and \ escaped as \" and \\
 *
 * and comments ("# ...") and blank lines in between. This file finds a
 * name and says what its value is as written; the caller types it for the
 * extern (bool, tristate, char, integers, char arrays), as libbpf's
 * bpf_object__process_kconfig_line() does. Pure: text in, no I/O. */
#ifndef RAWBPF_KCONFIG_H
#define RAWBPF_KCONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum kconfig_kind {
	KCONFIG_TRISTATE, /* y, m or n */
	KCONFIG_NUMBER,	  /* decimal or 0x hex */
	KCONFIG_STRING,	  /* "..." */
};

struct kconfig_value {
	enum kconfig_kind kind;
	char tristate;	 /* TRISTATE: 'y', 'm' or 'n' */
	int not_set;	 /* TRISTATE: written "# CONFIG_X is not set" (libbpf
			  * skips these lines: to it the name is missing) */
	uint64_t number; /* NUMBER: the value; a negative one in two's
			  * complement, as strtoull() gives it to libbpf */
	int negative;	 /* NUMBER: written with a '-' */
	int hex;	 /* NUMBER: written 0x... */
	const char *text; /* the value as written (STRING: with its quotes),
			   * pointing into the config text; not NUL-terminated */
	size_t text_len;
	unsigned line; /* where, from 1 */
};

/* Look up `name` (whole: "CONFIG_BPF") in text[size]. 1 when found (*v
 * filled), 0 when the text does not mention it, -1 when its line has a
 * value of none of the kinds above (RB_ERR_INPUT: "SOURCE: line 12:
 * CONFIG_X=yes: ..."). The first line for the name counts, as in libbpf;
 * lines that are not "CONFIG_...=..." or "# CONFIG_... is not set" are
 * skipped. */
int kconfig_find(const char *source, const char *text, size_t size, const char *name,
		 struct kconfig_value *v, struct rb_error *err);

/* A STRING value without its quotes and with the escapes undone (\" is ",
 * \\ is \), in buf[size], NUL-terminated (cut at size - 1 bytes when
 * longer); returns the length it has uncut. (libbpf copies the bytes
 * between the quotes as they are, backslashes included.) */
size_t kconfig_string(const struct kconfig_value *v, char *buf, size_t size);

#endif
