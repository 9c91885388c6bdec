#include "bpf_syscall.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

int rb_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
	long ret;
	int tries = 0;

	do {
		ret = syscall(SYS_bpf, cmd, attr, sizeof(*attr));
	} while (ret < 0 && (errno == EINTR || errno == EAGAIN) && ++tries < 5);
	return (int)ret;
}
