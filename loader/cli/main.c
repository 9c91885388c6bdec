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
		"      sections, programs, maps and relocations of a clang-built object;\n"
		"      --disasm prints each program in the verifier's notation,\n"
		"      --verbose every step of reading the object on stderr\n"
		"  rawbpf run [--json] [--pages N] [--verbose] [--type TYPE] [--set NAME=VALUE]\n"
		"             [--skip PROG] [--map-size MAP=N] [--map-value-size MAP=N]\n"
		"             [--probe-mode MODE] [--btf FILE] [--core-by-kernel]\n"
		"             [--iface NAME] [--xdp-mode skb|native] [--cgroup DIR] [--netns FILE]\n"
		"             OBJ [-- CMD [ARG...]]\n"
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
		"      --cgroup DIR  the cgroup v2 directory of cgroup programs (default:\n"
		"                   the root of the cgroup v2 hierarchy, mounted if needed)\n"
		"      --netns FILE  the network namespace of sk_lookup and flow_dissector\n"
		"                   programs (/proc/PID/ns/net; default: rawbpf's own)\n"
		"  rawbpf cleanup [--dry-run] [--json] [--verbose]\n"
		"      remove the tracefs probe events a rawbpf killed by SIGKILL left:\n"
		"      rawbpf's own (rawbpf_PIDNS_PID_PROGRAM), made in this pid namespace\n"
		"      by a process that no longer exists; prints what it removed and\n"
		"      which rawbpf events it kept and why (every event with --verbose).\n"
		"      --dry-run    say what would be removed, remove nothing\n"
		"      --json       one JSON object per line\n"
		"\n"
		"exit status: CMD's status when it ran, else 0; 1 when the kernel refused\n"
		"(verifier, map creation, attach); 2 for usage errors and invalid objects.\n"
		"cleanup: 0, or 1 when tracefs cannot be read or an event cannot be removed.\n"
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
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "rawbpf: unknown command '%s' (try rawbpf --help)\n", argv[1]);
	return EXIT_USAGE;
}
