/* __kconfig values: a config option's text, checked against the C type the
 * program gave its extern, written into the .kconfig map's initial value.
 *
 * A kernel config (/boot/config-*, /proc/config.gz) has lines like
 *     CONFIG_HZ=250
 *     CONFIG_BPF_SYSCALL=y
 *     CONFIG_TUN=m
 *     CONFIG_LOCALVERSION="-generic"
 *     # CONFIG_KPROBES is not set
 * The rules are libbpf's (set_kcfg_value_tri/_str/_num() in its libbpf.c):
 *   y, n, m   bool (1 or 0; m is refused), enum libbpf_tristate (TRI_YES,
 *             TRI_NO, TRI_MODULE) or char (the letter itself)
 *   "text"    a char array, NUL-terminated (the quotes are not copied)
 *   a number  an integer or char, decimal, 0x hex or 0 octal, that must fit
 *             the extern's size (signed: -2^(n-1) .. 2^(n-1)-1)
 * An option that "is not set" is not in the config: it is missing, which a
 * __weak extern may be (it stays 0). Where libbpf cuts a string that does
 * not fit and warns, rawbpf refuses it: the program would compare a value
 * the config does not hold. elf/kconfig.c finds a name's line and reads its
 * value as written; this file types it for the extern.
 *
 * Pure: no system call (kernel/kernel_config.c reads the config's text). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/kconfig.h"
#include "open.h"

static const char *type_name(const struct rb_extern *ext)
{
	switch (ext->kconfig_type) {
	case RB_KCONFIG_BOOL: return "bool";
	case RB_KCONFIG_TRISTATE: return "enum libbpf_tristate";
	case RB_KCONFIG_CHAR: return "char";
	case RB_KCONFIG_INT: return ext->is_signed ? "signed integer" : "unsigned integer";
	case RB_KCONFIG_STRING: return "char array";
	default: return "?";
	}
}

static uint8_t *value_of(struct rb_object *obj, const struct rb_extern *ext)
{
	return obj->maps[obj->kconfig_map].init_value + ext->offset;
}

static int refuse(const struct rb_object *obj, const struct rb_extern *ext, const char *value,
		  const char *source, const char *why, struct rb_error *err)
{
	return rb_fail(err, RB_ERR_INPUT,
		       "%s: extern %s (%s, %u bytes): %s in %s is %.80s, which %s", obj->path,
		       ext->name, type_name(ext), ext->size, ext->name, source, value, why);
}

static void resolved_from(struct rb_extern *ext, const char *source)
{
	ext->resolved = 1;
	snprintf(ext->source, sizeof(ext->source), "%s", source);
}

/* Does v fit in the extern's size? Signed: v is a two's complement
 * negative number when its high bits are set (strtoull gives -1 as
 * 2^64-1), so -2^(n-1) <= v < 2^(n-1) is v + 2^(n-1) < 2^n, unsigned. */
static int fits(const struct rb_extern *ext, uint64_t v)
{
	unsigned bits = ext->size * 8;

	if (bits >= 64)
		return 1;
	if (ext->is_signed)
		return v + (1ULL << (bits - 1)) < (1ULL << bits);
	return (v >> bits) == 0;
}

static int set_number(struct rb_object *obj, struct rb_extern *ext, uint64_t value,
		      const char *text, const char *source, struct rb_error *err)
{
	uint8_t *at = value_of(obj, ext);

	if (ext->kconfig_type != RB_KCONFIG_INT && ext->kconfig_type != RB_KCONFIG_CHAR &&
	    ext->kconfig_type != RB_KCONFIG_BOOL)
		return refuse(obj, ext, text, source, "needs an integer, char or bool extern", err);
	if (ext->kconfig_type == RB_KCONFIG_BOOL && value > 1)
		return refuse(obj, ext, text, source, "is not a bool (0 or 1)", err);
	if (!fits(ext, value))
		return refuse(obj, ext, text, source, "does not fit", err);
	for (uint32_t i = 0; i < ext->size; i++) /* BPF is little-endian here */
		at[i] = (uint8_t)(value >> (8 * i));
	resolved_from(ext, source);
	return 0;
}

int rb_kconfig_set_number(struct rb_object *obj, struct rb_extern *ext, uint64_t value,
			  const char *source, struct rb_error *err)
{
	char text[32];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)value);
	return set_number(obj, ext, value, text, source, err);
}

