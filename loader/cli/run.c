/* rawbpf run [--json] [--pages N] [--verbose] [--type T] [--set NAME=VALUE]
 *            [--probe-mode MODE] [--btf FILE] [--core-by-kernel] OBJ [-- CMD [ARG...]]
 *
 * Load, attach, stream events, and at the end print every map. The order of
 * a run:
 *   1. block SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGCHLD: they arrive
 *      through a signalfd in the event loop, so that no signal can
 *      interrupt a half-done teardown; ignore SIGPIPE (a closed stdout
 *      must not end the run before its teardown);
 *   2. open and load (the library undoes its own work on failure);
 *   3. perf buffers for every perf event array, trace_pipe when a program
 *      calls bpf_trace_printk, then attach;
 *   4. start CMD (unless a stop signal came during 2 and 3), then wait in
 *      epoll for events, CMD's exit, or a signal (an object of maps alone
 *      has nothing to wait for);
 *   5. drain what is left in the buffers, print the maps, close everything. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "cli.h"
#include "view.h"
#include "stacks.h"

#define TAG_SIGNAL 0
#define TAG_TRACE_PIPE 1
#define TAG_PERF 2 /* + index of the perf or ring buffer */
#define TAG_STACKS UINT64_MAX /* the timer that notes sampled processes (stacks.c) */
#define STACKS_NOTE_MS 100    /* how often: a process that lives longer is named */

#define MAX_EDITS 64
#define MAX_TARGETS 64 /* --attach PROG=TARGET */

/* What the command line changes in the object before it loads, applied in
 * the order given: --set NAME=VALUE, --skip PROG, --map-size NAME=N,
 * --map-value-size NAME=N. */
enum edit_kind { EDIT_SET, EDIT_SKIP, EDIT_MAP_SIZE, EDIT_MAP_VALUE_SIZE };

static const char *const edit_options[] = {
	[EDIT_SET] = "--set", [EDIT_SKIP] = "--skip",
	[EDIT_MAP_SIZE] = "--map-size", [EDIT_MAP_VALUE_SIZE] = "--map-value-size",
};

struct edit {
	enum edit_kind kind;
	const char *arg;
};

struct run_opts {
	const char *path;
	struct edit edits[MAX_EDITS];
	size_t edit_count;
	char **cmd;   /* NULL when no CMD */
	int json;
	struct view_opts view; /* --event-type, --hist (view.c) */
	size_t pages;
	struct rb_open_opts open;
	struct rb_attach_opts attach; /* --iface, --cgroup, --netns, --xdp-mode,
					 --event, --sample-freq, --sample-period */
	struct rb_program_target targets[MAX_TARGETS]; /* --attach PROG=TARGET */
	int folded; /* --folded: stacks in the folded format, instead of the maps */
};

/* Where a map's events go: a perf buffer or a ring buffer. */
struct sink {
	struct run *run;
	const char *map;
	struct rb_perf_buffer *pb; /* one of these two */
	struct rb_ringbuf *ring;
	struct event_view ev; /* the type its events print as (view.c) */
};

struct run {
	struct run_opts *opts;
	struct rb_object *obj;
	struct sink *sinks;
	size_t sink_count;
	struct rb_trace_pipe *trace_pipe;
	int epfd, sigfd;
	struct child child;
	int status;      /* exit status of the whole run */
	int stop;
	int signals_seen;
	struct stacks *stacks; /* the object's stack maps, or NULL (stacks.c) */
	int timerfd;           /* its timer, or -1 */
};

static int edit_kind_of(const char *option)
{
	for (size_t k = 0; k < sizeof(edit_options) / sizeof(edit_options[0]); k++)
		if (strcmp(option, edit_options[k]) == 0)
			return (int)k;
	return -1;
}

/* The options that say where networking programs attach (the library's
 * rb_attach_opts; rb_object_attach_opts refuses one that no program of the
 * object takes). 1 when argv[*i] was one (its value consumed), 0 when it
 * is not one of them, -1 on a bad value. */
