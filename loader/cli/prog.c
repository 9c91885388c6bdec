/* rawbpf prog list [--json] [--verbose]
 * rawbpf prog dump [--json] [--verbose] ID|PATH
 *
 * What programs the kernel holds, whoever loaded them (the library's
 * "Kernel objects by id": BPF_PROG_GET_NEXT_ID, BPF_OBJ_GET_INFO_BY_FD),
 * and the instructions of one as the verifier left them. Whether a
 * program is attached is read from the links (BPF_LINK_GET_NEXT_ID): a
 * program a link holds is attached there. Attachments made without a link
 * (a perf event given the program by PERF_EVENT_IOC_SET_BPF, as `rawbpf
 * run` attaches tracepoints, kprobes and uprobes; BPF_PROG_ATTACH; tc and
 * XDP by netlink) are listed nowhere by program, so for a program without
 * a link the answer is "not by a link", not "no". */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "toolbox.h"

#define NO_LINK_NOTE \
	"a program without a link may still be attached: by a perf event (tracepoints, " \
	"kprobes, uprobes as `rawbpf run` attaches them), by BPF_PROG_ATTACH (cgroups), or " \
	"by netlink (tc, XDP); the kernel lists those by hook, not by program"

static void print_tag(FILE *out, const uint8_t tag[8])
{
	for (int i = 0; i < 8; i++)
		fprintf(out, "%02x", tag[i]);
}

static void print_prog_json(const struct rb_prog_info *p, const struct toolbox_links *l)
{
	char where[320];
	int n = 0;

	printf("{\"type\":\"program\",\"id\":%u,\"prog_type\":", p->id);
	print_json_string(stdout, rb_prog_type_name(p->type));
	printf(",\"prog_type_id\":%u,\"name\":", p->type);
	print_json_string(stdout, p->name);
	fputs(",\"tag\":\"", stdout);
	print_tag(stdout, p->tag);
	printf("\",\"gpl_compatible\":%s,\"loaded_at_ns\":%" PRIu64 ",\"uid\":%u,\"btf_id\":%u,"
	       "\"bytes_xlated\":%u,\"bytes_jited\":%u,\"map_ids\":[",
	       p->gpl_compatible ? "true" : "false", p->load_time, p->created_by_uid, p->btf_id,
	       p->xlated_len, p->jited_len);
	for (uint32_t i = 0; i < p->map_count; i++)
		printf("%s%u", i ? "," : "", p->map_ids[i]);
	fputs("],\"links\":[", stdout);
	for (size_t i = 0; i < l->count; i++) {
		if (l->v[i].prog_id != p->id)
			continue;
		rb_link_info_describe(&l->v[i], where, sizeof(where));
		printf("%s{\"id\":%u,\"link_type\":", n++ ? "," : "", l->v[i].id);
		print_json_string(stdout, rb_link_type_name(l->v[i].type));
		fputs(",\"attach\":", stdout);
		print_json_string(stdout, where);
		fputc('}', stdout);
	}
	/* attached: true when a link holds it; "unknown" otherwise (see NO_LINK_NOTE) */
	printf("],\"attached\":%s}\n", n ? "true" : "\"unknown\"");
}

static int print_prog_human(const struct rb_prog_info *p, const struct toolbox_links *l)
{
	char where[320];
	int n = 0;

	printf("%-6u %-16s ", p->id, rb_prog_type_name(p->type));
	print_text(stdout, p->name, 16);
	putchar(' ');
	print_tag(stdout, p->tag);
	fputs("  maps ", stdout);
	for (uint32_t i = 0; i < p->map_count; i++)
		printf("%s%u", i ? "," : "", p->map_ids[i]);
	if (!p->map_count)
		putchar('-');
	for (size_t i = 0; i < l->count; i++) {
		if (l->v[i].prog_id != p->id)
			continue;
		rb_link_info_describe(&l->v[i], where, sizeof(where));
		printf("%s link %u: ", n++ ? "," : "  attached:", l->v[i].id);
		print_text(stdout, where, 0);
	}
	if (!n)
		fputs("  attached: no link", stdout);
	putchar('\n');
	return n;
}

