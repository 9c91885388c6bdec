/* rawbpf: the command. Each subcommand lives in its own file. */
#include <string.h>

#include "cli.h"

void usage(FILE *out)
{
	size_t n;
	const struct rb_section_def *defs = rb_section_defs(&n);

	fprintf(out,
		"rawbpf: load eBPF objects with nothing but libc and bpf(2)\n"
		"\n"
		"usage:\n"
		"  rawbpf inspect OBJ [--disasm] [--verbose]\n"
		"  rawbpf inspect PATH [--json]      (the USDT probes of an executable or library)\n"
		"      sections, programs, maps and relocations of a clang-built object;\n"
		"      --disasm prints each program in the verifier's notation,\n"
		"      --verbose every step of reading the object on stderr\n"
		"  rawbpf run [--json] [--pages N] [--verbose] [--type TYPE] [--set NAME=VALUE]\n"
		"             [--skip PROG] [--map-size MAP=N] [--map-value-size MAP=N]\n"
		"             [--probe-mode MODE] [--btf FILE] [--core-by-kernel]\n"
		"             [--iface NAME] [--xdp-mode skb|native] [--net-mode MODE]\n"
		"             [--cgroup DIR] [--netns FILE] [--attach PROG=TARGET]\n"
		"             [--sample-freq HZ] [--event NAME] [--folded] OBJ [-- CMD [ARG...]]\n"
		"      load every map and program, attach each by its section name,\n"
		"      print events; with CMD, run it and stop when it exits, else stop\n"
		"      on Ctrl-C or SIGTERM. Then print every map and detach.\n"
		"      --json       one JSON object per line\n"
		"      --pages N    perf buffer data pages per CPU (power of two, default 64)\n"
		"      --verbose    every loading step and syscall on stderr\n"
		"      --type TYPE  program type for sections whose name implies none\n"
		"      --set NAME=VALUE  set a global variable (e.g. a const volatile in\n"
		"                   .rodata) before the programs load; may repeat\n"
		"      --skip PROG  neither load nor attach program PROG (an object's\n"
		"                   alternative: fentry or kprobe); may repeat\n"
		"      --map-size MAP=N, --map-value-size MAP=N  size a map before it\n"
		"                   is made (max_entries 0 in the object: user space\n"
		"                   sizes it); may repeat\n"
		"      --probe-mode MODE  how kprobes and uprobes are made: auto (default:\n"
		"                   the perf PMU where the kernel has it, else tracefs),\n"
		"                   pmu, or tracefs (kprobe_events/uprobe_events entries,\n"
		"                   removed again when rawbpf ends)\n"
		"      --kconfig FILE  the kernel config __kconfig externs read (text or\n"
		"                   gzip; default /boot/config-$(uname -r), /proc/config.gz)\n"
		"      --btf FILE   the kernel's types for CO-RE relocations, instead of\n"
		"                   /sys/kernel/btf: raw BTF, or an ELF file with .BTF\n"
		"                   (for kernels without CONFIG_DEBUG_INFO_BTF)\n"
		"      --core-by-kernel  let the kernel apply the CO-RE relocations\n"
		"                   (BPF_PROG_LOAD core_relos, Linux 5.17+) instead of\n"
		"                   rawbpf: the oracle rawbpf's tests compare with\n"
		"      --iface NAME  the network interface of xdp, tc and socket programs\n"
		"      --xdp-mode MODE  skb (generic XDP, any interface) or native (in the\n"
		"                   driver); default: native where the driver has it\n"
		"      --net-mode MODE  how xdp and tc programs are attached: auto (default:\n"
		"                   a bpf link where the kernel has them, XDP 5.9+, tcx 6.6+;\n"
		"                   else netlink), link, or netlink (the interface's XDP\n"
		"                   program, a clsact qdisc and a tc filter: removed again\n"
		"                   when rawbpf ends, but a SIGKILL leaves them)\n"
		"      --cgroup DIR  the cgroup v2 directory of cgroup programs (default:\n"
		"                   the root of the cgroup v2 hierarchy, mounted if needed:\n"
		"                   every process of the machine; rawbpf says so)\n"
		"      --netns FILE  the network namespace of sk_lookup and flow_dissector\n"
		"                   programs (/proc/PID/ns/net; default: rawbpf's own)\n"
		"      --iter-map MAP  the object's map an iter/bpf_map_elem iterator walks\n"
		"      --event-type [MAP=]TYPE  print events (of MAP, else of every ring\n"
		"                   buffer and perf event array) as TYPE of the object's\n"
		"                   BTF ('struct event'); without it, the type the map\n"
		"                   declares (__type(value, T)), else hex\n"
		"      --hist MAP[:log2|:linear][:UNIT]  print array map MAP (entry i\n"
		"                   counting bucket i) as a histogram, bcc's style; maps\n"
		"                   whose value has a `slots` array are histograms anyway\n"
		"      --attach PROG=TARGET  the target of program PROG instead of its\n"
		"                   section's (a bare uprobe, kprobe or usdt has none):\n"
		"                   PATH:FUNC, FUNC, PATH:PROVIDER:NAME; may repeat\n"
		"      --sample-freq HZ, --sample-period N  how often perf_event programs\n"
		"                   sample each CPU (default 49 Hz)\n"
		"      --event NAME  the perf event sampled: cpu-clock (default),\n"
		"                   task-clock, ..., cycles, instructions (a hardware PMU)\n"
		"      --folded     the stacks of a map counting by stack, folded for\n"
		"                   flamegraph.pl, and nothing else\n"
		"  rawbpf test-run [--json] [--verbose] [--type TYPE] OBJ PROG\n"
		"             [--data HEX|@FILE] [--ctx HEX|@FILE] [--repeat N]\n"
		"      load every program (none attached) and run PROG in the kernel\n"
		"      (BPF_PROG_TEST_RUN); print its return value (XDP_DROP, TC_ACT_OK, ...),\n"
		"      the mean time of a run, the packet and context after the run with\n"
		"      the bytes it changed, and the maps\n"
		"      --data HEX|@FILE  the packet, from its Ethernet header on (xdp, tc,\n"
		"                   socket, cgroup_skb): hex digits, or a file's bytes\n"
		"      --ctx HEX|@FILE   the context: a raw tracepoint's u64 arguments, a\n"
		"                   syscall program's struct, an xdp_md or __sk_buff\n"
		"      --repeat N   run N times (xdp, tc, socket); the time is the mean\n"
		"      --json       one JSON object per line: {\"type\":\"test_run\",...}, maps\n"
		"  rawbpf load [--pin DIR] [--json] [--verbose] OBJ\n"
		"      load every map and program, attach none (bpftool prog loadall);\n"
		"      with --pin DIR, pin each program at DIR/PROGRAM and each map at\n"
		"      DIR/MAP (DIR made if missing, in a BPF filesystem), so they stay\n"
		"      loaded until the pins are removed; without --pin the kernel unloads\n"
		"      them as rawbpf exits: a check that the verifier accepts the object\n"
		"  rawbpf prog list [--json] [--verbose]\n"
		"      every program the kernel holds: id, type, name, tag, the maps it\n"
		"      uses, and the links that attach it (attachments made without a\n"
		"      link, such as perf events and netlink, cannot be seen by program)\n"
		"  rawbpf prog dump [--json] [--verbose] ID|PATH\n"
		"      a program's translated instructions (as the verifier left them),\n"
		"      by id or pinned path, in the verifier's notation\n"
		"  rawbpf map list [--json] [--verbose]\n"
		"      every map the kernel holds: id, type, name, sizes, flags, BTF id\n"
		"  rawbpf link list [--json] [--verbose]\n"
		"      every link the kernel holds: id, type, program id, and where it\n"
		"      attaches (--json: the fields bpftool -j link list names)\n"
		"  rawbpf map dump [--json] [--verbose] ID|PATH\n"
		"      every entry, formatted by the map's BTF types when it has them\n"
		"      (--json: \"key\"/\"value\" in hex, and \"key_fmt\"/\"value_fmt\")\n"
		"  rawbpf map update [--json] [--verbose] ID|PATH KEY VALUE [any|noexist|exist]\n"
		"  rawbpf map delete [--json] [--verbose] ID|PATH KEY\n"
		"      write or delete one entry; KEY and VALUE are bytes in memory order,\n"
		"      as hex (\"01000000\", spaces allowed) or as bpftool takes them\n"
		"      (\"0x01 0x00 0x00 0x00\"); each must be the map's key/value size\n"
		"      (a per-CPU map's VALUE: every possible CPU's value, each padded to\n"
		"      8 bytes). any (default): create or replace; noexist: create only;\n"
		"      exist: replace only\n"
		"  rawbpf cleanup [--dry-run] [--json] [--verbose]\n"
		"      remove the tracefs probe events a rawbpf killed by SIGKILL left:\n"
		"      rawbpf's own (rawbpf_PIDNS_PID_PROGRAM), made in this pid namespace\n"
		"      by a process that no longer exists; prints what it removed and\n"
		"      which rawbpf events it kept and why (every event with --verbose).\n"
		"      --dry-run    say what would be removed, remove nothing\n"
		"      --json       one JSON object per line\n"
		"  rawbpf gen skeleton OBJ [name NAME] > NAME.skel.h\n"
		"      a C header for OBJ's user space, as bpftool's for libbpf: the\n"
		"      object's bytes, struct NAME (maps, progs, links, typed bss/data/\n"
		"      rodata) and NAME__open/__load/__attach/__destroy; NAME is the file's\n"
		"      name without \".o\" (minimal.bpf.o: minimal_bpf)\n"
		"\n"
		"exit status: CMD's status when it ran, else 0; 1 when the kernel refused\n"
		"(verifier, map creation, attach); 2 for usage errors and invalid objects.\n"
		"cleanup: 0, or 1 when tracefs cannot be read or an event cannot be removed.\n"
		"load, prog, map, link: 0; 1 when the kernel refused (a program the verifier\n"
		"refused, a pin, an update; a key not in the map to delete); 2 for usage\n"
		"errors, invalid objects, an id that does not exist, a path that is not a\n"
		"pinned object, a key or value of the wrong size.\n"
		"test-run: 0 when the program ran (whatever it returned); 2 for bad input\n"
		"(bad hex, no such program, a type the kernel cannot test-run).\n"
		"\n"
		"section names rawbpf knows (SEC(\"...\")):\n");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %-16s %-16s%s%s\n", defs[i].prefix, defs[i].type_name,
			defs[i].note ? " loads; " : " loads and attaches", defs[i].note ? defs[i].note : "");
}