static int parse_attach_option(int argc, char **argv, int *i, struct rb_attach_opts *a)
{
	const char *opt = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	const char **field = strcmp(opt, "--iface") == 0 ? &a->iface
			     : strcmp(opt, "--cgroup") == 0 ? &a->cgroup
			     : strcmp(opt, "--netns") == 0 ? &a->netns
			     : strcmp(opt, "--iter-map") == 0 ? &a->iter_map : NULL;

	if (!field && strcmp(opt, "--xdp-mode") != 0)
		return 0;
	if (!v) {
		fprintf(stderr, "rawbpf run: %s takes %s\n", opt,
			!field ? "skb or native" : field == &a->iface ? "an interface name"
			: field == &a->cgroup ? "a cgroup v2 directory"
			: field == &a->iter_map ? "one of the object's maps (iter/bpf_map_elem)"
			: "a network namespace file (/proc/PID/ns/net, /run/netns/NAME)");
		return -1;
	}
	++*i;
	if (field) {
		*field = v;
		return 1;
	}
	if (strcmp(v, "skb") == 0)
		a->xdp_mode = RB_XDP_SKB;
	else if (strcmp(v, "native") == 0)
		a->xdp_mode = RB_XDP_NATIVE;
	else {
		fprintf(stderr, "rawbpf run: --xdp-mode takes skb or native, not '%s'\n", v);
		return -1;
	}
	return 1;
}

/* A sampling count: a whole decimal number above 0. */
static int parse_count(const char *opt, const char *v, uint64_t *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = v ? strtoull(v, &end, 10) : 0;
	if (!v || errno || end == v || *end || v[0] == '-' || n == 0) {
		fprintf(stderr, "rawbpf run: %s takes a whole number above 0%s%s%s\n", opt,
			v ? ", not '" : "", v ? v : "", v ? "'" : "");
		return -1;
	}
	*out = n;
	return 0;
}

/* --attach PROG=TARGET, --event NAME, --sample-freq HZ, --sample-period N,
 * --folded: targets from the command line and sampling (rb_attach_opts's
 * targets, event, sample_freq, sample_period). 1 when argv[*i] was one, 0
 * when not, -1 on a bad value. */
static int parse_sample_option(int argc, char **argv, int *i, struct run_opts *o)
{
	const char *opt = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	struct rb_attach_opts *a = &o->attach;

	if (strcmp(opt, "--folded") == 0) {
		o->folded = 1;
		return 1;
	}
	if (strcmp(opt, "--attach") && strcmp(opt, "--event") && strcmp(opt, "--sample-freq") &&
	    strcmp(opt, "--sample-period"))
		return 0;
	++*i;
	if (strcmp(opt, "--sample-freq") == 0)
		return parse_count(opt, v, &a->sample_freq) ? -1 : 1;
	if (strcmp(opt, "--sample-period") == 0)
		return parse_count(opt, v, &a->sample_period) ? -1 : 1;
	if (strcmp(opt, "--event") == 0) {
		if (!v) {
			fprintf(stderr, "rawbpf run: --event takes a perf event name (cpu-clock, "
				"task-clock, cycles, instructions, ...)\n");
			return -1;
		}
		a->event = v;
		return 1;
	}
	/* --attach PROG=TARGET: the target is the provider's to parse
	 * ("/bin/bash:readline", "do_sys_openat2", "PATH:PROVIDER:NAME") */
	if (!v || !strchr(v, '=') || v[0] == '=' || !strchr(v, '=')[1]) {
		fprintf(stderr, "rawbpf run: --attach takes PROG=TARGET (uprobe: "
			"PROG=PATH:FUNC, kprobe: PROG=FUNC)%s%s%s\n", v ? ", not '" : "",
			v ? v : "", v ? "'" : "");
		return -1;
	}
	if (a->target_count == MAX_TARGETS) {
		fprintf(stderr, "rawbpf run: at most %d --attach options\n", MAX_TARGETS);
		return -1;
	}
	/* PROG ends at the first '=': argv is ours to cut */
	argv[*i][strchr(v, '=') - v] = '\0';
	o->targets[a->target_count++] = (struct rb_program_target){ v, strchr(v, '\0') + 1 };
	a->targets = o->targets;
	return 1;
}

/* The value after the option argv[*i], consumed into *out: 1, or -1 and
 * "OPT WHAT" when the command line ends first. */
static int take_value(int argc, char **argv, int *i, const char *what, const char **out)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "rawbpf run: %s %s\n", argv[*i], what);
		return -1;
	}
	*out = argv[++*i];
	return 1;
}

/* A word an option takes, and the value it stands for; a table of them
 * ends with a NULL name. */
struct word {
	const char *name;
	int value;
};