static int prog_list(const struct toolbox_opts *o)
{
	struct rb_error err = { 0 };
	struct toolbox_links links;
	uint32_t id = 0;
	int more, unlinked = 0, shown = 0;

	if (toolbox_read_links(&links, &o->narrator, &err)) {
		free(links.v);
		return report_error(&err);
	}
	if (!o->json)
		printf("%-6s %-16s %-16s %-16s  %s\n", "ID", "TYPE", "NAME", "TAG", "MAPS, ATTACHED");
	while ((more = rb_kobj_next_id(RB_KOBJ_PROG, id, &id, &o->narrator, &err)) == 1) {
		struct rb_prog_info info;
		int fd = rb_kobj_fd_by_id(RB_KOBJ_PROG, id, &o->narrator, &err);
		if (fd < 0 && err.errnum == ENOENT)
			continue; /* unloaded since its id was listed */
		if (fd < 0)
			break;
		if (rb_prog_info_by_fd(fd, &info, &o->narrator, &err)) {
			close(fd);
			more = -1;
			break;
		}
		close(fd);
		shown++;
		if (o->json)
			print_prog_json(&info, &links);
		else
			unlinked += print_prog_human(&info, &links) == 0;
	}
	free(links.v);
	if (more < 0 || (err.kind != RB_ERR_NONE && err.errnum != ENOENT))
		return report_error(&err);
	if (!o->json && unlinked)
		printf("\n(%s)\n", NO_LINK_NOTE);
	if (!o->json && !shown)
		printf("(no programs are loaded)\n");
	return 0;
}

/* Name what the kernel's instructions refer to, for the disassembler:
 * an ld_imm64 of a map holds the map's id (bpf_insn_prepare_dump() in
 * kernel/bpf/syscall.c), which names it. */
struct xlated_names {
	const struct bpf_insn *insns;
	size_t count;
	const struct toolbox_opts *o;
	char text[96];
};

/* The bytes of instruction i: code, regs, off, imm (uapi's struct
 * bpf_insn is not in the public header; the layout is the kernel's ABI). */
static void insn_fields(const struct bpf_insn *insns, size_t i, uint8_t *code, uint8_t *src,
			int32_t *imm)
{
	const uint8_t *b = (const uint8_t *)insns + i * 8;

	*code = b[0];
	*src = b[1] >> 4; /* little-endian bitfields: dst_reg low nibble, src_reg high */
	memcpy(imm, b + 4, 4);
}

static const char *xlated_symbol(void *ctx, size_t i)
{
	struct xlated_names *x = ctx;
	struct rb_error err = { 0 };
	struct rb_map_info info;
	uint8_t code, src, next_code, next_src;
	int32_t imm, next_imm;
	int fd;

	insn_fields(x->insns, i, &code, &src, &imm);
	if (i + 1 >= x->count || (src != 1 && src != 2)) /* BPF_PSEUDO_MAP_FD, _VALUE */
		return NULL;
	insn_fields(x->insns, i + 1, &next_code, &next_src, &next_imm);
	fd = rb_kobj_fd_by_id(RB_KOBJ_MAP, (uint32_t)imm, NULL, &err);
	info.name[0] = '\0';
	if (fd >= 0) {
		rb_map_info_by_fd(fd, &info, NULL, &err);
		close(fd);
	}
	if (src == 1)
		snprintf(x->text, sizeof(x->text), "map[id:%d %s]", imm, info.name);
	else
		snprintf(x->text, sizeof(x->text), "&map[id:%d %s][0]+%u", imm, info.name,
			 (uint32_t)next_imm);
	return x->text;
}

