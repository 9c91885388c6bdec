/* The running kernel's configuration, for __kconfig externs.
 *
 * A kernel's build configuration is not part of the kernel's ABI; it is
 * found in one of two places, tried in libbpf's order:
 *   - /boot/config-RELEASE, RELEASE as uname(2) gives it: installed next
 *     to the kernel image by distributions;
 *   - /proc/config.gz: compiled into the kernel (CONFIG_IKCONFIG_PROC; in
 *     the module "configs" when CONFIG_IKCONFIG=m), gzip-compressed, and
 *     decompressed here by rawbpf's own inflate (elf/inflate.c).
 * Either one may be gzip data: it is told by its first two bytes (1f 8b),
 * as zlib's gzopen() does for libbpf, not by its name. Only a file that
 * does not exist moves on to the next place; another error is reported. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel.h"
#include "elf/inflate.h"
#include "loader/open/read_file.h"

/* A kernel's config is 100 to 300 KB; the limit only stops what is not
 * one (or a gzip bomb) from taking memory. */
#define KERNEL_CONFIG_MAX ((size_t)16 << 20)

/* The file at `path` as text, decompressed when it is gzip. 1 when it
 * does not exist, 0 when read, -1 on error. */
static int read_config(const char *path, struct rb_kernel_config *cfg, struct rb_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), ret;
	uint8_t *data, *text;
	size_t size;

	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 1;
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: cannot open the kernel's "
				     "config", path);
	ret = rb_read_regular_fd(fd, path, KERNEL_CONFIG_MAX, &data, &size, err);
	close(fd);
	if (ret)
		return -1;
	cfg->file_size = size;
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		ret = inflate_gzip(path, data, size, KERNEL_CONFIG_MAX, &text, &cfg->size, err);
		free(data);
		if (ret)
			return -1;
		cfg->text = (char *)text;
		cfg->compressed = 1;
	} else {
		/* plain text: one byte more, for the NUL inflate_gzip() adds */
		text = realloc(data, size + 1);
		if (!text) {
			free(data);
			return rb_fail(err, RB_ERR_SYSTEM, "%s: out of memory", path);
		}
		text[size] = '\0';
		cfg->text = (char *)text;
		cfg->size = size;
	}
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	return 0;
}

int rb_kernel_config_read_from(const char *boot_path, const char *proc_path,
			       struct rb_kernel_config *cfg, struct rb_error *err)
{
	int ret;

	*cfg = (struct rb_kernel_config){ 0 };
	ret = read_config(boot_path, cfg, err);
	if (ret == 1)
		ret = read_config(proc_path, cfg, err);
	if (ret == 1) {
		rb_fail(err, RB_ERR_SYSTEM, "the kernel's config is in neither %s nor %s "
			"(CONFIG_IKCONFIG_PROC; `modprobe configs` where it is a module): "
			"__kconfig externs cannot be resolved", boot_path, proc_path);
		if (err)
			err->errnum = ENOENT;
		return -1;
	}
	return ret;
}

int rb_kernel_config_read(struct rb_kernel_config *cfg, struct rb_error *err)
{
	char boot[sizeof("/boot/config-") + sizeof(((struct utsname *)0)->release)];
	struct utsname uts;

	if (uname(&uts) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "uname");
	snprintf(boot, sizeof(boot), "/boot/config-%s", uts.release);
	return rb_kernel_config_read_from(boot, "/proc/config.gz", cfg, err);
}

void rb_kernel_config_free(struct rb_kernel_config *cfg)
{
	free(cfg->text);
	*cfg = (struct rb_kernel_config){ 0 };
}