static const struct word probe_modes[] = {
	{ "auto", RB_PROBE_AUTO }, { "pmu", RB_PROBE_PMU }, { "tracefs", RB_PROBE_TRACEFS },
	{ NULL, 0 },
};
static const struct word net_modes[] = {
	{ "auto", RB_NET_AUTO }, { "link", RB_NET_LINK }, { "netlink", RB_NET_NETLINK },
	{ NULL, 0 },
};

/* The word after the option argv[*i], consumed (a missing one is ""), as
 * its value in *out: 1, or -1 and "OPT takes LIST, not 'WORD'". */
static int take_word(int argc, char **argv, int *i, const struct word *words,
		     const char *list, int *out)
{
	const char *opt = argv[*i], *v = *i + 1 < argc ? argv[++*i] : "";

	for (const struct word *w = words; w->name; w++)
		if (strcmp(v, w->name) == 0) {
			*out = w->value;
			return 1;
		}
	fprintf(stderr, "rawbpf run: %s takes %s, not '%s'\n", opt, list, v);
	return -1;
}

/* --probe-mode MODE, --net-mode MODE: 1 when argv[*i] was one (its value
 * consumed), 0 when not, -1 on a bad value. */
static int parse_mode_option(int argc, char **argv, int *i, struct rb_open_opts *open)
{
	int mode;

	if (strcmp(argv[*i], "--probe-mode") == 0) {
		if (take_word(argc, argv, i, probe_modes, "auto, pmu or tracefs", &mode) < 0)
			return -1;
		open->probe_mode = (enum rb_probe_mode)mode;
		return 1;
	}
	if (strcmp(argv[*i], "--net-mode") == 0) {
		if (take_word(argc, argv, i, net_modes, "auto, link or netlink", &mode) < 0)
			return -1;
		open->net_mode = (enum rb_net_mode)mode;
		return 1;
	}
	return 0;
}

/* The options that fill rb_open_opts: how the object is opened and
 * loaded. 1, 0 or -1 as above. */
static int parse_open_option(int argc, char **argv, int *i, struct rb_open_opts *open)
{
	const char *opt = argv[*i];

	if (strcmp(opt, "--core-by-kernel") == 0) {
		open->core_by_kernel = 1;
		return 1;
	}
	if (strcmp(opt, "--verbose") == 0 || strcmp(opt, "-v") == 0) {
		open->narrator.fn = narrate_to_stderr;
		return 1;
	}
	if (strcmp(opt, "--btf") == 0)
		return take_value(argc, argv, i, "takes a BTF file (raw, or an ELF file with a "
				  ".BTF section)", &open->btf_path);
	if (strcmp(opt, "--kconfig") == 0)
		return take_value(argc, argv, i, "takes a kernel config file", &open->kconfig_path);
	if (strcmp(opt, "--type") == 0)
		return take_value(argc, argv, i, "needs a value", &open->type_override);
	return parse_mode_option(argc, argv, i, open);
}

/* --set NAME=VALUE, --skip PROG, --map-size MAP=N, --map-value-size MAP=N,
 * kept in the order given (struct edit). 1, 0 or -1 as above. */
static int parse_edit_option(int argc, char **argv, int *i, struct run_opts *o)
{
	const char *opt = argv[*i];
	int kind = edit_kind_of(opt);

	if (kind < 0)
		return 0;
	if (*i + 1 >= argc || (kind != EDIT_SKIP && !strchr(argv[*i + 1], '='))) {
		fprintf(stderr, "rawbpf run: %s takes %s\n", opt,
			kind == EDIT_SKIP ? "PROG" : kind == EDIT_SET ? "NAME=VALUE" : "MAP=N");
		return -1;
	}
	if (o->edit_count == MAX_EDITS) {
		fprintf(stderr, "rawbpf run: at most %d --set, --skip and --map-* options\n",
			MAX_EDITS);
		return -1;
	}
	o->edits[o->edit_count++] = (struct edit){ (enum edit_kind)kind, argv[++*i] };
	return 1;
}

/* --json, --pages N: how events are printed, and the size of each perf
 * buffer (the kernel maps a perf buffer only in a power of two of pages,
 * perf_mmap() in kernel/events/core.c). 1, 0 or -1 as above. */
