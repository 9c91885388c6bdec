/* Attaching perf_event programs: SEC("perf_event"), one perf event per CPU.
 *
 * A sampling profiler asks the kernel for an interrupt every so often on
 * each CPU and looks at what was running then. perf does it with a perf
 * event per CPU; a BPF program set on such an event runs at each sample,
 * in the interrupt, with the registers of the interrupted code (struct
 * bpf_perf_event_data), and can take its stack (bpf_get_stackid).
 *
 *   for each CPU:  fd = perf_event_open(type, config, freq or period,
 *                                       pid = -1 (every task), cpu)
 *                  ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog fd); ENABLE
 *
 * The kernel runs the program from the event's overflow handler
 * (kernel/events/core.c, __perf_event_overflow -> bpf_overflow_handler,
 * set up by perf_event_set_bpf_handler for BPF_PROG_TYPE_PERF_EVENT).
 * By default the event is the software cpu-clock (an hrtimer per CPU,
 * there on every machine, a VM too), at RB_SAMPLE_FREQ_DEFAULT Hz; the
 * hardware events (cycles, instructions, ...) need the CPU's PMU, which
 * virtual machines often do not pass on. With attr.freq the kernel adjusts
 * the period to reach sample_freq, which must not exceed
 * /proc/sys/kernel/perf_event_max_sample_rate (perf_event_open() says
 * EINVAL above it; the kernel may lower the limit itself when sampling
 * takes too long, perf_sample_event_took()).
 *
 * The link holds every CPU's fd; closing them all detaches the program. A
 * failure on one CPU closes those opened before it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "loader/kernel/perf_event.h"
#include "loader/open/read_file.h"

#define MAX_SAMPLE_RATE "/proc/sys/kernel/perf_event_max_sample_rate"

/* The events by the names perf's `-e` takes (tools/perf/util/parse-events.c). */
static const struct sample_event {
	const char *name;
	uint32_t type;
	uint64_t config;
} events[] = {
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
	{ "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
};

#define NEVENTS (sizeof(events) / sizeof(events[0]))

struct perf_sample_link {
	struct rb_link base; /* base.fd: CPU 0's event (rb_link_fd) */
	int *fds;            /* every CPU's, base.fd among them */
	size_t count;
};

static void close_fds(const struct rb_narrator *narrator, int *fds, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		close(fds[i]);
		rb_narrate(narrator, "detach: close(fd %d)", fds[i]);
	}
}

static int sample_detach(struct rb_link *link, struct rb_error *err)
{
	struct perf_sample_link *s = (struct perf_sample_link *)link;

	(void)err; /* closing fds the link owns: nothing can stay */
	close_fds(&link->narrator, s->fds, s->count);
	free(s->fds);
	s->fds = NULL;
	s->count = 0;
	link->fd = -1;
	return 0;
}

static const struct rb_link_ops sample_link_ops = {
	.name = "perf events, one per CPU",
	.detach = sample_detach,
};

static int find_event(const struct rb_program *prog, const char *name,
		      const struct sample_event **out, struct rb_error *err)
{
	char names[400] = "";

	for (size_t i = 0; i < NEVENTS; i++) {
		if (strcmp(events[i].name, name) == 0) {
			*out = &events[i];
			return 0;
		}
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", events[i].name);
	}
	return rb_fail(err, RB_ERR_INPUT, "program %s: no perf event named '%s' (rawbpf knows %s)",
		       prog->fn.name, name, names);
}

/* The kernel's limit on sample_freq, or 0 when it cannot be read (the
 * kernel's EINVAL then says it). */
static uint64_t max_sample_rate(void)
{
	char buf[64], *end;
	unsigned long long v;

	if (rb_read_small_file(MAX_SAMPLE_RATE, buf, sizeof(buf)) < 0)
		return 0;
	errno = 0;
	v = strtoull(buf, &end, 10);
	return errno || end == buf ? 0 : v;
}

/* Why perf_event_open refused the event (kernel/events/core.c,
 * perf_event_open and perf_init_event). */
