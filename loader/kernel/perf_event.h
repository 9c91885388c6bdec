/* The perf_event_open(2) system call.
 *
 * libc has no wrapper for it either. rawbpf opens three kinds of perf
 * event: a tracepoint or probe event to attach a program to
 * (attach/tracepoint.c), a kprobe or uprobe on its PMU (attach/probe_pmu.c),
 * and a BPF output event per CPU for a perf buffer (events/perf_buffer.c). */
#ifndef RAWBPF_PERF_EVENT_H
#define RAWBPF_PERF_EVENT_H

#include "uapi/linux/perf_event.h"

/* perf_event_open(attr, pid -1, cpu, group -1, PERF_FLAG_FD_CLOEXEC): the
 * event on every process (pid -1), counted on CPU `cpu` (the kernel refuses
 * pid -1 with cpu -1), in no group. attr->size is set here. The new fd, or
 * -1 with errno set. */
int rb_perf_event_open(struct perf_event_attr *attr, int cpu);

#endif