static int parse_output_option(int argc, char **argv, int *i, struct run_opts *o)
{
	const char *v;
	char *end;
	unsigned long pages;

	if (strcmp(argv[*i], "--json") == 0) {
		o->json = 1;
		return 1;
	}
	if (strcmp(argv[*i], "--pages") != 0)
		return 0;
	if (take_value(argc, argv, i, "needs a value", &v) < 0)
		return -1;
	pages = strtoul(v, &end, 10);
	if (*end || pages == 0 || (pages & (pages - 1)) || pages > (1UL << 20)) {
		fprintf(stderr, "rawbpf run: --pages takes a power of two (1, 2, 4, ... 1048576), "
			"not '%s'\n", v);
		return -1;
	}
	o->pages = pages;
	return 1;
}

/* Any option of the groups above: 1, 0 or -1 as each of them says. */
static int parse_option(int argc, char **argv, int *i, struct run_opts *o)
{
	int option = parse_attach_option(argc, argv, i, &o->attach);

	if (option == 0)
		option = parse_sample_option(argc, argv, i, o);
	if (option == 0)
		option = parse_view_option(argc, argv, i, &o->view);
	if (option == 0)
		option = parse_open_option(argc, argv, i, &o->open);
	if (option == 0)
		option = parse_edit_option(argc, argv, i, o);
	if (option == 0)
		option = parse_output_option(argc, argv, i, o);
	return option;
}

static void print_usage(void)
{
	fprintf(stderr, "usage: rawbpf run [--json] [--pages N] [--verbose] [--type TYPE] "
		"[--set NAME=VALUE] [--skip PROG] [--map-size MAP=N] [--map-value-size MAP=N] "
		"[--probe-mode MODE] [--btf FILE] [--core-by-kernel] [--iface NAME] "
		"[--xdp-mode skb|native] [--net-mode MODE] [--cgroup DIR] [--netns FILE] "
		"[--iter-map MAP] "
		"[--attach PROG=TARGET] [--sample-freq HZ] [--sample-period N] [--event NAME] "
		"[--folded] OBJ [-- CMD [ARG...]]\n");
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
	/* The command may set the machine up as a run needs: mount tracefs and
	 * bpffs when missing, raise RLIMIT_MEMLOCK on kernels before 5.11,
	 * make printk output readable (trace_pipe.c). */
	*o = (struct run_opts){
		.pages = 64,
		.open.policy = RB_MOUNT_TRACEFS | RB_MOUNT_BPFFS | RB_RAISE_MEMLOCK | RB_MOUNT_CGROUP2 |
			       RB_TRACEFS_SETUP,
	};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int option = parse_option(argc, argv, &i, o);

		if (option < 0)
			return -1;
		if (option)
			continue;
		if (strcmp(a, "--") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "rawbpf run: '--' must be followed by a command\n");
				return -1;
			}
			o->cmd = &argv[i + 1];
			break;
		}
		if (a[0] == '-') {
			fprintf(stderr, "rawbpf run: unknown option %s\n", a);
			return -1;
		}
		if (o->path) {
			fprintf(stderr, "rawbpf run: one object at a time (%s and %s); "
				"put the command after '--'\n", o->path, a);
			return -1;
		}
		o->path = a;
	}
	if (!o->path) {
		print_usage();
		return -1;
	}
	return 0;
}

/* An event of a perf buffer, written on CPU `cpu`, or of a ring buffer
 * (cpu -1: one ring for all CPUs, so there is no CPU to tell). */
static void print_event(const struct sink *s, int cpu, const void *data, uint32_t size)
{
	print_event_view(stdout, &s->ev, s->map, cpu, data, size, s->run->opts->json);
}

static void on_sample(void *ctx, int cpu, const void *data, uint32_t size)
{
	print_event(ctx, cpu, data, size);
}

static void on_ring_sample(void *ctx, const void *data, uint32_t size)
{
	print_event(ctx, -1, data, size);
}

static void on_lost(void *ctx, int cpu, uint64_t lost)
{
	struct sink *s = ctx;

	if (s->run->opts->json) {
		fputs("{\"type\":\"lost\",\"map\":", stdout);
		print_json_string(stdout, s->map);
		printf(",\"cpu\":%d,\"count\":%llu}\n", cpu, (unsigned long long)lost);
	} else {
		printf("lost %llu events of ", (unsigned long long)lost);
		print_text(stdout, s->map, 0);
		printf(" on cpu %d (the ring was full: try --pages)\n", cpu);
	}
}

