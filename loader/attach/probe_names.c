/* rawbpf's probe event names, and reading them back.
 *
 * A probe event made through tracefs (probe_events.c) belongs to nobody:
 * when a rawbpf is killed with SIGKILL, its events stay. Their name is how
 * `rawbpf cleanup` later tells whose they were:
 *
 *     rawbpf_<pidns>_<pid>_<program>[_N]
 *
 * pidns is the inode number of the maker's pid namespace, pid its process
 * id as that namespace numbers it. A pid alone means nothing across
 * containers: each has its own pid 1, and tracefs's events are one list for
 * the whole machine. A cleanup in one container judging another's events by
 * its own pids would remove events that are still in use.
 *
 * The kernel's limits (kernel/trace/trace_probe.c, traceprobe_parse_event_name):
 * a group or event name of at most MAX_EVENT_NAME_LEN - 1 = 63 characters,
 * and made of letters, digits and '_' (is_good_name). The pid namespace and
 * pid come first and are never cut; a long program name is.
 *
 * Pure functions, unit-tested in tests/unit/test_probe_cleanup.c. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"

#define PREFIX "rawbpf_"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII only, whatever the locale: what the kernel's is_good_name takes. */
static int is_name_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

int rb_probe_event_base_name(char *buf, size_t size, uint64_t pidns, int pid, const char *prog)
{
	int n = snprintf(buf, size, PREFIX "%llu_%d_", (unsigned long long)pidns, pid);

	/* Room for the numbers and at least one character of the program. */
	if (n < 0 || (size_t)n + 1 >= size)
		return -1;
	snprintf(buf + n, size - (size_t)n, "%s", prog); /* cut when too long */
	/* An object could name a program anything, and a blank or a newline
	 * here would let it write a second command into the events file. */
	for (char *c = buf + n; *c; c++)
		if (!is_name_char(*c))
			*c = '_';
	return 0;
}

/* A decimal number of at most `max`, as printf writes it (no sign, no
 * leading zero): where it ends, or NULL. */
static const char *parse_number(const char *s, uint64_t max, uint64_t *out)
{
	const char *start = s;
	uint64_t v = 0;

	if (s[0] == '0' && is_digit(s[1]))
		return NULL;
	for (; is_digit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return NULL;
		v = v * 10 + d;
	}
	if (s == start)
		return NULL;
	*out = v;
	return s;
}

int rb_probe_event_name_parse(const char *name, uint64_t *pidns, int *pid)
{
	uint64_t ns, id;
	const char *p;

	if (strncmp(name, PREFIX, strlen(PREFIX)) != 0)
		return -1;
	p = parse_number(name + strlen(PREFIX), UINT64_MAX, &ns);
	if (!p || *p != '_')
		return -1;
	p = parse_number(p + 1, INT_MAX, &id);
	if (!p || *p != '_' || id == 0 || !p[1])
		return -1;
	for (p++; *p; p++)
		if (!is_name_char(*p))
			return -1;
	*pidns = ns;
	*pid = (int)id;
	return 0;
}

/* The kernel writes one line per probe (trace_kprobe.c and trace_uprobe.c,
 * probes_seq_show): 'p', or 'r' and for kretprobes maybe its maxactive
 * ("r16"), then ":GROUP/NAME", a blank, the location, and " NAME=FETCH" per
 * argument. */
int rb_probe_event_parse(const char *line, struct rb_probe_event *out)
{
	const char *p = line, *slash, *end;
	size_t group_len, name_len;

	memset(out, 0, sizeof(*out));
	if (*p != 'p' && *p != 'r')
		return -1;
	for (p++; is_digit(*p); p++)
		;
	if (*p++ != ':')
		return -1;
	end = p + strcspn(p, " \t\n");
	slash = memchr(p, '/', (size_t)(end - p));
	if (!slash)
		return -1;
	group_len = (size_t)(slash - p);
	name_len = (size_t)(end - slash - 1);
	if (group_len == 0 || group_len >= sizeof(out->group) || name_len == 0 ||
	    name_len >= sizeof(out->name) || memchr(slash + 1, '/', name_len))
		return -1;
	/* A probe has a location: "GROUP/NAME" alone is not a listing line. */
	if (*end != ' ' || end[1] == '\0' || end[1] == '\n' || end[1] == ' ')
		return -1;
	memcpy(out->group, p, group_len);
	memcpy(out->name, slash + 1, name_len);
	out->probes = 1;
	/* rawbpf makes its events in the kernel's default groups only. */
	out->is_rawbpf = (strcmp(out->group, "kprobes") == 0 || strcmp(out->group, "uprobes") == 0) &&
			 rb_probe_event_name_parse(out->name, &out->pidns, &out->pid) == 0;
	return 0;
}

int rb_probe_events_parse_text(const char *text, struct rb_probe_event **events,
			       size_t *count, struct rb_error *err)
{
	struct rb_probe_event *list = NULL, ev;
	size_t n = 0, cap = 0;

	for (const char *line = text; *line; ) {
		const char *nl = strchr(line, '\n');
		size_t i;

		if (rb_probe_event_parse(line, &ev) == 0) {
			/* Each probe of a multi-probe event (Linux 5.4+) is a line
			 * of its own, not always next to the others. */
			for (i = 0; i < n; i++)
				if (strcmp(list[i].group, ev.group) == 0 &&
				    strcmp(list[i].name, ev.name) == 0)
					break;
			if (i < n) {
				list[i].probes++;
			} else {
				if (n == cap) {
					size_t bigger = cap ? cap * 2 : 16;
					struct rb_probe_event *l = realloc(list, bigger * sizeof(*l));
					if (!l) {
						free(list);
						return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
					}
					list = l;
					cap = bigger;
				}
				list[n++] = ev;
			}
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	*events = list;
	*count = n;
	return 0;
}

enum rb_probe_verdict rb_probe_event_verdict(const struct rb_probe_event *ev, uint64_t pidns,
					     rb_pid_alive_fn alive, void *ctx)
{
	if (!ev->is_rawbpf)
		return RB_PROBE_NOT_RAWBPF;
	/* An old name, rawbpf_<pid>_<program>, whose program starts with
	 * digits reads as a pidns here; never as the caller's, as pids stay
	 * below 2^22 (PID_MAX_LIMIT) and pid namespace inodes are near 2^32
	 * (include/linux/proc_ns.h: the first is PROC_PID_INIT_INO,
	 * 0xEFFFFFFC, the others from PROC_DYNAMIC_FIRST, 0xF0000000). */
	if (ev->pidns != pidns)
		return RB_PROBE_OTHER_PIDNS;
	/* rawbpf only writes a name no event has (probe_events.c): a second
	 * probe was added by someone else, and removing the event would
	 * remove theirs too. */
	if (ev->probes > 1)
		return RB_PROBE_SHARED;
	return alive(ctx, ev->pid) ? RB_PROBE_OWNER_ALIVE : RB_PROBE_STALE;
}
