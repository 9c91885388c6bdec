/* rawbpf cleanup [--dry-run] [--json] [--verbose]
 *
 * Remove the tracefs probe events a rawbpf killed by SIGKILL left behind:
 * only rawbpf's own (rawbpf_<pidns>_<pid>_<program>), made in this pid
 * namespace, by a process that no longer exists. The library judges and
 * removes (loader/attach/probe_cleanup.c); this file only formats what it did:
 * one line per rawbpf event (every event with --verbose), then a summary. */
#include <errno.h>
#include <string.h>

#include "cli.h"

struct cleanup {
	int json, verbose, dry_run;
	int removed, would_remove, kept, failed; /* rawbpf events only */
};

/* The verdict as --json names it. */
static const char *verdict_name(enum rb_probe_verdict v)
{
	switch (v) {
	case RB_PROBE_NOT_RAWBPF: return "not_rawbpf";
	case RB_PROBE_OTHER_PIDNS: return "other_pidns";
	case RB_PROBE_SHARED: return "shared";
	case RB_PROBE_OWNER_ALIVE: return "owner_alive";
	case RB_PROBE_STALE: return "stale";
	}
	return "?";
}

/* Why an event stays, in words. */
static void print_reason(const struct rb_cleanup_item *it)
{
	const struct rb_probe_event *ev = it->event;

	switch (it->verdict) {
	case RB_PROBE_NOT_RAWBPF:
		printf("not made by rawbpf");
		break;
	case RB_PROBE_OTHER_PIDNS:
		printf("made in another pid namespace (%llu; this is %llu): run rawbpf cleanup "
		       "there", (unsigned long long)ev->pidns, (unsigned long long)it->pidns);
		break;
	case RB_PROBE_SHARED:
		printf("%d probes share it, and rawbpf makes events of one: another tool "
		       "added to it", ev->probes);
		break;
	case RB_PROBE_OWNER_ALIVE:
		printf("process %d still exists (a running rawbpf, or its pid was reused)", ev->pid);
		break;
	case RB_PROBE_STALE:
		printf("process %d no longer exists", ev->pid);
		break;
	}
}

static const char *action(const struct cleanup *c, const struct rb_cleanup_item *it)
{
	if (it->verdict != RB_PROBE_STALE)
		return "kept";
	if (c->dry_run)
		return "would_remove";
	return it->removed ? "removed" : "failed";
}

static void on_event(void *ctx, const struct rb_cleanup_item *it)
{
	struct cleanup *c = ctx;
	const struct rb_probe_event *ev = it->event;
	const char *what = action(c, it);
	char event[sizeof(ev->group) + sizeof(ev->name)];

	snprintf(event, sizeof(event), "%s/%s", ev->group, ev->name);
	if (it->verdict != RB_PROBE_NOT_RAWBPF) {
		c->removed += strcmp(what, "removed") == 0;
		c->would_remove += strcmp(what, "would_remove") == 0;
		c->failed += strcmp(what, "failed") == 0;
		c->kept += strcmp(what, "kept") == 0;
	}
	/* EBUSY: the kernel does not remove an event in use (trace_probe.c). */
	if (it->errnum == EBUSY)
		fprintf(stderr, "rawbpf: cannot remove %s: %s (it is in use: a perf event "
			"still has it open, or tracing is on in events/%s/enable)\n", event,
			strerror(it->errnum), event);
	else if (it->errnum)
		fprintf(stderr, "rawbpf: cannot remove %s (writing \"-:%s\" to %s): %s\n",
			event, event, it->file, strerror(it->errnum));
	/* Other tools' events are none of our business, except to --verbose. */
	if (it->verdict == RB_PROBE_NOT_RAWBPF && !c->verbose)
		return;
	if (c->json) {
		printf("{\"type\":\"probe_event\",\"event\":");
		print_json_string(stdout, event);
		printf(",\"file\":\"%s\",\"action\":\"%s\",\"reason\":\"%s\"", it->file, what,
		       verdict_name(it->verdict));
		if (ev->is_rawbpf)
			printf(",\"pidns\":%llu,\"pid\":%d", (unsigned long long)ev->pidns, ev->pid);
		if (it->errnum) {
			printf(",\"error\":");
			print_json_string(stdout, strerror(it->errnum));
		}
		printf("}\n");
		return;
	}
	if (it->verdict == RB_PROBE_STALE)
		printf("%s %s: ", c->dry_run ? "would remove" : it->removed ? "removed" :
		       "could not remove", event);
	else
		printf("kept %s: ", event);
	print_reason(it);
	printf("\n");
}

int cmd_cleanup(int argc, char **argv)
{
	/* Probe events outlive an unmounted tracefs: mount it to find them. */
	struct rb_cleanup_opts opts = { .policy = RB_MOUNT_TRACEFS };
	struct cleanup c = { 0 };
	struct rb_error err = { 0 };
	int status;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			c.dry_run = opts.dry_run = 1;
		} else if (strcmp(argv[i], "--json") == 0) {
			c.json = 1;
		} else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
			c.verbose = 1;
			opts.narrator.fn = narrate_to_stderr;
		} else {
			fprintf(stderr, "rawbpf cleanup: unknown argument %s\n"
				"usage: rawbpf cleanup [--dry-run] [--json] [--verbose]\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	status = rb_probe_events_cleanup(&opts, on_event, &c, &err);
	if (status && c.removed + c.would_remove + c.kept + c.failed == 0)
		return report_error(&err); /* nothing read: tracefs is not there */
	if (c.json)
		printf("{\"type\":\"summary\",\"removed\":%d,\"would_remove\":%d,"
		       "\"kept\":%d,\"failed\":%d}\n", c.removed, c.would_remove, c.kept, c.failed);
	else if (c.dry_run)
		printf("rawbpf cleanup: %d stale probe event%s would be removed, %d kept "
		       "(dry run: nothing removed)\n", c.would_remove, c.would_remove == 1 ? "" : "s",
		       c.kept);
	else
		printf("rawbpf cleanup: %d stale probe event%s removed, %d kept%s\n", c.removed,
		       c.removed == 1 ? "" : "s", c.kept, c.failed ? ", the others could not be" : "");
	fflush(stdout);
	return status ? report_error(&err) : 0;
}