static void on_printk(void *ctx, const char *line)
{
	struct run *run = ctx;

	if (run->opts->json) {
		fputs("{\"type\":\"printk\",\"text\":", stdout);
		print_json_string(stdout, line);
		fputs("}\n", stdout);
	} else {
		/* the program's text and the task's comm: any bytes */
		fputs("printk ", stdout);
		print_text(stdout, line, 0);
		putchar('\n');
	}
}

static int epoll_add(int epfd, int fd, uint64_t tag, struct rb_error *err)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "epoll_ctl");
	return 0;
}

static int sink_fd(const struct sink *s)
{
	return s->pb ? rb_perf_buffer_fd(s->pb) : rb_ringbuf_fd(s->ring);
}

/* Everything available, on every CPU: when epoll says the buffer is
 * readable, and for the final drain. */
static int sink_consume(struct sink *s, struct rb_error *err)
{
	return s->pb ? rb_perf_buffer_consume(s->pb, err) : rb_ringbuf_consume(s->ring, err);
}

/* Perf buffers, ring buffers and trace_pipe, each registered with the
 * run's epoll. */
static int open_readers(struct run *run, struct rb_error *err)
{
	struct rb_object *obj = run->obj;
	const struct rb_narrator *narrator = &run->opts->open.narrator; /* as opened */
	size_t count;
	const struct rb_map *maps = rb_object_maps(obj, &count);

	run->sinks = calloc(count ? count : 1, sizeof(*run->sinks));
	if (!run->sinks)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	for (size_t i = 0; i < count; i++) {
		const struct rb_map *map = &maps[i];
		struct sink *s = &run->sinks[run->sink_count];
		int ret;

		if (!rb_map_is_perf_event_array(map) && !rb_map_is_ringbuf(map))
			continue;
		*s = (struct sink){ .run = run, .map = map->name };
		event_view_of(&run->opts->view, obj, map, &s->ev);
		if (rb_map_is_ringbuf(map))
			ret = rb_ringbuf_open(&s->ring, map, on_ring_sample, s, narrator, err);
		else
			ret = rb_perf_buffer_open(&s->pb, map, run->opts->pages, on_sample, on_lost,
						  s, narrator, err);
		if (ret)
			return -1;
		run->sink_count++;
		if (epoll_add(run->epfd, sink_fd(s), TAG_PERF + run->sink_count - 1, err))
			return -1;
	}
	if (rb_object_uses_trace_pipe(obj)) {
		if (rb_trace_pipe_open(obj, &run->trace_pipe, err) ||
		    epoll_add(run->epfd, rb_trace_pipe_fd(run->trace_pipe), TAG_TRACE_PIPE, err))
			return -1;
	}
	return 0;
}

/* At the end: everything left, and trace_pipe until it is empty, with a
 * last line that has no newline yet. */
static int drain(struct run *run, struct rb_error *err)
{
	for (size_t i = 0; i < run->sink_count; i++)
		if (sink_consume(&run->sinks[i], err) < 0)
			return -1;
	if (run->trace_pipe && rb_trace_pipe_drain(run->trace_pipe, on_printk, run, err))
		return -1;
	return 0;
}

/* SIGCHLD: CMD is done, stop. SIGINT/SIGTERM/SIGHUP/SIGQUIT without CMD:
 * stop. With CMD: pass the signal on (to its process group, child.c) and
 * stop when CMD exits; a second one kills the group. */
static void handle_signal(struct run *run)
{
	struct signalfd_siginfo si;

	while (read(run->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			if (child_reap(&run->child, &run->status, 0))
				run->stop = 1;
			continue;
		}
		if (run->child.pid <= 0) {
			run->stop = 1;
			continue;
		}
		if (++run->signals_seen > 1) {
			fprintf(stderr, "rawbpf: %s again: killing the command\n",
				strsignal((int)si.ssi_signo));
			child_signal(&run->child, SIGKILL);
			continue;
		}
		/* A terminal's Ctrl-C (SI_KERNEL) has reached CMD already when
		 * CMD shares rawbpf's foreground process group (child.c). */
		if (si.ssi_code != SI_KERNEL || run->child.group > 0)
			child_signal(&run->child, (int)si.ssi_signo);
		fprintf(stderr, "rawbpf: %s passed on to the command; stopping when it exits "
			"(a second signal kills it)\n", strsignal((int)si.ssi_signo));
	}
}

