#include "perf_event.h"

#include <sys/syscall.h>
#include <unistd.h>

int rb_perf_event_open(struct perf_event_attr *attr, int cpu)
{
	attr->size = sizeof(*attr); /* which version of the struct we speak */
	return (int)syscall(SYS_perf_event_open, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}