static int set_letter(struct rb_object *obj, struct rb_extern *ext, char c, const char *value,
		      const char *source, struct rb_error *err)
{
	uint8_t *at = value_of(obj, ext);

	switch (ext->kconfig_type) {
	case RB_KCONFIG_BOOL:
		if (c == 'm')
			return refuse(obj, ext, value, source, "is a module: a bool cannot say so "
				      "(declare it enum libbpf_tristate, or char)", err);
		at[0] = c == 'y';
		break;
	case RB_KCONFIG_TRISTATE: {
		uint32_t tri = c == 'y' ? 1 : c == 'm' ? 2 : 0; /* TRI_YES, TRI_MODULE, TRI_NO */
		memset(at, 0, ext->size);
		memcpy(at, &tri, ext->size < 4 ? ext->size : 4);
		break;
	}
	case RB_KCONFIG_CHAR:
		at[0] = (uint8_t)c;
		break;
	default:
		return refuse(obj, ext, value, source, "needs a bool, tristate or char extern",
			      err);
	}
	resolved_from(ext, source);
	return 0;
}

static int set_string(struct rb_object *obj, struct rb_extern *ext, const struct kconfig_value *v,
		      const char *value, const char *source, struct rb_error *err)
{
	char *at = (char *)value_of(obj, ext), why[80];
	size_t len;

	if (ext->kconfig_type != RB_KCONFIG_STRING)
		return refuse(obj, ext, value, source, "needs a char array extern", err);
	len = kconfig_string(v, at, ext->size); /* cut and terminated when too long */
	if (len >= ext->size) {
		memset(at, 0, ext->size);
		snprintf(why, sizeof(why), "needs %zu bytes with its NUL: it does not fit", len + 1);
		return refuse(obj, ext, value, source, why, err);
	}
	resolved_from(ext, source);
	return 0;
}

/* Extern `ext` from the config's line for its name (elf/kconfig.c reads
 * it): 1 when set, 0 when the config does not have it (or says "is not
 * set", which libbpf too treats as missing), -1 on error. */
static int from_config(struct rb_object *obj, struct rb_extern *ext, const char *text,
		       size_t size, const char *source, struct rb_error *err)
{
	struct kconfig_value v;
	char written[96];
	int found = kconfig_find(source, text, size, ext->name, &v, err);

	if (found <= 0)
		return found;
	snprintf(written, sizeof(written), "%.*s", (int)(v.text_len < 80 ? v.text_len : 80),
		 v.text);
	switch (v.kind) {
	case KCONFIG_TRISTATE:
		if (v.not_set)
			return 0;
		return set_letter(obj, ext, v.tristate, written, source, err) ? -1 : 1;
	case KCONFIG_STRING:
		return set_string(obj, ext, &v, written, source, err) ? -1 : 1;
	case KCONFIG_NUMBER:
	default:
		if (ext->kconfig_type != RB_KCONFIG_INT && ext->kconfig_type != RB_KCONFIG_CHAR)
			return refuse(obj, ext, written, source, "needs an integer or char extern",
				      err);
		return set_number(obj, ext, v.number, written, source, err) ? -1 : 1;
	}
}

int rb_kconfig_apply_config(struct rb_object *obj, const char *text, size_t size,
			    const char *source, struct rb_error *err)
{
	for (size_t i = 0; i < obj->extern_count; i++) {
		struct rb_extern *ext = &obj->externs[i];

		if (ext->kind == RB_EXTERN_KCONFIG && !ext->resolved &&
		    strncmp(ext->name, "CONFIG_", 7) == 0 &&
		    from_config(obj, ext, text, size, source, err) < 0)
			return -1;
	}
	return 0;
}

void rb_kconfig_value_str(const struct rb_object *obj, const struct rb_extern *ext, char *buf,
			  size_t size)
{
	const uint8_t *at = obj->maps[obj->kconfig_map].init_value + ext->offset;
	uint64_t v = 0;

	if (ext->kconfig_type == RB_KCONFIG_STRING) {
		snprintf(buf, size, "\"%.*s\"", (int)strnlen((const char *)at, ext->size), at);
		return;
	}
	for (uint32_t i = 0; i < ext->size && i < 8; i++)
		v |= (uint64_t)at[i] << (8 * i);
	if (ext->kconfig_type == RB_KCONFIG_CHAR && (v == 'y' || v == 'n' || v == 'm'))
		snprintf(buf, size, "'%c'", (char)v);
	else if (ext->is_signed && ext->size < 8 && (v >> (ext->size * 8 - 1)))
		snprintf(buf, size, "%lld", (long long)(v - (1ULL << (ext->size * 8))));
	else if (ext->is_signed)
		snprintf(buf, size, "%lld", (long long)v);
	else if (v > 0xffffffffULL) /* addresses and masks read better in hex */
		snprintf(buf, size, "0x%llx", (unsigned long long)v);
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
}