static int open_failed(const struct rb_program *prog, const struct sample_event *ev,
		       const struct perf_event_attr *attr, int cpu, int e, struct rb_error *err)
{
	uint64_t limit = max_sample_rate();

	if (ev->type == PERF_TYPE_HARDWARE && (e == ENOENT || e == EOPNOTSUPP || e == ENODEV))
		return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s: cannot sample %s: this "
				     "machine has no hardware PMU events (a VM?): use --event "
				     "cpu-clock", prog->fn.name, ev->name);
	if (e == EINVAL && attr->freq && limit && attr->sample_freq > limit)
		return rb_fail(err, RB_ERR_KERNEL, "program %s: a sample frequency of %llu Hz is "
			       "above this kernel's limit, %llu Hz (%s)", prog->fn.name,
			       (unsigned long long)attr->sample_freq, (unsigned long long)limit,
			       MAX_SAMPLE_RATE);
	return rb_fail_errno(err, RB_ERR_KERNEL, e, "program %s: perf_event_open(%s, cpu %d) "
			     "failed%s", prog->fn.name, ev->name, cpu,
			     e == EACCES || e == EPERM ? " (sampling every task needs CAP_PERFMON "
			     "or root, or kernel.perf_event_paranoid <= 0)" : "");
}

static int attach_perf_sample(struct rb_program *prog, const struct rb_attach_opts *opts,
			      struct rb_link **out, struct rb_error *err)
{
	const struct rb_narrator *narrator = &prog->obj->narrator;
	const struct sample_event *ev = NULL;
	struct perf_event_attr attr = { 0 };
	struct perf_sample_link *link;
	uint64_t limit = max_sample_rate();
	int cpus, *fds;
	size_t count = 0;
	char what[96];

	if (find_event(prog, opts->event ? opts->event : "cpu-clock", &ev, err))
		return -1;
	if (opts->sample_freq && opts->sample_period)
		return rb_fail(err, RB_ERR_INPUT, "program %s: a sample frequency or a sample "
			       "period, not both", prog->fn.name);
	attr.type = ev->type;
	attr.config = ev->config;
	attr.disabled = 1; /* enabled once the program is set on it */
	if (opts->sample_period) {
		attr.sample_period = opts->sample_period;
	} else {
		attr.freq = 1;
		attr.sample_freq = opts->sample_freq ? opts->sample_freq : RB_SAMPLE_FREQ_DEFAULT;
		/* Said before any event exists, with the limit's name. */
		if (limit && attr.sample_freq > limit)
			return rb_fail(err, RB_ERR_KERNEL, "program %s: a sample frequency of %llu "
				       "Hz is above this kernel's limit, %llu Hz (%s)",
				       prog->fn.name, (unsigned long long)attr.sample_freq,
				       (unsigned long long)limit, MAX_SAMPLE_RATE);
	}
	if (rb_possible_cpus(&cpus, err))
		return -1;
	fds = calloc((size_t)cpus, sizeof(*fds));
	if (!fds)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (int cpu = 0; cpu < cpus; cpu++) {
		int fd = rb_perf_event_open(&attr, cpu);

		if (fd < 0 && errno == ENODEV)
			continue; /* a possible CPU that is offline: nothing runs there */
		if (fd < 0) {
			int e = errno;
			close_fds(narrator, fds, count);
			free(fds);
			return open_failed(prog, ev, &attr, cpu, e, err);
		}
		rb_narrate(narrator, "perf_event_open(%s, %s %llu, pid -1, cpu %d) = fd %d",
			   ev->name, attr.freq ? "sample_freq" : "sample_period",
			   (unsigned long long)attr.sample_period, cpu, fd);
		snprintf(what, sizeof(what), "perf event %s on cpu %d", ev->name, cpu);
		if (rb_perf_event_set_bpf(prog, fd, what, err)) { /* it closed fd */
			close_fds(narrator, fds, count);
			free(fds);
			return -1;
		}
		fds[count++] = fd;
	}
	if (!count) {
		free(fds);
		return rb_fail(err, RB_ERR_SYSTEM, "program %s: no CPU is online", prog->fn.name);
	}
	if (rb_link_new(prog, &sample_link_ops, sizeof(*link), fds[0], out, err)) {
		/* it closed fds[0] */
		close_fds(narrator, fds + 1, count - 1);
		free(fds);
		return -1;
	}
	link = (struct perf_sample_link *)*out;
	link->fds = fds;
	link->count = count;
	return 0;
}

/* perf_event: on every CPU (RB_ATTACH_OPT_SAMPLE says which event, how often). */
const struct rb_attach_provider rb_provider_perf_sample = {
	.name = "perf_event",
	.options = RB_ATTACH_OPT_SAMPLE,
	.attach = attach_perf_sample,
};