/* Library messages hold names from the object as they are (any bytes):
 * the library cannot know where a message goes, so the escaping for the
 * terminal happens here, where it is printed. Hints in a message may
 * span lines, so line breaks stay. */
int report_error(const struct rb_error *err)
{
	fputs("rawbpf: ", stderr);
	print_text_lines(stderr, err->msg[0] ? err->msg : "unknown error");
	return err->kind == RB_ERR_INPUT ? EXIT_USAGE : EXIT_KERNEL;
}

/* One line each, naming sections, programs and maps: escaped as well. */
void narrate_to_stderr(void *ctx, const char *line)
{
	(void)ctx;
	fputs("rawbpf: ", stderr);
	print_text(stderr, line, 0);
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "inspect") == 0)
		return cmd_inspect(argc - 2, argv + 2);
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	if (strcmp(argv[1], "cleanup") == 0)
		return cmd_cleanup(argc - 2, argv + 2);
	if (strcmp(argv[1], "load") == 0)
		return cmd_load(argc - 2, argv + 2);
	if (strcmp(argv[1], "prog") == 0)
		return cmd_prog(argc - 2, argv + 2);
	if (strcmp(argv[1], "map") == 0)
		return cmd_map(argc - 2, argv + 2);
	if (strcmp(argv[1], "link") == 0)
		return cmd_link(argc - 2, argv + 2);
	if (strcmp(argv[1], "test-run") == 0)
		return cmd_test_run(argc - 2, argv + 2);
	if (strcmp(argv[1], "gen") == 0)
		return cmd_gen(argc - 2, argv + 2);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "rawbpf: unknown command '%s' (try rawbpf --help)\n", argv[1]);
	return EXIT_USAGE;
}
