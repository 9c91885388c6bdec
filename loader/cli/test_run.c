/* rawbpf test-run [--json] [--verbose] [--type T] OBJ PROG [--data HEX|@FILE]
 *                 [--ctx HEX|@FILE] [--repeat N]
 *
 * Load the object (every program; none is attached), run PROG in the
 * kernel with BPF_PROG_TEST_RUN on the packet (--data) or context (--ctx)
 * given, and print what it returned (with its name for xdp and tc), the
 * mean time of a run, the packet and context it left, byte by byte against
 * what went in, and the maps after the run. Nothing is attached, so there
 * is nothing to undo: closing the object's fds unloads everything, however
 * the process ends. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "flow_keys.h"

/* The first buffer for the packet that comes out: 64 KiB, or the input
 * and 256 bytes (bpf_xdp_adjust_head() may prepend XDP_PACKET_HEADROOM)
 * when that is more. The kernel's runners take at most about a page of
 * packet (bpf_test_init(), net/bpf/test_run.c), and a program grows it by
 * less than another page, so the output fits the first time. Should one
 * not (ENOSPC), the run is made again with a buffer of the size the
 * kernel reported, and the command says so: the maps then show both runs. */
#define DATA_FIRST (64 << 10)
#define DATA_ROOM 256
/* The biggest context a runner gives back is a struct __sk_buff (192
 * bytes in Linux 6.x); a syscall program's is what went in. */
#define CTX_ROOM 512

struct test_run_opts {
	const char *path, *prog;
	const char *data_arg, *ctx_arg;
	uint32_t repeat;
	int json;
	struct rb_open_opts open;
};

static void usage_line(void)
{
	fprintf(stderr, "usage: rawbpf test-run [--json] [--verbose] [--type TYPE] OBJ PROG "
		"[--data HEX|@FILE] [--ctx HEX|@FILE] [--repeat N]\n");
}

static int parse_args(int argc, char **argv, struct test_run_opts *o)
{
	*o = (struct test_run_opts){ .repeat = 1, .open.policy = RB_MOUNT_BPFFS | RB_RAISE_MEMLOCK };
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int takes_value = strcmp(a, "--data") == 0 || strcmp(a, "--ctx") == 0 ||
				  strcmp(a, "--repeat") == 0 || strcmp(a, "--type") == 0;

		if (takes_value && i + 1 >= argc) {
			fprintf(stderr, "rawbpf test-run: %s takes %s\n", a,
				strcmp(a, "--repeat") == 0 ? "a number of runs"
				: strcmp(a, "--type") == 0 ? "a program type (rawbpf --help lists them)"
				: "HEX or @FILE");
			return -1;
		}
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
		} else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
			o->open.narrator.fn = narrate_to_stderr;
		} else if (strcmp(a, "--type") == 0) {
			o->open.type_override = argv[++i];
		} else if (strcmp(a, "--data") == 0) {
			o->data_arg = argv[++i];
		} else if (strcmp(a, "--ctx") == 0) {
			o->ctx_arg = argv[++i];
		} else if (strcmp(a, "--repeat") == 0) {
			char *end;
			unsigned long long v;
			errno = 0;
			v = strtoull(argv[++i], &end, 10);
			if (errno || end == argv[i] || *end || argv[i][0] == '-' || v == 0 ||
			    v > UINT32_MAX) {
				fprintf(stderr, "rawbpf test-run: --repeat takes a number of runs, 1 to "
					"%u, not '%s'\n", UINT32_MAX, argv[i]);
				return -1;
			}
			o->repeat = (uint32_t)v;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "rawbpf test-run: unknown option %s\n", a);
			return -1;
		} else if (!o->path) {
			o->path = a;
		} else if (!o->prog) {
			o->prog = a;
		} else {
			fprintf(stderr, "rawbpf test-run: one object and one program (%s %s), then "
				"what is '%s'?\n", o->path, o->prog, a);
			return -1;
		}
	}
	if (!o->path || !o->prog) {
		usage_line();
		return -1;
	}
	return 0;
}

/* The program by name, or an error that lists the object's programs. */
static struct rb_program *find_program(struct rb_object *obj, const char *name,
				       struct rb_error *err)
{
	struct rb_program *prog = rb_object_program_by_name(obj, name);
	size_t count, used;
	const struct rb_program *programs = rb_object_programs(obj, &count);
	char list[512] = "";