/* A stop signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) that came while rawbpf
 * set up (a slow load) waits in the signalfd. Starting CMD now would lose
 * it for CMD: fork does not pass pending signals on, and a terminal's
 * Ctrl-C (SI_KERNEL) is not passed on by handle_signal(), which takes the
 * terminal to have sent it to CMD too, when CMD did not exist yet. So CMD
 * is not started: the signal, or 0 when none came. */
static int stop_signal_pending(struct run *run)
{
	struct signalfd_siginfo si;
	int sig = 0;

	while (read(run->sigfd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo != SIGCHLD && !sig) /* no CMD yet: SIGCHLD is no one's */
			sig = (int)si.ssi_signo;
	return sig;
}

static int event_loop(struct run *run, struct rb_error *err)
{
	struct epoll_event events[16];

	while (!run->stop) {
		int n = epoll_wait(run->epfd, events, 16, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "epoll_wait");
		for (int i = 0; i < n; i++) {
			uint64_t tag = events[i].data.u64;
			if (tag == TAG_SIGNAL)
				handle_signal(run);
			else if (tag == TAG_TRACE_PIPE) {
				if (rb_trace_pipe_read(run->trace_pipe, on_printk, run, err))
					return -1;
			} else if (tag == TAG_STACKS) {
				uint64_t ticks;
				if (read(run->timerfd, &ticks, sizeof(ticks)) == sizeof(ticks))
					stacks_note_pids(run->stacks);
			} else if (sink_consume(&run->sinks[tag - TAG_PERF], err) < 0)
				return -1;
		}
	}
	return drain(run, err);
}

static void close_run(struct run *run)
{
	struct rb_error left;

	for (size_t i = 0; i < run->sink_count; i++) {
		rb_perf_buffer_free(run->sinks[i].pb);
		rb_ringbuf_free(run->sinks[i].ring);
	}
	free(run->sinks);
	rb_trace_pipe_close(run->trace_pipe);
	stacks_close(run->stacks);
	if (run->timerfd >= 0)
		close(run->timerfd);
	/* What a detach could not undo (a probe event tracefs would not
	 * remove) outlives the run: say what, and what removes it. */
	if (run->obj && rb_object_detach(run->obj, &left)) {
		fputs("rawbpf: warning: ", stderr);
		print_text_lines(stderr, left.msg);
	}
	rb_object_close(run->obj);
	if (run->epfd >= 0)
		close(run->epfd);
	if (run->sigfd >= 0)
		close(run->sigfd);
}

/* Print the verifier log of every program the kernel refused. */
void print_verifier_logs(const struct rb_object *obj)
{
	size_t count = 0;
	const struct rb_program *programs = obj ? rb_object_programs(obj, &count) : NULL;

	for (size_t i = 0; i < count; i++) {
		const char *log = programs[i].verifier_log;
		if (log && log[0]) {
			/* the log quotes source lines from the object's BTF */
			fputs("-- verifier log for ", stderr);
			print_text(stderr, programs[i].fn.name, 0);
			fputs(" --\n", stderr);
			print_text_lines(stderr, log);
			fputs("-- end of log --\n", stderr);
		}
	}
}

/* A program that loaded but that run does not attach (socket, xdp,
 * perf_event, ...) never runs: say so, and why, without --verbose, or a
 * run that prints nothing looks like a program that saw nothing. */
static void report_unattached(const struct rb_object *obj)
{
	size_t count;
	const struct rb_program *programs = rb_object_programs(obj, &count);

	for (size_t i = 0; i < count; i++) {
		const struct rb_program *p = &programs[i];

		if (p->link || !p->autoload) /* attached, or --skip */
			continue;
		fputs("rawbpf: program ", stderr);
		print_text(stderr, p->fn.name, 0);
		fputs(" (section ", stderr);
		print_text(stderr, p->fn.section_name, 0);
		/* a kind that attaches (kprobe, tracepoint, ...) but named by --type:
		 * the section, not being kprobe/FUNC, says where to no one */
		fprintf(stderr, ") is loaded but not attached: %s\n",
			p->def && p->def->note ? p->def->note
			: p->def && p->def->provider
				? "--type gives it no attach target (its section name names none)"
			: "its section name names no attach point");
	}
}

/* A cgroup program given no --cgroup is attached to the root of cgroup v2
 * (attach/cgroup.c): it runs for every process of the machine, and one
 * that refuses (a packet dropped, a connect() refused) refuses for all of
 * them. Said always, not only with --verbose. */
static void report_machine_wide(const struct rb_object *obj, const struct rb_attach_opts *a)
{
	size_t count;
	const struct rb_program *programs = rb_object_programs(obj, &count);

	for (size_t i = 0; i < count && !a->cgroup; i++) {
		const struct rb_program *p = &programs[i];

		if (!p->link || !p->def || !p->def->provider ||
		    !(p->def->provider->options & RB_ATTACH_OPT_CGROUP))
			continue;
		fputs("rawbpf: program ", stderr);
		print_text(stderr, p->fn.name, 0);
		fputs(" (section ", stderr);
		print_text(stderr, p->fn.section_name, 0);
		fputs(") is attached to the root of cgroup v2: it runs for every process of this "
		      "machine (--cgroup DIR limits it to one cgroup)\n", stderr);
	}
}

static int has_programs(const struct rb_object *obj)
{
	size_t count;

	rb_object_programs(obj, &count);
	return count > 0;
}

/* A map size: a whole decimal number that fits 32 bits. */
static int parse_size(const char *option, const char *text, uint32_t *out, struct rb_error *err)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v > UINT32_MAX)
		return rb_fail(err, RB_ERR_INPUT, "%s: '%s' is not a size (0 to %u)", option,
			       text, UINT32_MAX);
	*out = (uint32_t)v;
	return 0;
}

