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

const char *rb_bpf_cmd_name(enum bpf_cmd cmd)
{
	switch (cmd) {
	case BPF_MAP_CREATE: return "BPF_MAP_CREATE";
	case BPF_MAP_LOOKUP_ELEM: return "BPF_MAP_LOOKUP_ELEM";
	case BPF_MAP_UPDATE_ELEM: return "BPF_MAP_UPDATE_ELEM";
	case BPF_MAP_DELETE_ELEM: return "BPF_MAP_DELETE_ELEM";
	case BPF_MAP_GET_NEXT_KEY: return "BPF_MAP_GET_NEXT_KEY";
	case BPF_PROG_LOAD: return "BPF_PROG_LOAD";
	case BPF_OBJ_PIN: return "BPF_OBJ_PIN";
	case BPF_OBJ_GET: return "BPF_OBJ_GET";
	case BPF_RAW_TRACEPOINT_OPEN: return "BPF_RAW_TRACEPOINT_OPEN";
	case BPF_BTF_LOAD: return "BPF_BTF_LOAD";
	case BPF_MAP_FREEZE: return "BPF_MAP_FREEZE";
	case BPF_LINK_CREATE: return "BPF_LINK_CREATE";
	default: return "BPF_?";
	}
}