	if (prog)
		return prog;
	used = 0;
	for (size_t i = 0; i < count && used < sizeof(list) - 1; i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "",
					 programs[i].fn.name);
	rb_fail(err, RB_ERR_INPUT, "%s: no program named %s; %s%s", rb_object_path(obj), name,
		count ? "its programs are: " : "it has no programs", list);
	return NULL;
}

/* Does byte i differ between what went in and what came out? Bytes past
 * the end of the input (a packet that grew) count as changed. */
static int changed(const uint8_t *in, size_t in_size, const uint8_t *out, size_t i)
{
	return i >= in_size || in[i] != out[i];
}

/* The changed offsets as ranges, "12-13, 26-29", for people. */
static size_t print_changed_ranges(FILE *f, const uint8_t *in, size_t in_size,
				   const uint8_t *out, size_t out_size)
{
	size_t count = 0, printed = 0;

	for (size_t i = 0; i < out_size; i++) {
		size_t end = i;
		if (!changed(in, in_size, out, i))
			continue;
		while (end + 1 < out_size && changed(in, in_size, out, end + 1))
			end++;
		fprintf(f, "%s%zu", printed++ ? ", " : "", i);
		if (end > i)
			fprintf(f, "-%zu", end);
		count += end - i + 1;
		i = end;
	}
	return count;
}

/* A hex dump as print_hexdump() lays it out, with a marker row under each
 * row that has changed bytes: ^^ under a changed byte, ++ under one past
 * the input's end. */
static void print_marked_dump(FILE *f, const uint8_t *in, size_t in_size, const uint8_t *out,
			      size_t out_size)
{
	for (size_t row = 0; row < out_size; row += 16) {
		size_t end = row + 16 < out_size ? row + 16 : out_size;
		size_t last = row; /* the last changed byte + 1: no trailing blanks */

		fprintf(f, "  %04zx ", row);
		for (size_t i = row; i < row + 16; i++) {
			if (i < end)
				fprintf(f, " %02x", out[i]);
			else
				fputs("   ", f);
		}
		fputs("  ", f);
		for (size_t i = row; i < end; i++) {
			fputc(out[i] >= 0x20 && out[i] <= 0x7e ? out[i] : '.', f);
			if (changed(in, in_size, out, i))
				last = i + 1;
		}
		fputc('\n', f);
		if (last == row)
			continue;
		fputs("       ", f);
		for (size_t i = row; i < last; i++)
			fputs(!changed(in, in_size, out, i) ? "   " : i >= in_size ? " ++" : " ^^", f);
		fputc('\n', f);
	}
}

static void print_bytes_human(const char *what, const uint8_t *in, size_t in_size,
			      const uint8_t *out, size_t out_size)
{
	char *ranges = NULL;
	size_t len, count;
	FILE *m = open_memstream(&ranges, &len);

	count = m ? print_changed_ranges(m, in, in_size, out, out_size) : 0;
	if (m)
		fclose(m);
	printf("%s out: %zu bytes", what, out_size);
	if (out_size != in_size)
		printf(" (%zu went in: %s by %zu)", in_size, out_size > in_size ? "grown" : "shrunk",
		       out_size > in_size ? out_size - in_size : in_size - out_size);
	if (count)
		printf(", %zu changed at offset%s %s\n", count, count > 1 ? "s" : "",
		       ranges ? ranges : "");
	else
		printf(", %s\n", out_size ? "unchanged" : "none");
	free(ranges);
	print_marked_dump(stdout, in, in_size, out, out_size);
}

static void print_changed_json(const uint8_t *in, size_t in_size, const uint8_t *out,
			       size_t out_size)
{
	int first = 1;

	fputs("[", stdout);
	for (size_t i = 0; i < out_size; i++)
		if (changed(in, in_size, out, i)) {
			printf("%s%zu", first ? "" : ",", i);
			first = 0;
		}
	fputs("]", stdout);
}

struct inputs {
	uint8_t *data, *ctx;
	size_t data_size, ctx_size;
};