static int apply_edit(struct rb_object *obj, const struct edit *e, struct rb_error *err)
{
	const char *eq = strchr(e->arg, '=');
	const char *option = edit_options[e->kind];
	/* the whole name: one cut short could be another variable's */
	char *name = e->kind == EDIT_SKIP ? strdup(e->arg)
					  : strndup(e->arg, (size_t)(eq - e->arg));
	struct rb_program *prog;
	struct rb_map *map;
	uint32_t size = 0;
	int ret = -1;

	if (!name)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	switch (e->kind) {
	case EDIT_SET:
		ret = rb_object_set_global(obj, name, eq + 1, err);
		break;
	case EDIT_SKIP:
		prog = rb_object_program_by_name(obj, name);
		ret = prog ? rb_program_set_autoload(prog, 0, err)
			   : rb_fail(err, RB_ERR_INPUT, "--skip %s: the object has no program of "
				     "that name (rawbpf inspect lists them)", name);
		break;
	case EDIT_MAP_SIZE:
	case EDIT_MAP_VALUE_SIZE:
		map = rb_object_map_by_name(obj, name);
		if (!map)
			ret = rb_fail(err, RB_ERR_INPUT, "%s %s: the object has no map of that name "
				      "(rawbpf inspect lists them)", option, name);
		else if (parse_size(option, eq + 1, &size, err) == 0)
			ret = e->kind == EDIT_MAP_SIZE ? rb_map_set_max_entries(map, size, err)
						       : rb_map_set_value_size(map, size, err);
		break;
	}
	free(name);
	return ret;
}

/* The stack maps, and while the run runs a timer that notes the processes
 * they hold stacks of: a process's mappings, which name its frames, are
 * gone once it exits (stacks.c). */
static int open_stacks(struct run *run, struct rb_error *err)
{
	struct itimerspec every = {
		.it_interval = { .tv_nsec = STACKS_NOTE_MS * 1000000L },
		.it_value = { .tv_nsec = STACKS_NOTE_MS * 1000000L },
	};

	if (stacks_open(&run->stacks, run->obj, err))
		return -1;
	if (run->opts->folded && !stacks_have_counts(run->stacks))
		return rb_fail(err, RB_ERR_INPUT, "--folded: %s has no map that counts by stack (a "
			       "hash map whose key struct has a pid and kern_stack_id or "
			       "user_stack_id members, with a STACK_TRACE map: README, Stacks)",
			       run->opts->path);
	if (!stacks_have_counts(run->stacks))
		return 0;
	run->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (run->timerfd < 0 || timerfd_settime(run->timerfd, 0, &every, NULL))
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "timerfd");
	return epoll_add(run->epfd, run->timerfd, TAG_STACKS, err);
}

