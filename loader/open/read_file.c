/* Reading a whole file: object files (object.c), the kernel's BTF
 * (kernel/vmlinux_btf.c); the tables of executables and libraries
 * (read_elf_tables.c, on the check here); and the
 * one-line files of sysfs and tracefs.
 *
 * Only a regular file has a size known before reading and an end: a
 * character device like /dev/zero never ends, a FIFO or a socket may block
 * for ever, a directory cannot be read at all. So the file is opened with
 * O_NONBLOCK (open(2): opening a FIFO for reading would otherwise wait
 * until a writer appears; on a regular file the flag changes nothing),
 * fstat'd, and refused unless S_ISREG, before any read. Its size then
 * decides the one allocation, checked against the caller's limit first:
 * no growing buffer, no second copy. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read_file.h"

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a file";
}

static int read_all(int fd, const char *name, uint8_t *buf, size_t size, size_t *got,
		    struct rb_error *err)
{
	*got = 0;
	while (*got < size) {
		ssize_t n = read(fd, buf + *got, size - *got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: cannot read", name);
		if (n == 0)
			break; /* shrank since fstat: what is there is all there is */
		*got += (size_t)n;
	}
	return 0;
}

int rb_check_regular_fd(int fd, const char *name, size_t max, struct stat *st,
			struct rb_error *err)
{
	if (fstat(fd, st) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "%s: fstat", name);
	if (!S_ISREG(st->st_mode))
		return rb_fail(err, RB_ERR_INPUT, "%s: is %s, not a regular file", name,
			       file_kind(st->st_mode));
	if (st->st_size < 0 || (unsigned long long)st->st_size > max)
		return rb_fail(err, RB_ERR_INPUT, "%s: is %lld bytes, more than the %zu MiB "
			       "rawbpf accepts", name, (long long)st->st_size, max >> 20);
	return 0;
}

int rb_read_regular_fd(int fd, const char *name, size_t max, uint8_t **data, size_t *size,
		       struct rb_error *err)
{
	struct stat st;
	uint8_t *buf;
	size_t got;

	*data = NULL;
	*size = 0;
	if (rb_check_regular_fd(fd, name, max, &st, err))
		return -1;
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		return rb_fail(err, RB_ERR_SYSTEM, "%s: out of memory for its %lld bytes", name,
			       (long long)st.st_size);
	if (read_all(fd, name, buf, (size_t)st.st_size, &got, err)) {
		free(buf);
		return -1;
	}
	*data = buf;
	*size = got;
	return 0;
}

int rb_read_regular_file(const char *path, const char *name, size_t max, uint8_t **data,
			 size_t *size, struct rb_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), ret;

	*data = NULL;
	*size = 0;
	if (fd < 0)
		return rb_fail_errno(err, RB_ERR_INPUT, errno, "%s: cannot open", name);
	ret = rb_read_regular_fd(fd, name, max, data, size, err);
	close(fd);
	return ret;
}

/* sysfs and tracefs make a small file's whole text in one go when it is
 * opened and read from offset 0 (seq_file, sysfs_kf_seq_show()): one read
 * gets all of it when the buffer is large enough. */
ssize_t rb_read_small_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	e = errno;
	close(fd);
	errno = e;
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}