/* A helper call as the kernel shows it: imm is the called function's
 * address less __bpf_call_base, named from /proc/kallsyms; but where the
 * verifier made no such call (a tail call, which bpf_insn_prepare_dump()
 * in kernel/bpf/syscall.c shows as `call` BPF_FUNC_tail_call), imm is the
 * helper's own number. When addresses are hidden, imm is 0. */
static void helper_call(const struct rb_kernel_symbols *syms, int32_t imm, char *line,
			size_t size)
{
	const char *fn = rb_kernel_call_name(syms, imm);

	if (fn)
		snprintf(line, size, "call %s#%d", fn, imm);
	else if (rb_helper_name(imm))
		snprintf(line, size, "call bpf_%s#%d", rb_helper_name(imm), imm);
	else if (rb_kernel_symbols_hidden(syms))
		snprintf(line, size, "call helper#%d (its name is hidden: kernel.kptr_restrict)", imm);
	else
		snprintf(line, size, "call helper#%d (no kernel function at that address)", imm);
}

static int prog_dump(const struct toolbox_opts *o, const char *what)
{
	struct rb_error err = { 0 };
	struct rb_kernel_symbols *syms = NULL;
	struct xlated_names names = { .o = o };
	struct rb_prog_info info;
	struct bpf_insn *insns;
	size_t count;
	char line[256];
	int fd = rb_kobj_open(what, RB_KOBJ_PROG, &o->narrator, &err);

	if (fd < 0)
		return report_error(&err);
	if (rb_prog_info_by_fd(fd, &info, &o->narrator, &err) ||
	    rb_prog_xlated_by_fd(fd, &insns, &count, &o->narrator, &err)) {
		close(fd);
		return report_error(&err);
	}
	close(fd);
	if (rb_kernel_symbols_open(&syms, &err) && o->verbose)
		narrate_to_stderr(NULL, err.msg); /* helper calls go unnamed then */
	names.insns = insns;
	names.count = count;
	if (!o->json) {
		printf("program %u ", info.id);
		print_text(stdout, info.name, 0);
		printf(" (%s), %zu translated instructions:\n", rb_prog_type_name(info.type), count);
	}
	for (size_t n = 0; n < count;) {
		size_t used = rb_disasm_insn(insns, count, n, xlated_symbol, &names, line, sizeof(line));
		uint8_t code, src;
		int32_t imm;

		insn_fields(insns, n, &code, &src, &imm);
		if (code == 0x85 && src == 0) /* BPF_JMP | BPF_CALL of a helper */
			helper_call(syms, imm, line, sizeof(line));
		if (o->json) {
			printf("{\"type\":\"insn\",\"prog_id\":%u,\"index\":%zu,\"code\":%u,\"text\":",
			       info.id, n, code);
			print_json_string(stdout, line);
			fputs(",\"hex\":\"", stdout);
			print_hex(stdout, (const uint8_t *)insns + n * 8, (used ? used : 1) * 8);
			fputs("\"}\n", stdout);
		} else {
			printf("%5zu: (%02x) ", n, code);
			print_text(stdout, line, 0);
			putchar('\n');
		}
		n += used ? used : 1;
	}
	rb_kernel_symbols_close(syms);
	free(insns);
	return 0;
}

int cmd_prog(int argc, char **argv)
{
	struct toolbox_opts o;
	int n;

	if (argc < 1) {
		fprintf(stderr, "rawbpf prog: say list or dump (try rawbpf --help)\n");
		return EXIT_USAGE;
	}
	n = toolbox_options("prog", argc - 1, argv + 1, &o);
	if (n < 0)
		return EXIT_USAGE;
	if (strcmp(argv[0], "list") == 0 && n == 0)
		return prog_list(&o);
	if (strcmp(argv[0], "dump") == 0 && n == 1)
		return prog_dump(&o, argv[1]);
	fprintf(stderr, "rawbpf prog: usage: rawbpf prog list [--json] | rawbpf prog dump "
		"[--json] ID|PATH\n");
	return EXIT_USAGE;
}
