/* rawbpf link list [--json] [--verbose]
 *
 * Every link the kernel holds, whoever made it (the library's "Kernel
 * objects by id": BPF_LINK_GET_NEXT_ID, BPF_OBJ_GET_INFO_BY_FD): its id,
 * type, program and where it attaches. The JSON names the type-specific
 * fields as `bpftool -j link list` does (tp_name, cgroup_id, attach_type,
 * netns_ino, ifindex, target_obj_id, func, file, offset, ...), so scripts
 * written for one read the other. Attachments made without a link (perf
 * events given a program by PERF_EVENT_IOC_SET_BPF, as `rawbpf run`
 * attaches tracepoints, kprobes and uprobes; BPF_PROG_ATTACH; netlink)
 * have no id and are not here. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "toolbox.h"

#define NO_LINK_NOTE \
	"attachments made without a link (perf events, as `rawbpf run` attaches tracepoints, " \
	"kprobes and uprobes; BPF_PROG_ATTACH; tc and XDP by netlink) are not listed here"

/* bpftool's attach type names are libbpf's: the kernel's enum name
 * without "BPF_", in lower case ("cgroup_inet_egress"); one rawbpf does
 * not know is a number there too. */
static void print_attach_type_json(uint32_t type)
{
	const char *name = rb_attach_type_name(type);

	if (strncmp(name, "BPF_", 4) != 0) {
		printf("%u", type);
		return;
	}
	putchar('"');
	for (const char *p = name + 4; *p; p++)
		putchar(tolower((unsigned char)*p));
	putchar('"');
}

static void print_string_field(const char *key, const char *value)
{
	printf(",\"%s\":", key);
	print_json_string(stdout, value);
}

/* The members bpftool -j prints for the link's type, where rawbpf knows
 * them (bpftool's show_*_json in tools/bpf/bpftool/link.c). */
static void print_target_json(const struct rb_link_info *l)
{
	const char *type = rb_link_type_name(l->type);
	const char *kind;

	if (!strcmp(type, "raw_tracepoint")) {
		print_string_field("tp_name", l->target);
	} else if (!strcmp(type, "iter")) {
		print_string_field("target_name", l->target);
	} else if (!strcmp(type, "tracing")) {
		fputs(",\"attach_type\":", stdout);
		print_attach_type_json(l->attach_type);
		printf(",\"target_obj_id\":%u,\"target_btf_id\":%u", l->target_obj_id,
		       l->target_btf_id);
	} else if (!strcmp(type, "cgroup")) {
		printf(",\"cgroup_id\":%" PRIu64 ",\"attach_type\":", l->cgroup_id);
		print_attach_type_json(l->attach_type);
	} else if (!strcmp(type, "netns")) {
		printf(",\"netns_ino\":%u,\"attach_type\":", l->netns_ino);
		print_attach_type_json(l->attach_type);
	} else if (!strcmp(type, "xdp")) {
		printf(",\"ifindex\":%u", l->ifindex);
	} else if (!strcmp(type, "tcx") || !strcmp(type, "netkit")) {
		printf(",\"ifindex\":%u,\"attach_type\":", l->ifindex);
		print_attach_type_json(l->attach_type);
	} else if (!strcmp(type, "perf_event") && (kind = rb_link_perf_event_name(l->perf_event_type))) {
		int ret = !strcmp(kind, "kretprobe") || !strcmp(kind, "uretprobe");
		if (!strcmp(kind, "kprobe") || !strcmp(kind, "kretprobe")) {
			printf(",\"retprobe\":%s,\"addr\":%" PRIu64, ret ? "true" : "false", l->addr);
			print_string_field("func", l->target);
			printf(",\"offset\":%" PRIu64, l->offset);
		} else if (!strcmp(kind, "uprobe") || !strcmp(kind, "uretprobe")) {
			printf(",\"retprobe\":%s", ret ? "true" : "false");
			print_string_field("file", l->target);
			printf(",\"offset\":%" PRIu64, l->offset);
		} else if (!strcmp(kind, "tracepoint")) {
			print_string_field("tp_name", l->target);
		}
	}
}

static void print_link_json(const struct rb_link_info *l)
{
	char where[320];

	rb_link_info_describe(l, where, sizeof(where));
	printf("{\"type\":\"link\",\"id\":%u,\"link_type\":", l->id);
	print_json_string(stdout, rb_link_type_name(l->type));
	printf(",\"link_type_id\":%u,\"prog_id\":%u", l->type, l->prog_id);
	print_target_json(l);
	print_string_field("attach", where);
	fputs("}\n", stdout);
}

static void print_link_human(const struct rb_link_info *l)
{
	char where[320];

	rb_link_info_describe(l, where, sizeof(where));
	printf("%-6u %-16s %-7u ", l->id, rb_link_type_name(l->type), l->prog_id);
	print_text(stdout, where, 0); /* tracepoint and file names are the kernel's bytes */
	putchar('\n');
}

static int link_list(const struct toolbox_opts *o)
{
	struct rb_error err = { 0 };
	struct toolbox_links links;

	if (toolbox_read_links(&links, &o->narrator, &err)) {
		free(links.v);
		return report_error(&err);
	}
	if (!o->json)
		printf("%-6s %-16s %-7s %s\n", "ID", "TYPE", "PROG", "ATTACHED TO");
	for (size_t i = 0; i < links.count; i++) {
		if (o->json)
			print_link_json(&links.v[i]);
		else
			print_link_human(&links.v[i]);
	}
	if (!o->json && !links.count)
		printf("(no links exist)\n");
	if (!o->json)
		printf("\n(%s)\n", NO_LINK_NOTE);
	free(links.v);
	return 0;
}

int cmd_link(int argc, char **argv)
{
	struct toolbox_opts o;
	int n;

	if (argc < 1) {
		fprintf(stderr, "rawbpf link: say list (try rawbpf --help)\n");
		return EXIT_USAGE;
	}
	n = toolbox_options("link", argc - 1, argv + 1, &o);
	if (n < 0)
		return EXIT_USAGE;
	if (strcmp(argv[0], "list") == 0 && n == 0)
		return link_list(&o);
	fprintf(stderr, "rawbpf link: usage: rawbpf link list [--json] [--verbose]\n");
	return EXIT_USAGE;
}
