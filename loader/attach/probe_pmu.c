/* The kprobe and uprobe PMUs: dynamic perf event types.
 *
 * Since Linux 4.17 a kprobe or uprobe can be created directly by
 * perf_event_open(2), with no tracefs file to write and no event left to
 * clean up: the PMU's type number is in
 * /sys/bus/event_source/devices/{kprobe,uprobe}/type, and its format
 * directory says which config bit asks for a return probe ("config:0"). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/kernel/perf_event.h"
#include "loader/open/read_file.h"

int rb_probe_pmu(const char *pmu, int *type, int *ret_bit)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", pmu);
	if (rb_read_small_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	*type = atoi(buf);
	*ret_bit = 0;
	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
	if (rb_read_small_file(path, buf, sizeof(buf)) > 0 && strncmp(buf, "config:", 7) == 0)
		*ret_bit = atoi(buf + 7);
	return 0;
}

int rb_uprobe_ref_ctr_shift(void)
{
	char buf[64];

	/* kernel/events/core.c: PMU_FORMAT_ATTR(ref_ctr_offset, "config:32-63") */
	if (rb_read_small_file("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset", buf,
			       sizeof(buf)) <= 0 || strncmp(buf, "config:", 7) != 0)
		return -1;
	return atoi(buf + 7);
}

int rb_probe_pmu_open(int type, int ret_bit, int ret_probe, const char *target, uint64_t offset,
		      uint64_t ref_ctr_offset)
{
	struct perf_event_attr attr;
	int shift = ref_ctr_offset ? rb_uprobe_ref_ctr_shift() : 0;

	if (shift < 0 || shift >= 64) {
		errno = EOPNOTSUPP;
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.type = (__u32)type;
	attr.config = ret_probe ? 1ULL << ret_bit : 0;
	attr.config |= ref_ctr_offset << shift;
	attr.config1 = (__u64)(unsigned long)target; /* kprobe_func, uprobe_path */
	attr.config2 = offset;                        /* probe_offset */
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return rb_perf_event_open(&attr, 0); /* every process: one CPU must be named */
}

int rb_probe_use_pmu(const struct rb_object *obj, const struct rb_program *prog,
		     const char *pmu, int *type, int *ret_bit, struct rb_error *err)
{
	if (obj->probe_mode == RB_PROBE_TRACEFS)
		return 0;
	errno = 0;
	if (rb_probe_pmu(pmu, type, ret_bit) == 0)
		return 1;
	/* No fd to read the PMU's type with does not mean there is no PMU:
	 * falling back to tracefs would hide the cause. */
	if (rb_errno_is_resource(errno))
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno,
				     "program %s: cannot read /sys/bus/event_source/devices/%s/type",
				     prog->fn.name, pmu);
	if (obj->probe_mode == RB_PROBE_PMU)
		return rb_fail(err, RB_ERR_KERNEL,
			       "program %s: this kernel has no %s PMU "
			       "(/sys/bus/event_source/devices/%s, Linux 4.17+); the tracefs "
			       "probe mode would use %s_events instead", prog->fn.name, pmu, pmu, pmu);
	return 0; /* RB_PROBE_AUTO: fall back to tracefs */
}
