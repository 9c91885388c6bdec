/* How many CPUs: the number the kernel sizes per-CPU data by.
 *
 * Not the online count (sysconf(_SC_NPROCESSORS_ONLN)): a CPU can come
 * online later, and per-CPU maps and perf event arrays are indexed by CPU
 * id up to the highest *possible* one. */
#include <errno.h>
#include <stdlib.h>

#include "loader/open/read_file.h"
#include "loader/rawbpf.h"

#define POSSIBLE "/sys/devices/system/cpu/possible"

int rb_parse_cpu_list(const char *text, int *count)
{
	const char *p = text;
	long highest = -1;

	/* "0-3,8,10-11\n": ranges and single ids, comma-separated. */
	while (*p && *p != '\n') {
		char *end;
		long first = strtol(p, &end, 10), last;

		if (end == p || first < 0)
			return -1;
		last = first;
		p = end;
		if (*p == '-') {
			last = strtol(p + 1, &end, 10);
			if (end == p + 1 || last < first)
				return -1;
			p = end;
		}
		if (last > 65535)
			return -1;
		if (last > highest)
			highest = last;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -1;
	}
	if (highest < 0)
		return -1;
	*count = (int)highest + 1;
	return 0;
}

int rb_possible_cpus(int *count, struct rb_error *err)
{
	char buf[256];

	if (rb_read_small_file(POSSIBLE, buf, sizeof(buf)) < 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "cannot read %s", POSSIBLE);
	if (rb_parse_cpu_list(buf, count))
		return rb_fail(err, RB_ERR_SYSTEM, "%s: cannot parse \"%s\"", POSSIBLE, buf);
	return 0;
}