static void print_result(const struct test_run_opts *o, const struct rb_program *prog,
			 const struct inputs *in, const struct rb_test_run *run)
{
	const char *name = rb_test_run_retval_name(prog->type, run->retval);
	enum rb_test_input input = rb_test_run_input(prog->type);
	int timed = input != RB_TEST_ARGS && input != RB_TEST_CTX;
	/* a flow dissector's output data is its struct bpf_flow_keys, not the
	 * packet (flow_keys.c): no bytes to compare with what went in */
	int flow = rb_test_run_output(prog->type) == RB_TEST_OUT_FLOW_KEYS;

	if (o->json) {
		fputs("{\"type\":\"test_run\",\"prog\":", stdout);
		print_json_string(stdout, prog->fn.name);
		printf(",\"retval\":%u", run->retval);
		if (name)
			printf(",\"retval_name\":\"%s\"", name);
		printf(",\"duration_ns\":%u,\"repeat\":%u,\"data\":\"", run->duration_ns, o->repeat);
		print_hex(stdout, run->data_out, run->data_size_out);
		if (flow) {
			fputs("\",\"flow_keys\":", stdout);
			if (flow_keys_print(stdout, run->data_out, run->data_size_out, 1))
				fputs("null", stdout);
		} else {
			fputs("\",\"changed\":", stdout);
			print_changed_json(in->data, in->data_size, run->data_out,
					   run->data_size_out);
		}
		if (run->ctx_size_out) {
			fputs(",\"ctx\":\"", stdout);
			print_hex(stdout, run->ctx_out, run->ctx_size_out);
			fputs("\",\"ctx_changed\":", stdout);
			print_changed_json(in->ctx, in->ctx_size, run->ctx_out, run->ctx_size_out);
		}
		fputs("}\n", stdout);
		return;
	}
	fputs("program ", stdout);
	print_text(stdout, prog->fn.name, 0);
	fputs(" (section ", stdout);
	print_text(stdout, prog->fn.section_name, 0);
	printf(", %s): %u run%s\n", rb_prog_type_name(prog->type), o->repeat,
	       o->repeat > 1 ? "s" : "");
	printf("retval %u", run->retval);
	if (name)
		printf(" (%s)", name);
	putchar('\n');
	if (timed)
		printf("duration %u ns (mean of %u run%s)\n", run->duration_ns, o->repeat,
		       o->repeat > 1 ? "s" : "");
	else
		printf("duration not measured (the kernel does not time %s programs)\n",
		       rb_prog_type_name(prog->type));
	if (flow && flow_keys_print(stdout, run->data_out, run->data_size_out, 0) == 0)
		print_hexdump(stdout, run->data_out, run->data_size_out, "  ");
	else if (in->data_size || run->data_size_out)
		print_bytes_human("data", in->data, in->data_size, run->data_out, run->data_size_out);
	/* bpf_prog_test_run_skb() takes the Ethernet header off for types
	 * that see the packet from its network header, and gives it back
	 * zeroed: those changes are the kernel's, not the program's */
	if (in->data_size && rb_test_run_output(prog->type) == RB_TEST_OUT_FROM_NETWORK_HEADER)
		printf("(a %s program sees the packet from its IP header: the kernel gives the "
		       "Ethernet header back zeroed)\n", rb_prog_type_name(prog->type));
	if (run->ctx_size_out)
		print_bytes_human("ctx", in->ctx, in->ctx_size, run->ctx_out, run->ctx_size_out);
}

/* --data and --ctx as the program's type takes them: said here in the
 * command's terms (the library's checks name its fields). */
static int check_options(const struct test_run_opts *o, const struct rb_program *prog,
			 struct rb_error *err)
{
	const char *type = rb_prog_type_name(prog->type);
	enum rb_test_input input = rb_test_run_input(prog->type);

	if (input == RB_TEST_ARGS && o->data_arg)
		return rb_fail(err, RB_ERR_INPUT, "--data: program %s is a raw tracepoint, which "
			       "takes no packet: give its u64 arguments with --ctx (8 bytes each, "
			       "little-endian on x86)", prog->fn.name);
	if (input == RB_TEST_CTX && o->data_arg)
		return rb_fail(err, RB_ERR_INPUT, "--data: program %s is a syscall program, which "
			       "takes no packet: give its context with --ctx", prog->fn.name);
	if ((input == RB_TEST_ARGS || input == RB_TEST_CTX) && o->repeat > 1)
		return rb_fail(err, RB_ERR_INPUT, "--repeat: the kernel runs %s programs once per "
			       "test run", type);
	return 0;
}