static int setup(struct run *run, const sigset_t *blocked, struct rb_error *err)
{
	run->sigfd = signalfd(-1, blocked, SFD_CLOEXEC | SFD_NONBLOCK);
	run->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (run->sigfd < 0 || run->epfd < 0)
		return rb_fail_errno(err, RB_ERR_SYSTEM, errno, "signalfd/epoll_create1");
	if (epoll_add(run->epfd, run->sigfd, TAG_SIGNAL, err))
		return -1;
	if (rb_object_open(&run->obj, run->opts->path, &run->opts->open, err))
		return -1;
	for (size_t i = 0; i < run->opts->edit_count; i++)
		if (apply_edit(run->obj, &run->opts->edits[i], err))
			return -1;
	if (view_check(&run->opts->view, run->obj, err))
		return -1;
	if (rb_object_load(run->obj, err)) {
		print_verifier_logs(run->obj);
		return -1;
	}
	if (rb_object_btf_warning(run->obj)[0]) {
		fputs("rawbpf: warning: ", stderr);
		print_text(stderr, rb_object_path(run->obj), 0);
		fputs(": ", stderr);
		print_text_lines(stderr, rb_object_btf_warning(run->obj));
	}
	/* Readers before attaching, so that the first events have somewhere
	 * to go. */
	if (open_readers(run, err) || open_stacks(run, err) ||
	    rb_object_attach_opts(run->obj, &run->opts->attach, err))
		return -1;
	report_unattached(run->obj);
	report_machine_wide(run->obj, &run->opts->attach);
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts opts;
	struct run run = { .opts = &opts, .epfd = -1, .sigfd = -1, .timerfd = -1 };
	struct rb_error err = { 0 };
	sigset_t blocked, old;
	int ret, sig;

	if (parse_args(argc, argv, &opts))
		return EXIT_USAGE;
	setvbuf(stdout, NULL, _IOLBF, 0); /* events appear as they happen */
	/* Every signal that would end rawbpf without a teardown, and that can
	 * be caught, comes through the signalfd instead: a tracefs probe event
	 * (--probe-mode tracefs) must be removed however the run ends. A
	 * closed stdout (rawbpf ... | head -1) must not kill it either:
	 * SIGPIPE is ignored and the write just fails (CMD gets the default
	 * back, see child.c). */
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGINT);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGHUP);
	sigaddset(&blocked, SIGQUIT);
	sigaddset(&blocked, SIGCHLD);
	sigprocmask(SIG_BLOCK, &blocked, &old);
	signal(SIGPIPE, SIG_IGN);
	/* A parent that ignored SIGCHLD (some shells and supervisors do)
	 * passes that on through exec, and then the kernel reaps CMD itself
	 * and sends no SIGCHLD: rawbpf would wait for ever. The default
	 * disposition gives the signal back; CMD inherits the default too. */
	signal(SIGCHLD, SIG_DFL);

	if (setup(&run, &blocked, &err)) {
		ret = report_error(&err);
		close_run(&run);
		return ret;
	}
	if (opts.cmd && (sig = stop_signal_pending(&run))) {
		/* as if CMD had started and the signal had ended it */
		fprintf(stderr, "rawbpf: %s before the command started: not starting it\n",
			strsignal(sig));
		run.stop = 1;
		run.status = 128 + sig;
	} else if (opts.cmd) {
		ret = child_start(&run.child, opts.cmd, &old);
		if (ret) {
			close_run(&run);
			return ret;
		}
	} else if (!has_programs(run.obj) || only_iterators(run.obj)) {
		/* maps alone: made (and pinned) by the load; iterators alone:
		 * they run when read, below. Nothing to wait for. */
		run.stop = 1;
	} else if (!opts.json) {
		fprintf(stderr, "rawbpf: attached; press Ctrl-C to stop and print the maps\n");
	}
	/* iterators when the run ends, as the maps: what the kernel holds then
	 * (iter_print.c); a table alone is not followed by its format strings */
	/* --folded: the stacks alone, for flame-graph tools */
	ret = event_loop(&run, &err) || print_iterators(stdout, run.obj, opts.json, &err) ||
	      print_stacks(stdout, run.stacks, opts.json, opts.folded, &err) ||
	      (opts.folded || (only_iterators(run.obj) && only_constant_maps(run.obj))
		       ? 0 : print_maps_view(stdout, run.obj, opts.json, &opts.view, &err));
	if (run.child.pid > 0) { /* the loop failed while CMD still runs */
		int status;
		child_signal(&run.child, SIGKILL);
		child_reap(&run.child, &status, 1);
	}
	close_run(&run);
	if (ret)
		return report_error(&err);
	return run.status;
}
