/* Shared by the test programs: is the current task the test driver? */
#ifndef RBDRIVER_H
#define RBDRIVER_H

#include <bpf/bpf_helpers.h>

static __always_inline int current_is_rbdriver(void)
{
	char comm[16] = {};

	bpf_get_current_comm(comm, sizeof(comm));
	return comm[0] == 'r' && comm[1] == 'b' && comm[2] == 'd' && comm[3] == 'r' &&
	       comm[4] == 'i' && comm[5] == 'v' && comm[6] == 'e' && comm[7] == 'r' &&
	       comm[8] == 0;
}

#endif