/* The buffers for what comes out, sized as the kernel asked for after
 * ENOSPC (0: the first try). */
static int size_outputs(const struct rb_program *prog, const struct inputs *in,
			struct rb_test_run *run, size_t data_need, size_t ctx_need,
			struct rb_error *err)
{
	size_t data_grown = in->data_size + DATA_ROOM;
	size_t data_cap = data_need ? data_need
			  : !in->data_size ? 0 : data_grown > DATA_FIRST ? data_grown : DATA_FIRST;
	size_t ctx_cap = ctx_need ? ctx_need
			 : !in->ctx_size || rb_test_run_input(prog->type) == RB_TEST_ARGS ? 0
			 : rb_test_run_input(prog->type) == RB_TEST_CTX ? in->ctx_size
			 : in->ctx_size > CTX_ROOM ? in->ctx_size : CTX_ROOM;

	free(run->data_out);
	free(run->ctx_out);
	run->data_out = calloc(1, data_cap + 1);
	run->ctx_out = calloc(1, ctx_cap + 1);
	run->data_capacity = data_cap;
	run->ctx_capacity = ctx_cap;
	if (!run->data_out || !run->ctx_out)
		return rb_fail(err, RB_ERR_SYSTEM, "out of memory");
	if (!data_cap) { /* no buffer asked for: none given */
		free(run->data_out);
		run->data_out = NULL;
	}
	if (!ctx_cap) {
		free(run->ctx_out);
		run->ctx_out = NULL;
	}
	return 0;
}

static int test_run(const struct test_run_opts *o, struct rb_object **objp, struct rb_error *err)
{
	struct inputs in = { 0 };
	struct rb_test_run run = { 0 };
	struct rb_program *prog;
	int ret = -1;

	if ((o->data_arg && parse_bytes_arg("--data", o->data_arg, &in.data, &in.data_size, err)) ||
	    (o->ctx_arg && parse_bytes_arg("--ctx", o->ctx_arg, &in.ctx, &in.ctx_size, err)) ||
	    rb_object_open(objp, o->path, &o->open, err))
		goto out;
	prog = find_program(*objp, o->prog, err);
	if (!prog || check_options(o, prog, err))
		goto out;
	if (rb_object_load(*objp, err)) {
		print_verifier_logs(*objp);
		goto out;
	}
	run.data_in = in.data;
	run.data_size_in = in.data_size;
	run.ctx_in = in.ctx;
	run.ctx_size_in = in.ctx_size;
	run.repeat = o->repeat;
	if (size_outputs(prog, &in, &run, 0, 0, err))
		goto out;
	ret = rb_program_test_run(prog, &run, err);
	if (ret && err->errnum == ENOSPC) {
		size_t data_need = run.data_size_out > run.data_capacity ? run.data_size_out : 0;
		size_t ctx_need = run.ctx_size_out > run.ctx_capacity ? run.ctx_size_out : 0;
		fprintf(stderr, "rawbpf: the program's output (%zu bytes of %s) did not fit the "
			"%zu-byte buffer: running it again with room for all of it (the maps "
			"below count both runs)\n", data_need ? data_need : ctx_need,
			data_need ? "data" : "ctx", data_need ? run.data_capacity : run.ctx_capacity);
		if (size_outputs(prog, &in, &run, data_need ? data_need : run.data_capacity,
				 ctx_need ? ctx_need : run.ctx_capacity, err))
			goto out;
		ret = rb_program_test_run(prog, &run, err);
	}
	if (ret)
		goto out;
	print_result(o, prog, &in, &run);
	ret = print_maps(stdout, *objp, o->json, err);
out:
	free(in.data);
	free(in.ctx);
	free(run.data_out);
	free(run.ctx_out);
	return ret;
}

int cmd_test_run(int argc, char **argv)
{
	struct test_run_opts opts;
	struct rb_object *obj = NULL;
	struct rb_error err = { 0 };
	int ret;

	if (parse_args(argc, argv, &opts))
		return EXIT_USAGE;
	ret = test_run(&opts, &obj, &err) ? report_error(&err) : 0;
	rb_object_close(obj);
	return ret;
}
